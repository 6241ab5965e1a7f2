// Plumbing for unary raw callback methods (request and response as
// grpc::ByteBuffer, no generated (de)serialisation): GetNode and GetEdge read
// stored records as the bytes of their public messages and send those bytes
// as they are, instead of parsing them into a message for gRPC to serialise
// again. (Raw server streams, ExportGraph and Traverse: services/raw_stream.h.)
//
//   ParseRawRequest     the request message from its bytes; bytes that do not
//                       parse are INVALID_ARGUMENT, reason MALFORMED_REQUEST
//                       (generated stubs never send such bytes).
//   RecordToByteBuffer  a storage::SerializedRecord as one owned slice.
//   MessageToByteBuffer a message serialised as gRPC's codec would.
//
// The wire is unchanged for clients, reflection included: only the server's
// handler sees bytes.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_SERVICES_RAW_MESSAGES_H_
#define EVIDENCEGRAPH_SERVICES_RAW_MESSAGES_H_

#include <grpcpp/support/byte_buffer.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "storage/serialized_record.h"

namespace evidencegraph::services {

// Parses `bytes` into `*request` (`type_name` names it in the error).
absl::Status ParseRawRequest(const grpc::ByteBuffer& bytes, absl::string_view type_name,
                             google::protobuf::Message* request);

// The record's bytes (head then body) copied into one gRPC-owned slice.
grpc::ByteBuffer RecordToByteBuffer(const storage::SerializedRecord& record);

// `message` serialised into a ByteBuffer.
grpc::ByteBuffer MessageToByteBuffer(const google::protobuf::Message& message);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_RAW_MESSAGES_H_
