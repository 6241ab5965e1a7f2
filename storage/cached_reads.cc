#include "storage/cached_reads.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

// What a cache-only Get found.
enum class Found { kValue, kMissing, kNotCached };

absl::StatusOr<Found> CachedGet(const RocksDb& db, Family family, const std::string& key,
                                rocksdb::PinnableSlice* value) {
  rocksdb::ReadOptions options;
  options.read_tier = rocksdb::kBlockCacheTier;
  const rocksdb::Status s = db.db()->Get(options, db.cf(family), key, value);
  if (s.ok()) return Found::kValue;
  if (s.IsNotFound()) return Found::kMissing;
  if (s.IsIncomplete()) return Found::kNotCached;
  return FromRocks(s, absl::StrCat("reading ", keys::FamilyName(family)));
}

}  // namespace

absl::StatusOr<std::optional<v1::Node>> GetNodeIfCached(const RocksDb& db,
                                                        absl::string_view name) {
  RETURN_IF_ERROR(ParseNodeName(name, "name").status());
  rocksdb::PinnableSlice value;
  ASSIGN_OR_RETURN(const Found found, CachedGet(db, Family::kNodes, keys::NodeKey(name), &value));
  if (found == Found::kNotCached) return std::nullopt;
  if (found == Found::kMissing) return NotFound(name, "node");
  ASSIGN_OR_RETURN(v1::Node node,
                   keys::DecodeNodeValue(name, absl::string_view(value.data(), value.size())));
  return std::optional<v1::Node>(std::move(node));
}

absl::StatusOr<std::optional<v1::Edge>> GetEdgeIfCached(const RocksDb& db,
                                                        absl::string_view name) {
  ASSIGN_OR_RETURN(const EdgeName parsed, ParseEdgeName(name, "name"));
  rocksdb::PinnableSlice value;
  ASSIGN_OR_RETURN(const Found found,
                   CachedGet(db, Family::kOutEdges,
                             keys::OutEdgeKey(parsed.source, parsed.kind, parsed.target),
                             &value));
  if (found == Found::kNotCached) return std::nullopt;
  if (found == Found::kMissing) return NotFound(name, "edge");
  std::optional<v1::Edge> edge(std::in_place);
  RETURN_IF_ERROR(keys::DecodeEdgeValue({parsed.source, parsed.kind, parsed.target},
                                        absl::string_view(value.data(), value.size()), &*edge));
  return edge;
}

}  // namespace evidencegraph::storage
