// SearchClaims: claims found by the words of their statement, ranked by the
// storage term index, paginated, optionally filtered by label and verdict.
//
// Contract
//   - `query` is required: 1-500 bytes with at least one searchable term
//     (storage/text_terms.h: words of two or more letters or digits), else
//     INVALID_ARGUMENT naming "query". Matching is case- and
//     accent-insensitive (storage's tokenizer on both sides).
//   - page_size: 0 -> 50, above 1000 -> 1000, negative INVALID_ARGUMENT.
//   - Page tokens are opaque (web-safe base64 of: a position in the ranking,
//     the name of the last claim examined, and a fingerprint of the query
//     and filters). A token reused with another query or other filters, or
//     not produced here, is INVALID_ARGUMENT naming "page_token". Paging
//     resumes after the last claim examined even when concurrent writes
//     shift the ranking by a little (it looks for that claim around the
//     remembered position), so no claim is returned twice in a row of pages.
//   - Filters: a label filter costs one node read per hit; a verdict filter
//     computes the verdict of each candidate through `verdict_fn` (the
//     caller's ExplainClaim with default options). With filters a page may
//     hold fewer than page_size claims while next_page_token is non-empty:
//     the work per page is bounded (at most 5 x page_size + 50 hits examined).
// Thread-safety: runs on the caller's thread; reads the snapshot only.
#ifndef EVIDENCEGRAPH_QUERY_SEARCH_H_
#define EVIDENCEGRAPH_QUERY_SEARCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stop_check.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"
#include "storage/graph_store.h"

namespace evidencegraph::query {

inline constexpr size_t kMaxSearchQueryBytes = 500;

// A claim's verdict as SearchClaims reports it.
struct ClaimVerdict {
  v1::Verdict verdict = v1::VERDICT_UNSPECIFIED;
  double strength = 0.0;
};

// Computes the verdict of one claim on the same snapshot.
using VerdictFn = std::function<absl::StatusOr<ClaimVerdict>(const v1::Node& claim)>;

struct SearchOptions {
  std::string query;
  int page_size = 0;
  std::string page_token;
  std::string label;                                 // empty = any
  v1::Verdict verdict = v1::VERDICT_UNSPECIFIED;     // UNSPECIFIED = any
  bool include_verdict = false;
};

struct SearchMatch {
  v1::Node claim;
  double score = 0.0;
  std::optional<ClaimVerdict> verdict;
};

struct SearchPage {
  std::vector<SearchMatch> matches;
  std::string next_page_token;
  uint64_t revision = 0;
};

// `verdict_fn` is required when options.verdict or include_verdict is set.
absl::StatusOr<SearchPage> SearchClaims(const storage::GraphSnapshot& snapshot,
                                        const SearchOptions& options,
                                        const VerdictFn& verdict_fn,
                                        const StopCheck& stop);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_SEARCH_H_
