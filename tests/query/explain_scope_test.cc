// query::ExplainStoredClaim with an ExplainScope on a memory-only snapshot
// (the service's attempt on gRPC's thread) against the plain call on an
// ordinary snapshot (its pool path): the same answers byte for byte, the
// same errors, and a decline (never a different answer) for what does not
// fit the scope.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "query/explain.h"
#include "tests/query/small_graph.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::query {
namespace {

using ::evidencegraph::testing::AddSmallGraph;
using ::evidencegraph::testing::CraneSupportsGenes;

class ExplainScopeTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSmallGraph(store_); }

  absl::StatusOr<v1::ClaimExplanation> Pooled(const v1::ExplainClaimRequest& request) {
    return ExplainStoredClaim(*store_.Snapshot(), request, NeverStop());
  }
  absl::StatusOr<v1::ClaimExplanation> Inline(const v1::ExplainClaimRequest& request,
                                              int max_vertices = 128) {
    return ExplainStoredClaim(*store_.store().MemorySnapshot(), request, NeverStop(),
                              {.max_vertices = max_vertices});
  }

  testing::TestStore store_;
};

v1::ExplainClaimRequest Request(const std::string& claim) {
  v1::ExplainClaimRequest request;
  request.set_name(claim);
  return request;
}

TEST_F(ExplainScopeTest, InlineAnswersAreThePooledAnswersByteForByte) {
  std::vector<v1::ExplainClaimRequest> requests;
  for (const char* claim : {"claims/genes", "claims/inflammation"}) {
    requests.push_back(Request(claim));
    v1::ExplainClaimRequest dot = Request(claim);
    dot.set_include_dot(true);
    dot.set_semantics(v1::SEMANTICS_QUADRATIC_ENERGY);
    requests.push_back(dot);
    v1::ExplainClaimRequest what_if = Request(claim);
    what_if.add_without(CraneSupportsGenes());
    what_if.add_without("sources/article");  // outside the cone: a note
    requests.push_back(what_if);
    v1::ExplainClaimRequest small = Request(claim);
    small.set_max_nodes(2);  // the request's own bound is tighter than the scope
    small.set_max_paths(1);
    requests.push_back(small);
  }
  for (const v1::ExplainClaimRequest& request : requests) {
    SCOPED_TRACE(request.ShortDebugString());
    absl::StatusOr<v1::ClaimExplanation> pooled = Pooled(request);
    absl::StatusOr<v1::ClaimExplanation> inlined = Inline(request);
    ASSERT_TRUE(pooled.ok()) << pooled.status();
    ASSERT_TRUE(inlined.ok()) << inlined.status();
    EXPECT_EQ(inlined->SerializeAsString(), pooled->SerializeAsString());
  }
}

TEST_F(ExplainScopeTest, ErrorsAreThePooledErrors) {
  std::vector<v1::ExplainClaimRequest> requests = {Request("claims/nope"),
                                                   Request("studies/crane"),
                                                   Request("not a name")};
  v1::ExplainClaimRequest bad_nodes = Request("claims/genes");
  bad_nodes.set_max_nodes(-1);
  bad_nodes.set_max_depth(-1);  // reported first, as the loader does
  requests.push_back(bad_nodes);
  v1::ExplainClaimRequest bad_without = Request("claims/genes");
  bad_without.add_without("claims/missing");
  requests.push_back(bad_without);
  for (const v1::ExplainClaimRequest& request : requests) {
    SCOPED_TRACE(request.ShortDebugString());
    absl::StatusOr<v1::ClaimExplanation> pooled = Pooled(request);
    absl::StatusOr<v1::ClaimExplanation> inlined = Inline(request);
    ASSERT_FALSE(pooled.ok());
    EXPECT_FALSE(IsDeclined(inlined.status()));
    EXPECT_EQ(inlined.status(), pooled.status());
  }
}

TEST_F(ExplainScopeTest, AConeOverTheScopeIsDeclinedNotCut) {
  absl::StatusOr<v1::ClaimExplanation> pooled = Pooled(Request("claims/genes"));
  ASSERT_TRUE(pooled.ok()) << pooled.status();
  ASSERT_FALSE(pooled->truncated());
  ASSERT_GT(pooled->cone_size(), 3);
  absl::StatusOr<v1::ClaimExplanation> declined = Inline(Request("claims/genes"), 3);
  EXPECT_TRUE(IsDeclined(declined.status())) << declined.status();
  // A scope just large enough answers.
  absl::StatusOr<v1::ClaimExplanation> fits =
      Inline(Request("claims/genes"), pooled->cone_size());
  ASSERT_TRUE(fits.ok()) << fits.status();
  EXPECT_EQ(fits->SerializeAsString(), pooled->SerializeAsString());
}

TEST(ExplainDeclinedTest, OnlyDeclinesAreDeclined) {
  EXPECT_TRUE(IsDeclined(storage::NotInMemoryError("reading nodes")));
  EXPECT_FALSE(IsDeclined(absl::OkStatus()));
  EXPECT_FALSE(IsDeclined(NotFound("claims/x", "claim")));
  EXPECT_FALSE(IsDeclined(MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR", "disk")));
}

}  // namespace
}  // namespace evidencegraph::query
