// RocksSnapshot: GraphSnapshot over one RocksDB snapshot.
//
// Holds a rocksdb::ManagedSnapshot for its lifetime; every read (point
// lookups, MultiGet, iterators) passes it, so a page, an export or a
// traversal sees one graph. revision() is the snapshot's sequence number.
// Lists page by key (storage/page_token.h); scans are bounded with
// iterate_upper_bound and their status checked (storage/bounded_scan.h).
// Adjacency scans (ForEachAdjacent: every traversal step, every "is this link
// attacked?" probe) re-seek one iterator per edge family, kept for the life
// of the snapshot: creating a RocksDB iterator costs several times the seek
// (a 3-hop FindPaths makes thousands of these scans). The iterator pins the
// memtables and files it was created on, like the snapshot pins its data; a
// scan started from inside another's callback gets a fresh iterator.
// A memory-only snapshot (GraphStore::MemorySnapshot) sets read_tier =
// kBlockCacheTier on every read and iterator, so what is not in memory fails
// NotInMemoryError (storage/rocks_status.h); it never builds a TargetedEdgeSet
// and refuses full scans.
// IsEdgeTargeted answers from the store's TargetedEdgeSet for this revision
// when there is one (storage/targeted_edges.h), else probes in_edges until
// probing has cost about a build, then builds and publishes the set.
//
// Ownership: borrows the RocksDb, which must outlive the snapshot.
// Thread-safety: one thread at a time (GraphSnapshot's contract).
#ifndef EVIDENCEGRAPH_STORAGE_ROCKS_SNAPSHOT_H_
#define EVIDENCEGRAPH_STORAGE_ROCKS_SNAPSHOT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rocksdb/snapshot.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"
#include "storage/targeted_edges.h"

namespace evidencegraph::storage {

class RocksSnapshot final : public GraphSnapshot {
 public:
  // `targeted` (may be null: always probe) is the store's cache of
  // targeted-edge sets; it must outlive the snapshot. `memory_only`: every
  // read uses read_tier = kBlockCacheTier (GraphStore::MemorySnapshot).
  explicit RocksSnapshot(const RocksDb& db, TargetedEdgeCache* targeted = nullptr,
                         bool memory_only = false);

  uint64_t revision() const override;

  absl::StatusOr<v1::Node> GetNode(absl::string_view name) const override;
  absl::StatusOr<v1::Edge> GetEdge(absl::string_view name) const override;
  absl::StatusOr<bool> Exists(absl::string_view name) const override;
  absl::StatusOr<std::vector<v1::Node>> GetNodes(
      absl::Span<const std::string> names) const override;
  absl::StatusOr<std::vector<v1::Edge>> GetEdges(
      absl::Span<const std::string> names) const override;

  absl::StatusOr<NodePage> ListNodes(const NodeListQuery& query) const override;
  absl::StatusOr<EdgePage> ListEdges(const EdgeListQuery& query) const override;

  std::unique_ptr<SerializedScan> ScanSerializedNodes() const override;
  std::unique_ptr<SerializedScan> ScanSerializedEdges() const override;

  absl::Status ScanNodes(absl::FunctionRef<bool(const v1::Node&)> visit) const override;
  absl::Status ScanEdges(absl::FunctionRef<bool(const v1::Edge&)> visit) const override;

  absl::Status ForEachAdjacent(
      absl::string_view name, v1::EdgeDirection direction, v1::EdgeKind kind,
      absl::FunctionRef<bool(const Adjacency&)> visit) const override;
  absl::StatusOr<bool> IsEdgeTargeted(absl::string_view source, v1::EdgeKind kind,
                                      absl::string_view target) const override;

  absl::StatusOr<std::vector<SearchHit>> SearchClaims(absl::string_view query,
                                                      int offset,
                                                      int limit) const override;

 private:
  // Point read at the snapshot; nullopt when absent.
  absl::StatusOr<std::optional<std::string>> Get(keys::Family family,
                                                 const std::string& key) const;
  // Values of `keys` in `family` at the snapshot, read with one MultiGet in
  // key order; nullopt for a missing key.
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiRead(
      keys::Family family, const std::vector<std::string>& keys) const;
  // Values of `keys` in `family` at the snapshot (MultiGet); INTERNAL naming
  // `what` when one is missing (an index entry without its record).
  absl::StatusOr<std::vector<std::string>> GetAll(
      keys::Family family, const std::vector<std::string>& keys,
      absl::string_view what) const;
  absl::StatusOr<NodePage> ListNodesByLabel(const NodeListQuery& query,
                                            uint64_t filter_hash,
                                            const std::string& resume) const;
  absl::StatusOr<EdgePage> ListAllEdges(const EdgeListQuery& query,
                                        uint64_t filter_hash,
                                        const std::string& resume) const;
  rocksdb::Iterator* NewIterator(keys::Family family,
                                 const rocksdb::ReadOptions& options) const;
  // Kept iterators: adjacency scans of out_edges and in_edges, and
  // targeted-edge probes (in_edges, so a probe from inside an in_edges scan
  // still reuses one).
  enum Cursor : int { kOutCursor = 0, kInCursor = 1, kProbeCursor = 2, kCursors = 3 };
  // Scans [prefix, PrefixSuccessor(prefix)) of `family` with the kept
  // iterator `cursor` (or a fresh one when that iterator is in use further up
  // the stack); visit returns false to stop.
  absl::Status ScanAdjacency(Cursor cursor, keys::Family family, const std::string& prefix,
                             absl::FunctionRef<bool(absl::string_view key)> visit,
                             absl::string_view name) const;

  // A reusable adjacency iterator and the upper bound it reads through
  // ReadOptions::iterate_upper_bound (updated before every Seek).
  struct AdjacencyCursor {
    std::unique_ptr<rocksdb::Iterator> it;
    std::string limit;
    rocksdb::Slice limit_slice;
    bool busy = false;
  };

  const RocksDb& db_;
  const bool memory_only_;
  // mutable: ManagedSnapshot::snapshot() is not const, reading it is.
  mutable rocksdb::ManagedSnapshot snapshot_;
  rocksdb::ReadOptions read_options_;
  // Created on first use.
  mutable AdjacencyCursor cursors_[kCursors];

  // Targeted edges (IsEdgeTargeted).
  TargetedEdgeCache* const targeted_cache_;
  mutable std::shared_ptr<const TargetedEdgeSet> targeted_;
  mutable bool targeted_looked_up_ = false;
  mutable int64_t probes_ = 0;
  mutable int64_t probe_budget_ = 0;
  mutable std::string lookup_scratch_;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_ROCKS_SNAPSHOT_H_
