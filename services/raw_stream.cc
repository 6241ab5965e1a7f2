#include "services/raw_stream.h"

#include <grpc/slice.h>
#include <grpcpp/support/slice.h>

#include <memory>

namespace evidencegraph::services {
namespace {

// gRPC's slice destructor for the strings ToByteBuffer hands over.
void DeleteString(void* bytes) {
  const std::unique_ptr<std::string> owned(static_cast<std::string*>(bytes));
}

}  // namespace

grpc::ByteBuffer ToByteBuffer(std::string bytes) {
  // gRPC's slice takes the string over and frees it when the transport is done.
  auto owned = std::make_unique<std::string>(std::move(bytes));
  void* data = owned->data();
  const size_t size = owned->size();
  grpc::Slice slice(grpc_slice_new_with_user_data(data, size, &DeleteString, owned.release()),
                    grpc::Slice::STEAL_REF);
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace evidencegraph::services
