#include "storage/sst_ingest.h"

#include <atomic>
#include <memory>
#include <utility>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "rocksdb/options.h"
#include "rocksdb/sst_file_writer.h"
#include "storage/rocks_status.h"

namespace evidencegraph::storage {
namespace {

using Entry = SortedWrites::Entry;

// Removes the files it names when it goes out of scope (after a successful
// move-ingest RocksDB has already unlinked them; errors are irrelevant).
class TempFiles {
 public:
  TempFiles() = default;
  TempFiles(const TempFiles&) = delete;
  TempFiles& operator=(const TempFiles&) = delete;
  ~TempFiles() {
    for (const std::string& path : paths_) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  }
  void Add(std::string path) { paths_.push_back(std::move(path)); }

 private:
  std::vector<std::string> paths_;
};

// Releases a snapshot when it goes out of scope.
class HeldSnapshot {
 public:
  explicit HeldSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  HeldSnapshot(const HeldSnapshot&) = delete;
  HeldSnapshot& operator=(const HeldSnapshot&) = delete;
  ~HeldSnapshot() { db_->ReleaseSnapshot(snapshot_); }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
};

}  // namespace

ImportFileWriter::ImportFileWriter(const RocksDb& db, keys::Family family)
    : family_(family), options_(db.db()->GetOptions(db.cf(family))) {
  // SstFileWriter compresses with the bottommost level's codec (ZSTD here,
  // 10% of an ingested import's instructions), yet these files land in L0
  // and are rewritten by compaction anyway: use the upper levels' codec.
  options_.bottommost_compression = rocksdb::kDisableCompressionOption;
  writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options_,
                                                     db.cf(family));
}

ImportFileWriter::~ImportFileWriter() = default;

std::string ImportFileWriter::What() const {
  return absl::StrCat("writing an import file of ", keys::FamilyName(family_));
}

absl::Status ImportFileWriter::Open(const std::string& path) {
  return FromRocks(writer_->Open(path), What());
}

absl::Status ImportFileWriter::Add(SortedWrites::Op op, absl::string_view key,
                                   absl::string_view value) {
  rocksdb::Status s;
  switch (op) {
    case SortedWrites::Op::kPut:
      s = writer_->Put(ToSlice(key), ToSlice(value));
      break;
    case SortedWrites::Op::kMerge:
      s = writer_->Merge(ToSlice(key), ToSlice(value));
      break;
    case SortedWrites::Op::kDelete:
      s = writer_->Delete(ToSlice(key));
      break;
  }
  // What() formats a string: only on failure, not once per record.
  if (s.ok()) return absl::OkStatus();
  return FromRocks(s, What());
}

absl::Status ImportFileWriter::Finish() { return FromRocks(writer_->Finish(), What()); }

absl::Status WriteImportFile(const RocksDb& db, keys::Family family,
                             const std::vector<SortedWrites::Entry>& entries,
                             const std::string& path) {
  ImportFileWriter writer(db, family);
  RETURN_IF_ERROR(writer.Open(path));
  for (const Entry& e : entries) RETURN_IF_ERROR(writer.Add(e.op, e.key, e.value));
  return writer.Finish();  // fsyncs the file
}

absl::Status IngestImportFiles(const RocksDb& db,
                               const std::vector<std::pair<keys::Family, std::string>>& files) {
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const auto& [family, path] : files) {
    rocksdb::IngestExternalFileArg& arg = args.emplace_back();
    arg.column_family = db.cf(family);
    arg.external_files.push_back(path);
    arg.options.move_files = true;  // a hard link: same file system
    arg.options.snapshot_consistency = true;
    arg.options.allow_global_seqno = true;
  }
  if (args.empty()) return absl::OkStatus();
  HeldSnapshot snapshot(db.db());  // forces a fresh global sequence number
  return FromRocks(db.db()->IngestExternalFiles(args), "ingesting an import batch");
}

absl::Status IngestSortedWrites(const RocksDb& db, const SortedWrites& writes) {
  static std::atomic<uint64_t> next_id{0};
  const uint64_t id = next_id.fetch_add(1, std::memory_order_relaxed);
  TempFiles files;
  std::vector<std::pair<keys::Family, std::string>> paths;
  for (keys::Family family : keys::kAllFamilies) {
    const std::vector<Entry>& entries = writes.entries(family);
    if (entries.empty()) continue;
    std::string path =
        absl::StrCat(db.ingest_dir(), "/", id, "-", keys::FamilyName(family), ".sst");
    files.Add(path);
    RETURN_IF_ERROR(WriteImportFile(db, family, entries, path));
    paths.emplace_back(family, std::move(path));
  }
  return IngestImportFiles(db, paths);
}

}  // namespace evidencegraph::storage
