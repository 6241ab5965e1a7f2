// RocksDb: the opened database of the graph store and its column families.
//
// Opens an OptimisticTransactionDB with every family of storage/keys.h
// (default included) and the options each family's access pattern wants:
//   - one LRU block cache shared by all families (GraphStoreOptions), with
//     filters and indexes partitioned so they are cached like data blocks
//     at any file size,
//   - bloom filters everywhere; on the edge, label and term families also a
//     prefix extractor on the first key component, so "edges of X" or
//     "postings of term t" seeks skip files without that prefix; whole-key
//     memtable blooms on nodes and out_edges, whose existence checks mostly
//     miss,
//   - LZ4 (ZSTD at the bottom level) when this RocksDB build has them,
//   - a uint64-add merge operator on meta for the search statistics,
//   - memtable history kept for optimistic conflict checks, and 2^14
//     commit-validation lock buckets (RocksDB's 2^20 cost 48 MiB at idle).
// Open refuses (FAILED_PRECONDITION) a database written in a format version
// it does not know or holding column families it does not know, and records
// the format version in a new database. The WAL is on; sync per options.
// Open also empties the folder import batches stage SST files in.
//
// Ownership: owns the DB and the column family handles; the destructor
// destroys the handles, then closes the DB. Callers must have released their
// snapshots and iterators first.
// Thread-safety: all methods are thread-safe (RocksDB's own guarantees).
#ifndef EVIDENCEGRAPH_STORAGE_ROCKS_DB_H_
#define EVIDENCEGRAPH_STORAGE_ROCKS_DB_H_

#include <array>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/utilities/optimistic_transaction_db.h"
#include "storage/graph_store.h"
#include "storage/keys.h"

namespace evidencegraph::storage {

class RocksDb {
 public:
  static absl::StatusOr<std::unique_ptr<RocksDb>> Open(
      const GraphStoreOptions& options);

  ~RocksDb();
  RocksDb(const RocksDb&) = delete;
  RocksDb& operator=(const RocksDb&) = delete;

  // The transactional DB (BeginTransaction) and the plain DB under it
  // (snapshots, iterators, MultiGet, WriteBatch).
  rocksdb::OptimisticTransactionDB* txn_db() const { return db_.get(); }
  rocksdb::DB* db() const { return db_->GetBaseDB(); }

  rocksdb::ColumnFamilyHandle* cf(keys::Family family) const {
    return handles_[static_cast<int>(family)];
  }

  const rocksdb::WriteOptions& write_options() const { return write_options_; }

  // Where import batches write their SST files before ingestion
  // (storage/sst_ingest.h): "<path>/ingest", emptied at Open (files left
  // there by a crash were never part of the database).
  const std::string& ingest_dir() const { return ingest_dir_; }

  // A consistent checkpoint (hard links where possible) in `dir`, which must
  // not exist (ALREADY_EXISTS otherwise).
  absl::Status Checkpoint(const std::string& dir) const;

 private:
  RocksDb() = default;

  absl::Status CheckFormatVersion();

  // Constant after Open.
  std::string path_;
  std::string ingest_dir_;
  rocksdb::WriteOptions write_options_;
  std::array<rocksdb::ColumnFamilyHandle*, keys::kFamilyCount> handles_{};
  std::unique_ptr<rocksdb::OptimisticTransactionDB> db_;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_ROCKS_DB_H_
