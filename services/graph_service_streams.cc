// GraphService: the streaming methods.
//
// ImportGraph (client streaming): a ServerReadReactor stores one message at
// a time on the pool, in order, while the next one is read (at most one
// message waits), so a fast client is slowed to the store's pace by HTTP/2
// flow control rather than buffered in memory. In IMPORT_MODE_BULK the
// messages are staged instead (storage::BulkImportSession) and committed on
// the pool once the message with `commit` set is staged: gRPC reports a
// half-close and a cancel alike (a read that is not ok), so only that
// explicit marker says the client is done. A stream that ends without it
// (half-closed, cancelled, broken, deadline, server stopping, an error)
// commits nothing, and its staged files are deleted on the pool.
//
// ExportGraph (server streaming, raw method): an ExportSource
// (services/export_stream.h) pages through one storage snapshot, nodes then
// edges, and hands out one bounded message, already serialised, per Next().
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "services/call_support.h"
#include "services/export_stream.h"
#include "services/graph_service.h"
#include "services/raw_stream.h"
#include "services/validation.h"

namespace evidencegraph::services {
namespace {

constexpr int kDefaultExportBatch = 500;
constexpr int kMaxExportBatch = 5000;

// True for errors that reject one import batch (reported in the summary)
// rather than end the stream.
bool IsBatchError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

// Reads and stores one message at a time, in order, with the next message
// read while the current one is stored (two buffers): the client's
// serialisation and the transfer overlap the store's work instead of
// alternating with it (without it a 100k-edge import left the server core
// idle 60% of the time). At most one message waits beyond the one being
// stored, so a fast client is still paced by HTTP/2 flow control.
class ImportReactor final : public grpc::ServerReadReactor<v1::ImportGraphRequest> {
 public:
  ImportReactor(grpc::CallbackServerContext* ctx, storage::GraphStore& store,
                WorkerPool& pool, const GraphServiceOptions& options,
                v1::ImportGraphResponse* response)
      : store_(store),
        pool_(pool),
        options_(options),
        response_(response),
        call_{AdoptRequestId(ctx), MakeStopCheck(ctx)} {}

  void Begin() {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      action = NextAction();
    }
    Run(action);
  }

  void OnReadDone(bool ok) override {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      // !ok: the end of the client's stream, or the call broke.
      if (!ok) {
        reads_done_ = true;
      } else if (commit_read_) {
        // The commit message must be the last: the message is dropped and the
        // call fails, unless the commit already passed its last check.
        after_commit_ = true;
        if (!committing_ && !committed_ && error_.ok()) error_ = MessageAfterCommit();
      } else {
        commit_read_ = buffers_[reading_].commit();
        ready_ = reading_;
      }
      reading_ = -1;
      action = NextAction();
    }
    Run(action);
  }

