#include "storage/claim_search.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/bounded_scan.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "storage/text_terms.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

absl::StatusOr<int64_t> ReadCounter(const RocksDb& db, const rocksdb::Snapshot* snapshot,
                                    absl::string_view stat) {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  std::string value;
  const rocksdb::Status s =
      db.db()->Get(options, db.cf(Family::kMeta), keys::StatKey(stat), &value);
  if (s.IsNotFound()) return 0;
  RETURN_IF_ERROR(FromRocks(s, absl::StrCat("reading search statistic ", stat)));
  return keys::DecodeCounter(value);
}

struct Posting {
  std::string claim;
  keys::Posting posting;
};

}  // namespace

absl::StatusOr<std::vector<SearchHit>> SearchClaims(const RocksDb& db,
                                                    const rocksdb::Snapshot* snapshot,
                                                    absl::string_view query,
                                                    int offset, int limit) {
  if (offset < 0) return InvalidField("offset", "must not be negative");
  if (limit < 0) return InvalidField("limit", "must not be negative");
  // Sorted and unique: each claim's score is summed in one fixed order, so
  // equal scores compare equal and ties fall back to the name.
  std::vector<std::string> terms = TextTerms(query);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  if (terms.empty()) {
    return InvalidField("query",
                        "has no searchable terms (words of two or more letters or digits)");
  }

  ASSIGN_OR_RETURN(const int64_t doc_count, ReadCounter(db, snapshot, keys::kStatClaimDocs));
  ASSIGN_OR_RETURN(const int64_t term_count, ReadCounter(db, snapshot, keys::kStatClaimTerms));

  absl::flat_hash_map<std::string, double> scores;
  for (const std::string& term : terms) {
    const std::string prefix = keys::TermPrefix(term);
    std::vector<Posting> postings;
    BoundedScan scan(
        [&](const rocksdb::ReadOptions& ro) {
          return db.db()->NewIterator(ro, db.cf(Family::kTermIndex));
        },
        snapshot, prefix, keys::PrefixSuccessor(prefix), /*total_order=*/false);
    for (; scan.Valid(); scan.Next()) {
      ASSIGN_OR_RETURN(const auto term_and_claim, keys::DecodeTermKey(scan.key()));
      ASSIGN_OR_RETURN(const keys::Posting posting, keys::DecodePosting(scan.value()));
      postings.push_back({std::string(term_and_claim.second), posting});
    }
    RETURN_IF_ERROR(scan.status(absl::StrCat("reading postings of \"", term, "\"")));
    if (postings.empty()) continue;

    // The counters and the postings come from one snapshot, so they agree;
    // the max() only keeps the formula sane on a damaged store.
    const double n = static_cast<double>(
        std::max<int64_t>(doc_count, static_cast<int64_t>(postings.size())));
    const double df = static_cast<double>(postings.size());
    const double avg_len =
        doc_count > 0 ? std::max(1.0, static_cast<double>(term_count) / doc_count) : 1.0;
    const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    for (const Posting& p : postings) {
      const double tf = p.posting.term_frequency;
      const double norm = 1.0 - kB + kB * (p.posting.doc_length / avg_len);
      scores[p.claim] += idf * (tf * (kK1 + 1.0)) / (tf + kK1 * norm);
    }
  }

  std::vector<SearchHit> hits;
  hits.reserve(scores.size());
  for (auto& [claim, score] : scores) hits.push_back({claim, score});
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.claim_name < b.claim_name;
  });
  const size_t begin = std::min(hits.size(), static_cast<size_t>(offset));
  const size_t end = std::min(hits.size(), begin + static_cast<size_t>(limit));
  return std::vector<SearchHit>(hits.begin() + begin, hits.begin() + end);
}

}  // namespace evidencegraph::storage
