// Specification of query/search.h: ranked matching through the storage term
// index, pagination with opaque tokens (stable across a concurrent delete),
// label and verdict filters, and query validation.
#include "query/search.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/query/small_graph.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::query {
namespace {

using ::evidencegraph::testing::ClaimNode;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::AddSmallGraph(store_);
    std::vector<v1::Node> nodes;
    for (int i = 0; i < 7; ++i) {
      v1::Node n = ClaimNode(absl::StrCat("alpha-", i),
                             absl::StrCat("Alpha waves claim number ", i));
      if (i % 2 == 0) n.add_labels("even");
      nodes.push_back(n);
    }
    store_.Add(nodes);
  }
  absl::StatusOr<SearchPage> Search(const SearchOptions& options,
                                    const VerdictFn& verdict_fn = nullptr) {
    auto snapshot = store_.Snapshot();
    return SearchClaims(*snapshot, options, verdict_fn, NeverStop());
  }
  // Every claim name over all pages.
  std::vector<std::string> AllPages(SearchOptions options) {
    std::vector<std::string> names;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = Search(options);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const auto& m : page->matches) names.push_back(m.claim.name());
      if (page->next_page_token.empty()) break;
      options.page_token = page->next_page_token;
    }
    return names;
  }
  testing::TestStore store_;
};

TEST_F(SearchTest, FindsClaimsByWordsIgnoringCaseAndAccents) {
  SearchOptions options;
  options.query = "GÈNE EXPRESSION";
  auto page = Search(options);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_FALSE(page->matches.empty());
  EXPECT_EQ(page->matches[0].claim.name(), "claims/genes");
  EXPECT_EQ(page->matches[0].claim.claim().statement(),
            "Massage changes gene expression in muscle");
  EXPECT_GT(page->matches[0].score, 0.0);
  EXPECT_FALSE(page->matches[0].verdict.has_value()) << "not requested";
}

TEST_F(SearchTest, PagesCoverEveryMatchOnceAndEndWithAnEmptyToken) {
  SearchOptions options;
  options.query = "alpha";
  options.page_size = 3;
  auto first = Search(options);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->matches.size(), 3u);
  EXPECT_FALSE(first->next_page_token.empty());
  const std::vector<std::string> names = AllPages(options);
  EXPECT_EQ(names.size(), 7u);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 7u);
}

TEST_F(SearchTest, PagingSurvivesADeleteBetweenPages) {
  SearchOptions options;
  options.query = "alpha";
  options.page_size = 3;
  auto first = Search(options);
  ASSERT_TRUE(first.ok());
  std::set<std::string> seen;
  for (const auto& m : first->matches) seen.insert(m.claim.name());
  // Delete a claim already returned; the rest must still all come, once.
  store_.DeleteNode(first->matches[0].claim.name());
  options.page_token = first->next_page_token;
  const std::vector<std::string> rest = AllPages(options);
  for (const std::string& name : rest) {
    EXPECT_TRUE(seen.insert(name).second) << name << " returned twice";
  }
  EXPECT_EQ(seen.size(), 7u);
}

TEST_F(SearchTest, TokensAreBoundToTheirQueryAndFilters) {
  SearchOptions options;
  options.query = "alpha";
  options.page_size = 2;
  auto first = Search(options);
  ASSERT_TRUE(first.ok());
  options.page_token = first->next_page_token;
  options.label = "even";
  auto other = Search(options);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(other.status()), "page_token");
  options.label.clear();
  options.page_token = "not-a-token!";
  EXPECT_EQ(ErrorField(Search(options).status()), "page_token");
}

TEST_F(SearchTest, LabelFilterKeepsOnlyLabelledClaims) {
  SearchOptions options;
  options.query = "alpha";
  options.label = "even";
  options.page_size = 2;
  const std::vector<std::string> names = AllPages(options);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
            (std::set<std::string>{"claims/alpha-0", "claims/alpha-2", "claims/alpha-4",
                                   "claims/alpha-6"}));
}

TEST_F(SearchTest, VerdictFilterComputesVerdictsOnDemand) {
  int computed = 0;
  VerdictFn fn = [&computed](const v1::Node& claim) -> absl::StatusOr<ClaimVerdict> {
    ++computed;
    const char last = claim.name().back();
    return ClaimVerdict{(last - '0') % 3 == 0 ? v1::VERDICT_HOLDS : v1::VERDICT_DOES_NOT_HOLD,
                        0.7};
  };
  SearchOptions options;
  options.query = "alpha";
  options.verdict = v1::VERDICT_HOLDS;
  auto page = Search(options, fn);
  ASSERT_TRUE(page.ok()) << page.status();
  std::set<std::string> names;
  for (const auto& m : page->matches) {
    names.insert(m.claim.name());
    ASSERT_TRUE(m.verdict.has_value());
    EXPECT_EQ(m.verdict->verdict, v1::VERDICT_HOLDS);
  }
  EXPECT_EQ(names, (std::set<std::string>{"claims/alpha-0", "claims/alpha-3",
                                          "claims/alpha-6"}));
  EXPECT_EQ(computed, 7);

  options.verdict = v1::VERDICT_UNSPECIFIED;
  options.include_verdict = true;
  auto all = Search(options, fn);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->matches.size(), 7u);
  for (const auto& m : all->matches) EXPECT_TRUE(m.verdict.has_value());
}

TEST_F(SearchTest, ADeletedClaimIsNoLongerFound) {
  SearchOptions options;
  options.query = "inflammation";
  auto before = Search(options);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->matches.size(), 1u);
  store_.DeleteNode("claims/inflammation");
  auto after = Search(options);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->matches.empty());
}

TEST_F(SearchTest, QueriesMustHoldAWord) {
  for (const std::string& query : {std::string(""), std::string("a ! ?"),
                                   std::string(kMaxSearchQueryBytes + 1, 'x')}) {
    SearchOptions options;
    options.query = query;
    auto page = Search(options);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << query;
    EXPECT_EQ(ErrorField(page.status()), "query");
  }
  SearchOptions options;
  options.query = "alpha";
  options.page_size = -1;
  EXPECT_EQ(ErrorField(Search(options).status()), "page_size");
}

}  // namespace
}  // namespace evidencegraph::query
