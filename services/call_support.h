// Call support: the plumbing every callback-API handler of this server shares.
//
//   RunUnary         runs a unary handler body on the WorkerPool and finishes
//                    the call with the mapped status (services/grpc_status.h).
//   RunUnaryInlineFirst  answers on gRPC's thread when that cannot block,
//                    else as RunUnary.
//   StartServerStream runs a MessageSource on the pool and writes its messages
//                    one at a time with flow control (at most a few messages
//                    produced ahead of the write in flight), observing
//                    cancellation and the deadline between messages.
//   StartServerStreamInlineFirst  answers a stream of at most one message on
//                    gRPC's thread when that cannot block, else as
//                    StartServerStream.
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
// reasoning engine do. Handler bodies therefore run on the pool; the one
// exception is RunUnaryInlineFirst's attempt, which answers only what it can
// without blocking (a point read from RocksDB's memory) and defers the rest.
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
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
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

// A unary handler's first try, on gRPC's thread: the status to finish with
// (the response filled when OK), or nullopt when answering would block (a
// disk read), leaving the response untouched.
using InlineAttempt = absl::FunctionRef<std::optional<absl::Status>(const CallInfo& call)>;

// For short, bounded reads: runs `attempt` on the calling gRPC thread and
// finishes the call with its answer; when it has none, continues as
// RunUnary(ctx, pool, body). Saves the pool hand-off (a queue, a wake-up and
// 2-5 thread switches, more than a cached read costs). `attempt` must never
// wait: no I/O, no lock held for long, bounded work. A call already
// cancelled or past its deadline is finished so without running either.
grpc::ServerUnaryReactor* RunUnaryInlineFirst(grpc::CallbackServerContext* ctx,
                                              WorkerPool& pool, InlineAttempt attempt,
                                              UnaryBody body);

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
//
// Flow control: one write in flight, and at most kProduceAhead messages
// produced ahead of it; production pauses while that many wait, and resumes
// (one pool task producing until the buffer is full again) once the writes
// drained it to kResumeBelow. Why ahead: a stream that produced one message
// per pool task and started each write from the pool paid ~6 thread switches
// per message on a one-core server (PingStream through the pool: 4.8x the
// inline stream's time). Writes started from OnWriteDone, on gRPC's own
// thread, cost next to nothing, and one pool task now fills several
// messages. Memory stays bounded by kProduceAhead + 1 messages.
// Cancellation and the deadline are checked before each message is produced;
// a failed write, a source error or a stop ends the stream with that status
// once no write and no pool task is in flight (then gRPC may free the reactor).
// Use StartServerStream() to create one.
template <typename Message>
class PooledWriteReactor final : public grpc::ServerWriteReactor<Message> {
 public:
  static constexpr size_t kProduceAhead = 4;
  static constexpr size_t kResumeBelow = 2;

  PooledWriteReactor(grpc::CallbackServerContext* ctx, WorkerPool& pool,
                     std::unique_ptr<MessageSource<Message>> source)
      : PooledWriteReactor(CallInfo{AdoptRequestId(ctx), MakeStopCheck(ctx)}, pool,
                           std::move(source)) {}
  // For a call whose request id was already adopted.
  PooledWriteReactor(CallInfo call, WorkerPool& pool,
                     std::unique_ptr<MessageSource<Message>> source)
      : pool_(pool), source_(std::move(source)), call_(std::move(call)) {}

