#include "services/raw_messages.h"

#include <grpc/slice.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/slice.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::services {

absl::Status ParseRawRequest(const grpc::ByteBuffer& bytes, absl::string_view type_name,
                             google::protobuf::Message* request) {
  // The reader only borrows the buffer's slices (no copy of the bytes).
  grpc::ByteBuffer shared(bytes);
  grpc::ProtoBufferReader reader(&shared);
  if (!reader.status().ok() || !request->ParseFromZeroCopyStream(&reader)) {
    return MakeError(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST",
                     absl::StrCat("the request is not a serialised ", type_name));
  }
  return absl::OkStatus();
}

grpc::ByteBuffer RecordToByteBuffer(const storage::SerializedRecord& record) {
  // One allocation (the slice's refcount lives with its bytes); a record is
  // small, so copying it is cheaper than keeping its RocksDB buffer alive.
  grpc_slice bytes = grpc_slice_malloc(record.size());
  char* out = reinterpret_cast<char*>(GRPC_SLICE_START_PTR(bytes));
  if (!record.head.empty()) std::memcpy(out, record.head.data(), record.head.size());
  if (!record.body.empty()) {
    std::memcpy(out + record.head.size(), record.body.data(), record.body.size());
  }
  grpc::Slice slice(bytes, grpc::Slice::STEAL_REF);
  return grpc::ByteBuffer(&slice, 1);
}

grpc::ByteBuffer MessageToByteBuffer(const google::protobuf::Message& message) {
  grpc::ByteBuffer out;
  bool own_buffer = false;
  // Serialising a message we built cannot fail (it is initialised proto3).
  (void)grpc::SerializationTraits<google::protobuf::Message>::Serialize(message, &out,
                                                                        &own_buffer);
  return out;
}

}  // namespace evidencegraph::services
