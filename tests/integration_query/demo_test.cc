// The demo graph (data/demo_graph.ndjson, the seed article) over gRPC: the
// verdicts the product promises, C2's explanation naming its only support,
// its grading and the critics, the what-if flips, and Traverse, FindPaths,
// GetSubgraph and SearchClaims on the same graph. One seeded server for the
// suite (the tests only read).
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"
#include "tests/integration_query/query_client.h"

namespace evidencegraph::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kC1[] = "claims/massage-reduces-inflammation";
constexpr char kC2[] = "claims/massage-changes-gene-expression";
constexpr char kC3[] = "claims/massage-reduces-doms";
constexpr char kC4[] = "claims/exercise-changes-gene-expression-more";
constexpr char kC5[] = "claims/massage-stimulates-parasympathetic";
constexpr char kC6[] = "claims/massage-prevents-running-injuries";

class DemoGraphTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    TestServerOptions options;
    options.seed = true;
    auto server = TestServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    stub_ = QueryStub(server_->channel());
  }
  v1::ClaimExplanation MustExplain(const std::string& claim,
                                   const std::vector<std::string>& without = {}) {
    v1::ClaimExplanation out;
    grpc::Status status = Explain(*stub_, claim, without, &out);
    EXPECT_TRUE(status.ok()) << claim << ": " << status.error_message();
    return out;
  }
  static TestServer* server_;
  std::unique_ptr<v1::QueryService::Stub> stub_;
};
TestServer* DemoGraphTest::server_ = nullptr;

TEST_F(DemoGraphTest, FourClaimsOfTheArticleDoNotHold) {
  for (const char* claim : {kC1, kC2, kC3, kC6}) {
    const v1::ClaimExplanation e = MustExplain(claim);
    EXPECT_EQ(e.verdict(), v1::VERDICT_DOES_NOT_HOLD)
        << claim << " strength " << e.strength() << ": " << e.summary();
    // The proof standard behind "does not hold": N - P >= beta, or P < alpha
    // (with every pro argument defeated).
    EXPECT_TRUE(e.con() - e.pro() >= e.thresholds().beta() || e.pro() < e.thresholds().alpha())
        << claim << " P " << e.pro() << " N " << e.con();
    EXPECT_FALSE(e.verdict_rule().empty());
    EXPECT_EQ(e.name(), claim);
    EXPECT_FALSE(e.summary().empty());
    EXPECT_GT(e.revision(), 0u);
    EXPECT_FALSE(e.truncated());
    EXPECT_FALSE(e.unstable());
  }
}

TEST_F(DemoGraphTest, TwoClaimsHoldWithLowCertainty) {
  for (const char* claim : {kC4, kC5}) {
    const v1::ClaimExplanation e = MustExplain(claim);
    EXPECT_EQ(e.verdict(), v1::VERDICT_HOLDS) << claim << ": " << e.summary();
    EXPECT_EQ(e.certainty(), v1::CERTAINTY_LOW) << claim;
    EXPECT_GT(e.strength(), 0.5);
    EXPECT_GE(e.pro(), e.thresholds().alpha());
  }
}

TEST_F(DemoGraphTest, GeneExpressionRestsOnCraneAloneUndercutByIngrahamAndGorski) {
  const v1::ClaimExplanation e = MustExplain(kC2);
  ASSERT_EQ(e.supporting_size(), 1) << e.DebugString();
  const v1::EvidenceItem& crane = e.supporting(0);
  EXPECT_EQ(crane.source(), "studies/crane-2012");
  EXPECT_EQ(crane.kind(), v1::ARGUMENT_KIND_EVIDENCE);
  EXPECT_EQ(crane.resource(),
            "studies/crane-2012/edges/supports/claims/massage-changes-gene-expression");
  std::string reasons;
  for (const std::string& r : crane.grading_reasons()) reasons += r + "\n";
  EXPECT_THAT(reasons, AllOf(HasSubstr("n=11"), HasSubstr("surrogate")));
  EXPECT_LT(crane.strength(), crane.base_score() / 2) << "lost most of its weight";

  std::set<std::string> critiques, authors;
  for (const v1::CritiqueHit& hit : crane.critiques()) {
    critiques.insert(hit.critique());
    authors.insert(hit.authors().begin(), hit.authors().end());
    EXPECT_FALSE(hit.text().empty()) << hit.critique();
    EXPECT_GT(hit.strength(), 0.0);
    EXPECT_GT(hit.attack_types_size(), 0);
  }
  EXPECT_TRUE(critiques.count("critiques/ingraham-crane-negative"));
  EXPECT_TRUE(critiques.count("critiques/gorski-single-genes"));
  EXPECT_TRUE(authors.count("experts/paul-ingraham"));
  EXPECT_TRUE(authors.count("experts/david-gorski"));
  for (const v1::CritiqueHit& hit : crane.critiques()) {
    if (hit.critique() == "critiques/gorski-single-genes") {
      EXPECT_THAT(hit.attack_types(), ::testing::Contains(v1::ATTACK_TYPE_UNDERCUT));
    }
  }
  EXPECT_THAT(e.summary(), HasSubstr("Crane"));
  EXPECT_FALSE(e.contributions().empty());
  EXPECT_FALSE(e.paths().empty());
}