  // Schedules the first production. Operations started before gRPC binds the
  // reactor are backlogged by gRPC, so this may run before the handler returns.
  void Begin() {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      action = NextAction();
    }
    Run(std::move(action));
  }

  void OnWriteDone(bool ok) override {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      // A failed write: the stream is broken (client gone or server
      // shutting down).
      if (!ok) EndLocked(absl::CancelledError("the stream was closed before it ended"));
      action = NextAction();
    }
    Run(std::move(action));
  }

  // gRPC's ownership model: the reactor is heap-allocated by
  // StartServerStream and freed once gRPC is done with it.
  void OnDone() override { delete this; }

 private:
  // What to do once the lock is released (gRPC calls are never made under
  // it: a reaction may run on another thread as soon as an operation starts).
  struct Action {
    bool write = false;
    bool write_last = false;  // the final message: written with the status
    bool produce = false;
    bool finish = false;
    absl::Status status;
  };

  // The stream ends with `status` (the first end wins); unsent messages go.
  void EndLocked(absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (ended_) return;
    ended_ = true;
    end_status_ = std::move(status);
    if (!end_status_.ok()) ready_.clear();
  }

  // `may_write`: whether a write may start now. The producer holds back its
  // first message until it knows whether a second follows, so a stream of
  // one message (a short Traverse) goes out as write-and-finish in one step.
  Action NextAction(bool may_write = true) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Action action;
    if (finished_) return action;
    if (may_write && !writing_ && !ready_.empty()) {
      in_flight_ = std::move(ready_.front());
      ready_.pop_front();
      writing_ = true;
      if (ended_ && end_status_.ok() && ready_.empty() && !producing_) {
        // The last message: StartWriteAndFinish has no OnWriteDone.
        finished_ = true;
        action.write_last = true;
        return action;
      }
      action.write = true;
    }
    if (!producing_ && !ended_ && ready_.size() < kResumeBelow) {
      producing_ = true;
      action.produce = true;
    }
    if (ended_ && !writing_ && !producing_ && ready_.empty()) {
      finished_ = true;
      action.finish = true;
      action.status = end_status_;
    }
    return action;
  }

  void Run(Action action) {
    if (action.write) this->StartWrite(&in_flight_);
    if (action.write_last) {
      this->StartWriteAndFinish(&in_flight_, grpc::WriteOptions(),
                                ToGrpcStatus(absl::OkStatus(), call_.request_id));
      return;
    }
    if (action.produce) {
      absl::Status scheduled = pool_.Schedule([this] { Produce(); });
      if (!scheduled.ok()) {
        Action next;
        {
          absl::MutexLock lock(&mu_);
          producing_ = false;
          EndLocked(std::move(scheduled));
          next = NextAction();
        }
        Run(std::move(next));
      }
    }
    if (action.finish) this->Finish(ToGrpcStatus(action.status, call_.request_id));
  }

  // Runs on the pool: fills the buffer (the source is touched by this task
  // only), starting a write whenever the writer is idle.
  void Produce() {
    bool more = true;
    while (more) {
      Message message;
      absl::Status status = call_.stop();
      absl::StatusOr<bool> produced = status.ok() ? source_->Next(call_, &message)
                                                  : absl::StatusOr<bool>(status);
      Action action;
      {
        absl::MutexLock lock(&mu_);
        if (!produced.ok()) {
          EndLocked(produced.status());
        } else if (!*produced) {
          EndLocked(absl::OkStatus());
        } else if (!ended_) {
          ready_.push_back(std::move(message));
        }
        more = !ended_ && ready_.size() < kProduceAhead;
        if (!more) producing_ = false;
        action = NextAction(/*may_write=*/ended_ || ready_.size() >= 2);
      }
      Run(std::move(action));
    }
  }

  WorkerPool& pool_;
  const std::unique_ptr<MessageSource<Message>> source_;
  const CallInfo call_;

  absl::Mutex mu_;
  std::deque<Message> ready_ ABSL_GUARDED_BY(mu_);  // produced, not yet written
  // The message being written: set under mu_ when a write starts, untouched
  // until its OnWriteDone.
  Message in_flight_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool producing_ ABSL_GUARDED_BY(mu_) = false;  // a Produce task is scheduled or running
  bool ended_ ABSL_GUARDED_BY(mu_) = false;      // no more messages will be produced
  bool finished_ ABSL_GUARDED_BY(mu_) = false;   // Finish() was called
  absl::Status end_status_ ABSL_GUARDED_BY(mu_);
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

// A whole server stream answered at once: at most one message, then the
// status (no message when it is not OK).
template <typename Message>
struct InlineStream {
  std::optional<Message> message;
  absl::Status status;
};

// A stream's first try, on gRPC's thread: its whole answer, or nullopt when
// answering would block or take long (then nothing was sent).
template <typename Message>
using InlineStreamAttempt =
    absl::FunctionRef<std::optional<InlineStream<Message>>(const CallInfo& call)>;

// Sends one InlineStream: the message written with the status
// (StartWriteAndFinish, as PooledWriteReactor's last message), or the status
// alone. Frees itself in OnDone.
template <typename Message>
class FinishedWriteReactor final : public grpc::ServerWriteReactor<Message> {
 public:
  FinishedWriteReactor(InlineStream<Message> answer, const std::string& request_id)
      : answer_(std::move(answer)) {
    const grpc::Status status = ToGrpcStatus(answer_.status, request_id);
    if (answer_.status.ok() && answer_.message.has_value()) {
      this->StartWriteAndFinish(&*answer_.message, grpc::WriteOptions(), status);
    } else {
      this->Finish(status);
    }
  }
  void OnDone() override { delete this; }

 private:
  InlineStream<Message> answer_;  // written from until OnDone
};

// For short, bounded streams (RunUnaryInlineFirst's stream form): runs
// `attempt` on the calling gRPC thread and sends its answer; when it has
// none, continues as StartServerStream(ctx, pool, make_source()). `attempt`
// must never wait (no I/O) and must keep its work bounded. A call already
// cancelled or past its deadline is finished so without running either.
template <typename Message>
grpc::ServerWriteReactor<Message>* StartServerStreamInlineFirst(
    grpc::CallbackServerContext* ctx, WorkerPool& pool, InlineStreamAttempt<Message> attempt,
    absl::FunctionRef<std::unique_ptr<MessageSource<Message>>()> make_source) {
  CallInfo call{AdoptRequestId(ctx), MakeStopCheck(ctx)};
  std::optional<InlineStream<Message>> answer;
  if (absl::Status stop = call.stop(); !stop.ok()) {
    answer = InlineStream<Message>{std::nullopt, std::move(stop)};
  } else {
    answer = attempt(call);
  }
  if (answer.has_value()) {
    // Owned by gRPC from here; freed in OnDone().
    return std::make_unique<FinishedWriteReactor<Message>>(*std::move(answer),
                                                           call.request_id)
        .release();
  }
  auto reactor =
      std::make_unique<PooledWriteReactor<Message>>(std::move(call), pool, make_source());
  reactor->Begin();
  return reactor.release();  // Owned by gRPC from here; freed in OnDone().
}

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_CALL_SUPPORT_H_
