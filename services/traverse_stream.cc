#include "services/traverse_stream.h"

#include <utility>

#include "common/proto_wire.h"
#include "common/status_macros.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "services/raw_stream.h"

namespace evidencegraph::services {
namespace {

using Response = v1::TraverseResponse;
using Vertex = v1::VisitedVertex;

// Appends a string field unless empty (proto3 leaves defaults out).
void AppendString(std::string* out, uint32_t field, absl::string_view value) {
  if (value.empty()) return;
  wire::AppendLengthPrefix(out, field, value.size());
  out->append(value.data(), value.size());
}

// Appends a varint field (int32/int64 >= 0, enum, bool) unless zero.
void AppendNumber(std::string* out, uint32_t field, uint64_t value) {
  if (value == 0) return;
  wire::AppendTag(out, field, wire::kVarint);
  wire::AppendVarint(out, value);
}

}  // namespace

TraverseWriter::TraverseWriter(const storage::GraphStore& store,
                               query::TraverseOptions options)
    : store_(store), options_(std::move(options)) {}

void TraverseWriter::AppendVisit(const query::VisitView& visit, std::string* out) {
  // Depths are never negative, so every number below is a plain varint.
  vertex_.clear();
  AppendString(&vertex_, Vertex::kNameFieldNumber, visit.name);
  AppendNumber(&vertex_, Vertex::kKindFieldNumber, static_cast<uint64_t>(visit.kind()));
  AppendNumber(&vertex_, Vertex::kDepthFieldNumber, static_cast<uint64_t>(visit.depth));
  via_edge_.clear();
  visit.AppendViaEdge(&via_edge_);
  AppendString(&vertex_, Vertex::kViaEdgeFieldNumber, via_edge_);
  AppendNumber(&vertex_, Vertex::kViaKindFieldNumber, static_cast<uint64_t>(visit.via_kind));
  AppendString(&vertex_, Vertex::kParentFieldNumber, visit.parent);
  AppendNumber(&vertex_, Vertex::kViaOutgoingFieldNumber, visit.via_outgoing ? 1 : 0);
  wire::AppendLengthPrefix(out, Response::kVerticesFieldNumber, vertex_.size());
  out->append(vertex_);
}

absl::StatusOr<bool> TraverseWriter::Next(const StopCheck& stop, std::string* out) {
  out->clear();
  if (finished_) return false;
  if (walk_ == nullptr) {
    snapshot_ = store_.Snapshot();
    ASSIGN_OR_RETURN(walk_, query::Traversal::Start(*snapshot_, options_));
  }
  out->reserve(last_size_);
  ASSIGN_OR_RETURN(const bool done,
                   walk_->NextBatch(stop, [this, out](const query::VisitView& visit) {
                     AppendVisit(visit, out);
                   }));
  AppendNumber(out, Response::kRevisionFieldNumber, walk_->revision());
  if (done) {
    // Fields 3-6 in field-number order; only the last message has them.
    AppendNumber(out, Response::kTruncatedFieldNumber, walk_->truncated() ? 1 : 0);
    AppendString(out, Response::kTruncationReasonFieldNumber, walk_->truncation_reason());
    AppendNumber(out, Response::kDoneFieldNumber, 1);
    AppendNumber(out, Response::kEdgesScannedFieldNumber,
                 static_cast<uint64_t>(walk_->edges_scanned()));
    finished_ = true;
  }
  last_size_ = out->size();
  return true;
}

absl::StatusOr<bool> TraverseSource::Next(const CallInfo& call, grpc::ByteBuffer* out) {
  std::string bytes;
  ASSIGN_OR_RETURN(const bool more, writer_.Next(call.stop, &bytes));
  if (more) *out = ToByteBuffer(std::move(bytes));
  return more;
}

}  // namespace evidencegraph::services