TEST_F(DemoGraphTest, WhatIfRemovalsFlipTheVerdictsAsTheArticleImplies) {
  struct Case {
    const char* claim;
    const char* without;
  };
  for (const Case& c : {Case{kC2, "critiques/gorski-single-genes"},
                        Case{kC3, "studies/massage-review-2008"},
                        Case{kC6, "critiques/roose-perception"}}) {
    const v1::ClaimExplanation e = MustExplain(c.claim, {c.without});
    EXPECT_EQ(e.verdict(), v1::VERDICT_INSUFFICIENT_EVIDENCE)
        << c.claim << " without " << c.without << ": " << e.summary();
    ASSERT_TRUE(e.has_what_if());
    EXPECT_EQ(e.what_if().baseline_verdict(), v1::VERDICT_DOES_NOT_HOLD);
    EXPECT_TRUE(e.what_if().verdict_changed());
    EXPECT_NEAR(e.what_if().delta(), e.strength() - e.what_if().baseline_strength(), 1e-12);
    EXPECT_THAT(e.what_if().without(), ::testing::ElementsAre(c.without));
  }
}

TEST_F(DemoGraphTest, ANameGivenTwiceInAWhatIfCountsOnce) {
  const v1::ClaimExplanation once = MustExplain(kC2, {"critiques/gorski-single-genes"});
  const v1::ClaimExplanation twice =
      MustExplain(kC2, {"critiques/gorski-single-genes", "critiques/gorski-single-genes"});
  EXPECT_EQ(twice.verdict(), once.verdict());
  EXPECT_DOUBLE_EQ(twice.strength(), once.strength());
}

TEST_F(DemoGraphTest, AWhatIfOutsideTheConeChangesNothingAndSaysSo) {
  const v1::ClaimExplanation base = MustExplain(kC4);
  const v1::ClaimExplanation e = MustExplain(kC4, {"critiques/roose-perception"});
  EXPECT_EQ(e.verdict(), base.verdict());
  EXPECT_DOUBLE_EQ(e.strength(), base.strength());
  ASSERT_TRUE(e.has_what_if());
  EXPECT_EQ(e.what_if().delta(), 0.0);
  ASSERT_EQ(e.what_if().notes_size(), 1);
  EXPECT_THAT(e.what_if().notes(0), HasSubstr("not in the claim's evidence cone"));
}

TEST_F(DemoGraphTest, OptionsAreEchoedAndDotIsRenderedOnRequest) {
  v1::ExplainClaimRequest request;
  request.set_name(kC1);
  request.set_semantics(v1::SEMANTICS_QUADRATIC_ENERGY);
  request.mutable_thresholds()->set_alpha(0.3);
  request.set_include_dot(true);
  v1::ClaimExplanation e;
  ASSERT_TRUE(Explain(*stub_, request, &e).ok());
  EXPECT_EQ(e.semantics(), v1::SEMANTICS_QUADRATIC_ENERGY);
  EXPECT_DOUBLE_EQ(e.thresholds().alpha(), 0.3);
  EXPECT_DOUBLE_EQ(e.thresholds().beta(), 0.2) << "default filled in";
  EXPECT_THAT(e.dot(), HasSubstr("digraph"));
  const v1::ClaimExplanation plain = MustExplain(kC1);
  EXPECT_TRUE(plain.dot().empty());
  EXPECT_EQ(plain.semantics(), v1::SEMANTICS_DF_QUAD);
}

