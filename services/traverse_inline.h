// Traverse answered on gRPC's thread: a one-hop walk over memory only.
//
// Why: a 1-hop Traverse reads ~9 edges, far less than handing the call to
// the worker pool costs (a queue, a wake-up and several thread switches).
// TraverseInline walks a GraphStore::MemorySnapshot with a TraverseWriter
// and answers only when the whole stream is one message (or an error the
// walk found before any message): exactly what the pooled stream would send
// from the same state. Otherwise it declines, having sent nothing, and the
// caller runs the pooled stream from scratch.
//
// Bounds (the worst case on gRPC's thread stays well under a millisecond):
// only max_depth 1, at most kInlineTraverseStarts start vertices and at most
// one edge kind (a single kind is a storage prefix scan, so every edge read
// reaches the walk's stop poll); the walk declines at its first stop poll
// (every query::kStopPollEdges edges), so it examines at most ~256 edges,
// all from memory (a few microseconds of RocksDB per start, under 1 us per
// edge).
// Thread-safety: thread-safe (reads one snapshot of its own).
#ifndef EVIDENCEGRAPH_SERVICES_TRAVERSE_INLINE_H_
#define EVIDENCEGRAPH_SERVICES_TRAVERSE_INLINE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "common/stop_check.h"
#include "query/traverse.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

inline constexpr int kInlineTraverseStarts = 16;

// The whole Traverse stream when it was answered: the single message's
// bytes (status OK), or the error that ends the stream before any message.
struct InlineTraverse {
  std::optional<std::string> message;
  absl::Status status;
};

// True when `options` are within the bounds above (checked before any read).
bool MayTraverseInline(const query::TraverseOptions& options);

// The stream for `options` from memory, or nullopt when it is not
// MayTraverseInline, needs a disk read, examines more edges than allowed or
// has more than one message. `stop` is the call's (cancellation, deadline).
std::optional<InlineTraverse> TraverseInline(const storage::GraphStore& store,
                                             const query::TraverseOptions& options,
                                             const StopCheck& stop);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_TRAVERSE_INLINE_H_
