// Storage write floors: the same key/value bytes the server writes, written
// with plain RocksDB, into a fresh database opened with the server's options
// (storage::RocksDb::Open, so families, compression, filters and memtables
// match).
//
//   CaptureWrites       runs a write against the mirror and returns the
//                       WriteBatches it committed, read back from the WAL
//                       (DB::GetUpdatesSince): byte for byte what the store
//                       wrote, column families and merge operands included.
//   TimeWriteBatches    replays captured WriteBatches with DB::Write.
//   ReadAllFamilies     every key/value of every family, in key order.
//   TimeSstIngest       the bulk path: one SstFileWriter file per family
//                       from those sorted bytes, then IngestExternalFile.
// Only the writes are timed (opening the fresh database is not).
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_RAW_WRITES_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_RAW_WRITES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"

namespace evidencegraph::bench {

// Serialised WriteBatches (WriteBatch::Data()).
using CapturedWrites = std::vector<std::string>;

// Runs `write` and appends to `out` every WriteBatch committed to `db` while
// it ran. `write` must be the only writer meanwhile.
absl::Status CaptureWrites(const storage::RocksDb& db, const std::function<absl::Status()>& write,
                           CapturedWrites* out);

int64_t CapturedBytes(const CapturedWrites& writes);
int64_t CapturedKeys(const CapturedWrites& writes);

// Seconds to DB::Write every batch, in order, into a fresh database.
absl::StatusOr<double> TimeWriteBatches(const CapturedWrites& writes);

struct FamilyContents {
  storage::keys::Family family;
  std::vector<std::pair<std::string, std::string>> entries;  // key order
};
using DbContents = std::vector<FamilyContents>;

absl::StatusOr<DbContents> ReadAllFamilies(const storage::RocksDb& db);
int64_t ContentBytes(const DbContents& contents);
int64_t ContentKeys(const DbContents& contents);

// Seconds to write one SST per non-empty family and ingest them, into a
// fresh database.
absl::StatusOr<double> TimeSstIngest(const DbContents& contents);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_RAW_WRITES_H_