TEST_F(DemoGraphTest, ExplainErrorsNameTheFieldOrResource) {
  v1::ClaimExplanation out;
  grpc::Status unknown = Explain(*stub_, kC2, {"critiques/no-such-critique"}, &out);
  EXPECT_TRUE(IsRpcError(unknown, grpc::StatusCode::INVALID_ARGUMENT, "UNKNOWN_RESOURCE",
                         "without[0]"));
  EXPECT_THAT(unknown.error_message(), HasSubstr("critiques/no-such-critique"));

  grpc::Status study = Explain(*stub_, "studies/crane-2012", {}, &out);
  EXPECT_TRUE(IsRpcError(study, grpc::StatusCode::INVALID_ARGUMENT, "NOT_A_CLAIM", "name"));

  grpc::Status missing = Explain(*stub_, "claims/no-such-claim", {}, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(NamesResource(missing, "claims/no-such-claim"));

  grpc::Status self = Explain(*stub_, kC2, {kC2}, &out);
  EXPECT_TRUE(IsRpcError(self, grpc::StatusCode::INVALID_ARGUMENT, "", "without[0]"));

  v1::ExplainClaimRequest request;
  request.set_name(kC2);
  request.mutable_thresholds()->set_beta(1.5);
  EXPECT_TRUE(IsRpcError(Explain(*stub_, request, &out), grpc::StatusCode::INVALID_ARGUMENT,
                         "", "thresholds.beta"));
  request.clear_thresholds();
  request.set_max_depth(13);
  EXPECT_TRUE(IsRpcError(Explain(*stub_, request, &out), grpc::StatusCode::INVALID_ARGUMENT,
                         "EXCEEDS_CAP", "max_depth"));
  request.set_max_depth(0);
  request.set_semantics(static_cast<v1::Semantics>(42));
  EXPECT_TRUE(IsRpcError(Explain(*stub_, request, &out), grpc::StatusCode::INVALID_ARGUMENT,
                         "", "semantics"));
}

TEST_F(DemoGraphTest, GorskiIsConnectedToTheInflammationClaimThroughHisUndercut) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::FindPathsRequest request;
  request.set_source("experts/david-gorski");
  request.set_target(kC1);
  v1::FindPathsResponse response;
  ASSERT_TRUE(stub_->FindPaths(&ctx, request, &response).ok());
  ASSERT_GT(response.paths_size(), 0);
  EXPECT_EQ(response.shortest_length(), 3);
  const v1::Path& first = response.paths(0);
  EXPECT_THAT(first.vertices(),
              ::testing::ElementsAre(
                  "experts/david-gorski", "critiques/gorski-single-genes",
                  "studies/crane-2012/edges/supports/claims/massage-reduces-inflammation",
                  kC1));
  for (int i = 1; i < response.paths_size(); ++i) {
    EXPECT_GE(response.paths(i).hops_size(), response.paths(i - 1).hops_size());
  }
  EXPECT_GT(response.revision(), 0u);
}

TEST_F(DemoGraphTest, TraverseFromAnExpertReachesTheClaimsTheyCritiqued) {
  v1::TraverseRequest request;
  request.add_start("experts/paul-ingraham");
  request.set_direction(v1::EDGE_DIRECTION_OUTGOING);
  request.set_max_depth(4);
  const TraverseRun run = RunTraverse(*stub_, request);
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  std::set<std::string> names;
  for (const auto& v : run.Vertices()) names.insert(v.name());
  EXPECT_TRUE(names.count("critiques/ingraham-crane-negative"));
  EXPECT_TRUE(names.count("studies/crane-2012"));
  EXPECT_TRUE(names.count(kC2));
  EXPECT_TRUE(names.count(kC3)) << "via the DOMS study link Ingraham undercuts";
  ASSERT_FALSE(run.messages.empty());
  EXPECT_TRUE(run.messages.back().done());
  EXPECT_FALSE(run.messages.back().truncated());
}

