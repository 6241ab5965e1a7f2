// TxnWriter: applies the ops of one WriteRequest inside one optimistic
// transaction, enforcing the store's integrity rules.
//
// Every read goes through the transaction (GetForUpdate / its iterator) at
// the transaction's snapshot, so later ops see earlier ones and every key
// read or written is validated at commit. Rules enforced here (field rules
// are the service's):
//   - create: the name is free (ALREADY_EXISTS), edge endpoints exist
//     (NOT_FOUND naming the source or target);
//   - update/delete: the resource exists (NOT_FOUND), a given etag matches
//     (ABORTED, reason ETAG_MISMATCH), names and kinds do not change;
//   - delete: a node with edges needs force (FAILED_PRECONDITION,
//     NODE_HAS_EDGES), an edge targeted by other edges too (EDGE_IS_TARGETED);
//     force removes those edges and, transitively, the edges targeting them.
// Adjacency guards (keys.h, meta "guard") make "edge added at X" conflict with
// "X deleted" although the two touch different edge keys.
//
// Ownership: borrows the RocksDb and the transaction, which the caller
// commits. Thread-safety: one thread at a time (like the transaction).
#ifndef EVIDENCEGRAPH_STORAGE_TXN_WRITER_H_
#define EVIDENCEGRAPH_STORAGE_TXN_WRITER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rocksdb/utilities/transaction.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "storage/mutation_sink.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

class TxnWriter {
 public:
  // `now` stamps every record this request writes. `cache_only`: point reads
  // never wait for a disk (memtables and block cache only); one that would
  // fails and sets would_block(). Scans (deletes) still read files.
  TxnWriter(const RocksDb& db, rocksdb::Transaction* txn, absl::Time now,
            bool cache_only = false);

  TxnWriter(const TxnWriter&) = delete;
  TxnWriter& operator=(const TxnWriter&) = delete;

  absl::StatusOr<v1::WriteResult> Apply(const WriteOp& op);

  // True once a cache-only read failed for want of a disk read: the op's
  // error means "would block", not a storage failure.
  bool would_block() const { return would_block_; }

 private:
  // An edge's identity, owning its strings.
  struct EdgeId {
    std::string source;
    v1::EdgeKind kind;
    std::string target;
    std::string Name() const;
  };

  absl::StatusOr<v1::WriteResult> CreateNode(const CreateNodeOp& op);
  absl::StatusOr<v1::WriteResult> UpdateNode(const UpdateNodeOp& op);
  absl::StatusOr<v1::WriteResult> DeleteNode(const DeleteNodeOp& op);
  absl::StatusOr<v1::WriteResult> CreateEdge(const CreateEdgeOp& op);
  absl::StatusOr<v1::WriteResult> UpdateEdge(const UpdateEdgeOp& op);
  absl::StatusOr<v1::WriteResult> DeleteEdge(const DeleteEdgeOp& op);

  // Reads through the transaction, tracked for conflicts. nullopt = absent.
  absl::StatusOr<std::optional<std::string>> ReadForUpdate(keys::Family family,
                                                           const std::string& key);
  absl::StatusOr<std::optional<v1::Node>> ReadNode(absl::string_view name);
  absl::StatusOr<std::optional<v1::Edge>> ReadEdge(const EdgeId& id);
  // True if `name` (a node or an edge name) exists.
  absl::StatusOr<bool> EndpointExists(absl::string_view name);

  // Edges whose source (outgoing) and/or target (incoming) is `name`, at
  // most `limit` of them, outgoing first.
  absl::StatusOr<std::vector<EdgeId>> EdgesAt(absl::string_view name, bool outgoing,
                                              bool incoming, size_t limit);

  // Removes `edge`, and transitively every edge targeting a removed edge.
  absl::Status RemoveEdges(std::vector<EdgeId> edges);

  // Tracks / bumps the adjacency guard of `name` (see keys.h).
  absl::Status LockAdjacency(absl::string_view name);
  absl::Status TouchAdjacency(absl::string_view name);

  absl::Status Put(keys::Family family, absl::string_view key, absl::string_view value);
  absl::Status Delete(keys::Family family, absl::string_view key);

  const RocksDb& db_;
  rocksdb::Transaction* txn_;
  const absl::Time now_;
  rocksdb::ReadOptions read_options_;
  TxnSink index_sink_;
  // Label and term postings and search counters: never read back here.
  UnindexedTxnSink postings_sink_;
  // Guards already bumped by this transaction: one Put per node is enough,
  // however many of its edges a batch creates.
  absl::flat_hash_set<std::string> touched_;
  bool would_block_ = false;
};

// ABORTED (reason ETAG_MISMATCH) naming `name` when `expected` is non-empty
// and differs from `current`.
absl::Status CheckEtag(absl::string_view name, absl::string_view expected,
                       absl::string_view current);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_TXN_WRITER_H_
