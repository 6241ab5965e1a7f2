#include "services/diagnostics_service.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "services/call_support.h"
#include "services/grpc_status.h"

namespace evidencegraph::services {
namespace {

using diagnostics::v1::PingStreamRequest;
using diagnostics::v1::PingStreamResponse;

absl::Status CheckStreamRequest(const PingStreamRequest& request) {
  if (request.count() < 0 || request.count() > kMaxPingStreamCount) {
    return InvalidField("count", absl::StrCat("must be in [0, ", kMaxPingStreamCount,
                                              "], got ", request.count()));
  }
  if (request.payload_bytes() < 0 || request.payload_bytes() > kMaxPingPayloadBytes) {
    return InvalidField("payload_bytes", absl::StrCat("must be in [0, ", kMaxPingPayloadBytes,
                                                      "], got ", request.payload_bytes()));
  }
  return absl::OkStatus();
}

// Writes the messages from gRPC's own threads: one write in flight, the next
// started from OnWriteDone. No pool hop, no per-call bookkeeping: the floor.
class InlinePingWriter final : public grpc::ServerWriteReactor<PingStreamResponse> {
 public:
  InlinePingWriter(int count, int payload_bytes) : remaining_(count) {
    message_.set_payload(std::string(static_cast<size_t>(payload_bytes), 'x'));
  }

  // Starts the first write, or finishes at once with `status` (a bad
  // request) or OK (count 0).
  void Begin(const absl::Status& status) {
    if (!status.ok()) {
      Finish(ToGrpcStatus(status, ""));
    } else {
      WriteNextOrFinish();
    }
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the stream was closed"));
      return;
    }
    WriteNextOrFinish();
  }

  void OnDone() override { delete this; }

 private:
  void WriteNextOrFinish() {
    if (remaining_ == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    --remaining_;
    StartWrite(&message_);
  }

  int remaining_;
  PingStreamResponse message_;  // the same bytes every time
};

// The pooled variant: the machinery of ExportGraph and Traverse.
class PingSource final : public MessageSource<PingStreamResponse> {
 public:
  PingSource(int count, int payload_bytes)
      : remaining_(count), payload_(static_cast<size_t>(payload_bytes), 'x') {}

  absl::StatusOr<bool> Next(const CallInfo&, PingStreamResponse* out) override {
    if (remaining_ == 0) return false;
    --remaining_;
    out->set_payload(payload_);
    return true;
  }

 private:
  int remaining_;
  const std::string payload_;
};

}  // namespace

grpc::ServerUnaryReactor* DiagnosticsServiceImpl::Ping(
    grpc::CallbackServerContext* ctx, const diagnostics::v1::PingRequest* request,
    diagnostics::v1::PingResponse* /*response*/) {
  if (request->use_worker_pool()) {
    return RunUnary(ctx, pool_, [](const CallInfo&) { return absl::OkStatus(); });
  }
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<PingStreamResponse>* DiagnosticsServiceImpl::PingStream(
    grpc::CallbackServerContext* ctx, const PingStreamRequest* request) {
  const absl::Status valid = CheckStreamRequest(*request);
  if (valid.ok() && request->use_worker_pool()) {
    return StartServerStream<PingStreamResponse>(
        ctx, pool_, std::make_unique<PingSource>(request->count(), request->payload_bytes()));
  }
  auto* writer = new InlinePingWriter(valid.ok() ? request->count() : 0,
                                      valid.ok() ? request->payload_bytes() : 0);
  writer->Begin(valid);
  return writer;  // Owned by gRPC from here; freed in OnDone().
}

}  // namespace evidencegraph::services