  // A broken or cancelled call must not commit a bulk import even if its
  // commit message was read: remembered here, checked before the ingest.
  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }

  // gRPC's ownership model: freed once gRPC is done with the reactor.
  void OnDone() override { delete this; }

 private:
  // What to do once the lock is released: gRPC and the pool are never
  // called under it.
  struct Action {
    int read = -1;     // start a read into this buffer
    int process = -1;  // store this buffer on the pool
    bool commit = false;  // commit the bulk import on the pool
    bool finish = false;
  };

  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Action action;
    if (finished_) return action;
    if (processing_ < 0 && ready_ >= 0 && error_.ok()) {
      processing_ = ready_;
      ready_ = -1;
      action.process = processing_;
    }
    if (reading_ < 0 && ready_ < 0 && !reads_done_ && error_.ok() && !committed_) {
      // Reads go on after the commit message too: one more message is an
      // error to report, not to ignore.
      reading_ = processing_ == 0 ? 1 : 0;  // the buffer not being stored
      action.read = reading_;
    }
    const bool idle = processing_ < 0 && !committing_ && (ready_ < 0 || !error_.ok());
    if (idle && error_.ok() && commit_staged_) {
      // The client's last message is staged: commit without waiting for the
      // half-close (a cancel that wins the race is caught before the ingest).
      commit_staged_ = false;
      committing_ = true;
      action.commit = true;
      return action;
    }
    if (idle && reads_done_ && error_.ok() && bulk_mode_ && !committed_) {
      error_ = MakeError(absl::StatusCode::kFailedPrecondition, "BULK_IMPORT_NOT_COMMITTED",
                         "the bulk import stream ended without a message with commit = true; "
                         "nothing was written");
    }
    // Once committed the answer is final: a read still pending is completed
    // by gRPC after Finish.
    if (idle && (reads_done_ || committed_ || !error_.ok())) {
      // On an error a read may still be pending: gRPC completes it (not ok)
      // after Finish, before OnDone.
      finished_ = true;
      action.finish = true;
    }
    return action;
  }

  void Run(const Action& action) {
    if (action.read >= 0) StartRead(&buffers_[action.read]);
    if (action.process >= 0) {
      const int index = action.process;
      absl::Status scheduled = pool_.Schedule([this, index] { ProcessMessage(index); });
      if (!scheduled.ok()) Stored(std::move(scheduled), false, false);
    }
    if (action.commit) {
      absl::Status scheduled = pool_.Schedule([this] { Committed(CommitBulk()); });
      if (!scheduled.ok()) Committed(std::move(scheduled));
    }
    if (action.finish) FinishNow();
  }

  // Runs on the pool: stores one message.
  void ProcessMessage(int index) {
    absl::Status status = call_.stop();
    if (status.ok()) status = ImportOne(buffers_[index]);
    const bool commit = status.ok() && buffers_[index].commit();
    ++message_index_;
    Stored(std::move(status), bulk_ != nullptr, commit);
  }

  // `bulk`: the stream is a bulk import; `commit`: its commit message was
  // just staged.
  void Stored(absl::Status status, bool bulk, bool commit) {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      processing_ = -1;
      if (bulk) bulk_mode_ = true;
      if (commit) commit_staged_ = true;
      if (!status.ok() && error_.ok()) error_ = std::move(status);
      action = NextAction();
    }
    Run(action);
  }

  // Runs on the pool, after the commit message was staged.
  absl::Status CommitBulk() {
    return bulk_->Commit([this] { return CommitStop(); });
  }

  // Polled by the commit up to its ingest (the last time under the writer
  // lock): a cancel, the deadline or a message after the commit message
  // that came first writes nothing.
  absl::Status CommitStop() {
    RETURN_IF_ERROR(call_.stop());
    absl::MutexLock lock(&mu_);
    if (after_commit_) return MessageAfterCommit();
    if (cancelled_) return absl::CancelledError("the call was cancelled; nothing was written");
    return absl::OkStatus();
  }

  void Committed(absl::Status status) {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      committing_ = false;
      if (status.ok()) committed_ = true;
      if (!status.ok() && error_.ok()) error_ = std::move(status);
      action = NextAction();
    }
    Run(action);
  }

  void FinishNow() {
    absl::Status status;
    bool committed;
    {
      absl::MutexLock lock(&mu_);
      status = error_;
      committed = committed_;
    }
    // A bulk import that was written answers OK with its counts, even if the
    // call was cancelled or passed its deadline while it was written.
    if (status.ok() && !committed) status = call_.stop();
    const bool bulk = bulk_ != nullptr;
    ReleaseBulk();
    if (status.ok()) {
      EG_LOG(INFO) << "import " << call_.request_id << (bulk ? " (bulk)" : "") << ": "
                   << response_->batches_committed()
                   << " batches committed, " << response_->batches_failed() << " failed, "
                   << response_->nodes_created() << " nodes and "
                   << response_->edges_created() << " edges created";
    }
    Finish(ToGrpcStatus(status, call_.request_id));
  }

  // Nothing runs on the pool for the session any more. Its destructor deletes
  // the staged files (GBs, seconds): on the pool, not on gRPC's thread. The
  // pool is drained before the store closes, so it cannot outlive the store.
  // Refused (pool full or stopping), it is destroyed here.
  void ReleaseBulk() {
    if (bulk_ == nullptr) return;
    std::shared_ptr<storage::BulkImportSession> session = std::move(bulk_);
    (void)pool_.Schedule([session]() mutable { session.reset(); });
  }

  static absl::Status MessageAfterCommit() {
    return InvalidField("commit", "a message followed the one with commit = true, which must be "
                                  "the stream's last; a bulk import is then not written");
  }

  absl::Status ImportOne(v1::ImportGraphRequest& request) {
    if (message_index_ == 0) {
      RETURN_IF_ERROR(CheckPolicy(request.on_conflict()));
      fail_on_conflict_ = request.on_conflict() == v1::IMPORT_CONFLICT_POLICY_FAIL;
      if (!v1::ImportMode_IsValid(request.mode())) {
        return InvalidField("mode", absl::StrCat("unknown enum value ", request.mode()));
      }
      if (request.mode() == v1::IMPORT_MODE_BULK) {
        ASSIGN_OR_RETURN(bulk_, store_.StartBulkImport());
      }
    }
    if (request.commit() && bulk_ == nullptr) {
      return InvalidField("commit", "only an IMPORT_MODE_BULK stream is committed (set mode in "
                                    "its first message); per-message imports write as they go");
    }
    const int64_t records = static_cast<int64_t>(request.nodes_size()) + request.edges_size();
    if (request.commit() && records == 0) return absl::OkStatus();  // a marker, not a batch
    std::vector<RecordError> errors =
        ValidateImportBatch(request, options_.max_import_records);
    if (!errors.empty()) {
      RejectBatch(records, errors);
      return absl::OkStatus();
    }
    std::vector<v1::Node> nodes(std::make_move_iterator(request.mutable_nodes()->begin()),
                                std::make_move_iterator(request.mutable_nodes()->end()));
    std::vector<v1::Edge> edges(std::make_move_iterator(request.mutable_edges()->begin()),
                                std::make_move_iterator(request.mutable_edges()->end()));
    if (bulk_ != nullptr && bulk_->staged_records() + records > options_.max_bulk_import_records) {
      return MakeError(absl::StatusCode::kResourceExhausted, "BULK_IMPORT_TOO_LARGE",
                       absl::StrCat("a bulk import may stage at most ",
                                    options_.max_bulk_import_records,
                                    " nodes and edges (--max_bulk_import_records); message ",
                                    message_index_, " would exceed it; nothing was imported"));
    }
    absl::StatusOr<storage::ImportBatchResult> result =
        bulk_ != nullptr ? bulk_->Stage(nodes, edges, fail_on_conflict_)
                         : store_.ImportBatch(nodes, edges, fail_on_conflict_);
    if (!result.ok()) {
      if (!IsBatchError(result.status())) return result.status();
      std::optional<std::string> resource = ErrorResource(result.status());
      RejectBatch(records, {{resource.value_or(absl::StrCat("message ", message_index_)),
                             result.status()}});
      return absl::OkStatus();
    }
    response_->set_nodes_created(response_->nodes_created() + result->nodes_created);
    response_->set_edges_created(response_->edges_created() + result->edges_created);
    response_->set_nodes_skipped(response_->nodes_skipped() + result->nodes_skipped);
    response_->set_edges_skipped(response_->edges_skipped() + result->edges_skipped);
    response_->set_batches_committed(response_->batches_committed() + 1);
    return absl::OkStatus();
  }

  static absl::Status CheckPolicy(int policy) {
    if (!v1::ImportConflictPolicy_IsValid(policy)) {
      return InvalidField("on_conflict", absl::StrCat("unknown enum value ", policy));
    }
    return absl::OkStatus();
  }

  void RejectBatch(int64_t records, const std::vector<RecordError>& errors) {
    response_->set_batches_failed(response_->batches_failed() + 1);
    response_->set_records_failed(response_->records_failed() + records);
    for (const RecordError& error : errors) {
      if (response_->failures_size() >= options_.max_import_failures) break;
      v1::ImportFailure* failure = response_->add_failures();
      failure->set_message_index(message_index_);
      failure->set_record(error.record);
      failure->set_reason(std::string(error.status.message()));
    }
  }

  storage::GraphStore& store_;
  WorkerPool& pool_;
  const GraphServiceOptions& options_;
  v1::ImportGraphResponse* const response_;  // owned by gRPC
  const CallInfo call_;
  // A buffer is owned by whoever its index says: the read in flight, the
  // pool task storing it, or nobody while it waits in ready_.
  v1::ImportGraphRequest buffers_[2];
  // Touched only by the one pool task storing a message (tasks run one after
  // the other, each ordered after the previous one through mu_).
  int message_index_ = 0;
  bool fail_on_conflict_ = false;
  // Set by the first message in bulk mode; then only the commit task and
  // FinishNow (both ordered after the last message stored through mu_; reads
  // after the commit message do not touch it) touch it.
  std::unique_ptr<storage::BulkImportSession> bulk_;

  absl::Mutex mu_;
  int reading_ ABSL_GUARDED_BY(mu_) = -1;     // buffer of the read in flight
  int ready_ ABSL_GUARDED_BY(mu_) = -1;       // buffer read, waiting to be stored
  int processing_ ABSL_GUARDED_BY(mu_) = -1;  // buffer being stored
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool bulk_mode_ ABSL_GUARDED_BY(mu_) = false;      // a bulk import is staging
  bool commit_read_ ABSL_GUARDED_BY(mu_) = false;    // a message with commit was read
  bool after_commit_ ABSL_GUARDED_BY(mu_) = false;   // ... and another one after it
  bool commit_staged_ ABSL_GUARDED_BY(mu_) = false;  // bulk: commit message staged
  bool committing_ ABSL_GUARDED_BY(mu_) = false;     // bulk: commit on the pool
  bool committed_ ABSL_GUARDED_BY(mu_) = false;      // bulk: written
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;      // OnCancel ran
  absl::Status error_ ABSL_GUARDED_BY(mu_);   // first error that ends the stream
};

}  // namespace

