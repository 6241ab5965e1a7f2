#include "bench/service/raw_writes.h"

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "bench/service/mirror_store.h"
#include "rocksdb/sst_file_writer.h"
#include "rocksdb/transaction_log.h"
#include "rocksdb/write_batch.h"

namespace evidencegraph::bench {
namespace {

using storage::keys::Family;

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A fresh database with the server's options in a temp folder.
struct FreshDb {
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<storage::RocksDb> db;

  static absl::StatusOr<FreshDb> Open(const std::string& tag) {
    FreshDb out;
    absl::StatusOr<std::unique_ptr<TempDir>> dir = TempDir::Make(tag);
    if (!dir.ok()) return dir.status();
    out.dir = *std::move(dir);
    absl::StatusOr<std::unique_ptr<storage::RocksDb>> db =
        storage::RocksDb::Open(BenchStoreOptions(out.dir->path() + "/db"));
    if (!db.ok()) return db.status();
    out.db = *std::move(db);
    return out;
  }
  ~FreshDb() { db.reset(); }  // close before the folder is removed
  FreshDb() = default;
  FreshDb(FreshDb&&) = default;
};

}  // namespace

absl::Status CaptureWrites(const storage::RocksDb& db, const std::function<absl::Status()>& write,
                           CapturedWrites* out) {
  const rocksdb::SequenceNumber before = db.db()->GetLatestSequenceNumber();
  if (absl::Status s = write(); !s.ok()) return s;
  const rocksdb::SequenceNumber after = db.db()->GetLatestSequenceNumber();
  if (after == before) return absl::OkStatus();
  std::unique_ptr<rocksdb::TransactionLogIterator> it;
  if (absl::Status s = FromRocks(db.db()->GetUpdatesSince(before + 1, &it), "GetUpdatesSince");
      !s.ok()) {
    return s;
  }
  for (; it->Valid(); it->Next()) {
    rocksdb::BatchResult batch = it->GetBatch();
    if (batch.sequence > after) break;
    out->push_back(batch.writeBatchPtr->Data());
  }
  return FromRocks(it->status(), "reading the WAL");
}

int64_t CapturedBytes(const CapturedWrites& writes) {
  int64_t bytes = 0;
  for (const std::string& rep : writes) bytes += static_cast<int64_t>(rep.size());
  return bytes;
}

int64_t CapturedKeys(const CapturedWrites& writes) {
  int64_t keys = 0;
  for (const std::string& rep : writes) keys += rocksdb::WriteBatch(rep).Count();
  return keys;
}

absl::StatusOr<double> TimeWriteBatches(const CapturedWrites& writes) {
  absl::StatusOr<FreshDb> fresh = FreshDb::Open("writebatch");
  if (!fresh.ok()) return fresh.status();
  // Built before the clock starts: only DB::Write is timed.
  std::vector<rocksdb::WriteBatch> batches;
  batches.reserve(writes.size());
  for (const std::string& rep : writes) batches.emplace_back(rep);
  const rocksdb::WriteOptions& options = fresh->db->write_options();
  const auto start = std::chrono::steady_clock::now();
  for (rocksdb::WriteBatch& batch : batches) {
    if (absl::Status s = FromRocks(fresh->db->db()->Write(options, &batch), "raw write");
        !s.ok()) {
      return s;
    }
  }
  return SecondsSince(start);
}

absl::StatusOr<DbContents> ReadAllFamilies(const storage::RocksDb& db) {
  DbContents out;
  for (Family family : storage::keys::kAllFamilies) {
    FamilyContents contents{family, {}};
    rocksdb::ReadOptions options;
    options.total_order_seek = true;  // whole family across prefixes
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(family)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      contents.entries.emplace_back(it->key().ToString(), it->value().ToString());
    }
    if (absl::Status s = FromRocks(it->status(), "reading a family"); !s.ok()) return s;
    if (!contents.entries.empty()) out.push_back(std::move(contents));
  }
  return out;
}

int64_t ContentBytes(const DbContents& contents) {
  int64_t bytes = 0;
  for (const FamilyContents& f : contents) {
    for (const auto& [key, value] : f.entries) bytes += key.size() + value.size();
  }
  return bytes;
}

int64_t ContentKeys(const DbContents& contents) {
  int64_t keys = 0;
  for (const FamilyContents& f : contents) keys += static_cast<int64_t>(f.entries.size());
  return keys;
}

absl::StatusOr<double> TimeSstIngest(const DbContents& contents) {
  absl::StatusOr<FreshDb> fresh = FreshDb::Open("sst");
  if (!fresh.ok()) return fresh.status();
  rocksdb::DB* db = fresh->db->db();
  const auto start = std::chrono::steady_clock::now();
  for (const FamilyContents& f : contents) {
    rocksdb::ColumnFamilyHandle* cf = fresh->db->cf(f.family);
    const std::string file =
        absl::StrCat(fresh->dir->path(), "/", storage::keys::FamilyName(f.family), ".sst");
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), db->GetOptions(cf), cf);
    if (absl::Status s = FromRocks(writer.Open(file), "SstFileWriter::Open"); !s.ok()) return s;
    for (const auto& [key, value] : f.entries) {
      if (absl::Status s = FromRocks(writer.Put(key, value), "SstFileWriter::Put"); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = FromRocks(writer.Finish(), "SstFileWriter::Finish"); !s.ok()) return s;
    rocksdb::IngestExternalFileOptions ingest;
    ingest.move_files = true;
    if (absl::Status s = FromRocks(db->IngestExternalFile(cf, {file}, ingest), "ingest");
        !s.ok()) {
      return s;
    }
  }
  return SecondsSince(start);
}

}  // namespace evidencegraph::bench