TEST_F(DemoGraphTest, SubgraphOfCraneHasFullNodesEdgesAndDot) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::GetSubgraphRequest request;
  request.set_name("studies/crane-2012");
  request.set_depth(2);
  request.set_include_dot(true);
  v1::GetSubgraphResponse response;
  ASSERT_TRUE(stub_->GetSubgraph(&ctx, request, &response).ok());
  ASSERT_GT(response.nodes_size(), 0);
  EXPECT_EQ(response.nodes(0).name(), "studies/crane-2012");
  EXPECT_EQ(response.nodes(0).study().sample_size(), 11);
  std::set<std::string> edges;
  for (const auto& e : response.edges()) edges.insert(e.name());
  EXPECT_TRUE(edges.count(
      "critiques/gorski-single-genes/edges/targets/studies/crane-2012/edges/supports/claims/"
      "massage-changes-gene-expression"));
  // Two hops from the study: Ingraham behind his critique of it.
  EXPECT_THAT(response.dot(), AllOf(HasSubstr("digraph"), HasSubstr("experts/paul-ingraham")));
}

TEST_F(DemoGraphTest, SearchFindsClaimsByWordsWithVerdictsOnRequest) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::SearchClaimsRequest request;
  request.set_query("Gene EXPRESSION");
  request.set_include_verdict(true);
  v1::SearchClaimsResponse response;
  ASSERT_TRUE(stub_->SearchClaims(&ctx, request, &response).ok());
  std::set<std::string> names;
  for (const auto& m : response.claims()) {
    names.insert(m.claim().name());
    EXPECT_NE(m.verdict(), v1::VERDICT_UNSPECIFIED);
  }
  EXPECT_TRUE(names.count(kC2));
  EXPECT_TRUE(names.count(kC4));

  // The verdict filter keeps exactly the matches whose explanation holds.
  grpc::ClientContext all_ctx;
  SetDeadline(all_ctx);
  request.set_query("massage");
  request.set_include_verdict(false);
  v1::SearchClaimsResponse all;
  ASSERT_TRUE(stub_->SearchClaims(&all_ctx, request, &all).ok());
  std::set<std::string> expected;
  for (const auto& m : all.claims()) {
    EXPECT_EQ(m.verdict(), v1::VERDICT_UNSPECIFIED) << "not requested";
    if (MustExplain(m.claim().name()).verdict() == v1::VERDICT_HOLDS) {
      expected.insert(m.claim().name());
    }
  }
  EXPECT_TRUE(expected.count(kC5));
  grpc::ClientContext filtered_ctx;
  SetDeadline(filtered_ctx);
  request.set_verdict(v1::VERDICT_HOLDS);
  v1::SearchClaimsResponse holding;
  ASSERT_TRUE(stub_->SearchClaims(&filtered_ctx, request, &holding).ok());
  std::set<std::string> holds;
  for (const auto& m : holding.claims()) {
    holds.insert(m.claim().name());
    EXPECT_EQ(m.verdict(), v1::VERDICT_HOLDS);
  }
  EXPECT_EQ(holds, expected);
}

// After a restart nothing is in memory: the first explanations are read
// from disk on the worker pool; once cached they are answered on gRPC's
// thread. The bytes on the wire must not depend on which.
TEST(DemoGraphRestartTest, ExplanationsAreTheSameFromDiskAndFromMemory) {
  TestServerOptions options;
  options.seed = true;
  auto server = TestServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE((*server)->Restart().ok());
  const std::vector<std::string> claims = {kC1, kC2, kC3, kC4, kC5, kC6};
  std::vector<std::string> first;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round == 0 ? "cold" : "warm");
    for (size_t i = 0; i < claims.size(); ++i) {
      v1::ExplainClaimRequest request;
      request.set_name(claims[i]);
      request.set_include_dot(i % 2 == 0);
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      ctx.AddMetadata("x-request-id", absl::StrCat("explain-", round, "-", i));
      RawReply raw = RawUnaryCall(*(*server)->channel(),
                                  "/evidencegraph.v1.QueryService/ExplainClaim",
                                  request.SerializeAsString(), ctx);
      ASSERT_TRUE(raw.status.ok()) << claims[i] << ": " << raw.status.error_message();
      EXPECT_EQ(Trailer(ctx, "x-request-id"), absl::StrCat("explain-", round, "-", i));
      if (round == 0) first.push_back(raw.bytes);
      EXPECT_EQ(raw.bytes, first[i]) << claims[i];
    }
  }
  EXPECT_EQ(*(*server)->Stop(), 0);
}

