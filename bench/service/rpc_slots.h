// CallSlots for the RPC shapes the benchmarks drive (load_driver.h):
//
//   UnarySlot<Req, Resp>       a unary call through the stub's async() API;
//   ServerStreamSlot<Req, Resp> a server stream read to its end with a
//                              ClientReadReactor (one reactor per call).
//
// Each call gets a fresh ClientContext with a deadline. `fill(index, &req)`
// builds the request of call `index`; an optional `inspect` sees each
// response (stream: each message) before the call is reported done, e.g. to
// count records. `inspect` runs on gRPC threads, one call at a time per slot.
// Thread-safety: Cancel() may be called from any thread.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_RPC_SLOTS_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_RPC_SLOTS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_callback.h>

#include <chrono>
#include <functional>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "bench/service/load_driver.h"

namespace evidencegraph::bench {

inline constexpr std::chrono::seconds kCallDeadline{120};

// Holds the context of the call in flight so Cancel() can reach it.
class ContextHolder {
 public:
  grpc::ClientContext* Renew() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    absl::MutexLock lock(&mu_);
    ctx_ = std::move(ctx);
    return ctx_.get();
  }
  void Cancel() {
    absl::MutexLock lock(&mu_);
    if (ctx_ != nullptr) ctx_->TryCancel();
  }

 private:
  absl::Mutex mu_;
  std::unique_ptr<grpc::ClientContext> ctx_ ABSL_GUARDED_BY(mu_);
};

template <typename Request, typename Response>
class UnarySlot final : public CallSlot {
 public:
  // invoke(ctx, request, response, on_done): e.g.
  //   [stub](auto* c, auto* q, auto* r, auto f) { stub->async()->GetNode(c, q, r, std::move(f)); }
  using Invoke = std::function<void(grpc::ClientContext*, const Request*, Response*,
                                    std::function<void(grpc::Status)>)>;
  using Fill = std::function<void(int64_t, Request*)>;
  using Inspect = std::function<void(const Response&)>;

  UnarySlot(Invoke invoke, Fill fill, Inspect inspect = nullptr)
      : invoke_(std::move(invoke)), fill_(std::move(fill)), inspect_(std::move(inspect)) {}

  void Start(int64_t index, Done done) override {
    request_.Clear();
    response_.Clear();
    fill_(index, &request_);
    invoke_(contexts_.Renew(), &request_, &response_,
            [this, done = std::move(done)](grpc::Status status) {
              if (status.ok() && inspect_) inspect_(response_);
              done(status);
            });
  }
  void Cancel() override { contexts_.Cancel(); }

 private:
  const Invoke invoke_;
  const Fill fill_;
  const Inspect inspect_;
  ContextHolder contexts_;
  Request request_;
  Response response_;
};

template <typename Request, typename Response>
class ServerStreamSlot final : public CallSlot {
 public:
  // invoke(ctx, request, reactor): e.g.
  //   [stub](auto* c, auto* q, auto* r) { stub->async()->Traverse(c, q, r); }
  using Invoke = std::function<void(grpc::ClientContext*, const Request*,
                                    grpc::ClientReadReactor<Response>*)>;
  using Fill = std::function<void(int64_t, Request*)>;
  // Sees each message; may take it (Swap it out) instead of copying it.
  using Inspect = std::function<void(Response*)>;

  ServerStreamSlot(Invoke invoke, Fill fill, Inspect inspect = nullptr)
      : invoke_(std::move(invoke)), fill_(std::move(fill)), inspect_(std::move(inspect)) {}

  void Start(int64_t index, Done done) override {
    request_.Clear();
    fill_(index, &request_);
    auto* reader = new Reader(this, std::move(done));  // deletes itself in OnDone
    invoke_(contexts_.Renew(), &request_, reader);
    reader->Begin();
  }
  void Cancel() override { contexts_.Cancel(); }

 private:
  class Reader final : public grpc::ClientReadReactor<Response> {
   public:
    Reader(ServerStreamSlot* slot, Done done) : slot_(slot), done_(std::move(done)) {}
    void Begin() {
      this->StartRead(&message_);
      this->StartCall();
    }
    void OnReadDone(bool ok) override {
      if (!ok) return;  // end of stream (or error): OnDone follows
      if (slot_->inspect_) slot_->inspect_(&message_);
      message_.Clear();
      this->StartRead(&message_);
    }
    void OnDone(const grpc::Status& status) override {
      Done done = std::move(done_);
      delete this;
      done(status);
    }

   private:
    ServerStreamSlot* const slot_;
    Done done_;
    Response message_;
  };

  const Invoke invoke_;
  const Fill fill_;
  const Inspect inspect_;
  ContextHolder contexts_;
  Request request_;
};

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_RPC_SLOTS_H_
