#include "query/search.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "query/bounds.h"
#include "storage/text_terms.h"

namespace evidencegraph::query {
namespace {

inline constexpr Bound kSearchPageSize{"page_size", 50, 1000};
// How far around the remembered position a resumed page looks for the last
// claim examined (concurrent writes shift the ranking a little).
constexpr int kResumeSlack = 16;
constexpr int kChunk = 256;
constexpr absl::string_view kTokenVersion = "s1";

// FNV-1a: a fingerprint that is stable across processes and restarts
// (absl::Hash is seeded per process, so tokens would not survive a restart).
uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string FiltersFingerprint(const SearchOptions& options) {
  const std::string canonical = absl::StrCat(options.query, std::string(1, '\0'),
                                             options.label, std::string(1, '\0'),
                                             static_cast<int>(options.verdict));
  return absl::StrFormat("%016x", Fnv1a(canonical));
}

struct Cursor {
  int64_t position = 0;   // index in the ranking of the next hit to examine
  std::string last_name;  // the last claim examined (empty on the first page)
};

std::string EncodeToken(const Cursor& cursor, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat(kTokenVersion, "\n", cursor.position,
                                                "\n", cursor.last_name, "\n",
                                                fingerprint));
}

absl::StatusOr<Cursor> DecodeToken(absl::string_view token,
                                   absl::string_view fingerprint) {
  const absl::Status bad = InvalidField(
      "page_token", "is not a next_page_token returned by SearchClaims",
      "INVALID_PAGE_TOKEN");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return bad;
  std::vector<std::string> parts = absl::StrSplit(raw, '\n');
  Cursor cursor;
  if (parts.size() != 4 || parts[0] != kTokenVersion ||
      !absl::SimpleAtoi(parts[1], &cursor.position) || cursor.position < 0) {
    return bad;
  }
  if (parts[3] != fingerprint) {
    return InvalidField("page_token",
                        "was issued for a different query, label or verdict filter",
                        "INVALID_PAGE_TOKEN");
  }
  cursor.last_name = std::move(parts[2]);
  return cursor;
}

// Where the page starts: just after the last claim examined, looked for
// around the remembered position; the position itself if it is gone.
absl::StatusOr<int64_t> ResumePosition(const storage::GraphSnapshot& snapshot,
                                       absl::string_view query, const Cursor& cursor) {
  if (cursor.last_name.empty()) return cursor.position;
  const int64_t window_start = std::max<int64_t>(0, cursor.position - kResumeSlack);
  ASSIGN_OR_RETURN(std::vector<storage::SearchHit> window,
                   snapshot.SearchClaims(query, static_cast<int>(window_start),
                                         2 * kResumeSlack + 1));
  for (size_t i = 0; i < window.size(); ++i) {
    if (window[i].claim_name == cursor.last_name) {
      return window_start + static_cast<int64_t>(i) + 1;
    }
  }
  return cursor.position;
}

bool HasLabel(const v1::Node& node, absl::string_view label) {
  return std::find(node.labels().begin(), node.labels().end(), label) !=
         node.labels().end();
}

}  // namespace

absl::StatusOr<SearchPage> SearchClaims(const storage::GraphSnapshot& snapshot,
                                        const SearchOptions& options,
                                        const VerdictFn& verdict_fn,
                                        const StopCheck& stop) {
  if (options.query.empty()) return InvalidField("query", "is required");
  if (options.query.size() > kMaxSearchQueryBytes) {
    return InvalidField("query", absl::StrCat("must be at most ", kMaxSearchQueryBytes,
                                              " bytes; got ", options.query.size()));
  }
  if (storage::TextTerms(options.query).empty()) {
    return InvalidField("query",
                        "must contain at least one word of two or more letters or digits");
  }
  if (!v1::Verdict_IsValid(options.verdict)) {
    return InvalidField("verdict", absl::StrCat("unknown value ",
                                                static_cast<int>(options.verdict)));
  }
  ASSIGN_OR_RETURN(const int page_size, CoerceSize(options.page_size, kSearchPageSize));
  const bool want_verdict =
      options.include_verdict || options.verdict != v1::VERDICT_UNSPECIFIED;
  if (want_verdict && !verdict_fn) {
    return absl::InternalError("SearchClaims: verdict requested without a verdict function");
  }

  const std::string fingerprint = FiltersFingerprint(options);
  Cursor cursor;
  if (!options.page_token.empty()) {
    ASSIGN_OR_RETURN(cursor, DecodeToken(options.page_token, fingerprint));
  }
  ASSIGN_OR_RETURN(int64_t position, ResumePosition(snapshot, options.query, cursor));

  const bool filtered = !options.label.empty() || options.verdict != v1::VERDICT_UNSPECIFIED;
  const int64_t max_examined = filtered ? 5 * page_size + 50 : page_size;
  const int chunk = filtered ? kChunk : page_size + 1;

  SearchPage page;
  page.revision = snapshot.revision();
  int64_t examined = 0;
  std::string last_name;
  bool more = false;
  for (bool end = false; !end && !more;) {
    ASSIGN_OR_RETURN(std::vector<storage::SearchHit> hits,
                     snapshot.SearchClaims(options.query, static_cast<int>(position),
                                           chunk));
    end = hits.size() < static_cast<size_t>(chunk);
    for (storage::SearchHit& hit : hits) {
      if (static_cast<int>(page.matches.size()) == page_size || examined == max_examined) {
        more = true;  // `hit` is still to be examined
        break;
      }
      if (stop) RETURN_IF_ERROR(stop());
      ++examined;
      ++position;
      last_name = hit.claim_name;
      absl::StatusOr<v1::Node> node = snapshot.GetNode(hit.claim_name);
      if (absl::IsNotFound(node.status())) continue;  // index ahead of the node
      if (!node.ok()) return node.status();
      if (!options.label.empty() && !HasLabel(*node, options.label)) continue;
      SearchMatch match{*std::move(node), hit.score, std::nullopt};
      if (want_verdict) {
        ASSIGN_OR_RETURN(ClaimVerdict verdict, verdict_fn(match.claim));
        if (options.verdict != v1::VERDICT_UNSPECIFIED &&
            verdict.verdict != options.verdict) {
          continue;
        }
        match.verdict = verdict;
      }
      page.matches.push_back(std::move(match));
    }
  }
  if (more) page.next_page_token = EncodeToken(Cursor{position, last_name}, fingerprint);
  return page;
}

}  // namespace evidencegraph::query
