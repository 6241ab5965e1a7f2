// eg-graphgen: writes a seeded synthetic evidence graph as NDJSON (one
// evidencegraph.v1.ImportGraphRequest per line, proto3 JSON) — the format
// ImportGraph, the seed loader and the client import helpers read.
//
//   eg-graphgen --edges=100000 --seed=7 > graph.ndjson
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "google/protobuf/util/json_util.h"
#include "tools/graphgen/synthetic_graph.h"

ABSL_FLAG(int64_t, edges, 10000, "approximate number of edges (nodes are about a fifth)");
ABSL_FLAG(uint64_t, seed, 1, "random seed: the same seed and size give the same graph");
ABSL_FLAG(int, batch_size, 5000, "records per ImportGraphRequest line");
ABSL_FLAG(std::string, out, "", "output file (default: standard output)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes a seeded synthetic evidence graph as NDJSON ImportGraphRequest lines.");
  absl::ParseCommandLine(argc, argv);
  evidencegraph::graphgen::SyntheticGraphOptions options;
  options.edges = absl::GetFlag(FLAGS_edges);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.batch_size = absl::GetFlag(FLAGS_batch_size);
  if (options.edges < 1 || options.edges > 100'000'000 || options.batch_size < 1) {
    std::cerr << "eg-graphgen: --edges must be in [1, 1e8] and --batch_size >= 1\n";
    return 2;
  }
  std::ofstream file;
  const std::string out_path = absl::GetFlag(FLAGS_out);
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "eg-graphgen: cannot write " << out_path << "\n";
      return 2;
    }
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = false;
  std::string line;
  bool ok = true;
  const auto totals = evidencegraph::graphgen::GenerateSyntheticGraph(
      options, [&](const evidencegraph::v1::ImportGraphRequest& batch) {
        line.clear();
        if (!google::protobuf::util::MessageToJsonString(batch, &line, json).ok()) ok = false;
        out << line << '\n';
      });
  out.flush();
  if (!ok || !out) {
    std::cerr << "eg-graphgen: write failed\n";
    return 1;
  }
  std::cerr << "eg-graphgen: " << totals.nodes << " nodes, " << totals.edges
            << " edges, " << totals.batches << " batches\n";
  return 0;
}
