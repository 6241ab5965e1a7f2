#include "storage/targeted_edges.h"

#include <utility>

#include "common/resource_names.h"
#include "common/status_macros.h"
#include "storage/bounded_scan.h"
#include "storage/keys.h"

namespace evidencegraph::storage {

absl::StatusOr<std::shared_ptr<const TargetedEdgeSet>> TargetedEdgeSet::Build(
    const RocksDb& db, const rocksdb::Snapshot* snapshot, uint64_t revision) {
  std::shared_ptr<TargetedEdgeSet> set(new TargetedEdgeSet());
  set->revision_ = revision;
  const std::string prefix = keys::CollectionPrefix(v1::NODE_KIND_CRITIQUE);
  // Spans many first components: a total-order scan.
  BoundedScan scan(
      [&](const rocksdb::ReadOptions& ro) {
        return db.db()->NewIterator(ro, db.cf(keys::Family::kOutEdges));
      },
      snapshot, prefix, keys::PrefixSuccessor(prefix), /*total_order=*/true);
  for (; scan.Valid(); scan.Next()) {
    ++set->scanned_;
    ASSIGN_OR_RETURN(const keys::EdgeTriple t, keys::DecodeOutEdgeKey(scan.key()));
    if (t.kind != v1::EDGE_KIND_TARGETS || !LooksLikeEdgeName(t.target)) continue;
    ASSIGN_OR_RETURN(const EdgeName target, ParseEdgeName(t.target));
    set->edges_.insert(keys::OutEdgeKey(target.source, target.kind, target.target));
  }
  RETURN_IF_ERROR(scan.status("listing the targeted edges"));
  return std::shared_ptr<const TargetedEdgeSet>(std::move(set));
}

bool TargetedEdgeSet::Contains(absl::string_view source, v1::EdgeKind kind,
                               absl::string_view target, std::string* scratch) const {
  if (edges_.empty()) return false;
  scratch->clear();
  keys::AppendComponent(scratch, source);
  keys::AppendComponent(scratch, EdgeKindToken(kind));
  keys::AppendComponent(scratch, target);
  return edges_.contains(absl::string_view(*scratch));
}

std::shared_ptr<const TargetedEdgeSet> TargetedEdgeCache::Get(uint64_t revision) const {
  absl::MutexLock lock(&mu_);
  if (latest_ != nullptr && latest_->revision() == revision) return latest_;
  return nullptr;
}

void TargetedEdgeCache::Publish(std::shared_ptr<const TargetedEdgeSet> set) {
  absl::MutexLock lock(&mu_);
  if (latest_ == nullptr || set->revision() > latest_->revision()) latest_ = std::move(set);
}

int64_t TargetedEdgeCache::BuildThreshold() const {
  constexpr int64_t kMinProbes = 64;
  constexpr int64_t kStepsPerProbe = 16;
  absl::MutexLock lock(&mu_);
  const int64_t last = latest_ == nullptr ? 0 : latest_->scanned();
  return kMinProbes + last / kStepsPerProbe;
}

}  // namespace evidencegraph::storage
