// GraphStore: the evidence graph in RocksDB.
//
// Contract
//   - Values are the public API messages (evidencegraph.v1.Node / Edge)
//     serialised with protobuf; keys are laid out by storage/keys.h, the one
//     file that builds keys.
//   - Every Write() is one atomic RocksDB write across all column families
//     (node, both edge directions, label and term indexes, idempotency record).
//     Read-modify-write runs in an OptimisticTransactionDB transaction; a
//     conflicting concurrent writer makes the commit fail, which is reported
//     as ABORTED when the caller supplied an etag and is retried internally
//     (bounded) otherwise.
//   - Referential integrity is checked here: edge endpoints exist (NOT_FOUND
//     naming which), (source, kind, target) is unique (ALREADY_EXISTS), nodes
//     with edges are not deleted without force (FAILED_PRECONDITION). Field
//     rules (names, enums, endpoint kinds) are the caller's job: the service
//     layer validates before it calls.
//   - Output-only fields (create_time, update_time, etag, kind, edge name) are
//     set here on every write.
//   - Errors are absl::Status built with common/errors.h; RocksDB failures are
//     INTERNAL with reason "STORAGE_ERROR" and the RocksDB text in the message
//     (the service logs it and does not send it).
//   - Reads go through a GraphSnapshot: one RocksDB snapshot, so a list page,
//     an export or a traversal sees one consistent graph.
// Thread-safety: GraphStore is thread-safe. A GraphSnapshot may be used from
// one thread at a time and must not outlive its GraphStore.
#ifndef EVIDENCEGRAPH_STORAGE_GRAPH_STORE_H_
#define EVIDENCEGRAPH_STORAGE_GRAPH_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/serialized_record.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/stop_check.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"

