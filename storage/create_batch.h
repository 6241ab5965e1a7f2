// CreateBatch: a write request made only of creates, checked with MultiGet
// at the latest state and staged in ONE plain WriteBatch, without an
// optimistic transaction (whose indexed batch, per-key reads and commit-time
// validation cost 5-8x the write itself on a 1000-op batch).
//
// The outcome is the one TxnWriter gives applying the same ops in order:
// each op runs the same pre-checks (storage/create_checks.h), sees the
// store plus the earlier ops of the request (an in-memory overlay of the
// keys they created), and the first op that fails decides the status, with
// the same message and payloads. Records are stamped and indexed as
// TxnWriter does (StampNode/StampEdge, UpdateNodeIndexes).
//
// Concurrency: the caller must exclude every other writer from StageCreates
// to the write of the batch (RocksGraphStore holds its writer mutex
// exclusively, as for imports): the checks read the latest state without a
// snapshot and the batch is written blind. Whole transactions of other
// writers then run strictly before or after it, which is also why no
// adjacency guard is bumped here (guards only order concurrent
// transactions).
// Thread-safety: stateless functions; the output is the caller's.
#ifndef EVIDENCEGRAPH_STORAGE_CREATE_BATCH_H_
#define EVIDENCEGRAPH_STORAGE_CREATE_BATCH_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "rocksdb/write_batch.h"
#include "storage/graph_store.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

// True when every op is a CreateNodeOp or CreateEdgeOp.
bool IsCreateOnly(absl::Span<const WriteOp> ops);

// What StageCreates produced: the batch to write and one result per op.
struct StagedCreates {
  rocksdb::WriteBatch batch;
  v1::BatchWriteResponse response;
};

// Checks `ops` (all creates) in order and stages them in `out`, stamped at
// `now`. On an op's failure returns its status (as TxnWriter's) with
// `*failed_op` set to its index; `out` is then to be discarded. Storage
// errors are INTERNAL (STORAGE_ERROR) with `*failed_op` = ops.size().
absl::Status StageCreates(const RocksDb& db, absl::Span<const WriteOp> ops, absl::Time now,
                          StagedCreates* out, size_t* failed_op);
// The same, moving the records out of `ops` into the response instead of
// copying them (the ops are spent afterwards, whatever the outcome).
absl::Status StageOwnedCreates(const RocksDb& db, absl::Span<WriteOp> ops, absl::Time now,
                               StagedCreates* out, size_t* failed_op);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_CREATE_BATCH_H_
