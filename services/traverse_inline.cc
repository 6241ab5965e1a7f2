#include "services/traverse_inline.h"

#include <utility>

#include "common/errors.h"
#include "common/status_macros.h"
#include "services/traverse_stream.h"

namespace evidencegraph::services {
namespace {

// Internal, never sent: the walk went past the inline bound.
constexpr char kDeclinedReason[] = "TRAVERSE_DECLINED";

bool IsDeclined(const absl::Status& status) {
  return storage::IsNotInMemory(status) ||
         (status.code() == absl::StatusCode::kInternal &&
          ErrorReason(status) == kDeclinedReason);
}

}  // namespace

bool MayTraverseInline(const query::TraverseOptions& options) {
  return options.max_depth == 1 && !options.start.empty() &&
         options.start.size() <= static_cast<size_t>(kInlineTraverseStarts) &&
         options.edges.kinds.size() <= 1;
}

std::optional<InlineTraverse> TraverseInline(const storage::GraphStore& store,
                                             const query::TraverseOptions& options,
                                             const StopCheck& stop) {
  if (!MayTraverseInline(options)) return std::nullopt;
  TraverseWriter writer(store, options, /*memory_only=*/true);
  // Polled before the walk and every kStopPollEdges edges: the first poll
  // inside the walk means it is longer than the inline bound.
  const StopCheck bounded = [&stop, &writer]() -> absl::Status {
    if (stop) RETURN_IF_ERROR(stop());
    if (writer.edges_scanned() >= query::kStopPollEdges) {
      return MakeError(absl::StatusCode::kInternal, kDeclinedReason,
                       "the walk is too long for gRPC's thread");
    }
    return absl::OkStatus();
  };
  InlineTraverse answer;
  std::string bytes;
  absl::StatusOr<bool> written = writer.Next(bounded, &bytes);
  if (!written.ok()) {
    if (IsDeclined(written.status())) return std::nullopt;
    answer.status = written.status();
    return answer;
  }
  // A second message would follow: only the pool streams those.
  if (!writer.finished()) return std::nullopt;
  answer.message = std::move(bytes);
  return answer;
}

}  // namespace evidencegraph::services