grpc::ServerReadReactor<v1::ImportGraphRequest>* GraphServiceImpl::ImportGraph(
    grpc::CallbackServerContext* ctx, v1::ImportGraphResponse* response) {
  auto reactor = std::make_unique<ImportReactor>(ctx, store_, pool_, options_, response);
  reactor->Begin();
  return reactor.release();  // Owned by gRPC from here; freed in OnDone().
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* GraphServiceImpl::ExportGraph(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  // A bad request fails through the pool reactor too (FailedSource), so the
  // request id and status mapping are the same as everywhere.
  std::unique_ptr<MessageSource<grpc::ByteBuffer>> source;
  v1::ExportGraphRequest parsed;
  grpc::ByteBuffer bytes(*request);  // Deserialize consumes its buffer; this shares the slices
  if (!grpc::SerializationTraits<v1::ExportGraphRequest>::Deserialize(&bytes, &parsed).ok()) {
    source = std::make_unique<FailedSource>(
        MakeError(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST",
                  "the request is not a serialised ExportGraphRequest"));
  } else if (parsed.batch_size() < 0) {
    source = std::make_unique<FailedSource>(InvalidField(
        "batch_size", absl::StrCat("must be >= 0 (0 means ", kDefaultExportBatch,
                                   "), got ", parsed.batch_size())));
  } else {
    const int batch = parsed.batch_size() == 0 ? kDefaultExportBatch
                                               : std::min(parsed.batch_size(), kMaxExportBatch);
    source = std::make_unique<ExportSource>(store_, batch,
                                            std::max<size_t>(1, options_.max_message_bytes / 2));
  }
  return StartServerStream(ctx, pool_, std::move(source));
}

}  // namespace evidencegraph::services
