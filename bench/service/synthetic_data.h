// The benchmark's graph: eg-graphgen's seeded synthetic evidence graph
// (tools/graphgen), generated in-process and kept in memory as the exact
// ImportGraph messages, plus the name lists the workloads draw from.
// Thread-safety: immutable after MakeSyntheticData.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_SYNTHETIC_DATA_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_SYNTHETIC_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "evidencegraph/v1/graph_service.pb.h"

namespace evidencegraph::bench {

struct SyntheticData {
  int64_t target_edges = 0;
  int64_t nodes = 0;
  int64_t edges = 0;
  std::vector<v1::ImportGraphRequest> batches;
  std::vector<std::string> node_names;   // every node
  std::vector<std::string> claim_names;  // claims only, c0 (most popular) first
  std::vector<std::string> study_names;
  int64_t wire_bytes = 0;  // serialised size of all batches
};

// Same edges and seed, same graph (byte for byte).
SyntheticData MakeSyntheticData(int64_t edges, uint64_t seed, int batch_size);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_SYNTHETIC_DATA_H_
