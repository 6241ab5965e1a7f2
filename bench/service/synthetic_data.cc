#include "bench/service/synthetic_data.h"

#include "absl/strings/match.h"
#include "tools/graphgen/synthetic_graph.h"

namespace evidencegraph::bench {

SyntheticData MakeSyntheticData(int64_t edges, uint64_t seed, int batch_size) {
  SyntheticData data;
  data.target_edges = edges;
  graphgen::SyntheticGraphOptions options;
  options.edges = edges;
  options.seed = seed;
  options.batch_size = batch_size;
  const graphgen::SyntheticGraphTotals totals = graphgen::GenerateSyntheticGraph(
      options, [&](const v1::ImportGraphRequest& batch) {
        data.batches.push_back(batch);
        data.wire_bytes += static_cast<int64_t>(batch.ByteSizeLong());
        for (const v1::Node& node : batch.nodes()) {
          data.node_names.push_back(node.name());
          if (absl::StartsWith(node.name(), "claims/")) data.claim_names.push_back(node.name());
          if (absl::StartsWith(node.name(), "studies/")) data.study_names.push_back(node.name());
        }
      });
  data.nodes = totals.nodes;
  data.edges = totals.edges;
  return data;
}

}  // namespace evidencegraph::bench
