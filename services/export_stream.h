// ExportGraph's messages, assembled as bytes.
//
// ExportWriter pages through one storage snapshot, nodes then edges, and
// writes each ExportGraphResponse in protobuf wire format straight from the
// stored records (GraphSnapshot::ScanSerializedNodes / ScanSerializedEdges):
// a record is its field tag, its length and its serialised bytes, and the
// message ends with `revision`. No Node or Edge message is built, parsed or
// serialised (that was ~7k instructions per record, a third of it
// malloc/free). The bytes are those SerializeToString gives for the
// ExportGraphResponse the message-building export produced: the same
// records in the same order, the same cut between messages (at most
// `batch_size` records, and a message stops once its records' serialised
// sizes reach `max_bytes`; the record that reaches it is kept, so every
// message holds at least one), fields in field-number order.
//
// ExportSource hands those bytes to gRPC as a grpc::ByteBuffer (no copy) for
// the raw ExportGraph method (services/graph_service.h); clients see the
// ordinary ExportGraphResponse stream.
//
// Ownership: borrows the store, which must outlive the writer.
// Thread-safety: one thread at a time (the pooled stream's producer).
#ifndef EVIDENCEGRAPH_SERVICES_EXPORT_STREAM_H_
#define EVIDENCEGRAPH_SERVICES_EXPORT_STREAM_H_

#include <grpcpp/support/byte_buffer.h>

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/call_support.h"
#include "services/raw_stream.h"
#include "storage/graph_store.h"

namespace evidencegraph::services {

class ExportWriter {
 public:
  ExportWriter(const storage::GraphStore& store, int batch_size, size_t max_bytes);

  // Replaces `*out` with the next message's bytes and returns true, or
  // returns false once the graph has been written (`*out` then empty). The
  // snapshot is taken on the first call.
  absl::StatusOr<bool> Next(std::string* out);

 private:
  const storage::GraphStore& store_;
  const int batch_size_;
  const size_t max_bytes_;
  std::unique_ptr<storage::GraphSnapshot> snapshot_;
  std::unique_ptr<storage::SerializedScan> nodes_;
  std::unique_ptr<storage::SerializedScan> edges_;
  bool nodes_done_ = false;
  bool edges_done_ = false;
  size_t last_size_ = 0;  // the previous message's size: the next one's reserve
};

// ExportWriter's messages as ByteBuffers for a PooledWriteReactor.
class ExportSource final : public MessageSource<grpc::ByteBuffer> {
 public:
  ExportSource(const storage::GraphStore& store, int batch_size, size_t max_bytes)
      : writer_(store, batch_size, max_bytes) {}

  absl::StatusOr<bool> Next(const CallInfo& call, grpc::ByteBuffer* out) override;

 private:
  ExportWriter writer_;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_EXPORT_STREAM_H_
