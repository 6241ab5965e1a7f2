// RocksGraphStore: GraphStore on RocksDB (storage/graph_store.h's contract).
//
// Writes: each Write() runs its ops in one optimistic transaction
// (storage/txn_writer.h) with the idempotency record checked (GetForUpdate)
// and written in the same transaction, so two concurrent identical retries
// cannot both apply: the second conflicts at commit, retries, and finds the
// record. A commit conflict (Busy/TryAgain) is ABORTED at once when an op
// carried an etag (the caller's read is stale: it must re-read), otherwise
// the whole request is retried up to max_conflict_retries times. UpdateNodeOp
// / UpdateEdgeOp `mutate` callbacks may therefore run more than once.
//
// Imports and create-only batches: ImportBatch, and Write() of a request of
// at least exclusive_create_min_ops creates and nothing else, hold the writer
// mutex exclusively; other Write()s hold it shared: transactions run
// concurrently with each other (optimistic conflict detection) but never
// during an exclusive write, whose checks and blind WriteBatch would
// otherwise race with them (storage/importer.h, storage/create_batch.h).
// A transaction holds the mutex from its first read to its commit, retries
// included, so an exclusive write sees none of it or all of it.
// The same exclusion is what makes ingested import batches
// (storage/sst_ingest.h) safe for optimistic transactions: none is open while
// files are ingested, so none has to detect a conflict with keys that
// bypassed the memtables.
//
// Bulk imports stage without the mutex and take it exclusively for their
// re-check and ingest only (storage/bulk_import.h).
//
// WriteIfNoWait is the same transactional path for gRPC's threads: the
// writer mutex only by try-lock, reads cache-only (kBlockCacheTier), the
// commit with WriteOptions::no_slowdown (a stall fails it Incomplete before
// anything is written). Any of these that would wait declines the whole
// request with nothing written; the caller then runs Write() on its pool.
//
// Ownership: owns the RocksDb. Snapshots borrow it and must be destroyed
// before the store. Thread-safety: all methods are thread-safe.
#ifndef EVIDENCEGRAPH_STORAGE_ROCKS_GRAPH_STORE_H_
#define EVIDENCEGRAPH_STORAGE_ROCKS_GRAPH_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/graph_store.h"
#include "storage/rocks_db.h"
#include "storage/targeted_edges.h"

namespace evidencegraph::storage {

class RocksGraphStore final : public GraphStore {
 public:
  RocksGraphStore(std::unique_ptr<RocksDb> db, const GraphStoreOptions& options);

  absl::StatusOr<v1::BatchWriteResponse> Write(const WriteRequest& request) override;
  absl::StatusOr<v1::BatchWriteResponse> Write(WriteRequest&& request) override;
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> WriteIfNoWait(
      const WriteRequest& request) override;
  absl::StatusOr<ImportBatchResult> ImportBatch(const std::vector<v1::Node>& nodes,
                                                const std::vector<v1::Edge>& edges,
                                                bool fail_on_conflict) override;
  absl::StatusOr<std::unique_ptr<BulkImportSession>> StartBulkImport() override;
  std::unique_ptr<GraphSnapshot> Snapshot() const override;
  std::unique_ptr<GraphSnapshot> MemorySnapshot() const override;
  absl::StatusOr<bool> ReadNodeIfCached(
      absl::string_view name,
      absl::FunctionRef<void(const SerializedRecord&)> take) const override;
  absl::StatusOr<bool> ReadEdgeIfCached(
      absl::string_view name,
      absl::FunctionRef<void(const SerializedRecord&)> take) const override;
  absl::StatusOr<bool> IsEmpty() const override;
  absl::Status Checkpoint(const std::string& dir) override;

 private:
  // What one transaction attempt produced.
  struct Attempt {
    absl::Status status;                  // final unless `conflict`
    bool conflict = false;                // commit lost a race: may retry
    bool declined = false;                // no-wait attempt would block: nothing written
    v1::BatchWriteResponse response;      // when status is OK
  };

  // Both Write()s; `owned` is `request` when the caller gave it away, else null.
  absl::StatusOr<v1::BatchWriteResponse> WriteImpl(const WriteRequest& request,
                                                   WriteRequest* owned);
  // INVALID_ARGUMENT for a request no write path accepts.
  static absl::Status CheckRequest(const WriteRequest& request);
  // True when Write() takes `request` exclusively (WriteCreatesExclusive).
  bool TakesExclusive(const WriteRequest& request) const;
  // The optimistic-transaction path of Write(): attempts, conflict retries,
  // the replay check after a lost race. With `no_wait` (WriteIfNoWait) reads
  // are cache-only and the commit no_slowdown; nullopt when one would block.
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> WriteTransaction(
      const WriteRequest& request, bool no_wait) ABSL_SHARED_LOCKS_REQUIRED(writers_mu_);
  // One optimistic-transaction attempt; transactions hold writers_mu_ shared
  // for their whole span (retries included), so no blind write overlaps them.
  Attempt TryWrite(const WriteRequest& request, bool no_wait)
      ABSL_SHARED_LOCKS_REQUIRED(writers_mu_);
  // A create-only request as one WriteBatch; the caller holds writers_mu_
  // exclusively. Records are moved out of `owned` when it is not null.
  absl::StatusOr<v1::BatchWriteResponse> WriteCreatesExclusive(const WriteRequest& request,
                                                               WriteRequest* owned)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writers_mu_);
  // The recorded response of `request_id` in `stored_record`; nullopt when
  // the record is past its retention at `now` (the id is free again);
  // INVALID_ARGUMENT (REQUEST_ID_REUSED) when recorded for another request.
  absl::StatusOr<std::optional<v1::BatchWriteResponse>> CheckRecorded(
      absl::string_view stored_record, const WriteRequest& request, absl::Time now) const;

  // Constant after construction.
  const std::unique_ptr<RocksDb> db_;
  const int max_conflict_retries_;
  const absl::Duration request_id_retention_;
  const size_t exclusive_create_min_ops_;  // 0 = never
  const int64_t import_ingest_min_records_;
  const size_t bulk_import_chunk_bytes_;
  // The store's write options with no_slowdown: WriteIfNoWait's commits.
  rocksdb::WriteOptions no_wait_write_options_;

  // Shared by transactional writes; exclusive for the blind WriteBatches of
  // ImportBatch() and create-only requests (and SST ingests), which read the
  // latest state without a snapshot and so must not overlap a transaction.
  mutable absl::Mutex writers_mu_;

  // Read side: the targeted-edge set of the newest revision that needed one,
  // shared by the snapshots at that revision (storage/targeted_edges.h).
  mutable TargetedEdgeCache targeted_edges_;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_ROCKS_GRAPH_STORE_H_