// The same for Traverse: one-hop walks held in memory are answered on
// gRPC's thread, the rest (and everything right after the restart) stream
// from the pool. Messages, statuses (errors, truncation) and the echoed
// request id must not depend on which.
TEST(DemoGraphRestartTest, TraversalsAreTheSameFromDiskAndFromMemory) {
  TestServerOptions options;
  options.seed = true;
  auto server = TestServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE((*server)->Restart().ok());
  auto stub = QueryStub((*server)->channel());
  std::vector<v1::TraverseRequest> requests;
  for (const char* claim : {kC1, kC2, kC3, kC4, kC5, kC6}) {
    v1::TraverseRequest request;
    request.add_start(claim);
    request.set_max_depth(1);
    requests.push_back(request);
    request.set_direction(v1::EDGE_DIRECTION_INCOMING);
    request.add_edge_kinds(v1::EDGE_KIND_SUPPORTS);
    requests.push_back(request);
  }
  v1::TraverseRequest several;
  for (const char* claim : {kC1, kC3, kC5}) several.add_start(claim);
  several.set_max_depth(1);
  requests.push_back(several);
  several.set_max_nodes(2);  // truncated
  requests.push_back(several);
  several.set_max_nodes(0);
  several.add_start("claims/no-such-claim");  // NOT_FOUND
  requests.push_back(several);
  several.set_start(3, "");  // INVALID_ARGUMENT
  requests.push_back(several);
  several.clear_start();
  several.add_start(kC1);
  several.set_max_depth(2);  // always pooled
  requests.push_back(several);
  several.set_max_depth(1);
  several.set_batch_size(1);  // several messages: pooled
  requests.push_back(several);

  std::vector<std::vector<std::string>> first_messages;
  std::vector<grpc::Status> first_status;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round == 0 ? "cold" : "warm");
    for (size_t i = 0; i < requests.size(); ++i) {
      SCOPED_TRACE(absl::StrCat("request ", i));
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      // The same id each round: it is part of an error's details.
      const std::string id = absl::StrCat("traverse-", i);
      ctx.AddMetadata("x-request-id", id);
      std::unique_ptr<grpc::ClientReader<v1::TraverseResponse>> reader =
          stub->Traverse(&ctx, requests[i]);
      std::vector<std::string> messages;
      for (v1::TraverseResponse message; reader->Read(&message);) {
        messages.push_back(message.SerializeAsString());
      }
      const grpc::Status status = reader->Finish();
      EXPECT_EQ(Trailer(ctx, "x-request-id"), id);
      if (round == 0) {
        first_messages.push_back(messages);
        first_status.push_back(status);
      }
      EXPECT_EQ(messages, first_messages[i]);
      EXPECT_EQ(status.error_code(), first_status[i].error_code());
      EXPECT_EQ(status.error_message(), first_status[i].error_message());
      // Compared as messages: ErrorInfo's metadata is a map (no byte order).
      google::rpc::Status details, first_details;
      ASSERT_TRUE(details.ParseFromString(status.error_details()));
      ASSERT_TRUE(first_details.ParseFromString(first_status[i].error_details()));
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(details, first_details))
          << details.DebugString() << "\nvs\n" << first_details.DebugString();
    }
  }
  // What the requests are meant to cover.
  EXPECT_EQ(first_status[first_status.size() - 4].error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(first_status[first_status.size() - 3].error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(first_messages[first_messages.size() - 5].size(), 1u);
  v1::TraverseResponse truncated;
  ASSERT_TRUE(truncated.ParseFromString(first_messages[first_messages.size() - 5][0]));
  EXPECT_TRUE(truncated.truncated());
  EXPECT_GT(first_messages.back().size(), 1u);
  EXPECT_EQ(*(*server)->Stop(), 0);
}

TEST_F(DemoGraphTest, TheQueryServiceReportsItsHealth) {
  auto health = server_->HealthStub();
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("evidencegraph.v1.QueryService");
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&ctx, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace evidencegraph::testing
