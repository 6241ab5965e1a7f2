// Retention of request_id records (the idempotency family): when a recorded
// response stops counting, and the compaction filter that drops it.
//
// A record older than the retention is treated as absent by writes (the id
// may then be used for a new request) and is removed from disk when
// RocksDB compacts its file; the family's periodic compaction makes sure
// every file is compacted within about one retention period, so an idle
// store reclaims the space too.
// Thread-safety: the factory and its filters are safe to use from RocksDB's
// background threads; IsRecordExpired is a pure function.
#ifndef EVIDENCEGRAPH_STORAGE_REQUEST_RECORDS_H_
#define EVIDENCEGRAPH_STORAGE_REQUEST_RECORDS_H_

#include <cstdint>
#include <memory>

#include "absl/time/time.h"
#include "rocksdb/compaction_filter.h"

namespace evidencegraph::storage {

// True when a record created at `create_micros` (Unix µs) is older than
// `retention` at `now`. Never true for an infinite (or non-positive,
// treated as infinite) retention.
bool IsRecordExpired(int64_t create_micros, absl::Time now, absl::Duration retention);

// Creates filters that drop expired records; each compaction judges against
// the time it started. Unreadable values are kept (and reported by reads).
std::shared_ptr<rocksdb::CompactionFilterFactory> NewExpiredRecordFilterFactory(
    absl::Duration retention);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_REQUEST_RECORDS_H_