namespace evidencegraph::storage {

// How to open the store. Defaults suit the demo and tests; operators tune
// them with server flags.
struct GraphStoreOptions {
  // Folder of the RocksDB database; created if missing.
  std::string path;
  // Shared LRU block cache.
  size_t block_cache_bytes = 64u << 20;
  // Memtable size per column family.
  size_t write_buffer_bytes = 16u << 20;
  // fsync the WAL on every write (durable against power loss, slower).
  bool sync_writes = false;
  // Retries of a transaction that conflicted when no etag was given.
  int max_conflict_retries = 3;
  // How long a request_id's recorded response is kept: within it a retry
  // replays the response, after it the id counts as unused and the record
  // is dropped at the next compaction of its file.
  // absl::InfiniteDuration() keeps records for good.
  absl::Duration request_id_retention = absl::Hours(24);
  // Requests made only of creates with at least this many ops skip the
  // optimistic transaction: checked with MultiGet and written as one
  // WriteBatch while other writers wait (storage/create_batch.h); same
  // results and errors. Smaller ones (a single CreateNode) stay concurrent.
  // 0 = never.
  int exclusive_create_min_ops = 16;
  // Import batches that create at least this many records (nodes + edges)
  // are written as SST files and ingested (storage/sst_ingest.h) instead of
  // as one WriteBatch; 0 never ingests. Same contents either way.
  int64_t import_ingest_min_records = 0;
  // A bulk import (GraphStore::StartBulkImport) spills its staged writes to
  // sorted SST files each time they reach this many bytes of keys and values.
  size_t bulk_import_chunk_bytes = 64u << 20;
};

// --- Writes -----------------------------------------------------------------

// Create `node`; node.name is complete ("claims/x") and the payload valid.
struct CreateNodeOp {
  v1::Node node;
};

// Update the node `name`. `mutate` receives the stored node (inside the
// transaction) and applies the caller's field mask and validation; storage
// then refreshes update_time/etag and the indexes. A non-empty
// `expected_etag` must equal the stored etag, else ABORTED. `mutate` runs
// again when the transaction is retried after a conflict, so it must depend
// only on its argument; it may not change the name or the payload kind.
struct UpdateNodeOp {
  std::string name;
  std::string expected_etag;
  std::function<absl::Status(v1::Node&)> mutate;
};

// Delete the node `name`; with `force` its edges (and TARGETS edges that
// point at those edges) go in the same write.
struct DeleteNodeOp {
  std::string name;
  std::string expected_etag;
  bool force = false;
};

// Create `edge` (source, kind, target, attack_type and payload set; name is
// computed here).
struct CreateEdgeOp {
  v1::Edge edge;
};

// Update the edge `name` through `mutate`, as UpdateNodeOp. Source, kind and
// target must not change.
struct UpdateEdgeOp {
  std::string name;
  std::string expected_etag;
  std::function<absl::Status(v1::Edge&)> mutate;
};

// Delete the edge `name`; with `force` also the TARGETS edges pointing at it.
struct DeleteEdgeOp {
  std::string name;
  std::string expected_etag;
  bool force = false;
};

using WriteOp = std::variant<CreateNodeOp, UpdateNodeOp, DeleteNodeOp,
                             CreateEdgeOp, UpdateEdgeOp, DeleteEdgeOp>;

// One atomic change: every op applies, in order, or none does. Later ops see
// earlier ones (create a node, then an edge to it).
struct WriteRequest {
  std::vector<WriteOp> ops;
  // Idempotency key; empty = none. A request_id already recorded returns the
  // recorded response unchanged (also after a restart) when `fingerprint`
  // matches, and INVALID_ARGUMENT (field "request_id") when it does not.
  std::string request_id;
  // Canonical bytes of the request (e.g. its serialised proto), compared on replay.
  std::string fingerprint;
};
// Errors of a request with several ops name the op: the message starts with
// "operations[i]: " and a field payload becomes "operations[i].<field>"
// (unless the field already starts with "operations[i]", as the service's
// mutate errors do). Commit conflicts are ABORTED with reason
// "CONCURRENT_MODIFICATION"; stale etags ABORTED with "ETAG_MISMATCH".

// --- Reads ------------------------------------------------------------------

// A page of nodes. Token and filters: see GraphSnapshot::ListNodes.
struct NodePage {
  std::vector<v1::Node> nodes;
  std::string next_page_token;
};

struct EdgePage {
  std::vector<v1::Edge> edges;
  std::string next_page_token;
};

struct NodeListQuery {
  v1::NodeKind kind = v1::NODE_KIND_UNSPECIFIED;  // UNSPECIFIED = all
  std::string label;                               // empty = any
  int page_size = 50;                              // already coerced by caller
  std::string page_token;                          // empty = first page
  // Byte budget of the page (stored value bytes); 0 = none. A page stops
  // before the item that would exceed it (but holds at least one item), so a
  // page of large nodes still fits a gRPC message; the token resumes there.
  size_t max_bytes = 0;
};

struct EdgeListQuery {
  std::string node;  // empty = every edge of the graph
  v1::EdgeDirection direction = v1::EDGE_DIRECTION_BOTH;
  v1::EdgeKind kind = v1::EDGE_KIND_UNSPECIFIED;
  int page_size = 50;
  std::string page_token;
  size_t max_bytes = 0;  // as NodeListQuery::max_bytes
};

// One edge seen from one of its endpoints, without decoding the edge value:
// what traversals need. Views are valid only during the callback.
struct Adjacency {
  absl::string_view neighbor;  // the other endpoint (node or edge name)
  v1::EdgeKind kind;
  bool outgoing;  // true: this node is the edge's source
};

// A ranked SearchClaims hit.
struct SearchHit {
  std::string claim_name;
  double score;
};

// What a MemorySnapshot() read returns when the answer is not in memory:
// INTERNAL, reason NOT_IN_MEMORY (so that, should one ever escape, it is
// logged and hidden like any storage failure). Callers test for it and retry
// where blocking is allowed; it is never an answer.
inline constexpr char kNotInMemoryReason[] = "NOT_IN_MEMORY";
inline absl::Status NotInMemoryError(absl::string_view what) {
  return MakeError(absl::StatusCode::kInternal, kNotInMemoryReason,
                   absl::StrCat(what, ": not in memory"));
}
inline bool IsNotInMemory(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInternal &&
         ErrorReason(status) == kNotInMemoryReason;
}

// One family of a snapshot's records, in key order, as serialised messages
// (ExportGraph's reads: no message is built). Must not outlive its snapshot;
// one thread at a time, like the snapshot.
class SerializedScan {
 public:
  virtual ~SerializedScan() = default;
  // Hands records to `take` from where the previous Read stopped, each one
  // consumed; `take` returns whether it wants another. Returns true once
  // every record has been handed out (then further Reads hand out none).
  // The record's views are valid only during its `take` call.
  virtual absl::StatusOr<bool> Read(
      absl::FunctionRef<bool(const SerializedRecord&)> take) = 0;
};

// A consistent, read-only view of the graph at one point in time.
class GraphSnapshot {
 public:
  virtual ~GraphSnapshot() = default;

