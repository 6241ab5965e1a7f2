// MutationSink: where index and record writes go, so the same index code
// serves a transaction (Write) and a plain WriteBatch (ImportBatch).
//
// TxnSink writes UNTRACKED: it is for keys whose conflicts are already
// covered by a tracked key of the same transaction (the index entries of a
// node are only written by whoever writes the node's key) and for merge
// counters, which commute and must not make concurrent writers conflict.
// Ownership: sinks borrow the transaction / batch and the RocksDb.
// Thread-safety: one thread at a time, like what they wrap.
#ifndef EVIDENCEGRAPH_STORAGE_MUTATION_SINK_H_
#define EVIDENCEGRAPH_STORAGE_MUTATION_SINK_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/utilities/transaction.h"
#include "rocksdb/write_batch.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
#include "storage/rocks_status.h"

namespace evidencegraph::storage {

class MutationSink {
 public:
  virtual ~MutationSink() = default;
  virtual absl::Status Put(keys::Family family, absl::string_view key,
                           absl::string_view value) = 0;
  virtual absl::Status Delete(keys::Family family, absl::string_view key) = 0;
  virtual absl::Status Merge(keys::Family family, absl::string_view key,
                             absl::string_view operand) = 0;
  // Put of a key and value the caller no longer needs: sinks that keep them
  // take them without a copy.
  virtual absl::Status PutOwned(keys::Family family, std::string key, std::string value) {
    return Put(family, key, value);
  }
};

inline rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

class TxnSink final : public MutationSink {
 public:
  TxnSink(const RocksDb& db, rocksdb::Transaction* txn) : db_(db), txn_(txn) {}
  absl::Status Put(keys::Family family, absl::string_view key,
                   absl::string_view value) override {
    return FromRocks(txn_->PutUntracked(db_.cf(family), ToSlice(key), ToSlice(value)),
                     "transaction put");
  }
  absl::Status Delete(keys::Family family, absl::string_view key) override {
    return FromRocks(txn_->DeleteUntracked(db_.cf(family), ToSlice(key)),
                     "transaction delete");
  }
  absl::Status Merge(keys::Family family, absl::string_view key,
                     absl::string_view operand) override {
    return FromRocks(txn_->MergeUntracked(db_.cf(family), ToSlice(key), ToSlice(operand)),
                     "transaction merge");
  }

 private:
  const RocksDb& db_;
  rocksdb::Transaction* txn_;
};

// Like TxnSink, and the writes are also left out of the transaction's
// read index (Transaction::DisableIndexing): they still go into the batch
// that commits, in order, but reads through the transaction do not see
// them. That saves a search and an insert into the indexed batch's skiplist
// per key (a claim's create writes ~10 posting, label and counter keys).
// Only for keys no transaction reads back: label and term postings and the
// search counters (storage/node_index.h). Never for in_edges or guards,
// which TxnWriter's scans and checks read.
class UnindexedTxnSink final : public MutationSink {
 public:
  UnindexedTxnSink(const RocksDb& db, rocksdb::Transaction* txn) : db_(db), txn_(txn) {}
  absl::Status Put(keys::Family family, absl::string_view key,
                   absl::string_view value) override {
    Unindexed scope(txn_);
    return FromRocks(txn_->PutUntracked(db_.cf(family), ToSlice(key), ToSlice(value)),
                     "transaction put");
  }
  absl::Status Delete(keys::Family family, absl::string_view key) override {
    Unindexed scope(txn_);
    return FromRocks(txn_->DeleteUntracked(db_.cf(family), ToSlice(key)),
                     "transaction delete");
  }
  absl::Status Merge(keys::Family family, absl::string_view key,
                     absl::string_view operand) override {
    Unindexed scope(txn_);
    return FromRocks(txn_->MergeUntracked(db_.cf(family), ToSlice(key), ToSlice(operand)),
                     "transaction merge");
  }

 private:
  // Indexing off for one write, back on after it.
  class Unindexed {
   public:
    explicit Unindexed(rocksdb::Transaction* txn) : txn_(txn) { txn_->DisableIndexing(); }
    ~Unindexed() { txn_->EnableIndexing(); }
    Unindexed(const Unindexed&) = delete;
    Unindexed& operator=(const Unindexed&) = delete;

   private:
    rocksdb::Transaction* txn_;
  };

  const RocksDb& db_;
  rocksdb::Transaction* txn_;
};

class BatchSink final : public MutationSink {
 public:
  BatchSink(const RocksDb& db, rocksdb::WriteBatch* batch) : db_(db), batch_(batch) {}
  absl::Status Put(keys::Family family, absl::string_view key,
                   absl::string_view value) override {
    return FromRocks(batch_->Put(db_.cf(family), ToSlice(key), ToSlice(value)),
                     "batch put");
  }
  absl::Status Delete(keys::Family family, absl::string_view key) override {
    return FromRocks(batch_->Delete(db_.cf(family), ToSlice(key)), "batch delete");
  }
  absl::Status Merge(keys::Family family, absl::string_view key,
                     absl::string_view operand) override {
    return FromRocks(batch_->Merge(db_.cf(family), ToSlice(key), ToSlice(operand)),
                     "batch merge");
  }
  // A WriteBatch copies anyway: the same as Put, without a second virtual call.
  absl::Status PutOwned(keys::Family family, std::string key, std::string value) override {
    return BatchSink::Put(family, key, value);
  }

 private:
  const RocksDb& db_;
  rocksdb::WriteBatch* batch_;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_MUTATION_SINK_H_
