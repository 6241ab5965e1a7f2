#include "storage/rocks_graph_store.h"

#include <optional>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "rocksdb/utilities/transaction.h"
#include "storage/cached_reads.h"
#include "storage/create_batch.h"
#include "storage/bulk_import.h"
#include "storage/importer.h"
#include "storage/keys.h"
#include "storage/request_records.h"
#include "storage/rocks_snapshot.h"
#include "storage/rocks_status.h"
#include "storage/status_context.h"
#include "storage/txn_writer.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

bool CarriesEtag(const WriteOp& op) {
  return std::visit(
      [](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateNodeOp> || std::is_same_v<T, CreateEdgeOp>) {
          return false;
        } else {
          return !o.expected_etag.empty();
        }
      },
      op);
}

// The resource an op is about, for conflict messages.
std::string OpResource(const WriteOp& op) {
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateNodeOp>) {
          return o.node.name();
        } else if constexpr (std::is_same_v<T, CreateEdgeOp>) {
          return absl::StrCat(o.edge.source(), " -> ", o.edge.target());
        } else {
          return o.name;
        }
      },
      op);
}

// "operations[i]: ..." for a request of several ops; the field payload, if
// any, becomes "operations[i].<field>". A status that already names its
// operation (the service's mutate callbacks use full request paths) is
// returned as is.
absl::Status OpError(const absl::Status& status, size_t index) {
  const std::string op = absl::StrCat("operations[", index, "]");
  if (absl::StartsWith(ErrorField(status).value_or(""), op)) return status;
  absl::Status out = PrefixMessage(status, absl::StrCat(op, ": "));
  if (std::optional<std::string> field = ErrorField(status); field.has_value()) {
    out.SetPayload(kFieldPayload, absl::Cord(absl::StrCat(op, ".", *field)));
  }
  return out;
}

