#include "services/call_support.h"

#include <chrono>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/errors.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace evidencegraph::services {

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string GenerateRequestId() {
  // absl::BitGen is not thread-safe; one per thread is cheap.
  thread_local absl::BitGen gen;
  // 16 lowercase hex digits, by hand: this runs for most RPCs.
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = absl::Uniform<uint64_t>(gen);
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[i] = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

std::string AdoptRequestId(grpc::CallbackServerContext* ctx) {
  std::string id;
  const auto& metadata = ctx->client_metadata();
  auto it = metadata.find(kRequestIdHeader);
  if (it != metadata.end()) {
    absl::string_view client_id(it->second.data(), it->second.size());
    if (IsValidRequestId(client_id)) id = std::string(client_id);
  }
  if (id.empty()) id = GenerateRequestId();
  ctx->AddTrailingMetadata(kRequestIdHeader, id);
  return id;
}

StopCheck MakeStopCheck(grpc::CallbackServerContext* ctx) {
  const auto deadline = ctx->deadline();
  const absl::Time abs_deadline =
      deadline == std::chrono::system_clock::time_point::max()
          ? absl::InfiniteFuture()
          : absl::FromChrono(deadline);
  return [ctx, abs_deadline]() -> absl::Status {
    if (ctx->IsCancelled()) {
      return MakeError(absl::StatusCode::kCancelled, "CANCELLED",
                       "the call was cancelled");
    }
    if (absl::Now() >= abs_deadline) {
      return MakeError(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
                       "the call's deadline passed before the work completed");
    }
    return absl::OkStatus();
  };
}

absl::StatusOr<int> CoercePageSize(int32_t page_size, absl::string_view field) {
  if (page_size < 0) {
    return InvalidField(field, absl::StrCat("must be >= 0 (0 means ", kDefaultPageSize,
                                            "), got ", page_size));
  }
  if (page_size == 0) return kDefaultPageSize;
  if (page_size > kMaxPageSize) return kMaxPageSize;
  return page_size;
}

std::string Fingerprint(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }  // The coded stream flushes into `bytes` when destroyed.
  return bytes;
}

namespace {

// Queues `body` for `call` on the pool; a refusal (full queue, shutdown)
// finishes the call at once with it.
void Schedule(grpc::ServerUnaryReactor* reactor, WorkerPool& pool, CallInfo call,
              UnaryBody body) {
  const std::string request_id = call.request_id;
  absl::Status scheduled = pool.Schedule(
      [reactor, call = std::move(call), body = std::move(body)] {
        absl::Status status = call.stop();
        if (status.ok()) status = body(call);
        reactor->Finish(ToGrpcStatus(status, call.request_id));
      });
  if (!scheduled.ok()) reactor->Finish(ToGrpcStatus(scheduled, request_id));
}

}  // namespace

grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* ctx,
                                   WorkerPool& pool, UnaryBody body) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  Schedule(reactor, pool, CallInfo{AdoptRequestId(ctx), MakeStopCheck(ctx)}, std::move(body));
  return reactor;
}

grpc::ServerUnaryReactor* RunUnaryInlineFirst(grpc::CallbackServerContext* ctx,
                                              WorkerPool& pool, InlineAttempt attempt,
                                              UnaryBody body) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  CallInfo call{AdoptRequestId(ctx), MakeStopCheck(ctx)};
  std::optional<absl::Status> answer = call.stop();
  if (answer->ok()) answer = attempt(call);
  if (answer.has_value()) {
    reactor->Finish(ToGrpcStatus(*answer, call.request_id));
  } else {
    Schedule(reactor, pool, std::move(call), std::move(body));
  }
  return reactor;
}

}  // namespace evidencegraph::services
