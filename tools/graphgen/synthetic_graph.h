// SyntheticGraph: a seeded, realistic-looking evidence graph at any scale.
//
// Node mix (by count): 10% claims, 60% studies, 20% critiques, 10% experts,
// plus one source per 1,000 claims. Degrees are power-law: claim popularity
// follows a Zipf law, so a few claims gather most of the evidence. Edge mix:
// studies SUPPORT or REFUTE claims; experts AUTHOR studies and critiques and
// ASSERT claims; critiques UNDERMINE studies, UNDERCUT study-claim edges,
// REBUT claims and UNDERMINE other critiques; reviews AGGREGATE studies;
// studies CITE older studies; claims SPECIALISE lower-numbered claims (never a
// cycle); sources REPORT claims.
//
// The same seed and size give byte-identical output. Batches come in the
// order ImportGraph needs: all nodes, then node-to-node edges, then TARGETS
// edges whose target is an edge.
// Thread-safety: a SyntheticGraph is used from one thread.
#ifndef EVIDENCEGRAPH_TOOLS_GRAPHGEN_SYNTHETIC_GRAPH_H_
#define EVIDENCEGRAPH_TOOLS_GRAPHGEN_SYNTHETIC_GRAPH_H_

#include <cstdint>
#include <functional>

#include "evidencegraph/v1/graph_service.pb.h"

namespace evidencegraph::graphgen {

struct SyntheticGraphOptions {
  // Approximate number of edges; nodes are about a fifth of that.
  int64_t edges = 10'000;
  uint64_t seed = 1;
  // Records per ImportGraphRequest.
  int batch_size = 5'000;
  // Zipf exponent of claim popularity (> 1 is heavier-tailed).
  double zipf_exponent = 1.1;
};

// Calls `emit` with each batch in import order. Returns the totals.
struct SyntheticGraphTotals {
  int64_t nodes = 0;
  int64_t edges = 0;
  int64_t batches = 0;
};
SyntheticGraphTotals GenerateSyntheticGraph(
    const SyntheticGraphOptions& options,
    const std::function<void(const v1::ImportGraphRequest&)>& emit);

}  // namespace evidencegraph::graphgen

#endif  // EVIDENCEGRAPH_TOOLS_GRAPHGEN_SYNTHETIC_GRAPH_H_
