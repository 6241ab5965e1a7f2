#include "services/traverse_stream.h"

#include <cstring>
#include <utility>

#include "common/proto_wire.h"
#include "common/status_macros.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "services/raw_stream.h"

namespace evidencegraph::services {
namespace {

using Response = v1::TraverseResponse;
using Vertex = v1::VisitedVertex;

// Sizes and writers of the fields a Traverse message has. Every tag fits in
// one byte (fields 1-7); proto3 leaves empty strings and zeros out.
size_t VarintSize(uint64_t value) {
  size_t n = 1;
  for (; value >= 0x80; value >>= 7) ++n;
  return n;
}
size_t StringFieldSize(size_t length) {
  return length == 0 ? 0 : 1 + VarintSize(length) + length;
}
size_t NumberFieldSize(uint64_t value) { return value == 0 ? 0 : 1 + VarintSize(value); }

char* PutVarint(char* p, uint64_t value) {
  for (; value >= 0x80; value >>= 7) *p++ = static_cast<char>((value & 0x7f) | 0x80);
  *p++ = static_cast<char>(value);
  return p;
}
char* PutString(char* p, uint32_t field, absl::string_view value) {
  if (value.empty()) return p;
  *p++ = static_cast<char>(field << 3 | wire::kLengthDelimited);
  p = PutVarint(p, value.size());
  std::memcpy(p, value.data(), value.size());
  return p + value.size();
}
char* PutNumber(char* p, uint32_t field, uint64_t value) {
  if (value == 0) return p;
  *p++ = static_cast<char>(field << 3 | wire::kVarint);
  return PutVarint(p, value);
}

// Appends a string field unless empty.
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
                               query::TraverseOptions options, bool memory_only)
    : store_(store), options_(std::move(options)), memory_only_(memory_only) {}

void TraverseWriter::AppendVisit(const query::VisitView& visit, std::string* out) {
  // Sized first and written in place (one resize per vertex, not one append
  // per field). Depths are never negative, so every number is a plain varint.
  via_edge_.clear();
  visit.AppendViaEdge(&via_edge_);
  const auto kind = static_cast<uint64_t>(visit.kind());
  const auto depth = static_cast<uint64_t>(visit.depth);
  const auto via_kind = static_cast<uint64_t>(visit.via_kind);
  const uint64_t outgoing = visit.via_outgoing ? 1 : 0;
  const size_t body = StringFieldSize(visit.name.size()) + NumberFieldSize(kind) +
                      NumberFieldSize(depth) + StringFieldSize(via_edge_.size()) +
                      NumberFieldSize(via_kind) + StringFieldSize(visit.parent.size()) +
                      NumberFieldSize(outgoing);
  const size_t start = out->size();
  out->resize(start + 1 + VarintSize(body) + body);
  char* p = out->data() + start;
  *p++ = static_cast<char>(Response::kVerticesFieldNumber << 3 | wire::kLengthDelimited);
  p = PutVarint(p, body);
  p = PutString(p, Vertex::kNameFieldNumber, visit.name);
  p = PutNumber(p, Vertex::kKindFieldNumber, kind);
  p = PutNumber(p, Vertex::kDepthFieldNumber, depth);
  p = PutString(p, Vertex::kViaEdgeFieldNumber, via_edge_);
  p = PutNumber(p, Vertex::kViaKindFieldNumber, via_kind);
  p = PutString(p, Vertex::kParentFieldNumber, visit.parent);
  p = PutNumber(p, Vertex::kViaOutgoingFieldNumber, outgoing);
}

absl::StatusOr<bool> TraverseWriter::Next(const StopCheck& stop, std::string* out) {
  out->clear();
  if (finished_) return false;
  if (walk_ == nullptr) {
    snapshot_ = memory_only_ ? store_.MemorySnapshot() : store_.Snapshot();
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
