// Targeted edges: which edges of the graph are the target of a TARGETS edge
// (a critique undercutting an inference), as of one revision. Walks ask this
// for every SUPPORTS / REFUTES / ASSERTS edge they cross (an attacked edge is
// a vertex of its own, query/walk_graph.h), so a 3-hop path search past a
// claim with 10,000 pieces of evidence asks it 10,000 times. Asked of
// RocksDB, each answer is a seek into in_edges; asked of a TargetedEdgeSet, a
// hash lookup.
//
// A TargetedEdgeSet is built from one snapshot by scanning the out_edges of
// the critiques (the keys starting with "critiques/"): TARGETS edges start at
// critiques (services/edge_validation.cc refuses any other source), so those
// keys hold every TARGETS edge, and the ones whose target is an edge name are
// the answer. The scan costs about one iterator step per critique edge.
//
// TargetedEdgeCache keeps the newest set built, keyed by its revision (the
// snapshot's sequence number: equal revisions, equal graphs), for every
// snapshot of the store at that revision: a read-mostly store builds it once
// per write, not once per request. Snapshots at other revisions never use it;
// they probe RocksDB until probing has cost about as much as a build (see
// BuildThreshold), then build and publish their own.
// Thread-safety: TargetedEdgeSet is immutable; TargetedEdgeCache is
// thread-safe.
#ifndef EVIDENCEGRAPH_STORAGE_TARGETED_EDGES_H_
#define EVIDENCEGRAPH_STORAGE_TARGETED_EDGES_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "evidencegraph/v1/resources.pb.h"
#include "rocksdb/snapshot.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

class TargetedEdgeSet {
 public:
  // Scans the critiques' out_edges of `db` at `snapshot` (revision `revision`).
  static absl::StatusOr<std::shared_ptr<const TargetedEdgeSet>> Build(
      const RocksDb& db, const rocksdb::Snapshot* snapshot, uint64_t revision);

  uint64_t revision() const { return revision_; }
  // Out_edges entries read by the build (its cost).
  int64_t scanned() const { return scanned_; }
  int64_t size() const { return static_cast<int64_t>(edges_.size()); }

  // True when source -kind-> target is targeted. `scratch` is caller-owned
  // space for the lookup key (reused: no allocation per call).
  bool Contains(absl::string_view source, v1::EdgeKind kind, absl::string_view target,
                std::string* scratch) const;

 private:
  TargetedEdgeSet() = default;

  uint64_t revision_ = 0;
  int64_t scanned_ = 0;
  // keys::OutEdgeKey(source, kind, target) of every targeted edge.
  absl::flat_hash_set<std::string> edges_;
};

class TargetedEdgeCache {
 public:
  // The set built at exactly `revision`, or null.
  std::shared_ptr<const TargetedEdgeSet> Get(uint64_t revision) const;
  // Keeps `set` if it is newer than the one held.
  void Publish(std::shared_ptr<const TargetedEdgeSet> set);
  // Probes a snapshot makes before it builds a set: about the cost of a build
  // (a probe is a seek, ~16 iterator steps), judged by the last build.
  int64_t BuildThreshold() const;

 private:
  mutable absl::Mutex mu_;
  std::shared_ptr<const TargetedEdgeSet> latest_ ABSL_GUARDED_BY(mu_);
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_TARGETED_EDGES_H_