  // The RocksDB sequence number of the snapshot: equal revisions, equal graphs.
  virtual uint64_t revision() const = 0;

  virtual absl::StatusOr<v1::Node> GetNode(absl::string_view name) const = 0;
  virtual absl::StatusOr<v1::Edge> GetEdge(absl::string_view name) const = 0;
  // True if a node or edge of that name exists.
  virtual absl::StatusOr<bool> Exists(absl::string_view name) const = 0;

  // Several nodes / edges at once, in the order named, each as GetNode /
  // GetEdge gives it (the first missing one is NOT_FOUND naming it). Cheaper
  // per record than one call each: RocksSnapshot reads them with one
  // MultiGet (sorted keys, shared block lookups).
  virtual absl::StatusOr<std::vector<v1::Node>> GetNodes(
      absl::Span<const std::string> names) const {
    std::vector<v1::Node> out;
    out.reserve(names.size());
    for (const std::string& name : names) {
      absl::StatusOr<v1::Node> node = GetNode(name);
      if (!node.ok()) return node.status();
      out.push_back(*std::move(node));
    }
    return out;
  }
  virtual absl::StatusOr<std::vector<v1::Edge>> GetEdges(
      absl::Span<const std::string> names) const {
    std::vector<v1::Edge> out;
    out.reserve(names.size());
    for (const std::string& name : names) {
      absl::StatusOr<v1::Edge> edge = GetEdge(name);
      if (!edge.ok()) return edge.status();
      out.push_back(*std::move(edge));
    }
    return out;
  }

  // Nodes in name order. The page token is opaque: it encodes the last key
  // returned and a hash of the filters, so paging is stable under concurrent
  // writes (no item twice; every item present throughout is seen) and a
  // token reused with other filters is INVALID_ARGUMENT (field "page_token").
  virtual absl::StatusOr<NodePage> ListNodes(const NodeListQuery& query) const = 0;
  // Edges: for a node, outgoing (by key order) then incoming; else all edges.
  virtual absl::StatusOr<EdgePage> ListEdges(const EdgeListQuery& query) const = 0;

  // Every node in name order (as ListNodes without filters), or every edge in
  // ListEdges' order without filters, as the bytes SerializeToString gives
  // for the message GetNode / GetEdge return (storage/serialized_record.h).
  virtual std::unique_ptr<SerializedScan> ScanSerializedNodes() const = 0;
  virtual std::unique_ptr<SerializedScan> ScanSerializedEdges() const = 0;

  // Full scans for export; `visit` returns false to stop early.
  virtual absl::Status ScanNodes(absl::FunctionRef<bool(const v1::Node&)> visit) const = 0;
  virtual absl::Status ScanEdges(absl::FunctionRef<bool(const v1::Edge&)> visit) const = 0;

