// Point reads that never wait for a disk: memtables and block cache only.
//
// Why: a GetNode with a warm cache is a few microseconds of RocksDB work,
// while handing it to the worker pool costs more than the read (a queue,
// a wake-up and several thread switches). Reads that do no I/O may run on
// gRPC's own threads; these functions only answer such reads. (They may
// still take RocksDB's short in-memory locks, e.g. the block-cache shard or,
// right after a flush, the DB mutex to refresh the current file set.) They read
// with ReadOptions::read_tier = kBlockCacheTier: when the answer needs a
// block (data, index or filter) or a table file that is not in memory,
// RocksDB returns Incomplete instead of reading, and so do these (nullopt).
// The caller then does the ordinary read where blocking is allowed.
//
// Each read is one Get at the newest state (no snapshot is needed for one
// key). A found record is handed out as the bytes SerializeToString gives for
// the v1::Node / v1::Edge that GraphSnapshot::GetNode / GetEdge return
// (keys::SerializedNode / SerializedEdge: the stored value itself for a node,
// the identity fields then the stored value for an edge), so GetNode and
// GetEdge send them without building a message. Errors and NOT_FOUND are as
// GraphSnapshot::GetNode / GetEdge give them (a damaged value: the same
// STORAGE_CORRUPTION); a name that does not parse is INVALID_ARGUMENT (field
// "name").
// Thread-safety: thread-safe (RocksDB's Get is).
#ifndef EVIDENCEGRAPH_STORAGE_CACHED_READS_H_
#define EVIDENCEGRAPH_STORAGE_CACHED_READS_H_

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/rocks_db.h"
#include "storage/serialized_record.h"

namespace evidencegraph::storage {

// Hands the node `name` to `take` (views valid during the call) and returns
// true; false, without calling `take`, when reading it would need I/O.
absl::StatusOr<bool> ReadNodeIfCached(const RocksDb& db, absl::string_view name,
                                      absl::FunctionRef<void(const SerializedRecord&)> take);

// The same for the edge `name`.
absl::StatusOr<bool> ReadEdgeIfCached(const RocksDb& db, absl::string_view name,
                                      absl::FunctionRef<void(const SerializedRecord&)> take);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_CACHED_READS_H_
