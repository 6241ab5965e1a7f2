// Loads a seed file (NDJSON of evidencegraph.v1.ImportGraphRequest) into the
// store at startup: the demo graph, or any export of another server.
//
// Format: one ImportGraphRequest per line in proto3 JSON (what ExportGraph
// emits, one message per line); blank lines and lines whose first non-blank
// character is '#' are ignored. Each line is validated in full with
// services/validation.h (ValidateImportBatch) and written as one atomic
// GraphStore::ImportBatch, honouring the line's on_conflict (default: skip
// records that exist). Every line is parsed and validated before the first
// is written, so a malformed file writes nothing; the error names the line:
// "seed file data/demo_graph.ndjson line 12: invalid
// nodes[0].claim.statement: is required". Only what storage alone can judge
// (an edge to a node no line creates) fails during the writes, after the
// lines before it were committed, each line being its own batch.
// Thread-safety: stateless functions; the store is thread-safe.
#ifndef EVIDENCEGRAPH_SERVICES_SEED_LOADER_H_
#define EVIDENCEGRAPH_SERVICES_SEED_LOADER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

struct SeedOptions {
  // Nodes + edges per line at most (as ImportGraph's per-message bound).
  int max_records_per_line = 10000;
};

struct SeedSummary {
  int64_t batches = 0;
  int64_t nodes_created = 0;
  int64_t edges_created = 0;
  int64_t nodes_skipped = 0;
  int64_t edges_skipped = 0;
};

// Loads the file at `path`. NOT_FOUND when it cannot be read.
absl::StatusOr<SeedSummary> LoadSeedFile(const std::string& path,
                                         storage::GraphStore& store,
                                         const SeedOptions& options = {});

// Loads NDJSON `text`; `source` names it in errors (a path, "<test>").
absl::StatusOr<SeedSummary> LoadSeedText(absl::string_view text, absl::string_view source,
                                         storage::GraphStore& store,
                                         const SeedOptions& options = {});

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_SEED_LOADER_H_
