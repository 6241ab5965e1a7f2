// Call support: the plumbing every callback-API handler of this server shares.
//
//   RunUnary         runs a unary handler body on the WorkerPool and finishes
//                    the call with the mapped status (services/grpc_status.h).
//   StartServerStream runs a MessageSource on the pool and writes its messages
//                    one at a time with flow control (next message produced
//                    only after OnWriteDone), observing cancellation and the
//                    deadline between messages.
//   AdoptRequestId   the call's tracing id: the client's "x-request-id" header
//                    when valid, else a generated one; echoed in the trailing
//                    metadata "x-request-id".
//   MakeStopCheck    a common/stop_check.h StopCheck for the call: CANCELLED
//                    once the client cancelled, DEADLINE_EXCEEDED past its
//                    deadline. Long computations poll it.
//   CoercePageSize   AIP-158 page sizes: 0 -> 50, > 1000 -> 1000, < 0 invalid.
//   Fingerprint      deterministic bytes of a request, for idempotency checks.
//
// Why a pool: reactions on gRPC threads must not block, and RocksDB and the
// reasoning engine do. Handler bodies therefore never run on gRPC threads.
//
// Thread-safety: the free functions are thread-safe. A CallInfo belongs to
// one call; its StopCheck may be called from any one thread at a time.
// Ownership: the grpc::CallbackServerContext stays owned by gRPC and is valid
// until the call is finished; stream reactors delete themselves in OnDone
// (the gRPC callback API's ownership model).
#ifndef EVIDENCEGRAPH_SERVICES_CALL_SUPPORT_H_
#define EVIDENCEGRAPH_SERVICES_CALL_SUPPORT_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stop_check.h"
#include "google/protobuf/message.h"
#include "services/grpc_status.h"
#include "services/worker_pool.h"

namespace evidencegraph::services {

// The metadata key of the tracing id, in both directions.
inline constexpr char kRequestIdHeader[] = "x-request-id";

// AIP-158 page size defaults.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// What a handler body knows about its call.
struct CallInfo {
  std::string request_id;
  StopCheck stop;
};

// True when `id` can serve as a request id: 1-128 printable ASCII characters.
bool IsValidRequestId(absl::string_view id);

// A fresh random request id (16 lowercase hex characters).
std::string GenerateRequestId();

// The client's valid "x-request-id", else a generated id. Adds it to the
// call's trailing metadata: call exactly once per RPC, before finishing it
// (RunUnary and StartServerStream do it for you).
std::string AdoptRequestId(grpc::CallbackServerContext* ctx);

// CANCELLED once ctx->IsCancelled(), DEADLINE_EXCEEDED once ctx->deadline()
// has passed, else OK. `ctx` must outlive the returned function.
StopCheck MakeStopCheck(grpc::CallbackServerContext* ctx);

// 0 -> 50, above 1000 -> 1000, negative -> INVALID_ARGUMENT naming `field`.
absl::StatusOr<int> CoercePageSize(int32_t page_size,
                                   absl::string_view field = "page_size");

// Deterministic serialisation of `message` (map entries sorted), so equal
// requests give equal bytes across runs and restarts.
std::string Fingerprint(const google::protobuf::Message& message);

// The body of a unary handler: fills the response it captured and returns
// the status to send. Runs on a WorkerPool thread.
using UnaryBody = std::function<absl::Status(const CallInfo& call)>;

// Runs `body` on `pool` and finishes the call with ToGrpcStatus(result).
// A call cancelled (or past its deadline) before the body starts is finished
// CANCELLED (DEADLINE_EXCEEDED) without running it; a full pool finishes it
// RESOURCE_EXHAUSTED (SERVER_OVERLOADED). Returns ctx->DefaultReactor().
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* ctx,
                                   WorkerPool& pool, UnaryBody body);

// Produces the messages of one server stream, one per Next() call.
template <typename Message>
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  // Fills `*out` (cleared by the caller) and returns true to send it, or
  // returns false at the end of the stream (then `*out` is not sent). An error
  // ends the stream with that status. Runs on a pool thread, one call at a
  // time; keep the work per call bounded (one batch), so cancellation and
  // shutdown are observed between messages.
  virtual absl::StatusOr<bool> Next(const CallInfo& call, Message* out) = 0;
};

// A ServerWriteReactor that pulls messages from a MessageSource on the pool.
// Flow control: exactly one message is in flight; the next is produced only
// when the previous write completed. Use StartServerStream() to create one.
template <typename Message>
class PooledWriteReactor final : public grpc::ServerWriteReactor<Message> {
 public:
  PooledWriteReactor(grpc::CallbackServerContext* ctx, WorkerPool& pool,
                     std::unique_ptr<MessageSource<Message>> source)
      : pool_(pool),
        source_(std::move(source)),
        call_{AdoptRequestId(ctx), MakeStopCheck(ctx)} {}

  // Schedules the first message. Operations started before gRPC binds the
  // reactor are backlogged by gRPC, so this may run before the handler returns.
  void Begin() { ScheduleProduce(); }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      // The stream is broken (client gone or server shutting down).
      FinishWith(absl::CancelledError("the stream was closed before it ended"));
      return;
    }
    ScheduleProduce();
  }

  // gRPC's ownership model: the reactor is heap-allocated by
  // StartServerStream and freed once gRPC is done with it.
  void OnDone() override { delete this; }

 private:
  void ScheduleProduce() {
    absl::Status scheduled = pool_.Schedule([this] { ProduceOne(); });
    if (!scheduled.ok()) FinishWith(scheduled);
  }

  // Runs on the pool. Either starts one write or finishes the stream.
  void ProduceOne() {
    absl::Status status = call_.stop();
    if (status.ok()) {
      message_.Clear();
      absl::StatusOr<bool> more = source_->Next(call_, &message_);
      if (more.ok() && *more) {
        this->StartWrite(&message_);
        return;
      }
      status = more.status();
    }
    FinishWith(status);
  }

  void FinishWith(const absl::Status& status) {
    this->Finish(ToGrpcStatus(status, call_.request_id));
  }

  WorkerPool& pool_;
  std::unique_ptr<MessageSource<Message>> source_;
  const CallInfo call_;
  // The message being written; touched only while no write is in flight.
  Message message_;
};

// Starts a server stream fed by `source` and returns the reactor for the
// handler to return.
template <typename Message>
grpc::ServerWriteReactor<Message>* StartServerStream(
    grpc::CallbackServerContext* ctx, WorkerPool& pool,
    std::unique_ptr<MessageSource<Message>> source) {
  auto reactor =
      std::make_unique<PooledWriteReactor<Message>>(ctx, pool, std::move(source));
  reactor->Begin();
  return reactor.release();  // Owned by gRPC from here; freed in OnDone().
}

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_CALL_SUPPORT_H_