absl::Status ConflictError(const WriteRequest& request, bool had_etag, int attempts) {
  std::vector<std::string> names;
  for (size_t i = 0; i < request.ops.size() && i < 3; ++i) {
    names.push_back(OpResource(request.ops[i]));
  }
  if (request.ops.size() > 3) names.push_back("...");
  const std::string what = absl::StrJoin(names, ", ");
  return MakeError(
      absl::StatusCode::kAborted, "CONCURRENT_MODIFICATION",
      had_etag ? absl::StrCat("a concurrent write changed ", what,
                              " after it was read; re-read it and retry")
               : absl::StrCat("concurrent writes to ", what, " conflicted ", attempts,
                              " times; retry later"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<GraphStore>> GraphStore::Open(
    const GraphStoreOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<RocksDb> db, RocksDb::Open(options));
  return std::unique_ptr<GraphStore>(
      std::make_unique<RocksGraphStore>(std::move(db), options));
}

RocksGraphStore::RocksGraphStore(std::unique_ptr<RocksDb> db,
                                 const GraphStoreOptions& options)
    : db_(std::move(db)),
      max_conflict_retries_(std::max(0, options.max_conflict_retries)),
      request_id_retention_(options.request_id_retention),
      exclusive_create_min_ops_(
          static_cast<size_t>(std::max(0, options.exclusive_create_min_ops))),
      import_ingest_min_records_(std::max<int64_t>(0, options.import_ingest_min_records)),
      bulk_import_chunk_bytes_(options.bulk_import_chunk_bytes) {
  no_wait_write_options_ = db_->write_options();
  no_wait_write_options_.no_slowdown = true;
}

absl::StatusOr<v1::BatchWriteResponse> RocksGraphStore::Write(
    const WriteRequest& request) {
  return WriteImpl(request, nullptr);
}

absl::StatusOr<v1::BatchWriteResponse> RocksGraphStore::Write(WriteRequest&& request) {
  return WriteImpl(request, &request);
}

absl::Status RocksGraphStore::CheckRequest(const WriteRequest& request) {
  if (request.ops.empty()) {
    return InvalidField("operations", "at least one operation is required");
  }
  if (!keys::IsKeyComponent(request.request_id)) {
    return InvalidField("request_id", "must not contain a NUL byte");
  }
  return absl::OkStatus();
}

bool RocksGraphStore::TakesExclusive(const WriteRequest& request) const {
  return exclusive_create_min_ops_ > 0 && request.ops.size() >= exclusive_create_min_ops_ &&
         IsCreateOnly(request.ops);
}

absl::StatusOr<v1::BatchWriteResponse> RocksGraphStore::WriteImpl(const WriteRequest& request,
                                                                  WriteRequest* owned) {
  RETURN_IF_ERROR(CheckRequest(request));
  if (TakesExclusive(request)) {
    absl::WriterMutexLock lock(&writers_mu_);
    return WriteCreatesExclusive(request, owned);
  }
  absl::ReaderMutexLock lock(&writers_mu_);
  ASSIGN_OR_RETURN(std::optional<v1::BatchWriteResponse> response,
                   WriteTransaction(request, /*no_wait=*/false));
  return *std::move(response);  // only a no-wait write declines
}

absl::StatusOr<std::optional<v1::BatchWriteResponse>> RocksGraphStore::WriteIfNoWait(
    const WriteRequest& request) {
  // A synced WAL waits for the disk; deletes scan files; exclusive requests
  // wait for every transaction. All of these go to Write().
  if (db_->write_options().sync || TakesExclusive(request)) return std::nullopt;
  for (const WriteOp& op : request.ops) {
    if (std::holds_alternative<DeleteNodeOp>(op) || std::holds_alternative<DeleteEdgeOp>(op)) {
      return std::nullopt;
    }
  }
  RETURN_IF_ERROR(CheckRequest(request));
  if (!writers_mu_.ReaderTryLock()) return std::nullopt;  // an exclusive write runs
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> response =
      WriteTransaction(request, /*no_wait=*/true);
  writers_mu_.ReaderUnlock();
  return response;
}

absl::StatusOr<std::optional<v1::BatchWriteResponse>> RocksGraphStore::WriteTransaction(
    const WriteRequest& request, bool no_wait) {
  bool has_etag = false;
  for (const WriteOp& op : request.ops) has_etag = has_etag || CarriesEtag(op);

  for (int attempt = 0;; ++attempt) {
    Attempt result = TryWrite(request, no_wait);
    if (result.declined) return std::nullopt;
    if (!result.conflict) {
      if (!result.status.ok()) return result.status;
      return std::move(result.response);
    }
    if (!has_etag && attempt < max_conflict_retries_) continue;

    // The winner may have been an identical retry of this very request.
    if (!request.request_id.empty()) {
      rocksdb::ReadOptions read_options;
      if (no_wait) read_options.read_tier = rocksdb::kBlockCacheTier;
      std::string stored;
      const rocksdb::Status s =
          db_->db()->Get(read_options, db_->cf(Family::kIdempotency),
                         keys::IdempotencyKey(request.request_id), &stored);
      if (s.ok()) {
        ASSIGN_OR_RETURN(std::optional<v1::BatchWriteResponse> recorded,
                         CheckRecorded(stored, request, absl::Now()));
        if (recorded.has_value()) return recorded;
      } else if (no_wait && s.IsIncomplete()) {
        return std::nullopt;  // nothing was written: the conflict discarded it
      } else if (!s.IsNotFound()) {
        return FromRocks(s, "reading an idempotency record");
      }
    }
    return ConflictError(request, has_etag, attempt + 1);
  }
}

RocksGraphStore::Attempt RocksGraphStore::TryWrite(const WriteRequest& request,
                                                   bool no_wait) {
  Attempt out;
  const absl::Time now = absl::Now();
  rocksdb::OptimisticTransactionOptions txn_options;
  txn_options.set_snapshot = true;  // validate every key against one snapshot
  // The commit writes with these options: no_slowdown makes a stalled or
  // slowed-down write fail Incomplete, before anything is written.
  std::unique_ptr<rocksdb::Transaction> txn(db_->txn_db()->BeginTransaction(
      no_wait ? no_wait_write_options_ : db_->write_options(), txn_options));
  rocksdb::ReadOptions read_options;
  read_options.snapshot = txn->GetSnapshot();
  if (no_wait) read_options.read_tier = rocksdb::kBlockCacheTier;

  std::string record_key;
  if (!request.request_id.empty()) {
    record_key = keys::IdempotencyKey(request.request_id);
    std::string stored;
    const rocksdb::Status s = txn->GetForUpdate(
        read_options, db_->cf(Family::kIdempotency), record_key, &stored);
    if (s.ok()) {
      absl::StatusOr<std::optional<v1::BatchWriteResponse>> recorded =
          CheckRecorded(stored, request, now);
      if (!recorded.ok()) {
        out.status = recorded.status();
        return out;
      }
      if (recorded->has_value()) {
        out.response = **std::move(recorded);
        return out;  // replay: nothing to commit
      }
      // Expired: run as a new request; its record replaces the old one.
    } else if (no_wait && s.IsIncomplete()) {
      out.declined = true;
      return out;
    } else if (!s.IsNotFound()) {
      out.status = FromRocks(s, "reading an idempotency record");
      return out;
    }
  }

  TxnWriter writer(*db_, txn.get(), now, /*cache_only=*/no_wait);
  const bool several = request.ops.size() > 1;
  for (size_t i = 0; i < request.ops.size(); ++i) {
    absl::StatusOr<v1::WriteResult> result = writer.Apply(request.ops[i]);
    if (!result.ok()) {
      out.declined = writer.would_block();
      out.status = several ? OpError(result.status(), i) : result.status();
      return out;  // the transaction is discarded: nothing is written
    }
    *out.response.add_results() = *std::move(result);
  }

  if (!record_key.empty()) {
    keys::IdempotencyRecord record;
    record.create_micros = absl::ToUnixMicros(now);
    record.fingerprint = request.fingerprint;
    record.response = out.response;
    const rocksdb::Status s = txn->Put(db_->cf(Family::kIdempotency), record_key,
                                       keys::EncodeIdempotencyRecord(record));
    if (!s.ok()) {
      out.status = FromRocks(s, "writing an idempotency record");
      return out;
    }
  }

  const rocksdb::Status committed = txn->Commit();
  if (no_wait && committed.IsIncomplete()) {
    out.declined = true;  // a write stall: RocksDB wrote nothing
    return out;
  }
  if (IsConflict(committed)) {
    out.conflict = true;
    out.status = FromRocks(committed, "committing a write");
    return out;
  }
  out.status = FromRocks(committed, "committing a write");
  return out;
}

absl::StatusOr<v1::BatchWriteResponse> RocksGraphStore::WriteCreatesExclusive(
    const WriteRequest& request, WriteRequest* owned) {
  const absl::Time now = absl::Now();
  std::string record_key;
  if (!request.request_id.empty()) {
    record_key = keys::IdempotencyKey(request.request_id);
    std::string stored;
    const rocksdb::Status s = db_->db()->Get(
        rocksdb::ReadOptions(), db_->cf(Family::kIdempotency), record_key, &stored);
    if (s.ok()) {
      ASSIGN_OR_RETURN(std::optional<v1::BatchWriteResponse> recorded,
                       CheckRecorded(stored, request, now));
      // Replay: nothing to write. Expired: run as a new request.
      if (recorded.has_value()) return *std::move(recorded);
    } else if (!s.IsNotFound()) {
      return FromRocks(s, "reading an idempotency record");
    }
  }

  StagedCreates staged;
  size_t failed_op = 0;
  const size_t op_count = request.ops.size();
  absl::Status s = owned != nullptr
                       ? StageOwnedCreates(*db_, absl::MakeSpan(owned->ops), now, &staged,
                                           &failed_op)
                       : StageCreates(*db_, request.ops, now, &staged, &failed_op);
  if (!s.ok()) {
    const bool names_op = failed_op < op_count && op_count > 1;
    return names_op ? OpError(s, failed_op) : s;  // the batch is dropped: nothing written
  }
  if (!record_key.empty()) {
    keys::IdempotencyRecord record;
    record.create_micros = absl::ToUnixMicros(now);
    record.fingerprint = request.fingerprint;
    record.response = staged.response;
    RETURN_IF_ERROR(FromRocks(staged.batch.Put(db_->cf(Family::kIdempotency), record_key,
                                               keys::EncodeIdempotencyRecord(record)),
                              "writing an idempotency record"));
  }
  RETURN_IF_ERROR(
      FromRocks(db_->db()->Write(db_->write_options(), &staged.batch), "committing a write"));
  return std::move(staged.response);
}

absl::StatusOr<std::optional<v1::BatchWriteResponse>> RocksGraphStore::CheckRecorded(
    absl::string_view stored_record, const WriteRequest& request, absl::Time now) const {
  ASSIGN_OR_RETURN(keys::IdempotencyRecord record,
                   keys::DecodeIdempotencyRecord(stored_record));
  // Past its retention the id is free again (compaction drops the record).
  if (IsRecordExpired(record.create_micros, now, request_id_retention_)) return std::nullopt;
  if (record.fingerprint != request.fingerprint) {
    return InvalidField("request_id",
                        absl::StrCat("\"", request.request_id,
                                     "\" was already used for a different request; "
                                     "use a new request_id for a new request"),
                        "REQUEST_ID_REUSED");
  }
  return std::optional<v1::BatchWriteResponse>(std::move(record.response));
}

absl::StatusOr<ImportBatchResult> RocksGraphStore::ImportBatch(
    const std::vector<v1::Node>& nodes, const std::vector<v1::Edge>& edges,
    bool fail_on_conflict) {
  absl::WriterMutexLock lock(&writers_mu_);
  return ImportBatchExclusive(*db_, nodes, edges, fail_on_conflict, absl::Now(),
                              import_ingest_min_records_);
}

namespace {

// A BulkImport whose commit excludes the store's other writers.
class RocksBulkImportSession final : public BulkImportSession {
 public:
  RocksBulkImportSession(std::unique_ptr<BulkImport> import, absl::Mutex& writers_mu)
      : import_(std::move(import)), writers_mu_(writers_mu) {}

  absl::StatusOr<ImportBatchResult> Stage(const std::vector<v1::Node>& nodes,
                                          const std::vector<v1::Edge>& edges,
                                          bool fail_on_conflict) override {
    return import_->Stage(nodes, edges, fail_on_conflict, absl::Now());
  }

  absl::Status Commit(const StopCheck& stop) override {
    RETURN_IF_ERROR(stop());
    RETURN_IF_ERROR(import_->Prepare());   // file merging: no lock
    RETURN_IF_ERROR(import_->Precheck());  // the long re-check: no lock either
    RETURN_IF_ERROR(stop());
    // Exclusive like ImportBatch: no transaction is open while the files
    // bypass the memtables, and no write lands between re-check and ingest.
    absl::WriterMutexLock lock(&writers_mu_);
    RETURN_IF_ERROR(stop());
    return import_->CommitExclusive();
  }

  int64_t staged_records() const override { return import_->staged_records(); }

 private:
  const std::unique_ptr<BulkImport> import_;
  absl::Mutex& writers_mu_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BulkImportSession>> RocksGraphStore::StartBulkImport() {
  ASSIGN_OR_RETURN(std::unique_ptr<BulkImport> import,
                   BulkImport::Start(*db_, bulk_import_chunk_bytes_));
  return std::unique_ptr<BulkImportSession>(
      std::make_unique<RocksBulkImportSession>(std::move(import), writers_mu_));
}

std::unique_ptr<GraphSnapshot> RocksGraphStore::Snapshot() const {
  return std::make_unique<RocksSnapshot>(*db_, &targeted_edges_);
}

std::unique_ptr<GraphSnapshot> RocksGraphStore::MemorySnapshot() const {
  return std::make_unique<RocksSnapshot>(*db_, &targeted_edges_, /*memory_only=*/true);
}

absl::StatusOr<bool> RocksGraphStore::ReadNodeIfCached(
    absl::string_view name, absl::FunctionRef<void(const SerializedRecord&)> take) const {
  return storage::ReadNodeIfCached(*db_, name, take);
}

absl::StatusOr<bool> RocksGraphStore::ReadEdgeIfCached(
    absl::string_view name, absl::FunctionRef<void(const SerializedRecord&)> take) const {
  return storage::ReadEdgeIfCached(*db_, name, take);
}

absl::StatusOr<bool> RocksGraphStore::IsEmpty() const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(Family::kNodes)));
  it->SeekToFirst();
  const bool empty = !it->Valid();
  RETURN_IF_ERROR(FromRocks(it->status(), "checking for nodes"));
  return empty;
}

absl::Status RocksGraphStore::Checkpoint(const std::string& dir) {
  return db_->Checkpoint(dir);
}

}  // namespace evidencegraph::storage
