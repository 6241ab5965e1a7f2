#include "services/export_stream.h"

#include <utility>

#include "common/proto_wire.h"
#include "common/status_macros.h"
#include "evidencegraph/v1/graph_service.pb.h"

namespace evidencegraph::services {
namespace {

using Response = v1::ExportGraphResponse;

// ExportGraphResponse's field numbers (graph_service.proto).
constexpr uint32_t kNodesField = Response::kNodesFieldNumber;
constexpr uint32_t kEdgesField = Response::kEdgesFieldNumber;
constexpr uint32_t kRevisionField = Response::kRevisionFieldNumber;

}  // namespace

ExportWriter::ExportWriter(const storage::GraphStore& store, int batch_size, size_t max_bytes)
    : store_(store), batch_size_(batch_size), max_bytes_(max_bytes) {}

absl::StatusOr<bool> ExportWriter::Next(std::string* out) {
  out->clear();
  if (snapshot_ == nullptr) {
    snapshot_ = store_.Snapshot();
    nodes_ = snapshot_->ScanSerializedNodes();
  }
  out->reserve(last_size_ + last_size_ / 8);
  int records = 0;
  size_t bytes = 0;  // the records' serialised sizes, as the message-building export counted
  auto room = [&] { return records < batch_size_ && bytes < max_bytes_; };
  auto append = [&](uint32_t field, const storage::SerializedRecord& record) {
    wire::AppendLengthPrefix(out, field, record.size());
    out->append(record.head.data(), record.head.size());
    out->append(record.body.data(), record.body.size());
    ++records;
    bytes += record.size();
    return room();
  };
  // Nodes (field 1) all come before edges (field 2), as the serialiser orders
  // them, and a message may end the nodes and begin the edges.
  if (!nodes_done_) {
    ASSIGN_OR_RETURN(nodes_done_, nodes_->Read([&](const storage::SerializedRecord& record) {
                       return append(kNodesField, record);
                     }));
  }
  if (nodes_done_ && !edges_done_ && room()) {
    if (edges_ == nullptr) edges_ = snapshot_->ScanSerializedEdges();
    ASSIGN_OR_RETURN(edges_done_, edges_->Read([&](const storage::SerializedRecord& record) {
                       return append(kEdgesField, record);
                     }));
  }
  if (records == 0) return false;
  // proto3 leaves a zero revision out.
  if (const uint64_t revision = snapshot_->revision(); revision != 0) {
    wire::AppendTag(out, kRevisionField, wire::kVarint);
    wire::AppendVarint(out, revision);
  }
  last_size_ = out->size();
  return true;
}

absl::StatusOr<bool> ExportSource::Next(const CallInfo& call, grpc::ByteBuffer* out) {
  std::string bytes;
  ASSIGN_OR_RETURN(const bool more, writer_.Next(&bytes));
  if (more) *out = ToByteBuffer(std::move(bytes));
  return more;
}

}  // namespace evidencegraph::services
