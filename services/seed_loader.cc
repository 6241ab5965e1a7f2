#include "services/seed_loader.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/functional/function_ref.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/validation.h"

namespace evidencegraph::services {
namespace {

// Same code and payloads as `status`, message prefixed with the location.
absl::Status AtLine(const absl::Status& status, absl::string_view source, int line) {
  absl::Status out(status.code(),
                   absl::StrCat("seed file ", source, " line ", line, ": ", status.message()));
  status.ForEachPayload(
      [&out](absl::string_view key, const absl::Cord& value) { out.SetPayload(key, value); });
  return out;
}

}  // namespace

absl::StatusOr<SeedSummary> LoadSeedFile(const std::string& path,
                                         storage::GraphStore& store,
                                         const SeedOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(absl::StatusCode::kNotFound, "SEED_FILE_NOT_FOUND",
                     absl::StrCat("seed file \"", path,
                                  "\" cannot be read (pass --seed_file=<path>, or "
                                  "--seed=false to start with an empty graph)"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return LoadSeedText(buffer.str(), path, store, options);
}

namespace {

// Calls `visit(line_number, batch)` for every record line of `text`, parsed
// and validated; stops at the first error, located by line.
absl::Status ForEachBatch(
    absl::string_view text, absl::string_view source, const SeedOptions& options,
    absl::FunctionRef<absl::Status(int, v1::ImportGraphRequest&)> visit) {
  int line_number = 0;
  google::protobuf::util::JsonParseOptions json_options;
  json_options.ignore_unknown_fields = false;  // a typo must not vanish silently
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    v1::ImportGraphRequest batch;
    const auto parsed = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &batch, json_options);
    if (!parsed.ok()) {
      return AtLine(MakeError(absl::StatusCode::kInvalidArgument, "SEED_INVALID_JSON",
                              absl::StrCat("not an ImportGraphRequest in proto3 JSON: ",
                                           parsed.message().as_string())),
                    source, line_number);
    }
    std::vector<RecordError> errors = ValidateImportBatch(batch, options.max_records_per_line);
    if (!errors.empty()) return AtLine(errors.front().status, source, line_number);
    RETURN_IF_ERROR(visit(line_number, batch));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SeedSummary> LoadSeedText(absl::string_view text, absl::string_view source,
                                         storage::GraphStore& store,
                                         const SeedOptions& options) {
  // Pass 1 checks every line before anything is written, so a bad file does
  // not leave a partial graph behind (which a restart would then not seed).
  RETURN_IF_ERROR(ForEachBatch(text, source, options,
                               [](int, v1::ImportGraphRequest&) { return absl::OkStatus(); }));
  SeedSummary summary;
  RETURN_IF_ERROR(ForEachBatch(
      text, source, options, [&](int line_number, v1::ImportGraphRequest& batch) {
        std::vector<v1::Node> nodes(std::make_move_iterator(batch.mutable_nodes()->begin()),
                                    std::make_move_iterator(batch.mutable_nodes()->end()));
        std::vector<v1::Edge> edges(std::make_move_iterator(batch.mutable_edges()->begin()),
                                    std::make_move_iterator(batch.mutable_edges()->end()));
        absl::StatusOr<storage::ImportBatchResult> result = store.ImportBatch(
            nodes, edges, batch.on_conflict() == v1::IMPORT_CONFLICT_POLICY_FAIL);
        if (!result.ok()) return AtLine(result.status(), source, line_number);
        ++summary.batches;
        summary.nodes_created += result->nodes_created;
        summary.edges_created += result->edges_created;
        summary.nodes_skipped += result->nodes_skipped;
        summary.edges_skipped += result->edges_skipped;
        return absl::OkStatus();
      }));
  return summary;
}

}  // namespace evidencegraph::services
