// Translation of rocksdb::Status into the project's absl::Status vocabulary.
//
// RocksDB failures become INTERNAL with reason "STORAGE_ERROR" and the RocksDB
// text in the message, prefixed with what was being done; the service layer
// logs that message and does not send it to clients.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_ROCKS_STATUS_H_
#define EVIDENCEGRAPH_STORAGE_ROCKS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "rocksdb/status.h"
#include "storage/graph_store.h"

namespace evidencegraph::storage {

// RocksDB answers Incomplete only where the store asked it not to wait: a
// read with read_tier = kBlockCacheTier (GraphStore::MemorySnapshot, cached
// reads) that needed a disk, or a no_slowdown commit (WriteIfNoWait) that
// would stall. Both become NotInMemoryError, for the caller to retry where it
// may block; RocksDB's text stays in the (logged, never sent) message.
inline absl::Status FromRocks(const rocksdb::Status& status,
                              absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  if (status.IsIncomplete()) {
    return NotInMemoryError(absl::StrCat(context, " (", status.ToString(), ")"));
  }
  return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR",
                   absl::StrCat(context, ": ", status.ToString()));
}

// True for the statuses an optimistic transaction's commit returns when a
// concurrent writer touched one of its keys (or the conflict could not be
// checked): retrying the whole transaction may succeed.
inline bool IsConflict(const rocksdb::Status& status) {
  return status.IsBusy() || status.IsTryAgain();
}

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_ROCKS_STATUS_H_
