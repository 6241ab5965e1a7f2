// Helpers for server streams registered as raw callback methods, whose
// messages leave as bytes the service assembled itself (ExportGraph,
// Traverse): the bytes as a grpc::ByteBuffer without a copy, and a source
// that ends such a stream with an error before any message.
// Thread-safety: ToByteBuffer is thread-safe; a FailedSource belongs to one
// stream.
#ifndef EVIDENCEGRAPH_SERVICES_RAW_STREAM_H_
#define EVIDENCEGRAPH_SERVICES_RAW_STREAM_H_

#include <grpcpp/support/byte_buffer.h>

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/call_support.h"

namespace evidencegraph::services {

// `bytes` as a one-slice ByteBuffer that owns them (no copy).
grpc::ByteBuffer ToByteBuffer(std::string bytes);

// A stream that fails with `status` (e.g. a malformed or invalid request).
class FailedSource final : public MessageSource<grpc::ByteBuffer> {
 public:
  explicit FailedSource(absl::Status status) : status_(std::move(status)) {}
  absl::StatusOr<bool> Next(const CallInfo&, grpc::ByteBuffer*) override { return status_; }

 private:
  absl::Status status_;
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_RAW_STREAM_H_