  // Edges of `name` in `direction` (OUTGOING, INCOMING or BOTH), optionally of
  // one kind, from the key alone. `visit` returns false to stop early.
  virtual absl::Status ForEachAdjacent(
      absl::string_view name, v1::EdgeDirection direction, v1::EdgeKind kind,
      absl::FunctionRef<bool(const Adjacency&)> visit) const = 0;

  // True when the edge `source -kind-> target` is the target of at least one
  // TARGETS edge (a critique undercutting that inference): what walks ask of
  // every SUPPORTS / REFUTES / ASSERTS edge they cross. The default asks
  // ForEachAdjacent; RocksSnapshot answers from a per-revision set instead
  // (storage/targeted_edges.h).
  virtual absl::StatusOr<bool> IsEdgeTargeted(absl::string_view source, v1::EdgeKind kind,
                                              absl::string_view target) const {
    bool found = false;
    absl::Status status = ForEachAdjacent(MakeEdgeName(source, kind, target),
                                          v1::EDGE_DIRECTION_INCOMING, v1::EDGE_KIND_TARGETS,
                                          [&found](const Adjacency&) {
                                            found = true;
                                            return false;
                                          });
    if (!status.ok()) return status;
    return found;
  }

  // Claims whose statement contains the query's terms (case- and
  // accent-insensitive), best first; `limit` hits after skipping `offset`.
  // Ranked OR with BM25 over statement and display_title (terms from
  // storage/text_terms.h); INVALID_ARGUMENT (field "query") when the query
  // has no terms. See storage/claim_search.h.
  virtual absl::StatusOr<std::vector<SearchHit>> SearchClaims(
      absl::string_view query, int offset, int limit) const = 0;
};

// Per-batch counts of an import.
struct ImportBatchResult {
  int64_t nodes_created = 0;
  int64_t edges_created = 0;
  int64_t nodes_skipped = 0;
  int64_t edges_skipped = 0;
};

// One bulk import (ImportGraph's IMPORT_MODE_BULK): batches checked and
// staged one by one, visible together at Commit(). Destroying it without a
// successful Commit() writes nothing and removes the staged files.
// Thread-safety: one thread at a time; must not outlive its GraphStore.
class BulkImportSession {
 public:
  virtual ~BulkImportSession() = default;
  // Checks one batch like GraphStore::ImportBatch, records staged by earlier
  // batches counting as existing, and stages it; on error nothing of it is
  // staged (the same statuses as ImportBatch; INTERNAL on I/O errors).
  virtual absl::StatusOr<ImportBatchResult> Stage(const std::vector<v1::Node>& nodes,
                                                  const std::vector<v1::Edge>& edges,
                                                  bool fail_on_conflict) = 0;
  // Makes every staged batch visible in one atomic write (one new revision).
  // ABORTED (reason IMPORT_CONFLICT, naming a record) when a concurrent write
  // created a staged record or removed an endpoint a batch relied on; then
  // nothing is written. `stop` is polled until the last moment before the
  // write (the last time with other writers excluded): its error is returned
  // and nothing is written. OK means written; `stop` no longer matters then.
  // Call once.
  virtual absl::Status Commit(const StopCheck& stop) = 0;
  // Records (nodes + edges) staged so far.
  virtual int64_t staged_records() const = 0;
};

class GraphStore {
 public:
  // Opens (creating if needed) the database at options.path with every column
  // family, checking the stored format version. FAILED_PRECONDITION on a
  // format it does not understand; INTERNAL (STORAGE_ERROR) on I/O errors.
  static absl::StatusOr<std::unique_ptr<GraphStore>> Open(
      const GraphStoreOptions& options);

  virtual ~GraphStore() = default;

  // Applies `request` atomically and returns one result per op (node, edge or
  // deleted name), or the recorded response of an earlier identical request.
  virtual absl::StatusOr<v1::BatchWriteResponse> Write(const WriteRequest& request) = 0;
  // The same for a request the caller gives away: its records may be moved
  // into the response instead of copied.
  virtual absl::StatusOr<v1::BatchWriteResponse> Write(WriteRequest&& request) {
    return Write(static_cast<const WriteRequest&>(request));
  }

