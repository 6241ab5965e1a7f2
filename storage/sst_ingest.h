// The bulk write path of imports: the sorted writes of one batch become one
// SST file per family (rocksdb::SstFileWriter, the family's own table
// options), ingested with ONE DB::IngestExternalFiles call.
//
// Why it is equivalent to one WriteBatch of the same entries:
//   - atomic: RocksDB records the files of every family in one MANIFEST
//     group; on failure or a crash none of them is part of the database;
//   - one revision: a snapshot is held during the call, which makes RocksDB
//     give the files a fresh global sequence number (snapshot_consistency),
//     so the latest sequence number (the store's revision) advances, a
//     snapshot taken before sees none of the batch and one taken after sees
//     all of it, in every family;
//   - same contents: the same keys and values; merge operands stay merge
//     operands, added to what the store holds when read.
// What it does NOT give: non-snapshot reads during the call may see some
// families before others (RocksDB's documented caveat), and optimistic
// transactions validate against memtables, which ingested keys bypass. So,
// like the WriteBatch path, it requires the caller to exclude every writer
// (RocksGraphStore's writer mutex): no transaction spans an ingest.
// Ingested keys skip the WAL and the memtables; the files are fsynced
// before ingestion, so an ingested batch is durable once this returns.
//
// Files are written to RocksDb::ingest_dir() (inside the database folder,
// so "moving" them into the database is a hard link) and removed on failure.
// Thread-safety: one call at a time per database (file names are unique per
// process, so concurrent calls would not collide, but see above).
#ifndef EVIDENCEGRAPH_STORAGE_SST_INGEST_H_
#define EVIDENCEGRAPH_STORAGE_SST_INGEST_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/options.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
#include "storage/sorted_writes.h"

namespace rocksdb {
class SstFileWriter;
}  // namespace rocksdb

namespace evidencegraph::storage {

// One SST file of one family, written with the family's table options (keys
// in order, each once). Finish() fsyncs it.
class ImportFileWriter {
 public:
  ImportFileWriter(const RocksDb& db, keys::Family family);
  ~ImportFileWriter();
  ImportFileWriter(const ImportFileWriter&) = delete;
  ImportFileWriter& operator=(const ImportFileWriter&) = delete;

  absl::Status Open(const std::string& path);
  absl::Status Add(SortedWrites::Op op, absl::string_view key, absl::string_view value);
  absl::Status Finish();

 private:
  std::string What() const;

  const keys::Family family_;
  rocksdb::Options options_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
};

// Writes `entries` (sorted, each key once) as one file at `path`.
absl::Status WriteImportFile(const RocksDb& db, keys::Family family,
                             const std::vector<SortedWrites::Entry>& entries,
                             const std::string& path);

// Ingests the files (at most one per family) with ONE IngestExternalFiles
// call, as one new revision; RocksDB moves (hard-links) them into the
// database. The caller excludes every other writer.
absl::Status IngestImportFiles(const RocksDb& db,
                               const std::vector<std::pair<keys::Family, std::string>>& files);

// `writes` must be Finish()ed. No-op when it is empty.
absl::Status IngestSortedWrites(const RocksDb& db, const SortedWrites& writes);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_SST_INGEST_H_
