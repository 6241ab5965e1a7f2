// BulkImport: the storage side of one ImportGraph stream in bulk mode
// (IMPORT_MODE_BULK): many batches staged on disk, then made visible
// together with ONE DB::IngestExternalFiles call.
//
// Staging: each batch is checked like a per-message import
// (storage/importer.h: StageImportBatch) against the store plus what earlier
// batches staged, without any lock: other writers and readers run normally.
// Its writes go to an in-memory chunk (storage/sorted_writes.h) that is
// spilled as one sorted SST file per family whenever it holds `chunk_bytes`,
// so memory holds one chunk plus the names the checks need (StagedRecords).
// Counter merge operands are folded over the whole stream
// (storage/merge_folding_sink.h) and written once, at Prepare().
//
// Loading an empty store (the usual bulk load), the batches skip their store
// lookups for as long as nothing else is written (StagedRecords).
//
// Commit: Prepare() (no lock) merges each family's chunk files into one file
// (RocksDB 7.8 would accept overlapping files of one family in one call, but
// all of them would land in L0 for compaction to rewrite; one file per
// family can go straight to the lowest level it fits). Precheck() (no lock)
// notes the latest sequence number S1 and, if any write happened since
// Start(), re-checks with sorted MultiGets that no staged record now exists
// and that every endpoint taken from the store still exists (ABORTED, reason
// IMPORT_CONFLICT, naming the record, and nothing written). That check reads
// every staged name (seconds at millions of records), so it runs while other
// writers go on. CommitExclusive(), with every other writer excluded, repeats
// it only if the sequence moved past S1 (writes landed in that short window),
// then ingests.
//
// Files live in <ingest_dir>/bulk-<n>/ and are removed by the destructor
// (after a successful ingest RocksDB has hard-linked and unlinked them);
// RocksDb::Open empties ingest_dir, so a crash leaves nothing behind either.
// Ownership: borrows the RocksDb. Thread-safety: one thread at a time.
#ifndef EVIDENCEGRAPH_STORAGE_BULK_IMPORT_H_
#define EVIDENCEGRAPH_STORAGE_BULK_IMPORT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rocksdb/types.h"
#include "storage/graph_store.h"
#include "storage/importer.h"
#include "storage/keys.h"
#include "storage/merge_folding_sink.h"
#include "storage/rocks_db.h"
#include "storage/sorted_writes.h"

namespace evidencegraph::storage {

class BulkImport {
 public:
  // Notes the store's latest sequence number and creates the staging folder.
  static absl::StatusOr<std::unique_ptr<BulkImport>> Start(const RocksDb& db,
                                                           size_t chunk_bytes);
  ~BulkImport();  // removes every staged file
  BulkImport(const BulkImport&) = delete;
  BulkImport& operator=(const BulkImport&) = delete;

  // Checks and stages one batch (errors as ImportBatchExclusive's; a
  // rejected batch stages nothing). INTERNAL on I/O errors while spilling.
  absl::StatusOr<ImportBatchResult> Stage(const std::vector<v1::Node>& nodes,
                                          const std::vector<v1::Edge>& edges,
                                          bool fail_on_conflict, absl::Time now);
  // Writes the last chunk and the folded counters, one file per family.
  // Call once, after the last Stage(); needs no lock.
  absl::Status Prepare();
  // Re-checks against the store if it changed since Start() (the conflicts
  // above), and notes the sequence number that check saw. Needs no lock;
  // optional (CommitExclusive checks what it did not). After Prepare().
  absl::Status Precheck();
  // Re-checks if the store changed since Start() or the last Precheck(), and
  // ingests the files. The caller excludes every other writer. Call once,
  // after Prepare().
  absl::Status CommitExclusive();

  // Records (nodes + edges) staged so far.
  int64_t staged_records() const { return staged_records_; }
  // Full re-checks run so far (for tests: CommitExclusive skips its own
  // when nothing was written since Precheck()).
  int full_checks() const { return full_checks_; }

 private:
  BulkImport(const RocksDb& db, size_t chunk_bytes, rocksdb::SequenceNumber start,
             bool started_empty, std::string dir);

  absl::Status Spill();
  // Merges `family`'s chunk files and `tail`'s entries into one file; its
  // path, or "" when the family has nothing.
  absl::StatusOr<std::string> MergeFamily(keys::Family family,
                                          const std::vector<SortedWrites::Entry>& tail);
  // Compares every staged name with the store (the conflicts above).
  absl::Status CheckAgainstStore();

  const RocksDb& db_;
  const size_t chunk_bytes_;
  const rocksdb::SequenceNumber start_sequence_;
  // The store's state the staged checks are known to hold at: start_sequence_,
  // then the sequence number Precheck() noted before its re-check.
  rocksdb::SequenceNumber checked_sequence_;
  int full_checks_ = 0;
  const bool started_empty_;  // no node and no edge at start_sequence_ (or later)
  const std::string dir_;
  StagedRecords staged_;
  int64_t staged_records_ = 0;
  SortedWrites chunk_;                  // puts of the batches since the last spill
  MergeFoldingSink folding_{chunk_};    // counter operands of the whole stream
  int chunks_spilled_ = 0;
  std::array<std::vector<std::string>, keys::kFamilyCount> chunk_files_;
  std::vector<std::pair<keys::Family, std::string>> final_files_;  // after Prepare()
  bool prepared_ = false;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_BULK_IMPORT_H_
