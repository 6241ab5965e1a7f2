#include "bench/service/import_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace evidencegraph::bench {
namespace {

class ImportWriter final : public grpc::ClientWriteReactor<v1::ImportGraphRequest> {
 public:
  ImportWriter(v1::GraphService::Stub& stub,
               const std::vector<v1::ImportGraphRequest>& batches, absl::Duration deadline,
               v1::ImportMode mode)
      : batches_(batches),
        send_header_(mode != v1::IMPORT_MODE_UNSPECIFIED),
        send_commit_(mode == v1::IMPORT_MODE_BULK) {
    header_.set_mode(mode);
    commit_.set_commit(true);
    ctx_.set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(deadline));
    stub.async()->ImportGraph(&ctx_, &response_, this);
    WriteNextOrClose();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) WriteNextOrClose();  // else OnDone reports the failure
  }

  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

  absl::StatusOr<v1::ImportGraphResponse> Wait() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
    if (!status_.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status_.error_code()),
                          absl::StrCat("ImportGraph: ", status_.error_message()));
    }
    return response_;
  }

 private:
  void WriteNextOrClose() {
    if (send_header_) {
      send_header_ = false;
      StartWrite(&header_);
    } else if (next_ < batches_.size()) {
      StartWrite(&batches_[next_++]);
    } else if (send_commit_) {
      send_commit_ = false;
      StartWrite(&commit_);
    } else {
      StartWritesDone();
    }
  }

  const std::vector<v1::ImportGraphRequest>& batches_;
  v1::ImportGraphRequest header_;  // the mode alone, not a copy of a batch
  v1::ImportGraphRequest commit_;  // a bulk stream's last message: commit, no records
  bool send_header_;               // touched by the one write in flight only
  bool send_commit_;               // touched by the one write in flight only
  size_t next_ = 0;                // touched by the one write in flight only
  grpc::ClientContext ctx_;
  v1::ImportGraphResponse response_;
  absl::Mutex mu_;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<v1::ImportGraphResponse> ImportBatches(
    v1::GraphService::Stub& stub, const std::vector<v1::ImportGraphRequest>& batches,
    absl::Duration deadline, v1::ImportMode mode) {
  ImportWriter writer(stub, batches, deadline, mode);
  return writer.Wait();
}

}  // namespace evidencegraph::bench
