// Traverse's messages, assembled as bytes.
//
// TraverseWriter runs one query::Traversal over one storage snapshot and
// writes each batch as a TraverseResponse in protobuf wire format straight
// from the walk's views (query::VisitView): no Visit, VisitedVertex or
// TraverseResponse object is built, and no name is copied except into the
// output (the message-building path cost three to four heap allocations per
// vertex, freed on another thread, plus the message's own serialisation).
// The bytes are those SerializeToString gives for the TraverseResponse the
// message-building stream produced: the same vertices in the same order and
// batches, fields in field-number order, proto3 defaults left out.
//
// TraverseSource hands those bytes to gRPC as a grpc::ByteBuffer (no copy)
// for the raw Traverse method (services/query_service.h); clients see the
// ordinary TraverseResponse stream.
//
// Ownership: borrows the store, which must outlive the writer.
// Thread-safety: one thread at a time (the pooled stream's producer).
#ifndef EVIDENCEGRAPH_SERVICES_TRAVERSE_STREAM_H_
#define EVIDENCEGRAPH_SERVICES_TRAVERSE_STREAM_H_

#include <grpcpp/support/byte_buffer.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/stop_check.h"
#include "query/traverse.h"
#include "services/call_support.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

class TraverseWriter {
 public:
  // `options` as mapped from the request; the bounds and start vertices are
  // checked by the first Next() (query::Traversal::Start). `memory_only`:
  // walk a GraphStore::MemorySnapshot (for gRPC's thread; a read that needs
  // the disk fails storage::IsNotInMemory).
  TraverseWriter(const storage::GraphStore& store, query::TraverseOptions options,
                 bool memory_only = false);

  // Replaces `*out` with the next message's bytes and returns true, or
  // returns false once the last message (the one with `done`) was written.
  // The snapshot is taken and the walk started on the first call; its errors
  // (bad bounds, missing start vertices, `stop`) are returned as is.
  absl::StatusOr<bool> Next(const StopCheck& stop, std::string* out);

  // True once the message with `done` was written.
  bool finished() const { return finished_; }
  // Edges the walk examined so far (0 before the first Next()).
  int64_t edges_scanned() const { return walk_ == nullptr ? 0 : walk_->edges_scanned(); }

 private:
  // Appends one `vertices` entry.
  void AppendVisit(const query::VisitView& visit, std::string* out);

  const storage::GraphStore& store_;
  const query::TraverseOptions options_;
  const bool memory_only_;
  // The walk reads the snapshot: declared after it, destroyed before it.
  std::unique_ptr<storage::GraphSnapshot> snapshot_;
  std::unique_ptr<query::Traversal> walk_;
  bool finished_ = false;
  std::string via_edge_;  // one vertex's via_edge, reused
  size_t last_size_ = 0;  // the previous message's size: the next one's reserve
};

// TraverseWriter's messages as ByteBuffers for a PooledWriteReactor.
class TraverseSource final : public MessageSource<grpc::ByteBuffer> {
 public:
  TraverseSource(const storage::GraphStore& store, query::TraverseOptions options)
      : writer_(store, std::move(options)) {}

  absl::StatusOr<bool> Next(const CallInfo& call, grpc::ByteBuffer* out) override;

 private:
  TraverseWriter writer_;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_TRAVERSE_STREAM_H_