  // Write() for callers that must not block (gRPC's threads): applies
  // `request` only if that needs no wait, else declines (nullopt) having
  // written nothing, and the caller calls Write() where blocking is allowed.
  // What declines: a read that needs a disk block, a RocksDB write stall or
  // slowdown, the writer lock not free at once, a synced WAL, deletes (they
  // scan), requests Write() would take exclusively. When it answers, the
  // answer is Write()'s: results, errors, etag and conflict ABORTED,
  // request_id replays. The default always declines.
  virtual absl::StatusOr<std::optional<v1::BatchWriteResponse>> WriteIfNoWait(
      const WriteRequest& request) {
    (void)request;
    return std::nullopt;
  }

  // Writes one import batch atomically: nodes (names given) and edges whose
  // endpoints exist in the store or earlier in this batch. Records that
  // already exist are skipped (or, with fail_on_conflict, reject the batch).
  // On any error nothing of the batch is written and the status names the
  // record ("nodes[3] claims/x: ..."). Edges may target edges of the same
  // batch in any order. Create/update times carried by a record are kept
  // (export -> import round-trips); etags are always fresh. Imports exclude
  // concurrent Write() calls for the duration of the batch.
  // Large batches may be written by SST ingestion
  // (GraphStoreOptions::import_ingest_min_records); the result is the same.
  virtual absl::StatusOr<ImportBatchResult> ImportBatch(
      const std::vector<v1::Node>& nodes, const std::vector<v1::Edge>& edges,
      bool fail_on_conflict) = 0;

  // Starts a bulk import; other writers and readers are not held up until
  // its Commit().
  virtual absl::StatusOr<std::unique_ptr<BulkImportSession>> StartBulkImport() = 0;

  // A consistent read view; cheap (one RocksDB snapshot).
  virtual std::unique_ptr<GraphSnapshot> Snapshot() const = 0;

  // A Snapshot() for threads that must not block (gRPC's): its reads answer
  // from memory (memtables, block cache) only, and a read that would need a
  // disk fails with NotInMemoryError instead (IsNotInMemory): the caller
  // then starts over with Snapshot() where blocking is allowed. Reads that
  // do succeed equal Snapshot()'s. Only point reads, MultiGets and adjacency
  // scans are meant for it; full scans (ScanSerialized*, SearchClaims) fail
  // NotInMemory at once, and an IsEdgeTargeted probe never builds the store's
  // targeted-edge set.
  virtual std::unique_ptr<GraphSnapshot> MemorySnapshot() const = 0;

  // GetNode / GetEdge at the newest state for callers that must not block
  // (gRPC's threads), as the bytes SerializeToString gives for the message
  // Snapshot()->GetNode(name) / GetEdge(name) returns (ready to send, nothing
  // parsed): answered from memory (memtables, block cache) or not at all.
  // Hands the record to `take` (its views valid during that call only) and
  // returns true; returns false without calling `take` when answering would
  // need a disk read (read through Snapshot() where blocking is allowed).
  // Errors equal Snapshot()->GetNode(name) / GetEdge(name)'s.
  virtual absl::StatusOr<bool> ReadNodeIfCached(
      absl::string_view name,
      absl::FunctionRef<void(const SerializedRecord&)> take) const = 0;
  virtual absl::StatusOr<bool> ReadEdgeIfCached(
      absl::string_view name,
      absl::FunctionRef<void(const SerializedRecord&)> take) const = 0;

  // True when the store holds no node (used to decide on seeding).
  virtual absl::StatusOr<bool> IsEmpty() const = 0;

  // Writes a consistent checkpoint (hard links where possible) to `dir`,
  // which must not exist. For backups.
  virtual absl::Status Checkpoint(const std::string& dir) = 0;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_GRAPH_STORE_H_
