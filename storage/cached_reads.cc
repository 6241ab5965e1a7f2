#include "storage/cached_reads.h"

#include <string>

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

absl::StatusOr<bool> ReadNodeIfCached(const RocksDb& db, absl::string_view name,
                                      absl::FunctionRef<void(const SerializedRecord&)> take) {
  RETURN_IF_ERROR(ParseNodeName(name, "name").status());
  rocksdb::PinnableSlice value;
  ASSIGN_OR_RETURN(const Found found, CachedGet(db, Family::kNodes, keys::NodeKey(name), &value));
  if (found == Found::kNotCached) return false;
  if (found == Found::kMissing) return NotFound(name, "node");
  std::string scratch;  // used only by a damaged value's fallback
  ASSIGN_OR_RETURN(const SerializedRecord record,
                   keys::SerializedNode(name, absl::string_view(value.data(), value.size()),
                                        &scratch));
  take(record);
  return true;
}

absl::StatusOr<bool> ReadEdgeIfCached(const RocksDb& db, absl::string_view name,
                                      absl::FunctionRef<void(const SerializedRecord&)> take) {
  ASSIGN_OR_RETURN(const EdgeName parsed, ParseEdgeName(name, "name"));
  rocksdb::PinnableSlice value;
  ASSIGN_OR_RETURN(const Found found,
                   CachedGet(db, Family::kOutEdges,
                             keys::OutEdgeKey(parsed.source, parsed.kind, parsed.target),
                             &value));
  if (found == Found::kNotCached) return false;
  if (found == Found::kMissing) return NotFound(name, "edge");
  std::string scratch;  // the identity fields, serialised ahead of the value
  ASSIGN_OR_RETURN(const SerializedRecord record,
                   keys::SerializedEdge({parsed.source, parsed.kind, parsed.target},
                                        absl::string_view(value.data(), value.size()),
                                        &scratch));
  take(record);
  return true;
}

}  // namespace evidencegraph::storage
