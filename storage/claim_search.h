// Claim search over term_index: BM25 ranking, read at one snapshot.
//
// The query is cut into terms with storage/text_terms.h (so "Massage",
// "MASSAGE" and "massagé" match alike). Multi-word queries are RANKED OR:
// a claim matching any term is a hit, and the BM25 sum ranks claims matching
// more (and rarer) terms first. Per term, the postings scan gives the
// document frequency (exact at the snapshot); the number of claims and their
// average length come from the "claim_docs"/"claim_terms" counters that
// every write maintains. Ties are broken by claim name, so pages are stable.
// Parameters: k1 = 1.2, b = 0.75 (the usual BM25 defaults).
// Thread-safety: stateless; reads only through the given snapshot.
#ifndef EVIDENCEGRAPH_STORAGE_CLAIM_SEARCH_H_
#define EVIDENCEGRAPH_STORAGE_CLAIM_SEARCH_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/snapshot.h"
#include "storage/graph_store.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

// Hits [offset, offset + limit) of the ranking. INVALID_ARGUMENT for a query
// without terms (field "query") or a negative offset/limit.
absl::StatusOr<std::vector<SearchHit>> SearchClaims(const RocksDb& db,
                                                    const rocksdb::Snapshot* snapshot,
                                                    absl::string_view query,
                                                    int offset, int limit);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_CLAIM_SEARCH_H_
