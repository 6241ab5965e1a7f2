// Existence of many keys of one family at the latest state, with one
// MultiGet: what the write paths that check without a transaction use (the
// import and the create-only batch), whose callers exclude other writers.
// Thread-safety: stateless.
#ifndef EVIDENCEGRAPH_STORAGE_MULTI_EXISTS_H_
#define EVIDENCEGRAPH_STORAGE_MULTI_EXISTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

// For each key, whether it exists in `family`.
absl::StatusOr<std::vector<bool>> MultiExists(const RocksDb& db, keys::Family family,
                                              absl::Span<const absl::string_view> keys);
absl::StatusOr<std::vector<bool>> MultiExists(const RocksDb& db, keys::Family family,
                                              const std::vector<std::string>& keys);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_MULTI_EXISTS_H_
