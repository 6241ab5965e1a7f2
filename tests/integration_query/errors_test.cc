// Every bound and error of Traverse, FindPaths, GetSubgraph and SearchClaims
// as a client sees it: the code, the ErrorInfo reason and the BadRequest
// field (ExplainClaim's are in demo_test.cc). One seeded server per suite.
#include <grpcpp/support/byte_buffer.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"
#include "tests/integration_query/query_client.h"

namespace evidencegraph::testing {
namespace {

class QueryErrorsTest : public ::testing::Test {
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
  grpc::Status Traverse(const v1::TraverseRequest& request, size_t* messages = nullptr) {
    TraverseRun run = RunTraverse(*stub_, request);
    if (messages != nullptr) *messages = run.messages.size();
    return run.status;
  }
  grpc::Status FindPaths(const v1::FindPathsRequest& request) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::FindPathsResponse response;
    return stub_->FindPaths(&ctx, request, &response);
  }
  grpc::Status GetSubgraph(const v1::GetSubgraphRequest& request) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::GetSubgraphResponse response;
    return stub_->GetSubgraph(&ctx, request, &response);
  }
  grpc::Status Search(const v1::SearchClaimsRequest& request) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::SearchClaimsResponse response;
    return stub_->SearchClaims(&ctx, request, &response);
  }
  static TestServer* server_;
  std::unique_ptr<v1::QueryService::Stub> stub_;
};
TestServer* QueryErrorsTest::server_ = nullptr;

v1::TraverseRequest ValidTraverse() {
  v1::TraverseRequest r;
  r.add_start("studies/crane-2012");
  return r;
}

TEST_F(QueryErrorsTest, TraverseCapsAreInvalidArgumentBeforeAnyMessage) {
  v1::TraverseRequest r = ValidTraverse();
  r.set_max_depth(11);
  size_t messages = 1;
  EXPECT_TRUE(IsRpcError(Traverse(r, &messages), grpc::StatusCode::INVALID_ARGUMENT,
                         "EXCEEDS_CAP", "max_depth"));
  EXPECT_EQ(messages, 0u);
  r = ValidTraverse();
  r.set_max_nodes(100001);
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "EXCEEDS_CAP",
                         "max_nodes"));
  r = ValidTraverse();
  for (int i = 0; i < 101; ++i) r.add_start("studies/crane-2012");
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "EXCEEDS_CAP",
                         "start"));
  r = ValidTraverse();
  r.set_max_depth(-1);
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "max_depth"));
}

TEST_F(QueryErrorsTest, TraverseRejectsBadStartsAndFilters) {
  v1::TraverseRequest r;
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "start"));
  r = ValidTraverse();
  r.add_start("Studies/Bad Name");
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "start[1]"));
  r = ValidTraverse();
  r.add_start("studies/not-there");
  grpc::Status missing = Traverse(r);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(NamesResource(missing, "studies/not-there"));
  r = ValidTraverse();
  r.add_edge_kinds(v1::EDGE_KIND_SUPPORTS);
  r.add_edge_kinds(v1::EDGE_KIND_UNSPECIFIED);
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "edge_kinds[1]"));
  r = ValidTraverse();
  r.add_node_kinds(static_cast<v1::NodeKind>(77));
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "node_kinds[0]"));
  r = ValidTraverse();
  r.set_direction(static_cast<v1::EdgeDirection>(9));
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "direction"));
}

// Traverse read as raw bytes, the way the server writes them.
struct RawTraverse {
  std::vector<std::string> messages;
  grpc::Status status;
};

RawTraverse TraverseRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& request) {
  RawTraverse out;
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  const grpc::internal::RpcMethod method("/evidencegraph.v1.QueryService/Traverse",
                                         grpc::internal::RpcMethod::SERVER_STREAMING);
  grpc::Slice slice(request);
  const grpc::ByteBuffer bytes(&slice, 1);
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
      grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(channel.get(), method, &ctx,
                                                                    bytes));
  grpc::ByteBuffer message;
  while (reader->Read(&message)) {
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(message.Dump(&slices).ok());
    std::string one;
    for (const grpc::Slice& s : slices) {
      one.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    out.messages.push_back(std::move(one));
  }
  out.status = reader->Finish();
  return out;
}

TEST_F(QueryErrorsTest, TraverseRequestThatDoesNotParseIsInvalid) {
  // A varint cut short: not a TraverseRequest.
  RawTraverse raw = TraverseRaw(server_->channel(), std::string("\x10\xff", 2));
  EXPECT_TRUE(raw.messages.empty());
  EXPECT_TRUE(IsRpcError(raw.status, grpc::StatusCode::INVALID_ARGUMENT, "MALFORMED_REQUEST"));
}

// The server writes Traverse messages as bytes from the walk: on the wire
// they are exactly what serialising the parsed messages gives, and a typed
// client reads the same stream.
TEST_F(QueryErrorsTest, TraversedBytesAreTheSerialisedMessages) {
  v1::TraverseRequest r;
  r.add_start("experts/david-gorski");
  r.add_start("studies/crane-2012");
  r.set_max_depth(4);
  r.set_batch_size(3);
  RawTraverse raw = TraverseRaw(server_->channel(), r.SerializeAsString());
  ASSERT_TRUE(raw.status.ok()) << raw.status.error_message();
  TraverseRun typed = RunTraverse(*stub_, r);
  ASSERT_TRUE(typed.status.ok());
  ASSERT_GT(raw.messages.size(), 2u);
  ASSERT_EQ(raw.messages.size(), typed.messages.size());
  for (size_t i = 0; i < raw.messages.size(); ++i) {
    v1::TraverseResponse parsed;
    ASSERT_TRUE(parsed.ParseFromString(raw.messages[i])) << i;
    EXPECT_EQ(parsed.SerializeAsString(), raw.messages[i]) << i;
    EXPECT_EQ(typed.messages[i].SerializeAsString(), raw.messages[i]) << i;
    EXPECT_EQ(parsed.done(), i + 1 == raw.messages.size()) << i;
  }
}

TEST_F(QueryErrorsTest, OversizedBatchesAreCoercedNotRejected) {
  v1::TraverseRequest r = ValidTraverse();
  r.set_batch_size(1000000);
  EXPECT_TRUE(Traverse(r).ok());
  r.set_batch_size(-1);
  EXPECT_TRUE(IsRpcError(Traverse(r), grpc::StatusCode::INVALID_ARGUMENT, "", "batch_size"));
}

TEST_F(QueryErrorsTest, FindPathsBoundsAndEndpoints) {
  v1::FindPathsRequest r;
  r.set_source("experts/david-gorski");
  r.set_target("claims/massage-reduces-inflammation");
  EXPECT_TRUE(FindPaths(r).ok());
  v1::FindPathsRequest bad = r;
  bad.set_max_length(9);
  EXPECT_TRUE(IsRpcError(FindPaths(bad), grpc::StatusCode::INVALID_ARGUMENT, "EXCEEDS_CAP",
                         "max_length"));
  bad = r;
  bad.set_max_paths(101);
  EXPECT_TRUE(IsRpcError(FindPaths(bad), grpc::StatusCode::INVALID_ARGUMENT, "EXCEEDS_CAP",
                         "max_paths"));
  bad = r;
  bad.set_target(r.source());
  EXPECT_TRUE(IsRpcError(FindPaths(bad), grpc::StatusCode::INVALID_ARGUMENT, "", "target"));
  bad = r;
  bad.set_source("");
  EXPECT_TRUE(IsRpcError(FindPaths(bad), grpc::StatusCode::INVALID_ARGUMENT, "", "source"));
  bad = r;
  bad.set_target("claims/nope");
  grpc::Status missing = FindPaths(bad);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(NamesResource(missing, "claims/nope"));
}

TEST_F(QueryErrorsTest, GetSubgraphBoundsAndCentre) {
  v1::GetSubgraphRequest r;
  r.set_name("studies/crane-2012");
  r.set_depth(6);
  EXPECT_TRUE(IsRpcError(GetSubgraph(r), grpc::StatusCode::INVALID_ARGUMENT, "EXCEEDS_CAP",
                         "depth"));
  r.set_depth(1);
  r.set_max_nodes(10001);
  EXPECT_TRUE(IsRpcError(GetSubgraph(r), grpc::StatusCode::INVALID_ARGUMENT, "EXCEEDS_CAP",
                         "max_nodes"));
  r.set_max_nodes(0);
  r.set_name("");
  EXPECT_TRUE(IsRpcError(GetSubgraph(r), grpc::StatusCode::INVALID_ARGUMENT, "", "name"));
  r.set_name("studies/absent");
  EXPECT_EQ(GetSubgraph(r).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(QueryErrorsTest, SearchClaimsValidation) {
  v1::SearchClaimsRequest r;
  EXPECT_TRUE(IsRpcError(Search(r), grpc::StatusCode::INVALID_ARGUMENT, "", "query"));
  r.set_query("massage");
  r.set_page_token("garbage");
  EXPECT_TRUE(IsRpcError(Search(r), grpc::StatusCode::INVALID_ARGUMENT, "INVALID_PAGE_TOKEN",
                         "page_token"));
  r.clear_page_token();
  r.set_page_size(-5);
  EXPECT_TRUE(IsRpcError(Search(r), grpc::StatusCode::INVALID_ARGUMENT, "", "page_size"));
  r.set_page_size(0);
  r.set_label("NOT A LABEL");
  EXPECT_TRUE(IsRpcError(Search(r), grpc::StatusCode::INVALID_ARGUMENT, "", "label"));
  r.clear_label();
  r.set_verdict(static_cast<v1::Verdict>(12));
  EXPECT_TRUE(IsRpcError(Search(r), grpc::StatusCode::INVALID_ARGUMENT, "", "verdict"));
}

TEST_F(QueryErrorsTest, SearchPagesThroughEveryMatchOnce) {
  v1::SearchClaimsRequest r;
  r.set_query("massage");
  r.set_page_size(2);
  std::set<std::string> seen;
  int pages = 0;
  for (;; ++pages) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::SearchClaimsResponse page;
    ASSERT_TRUE(stub_->SearchClaims(&ctx, r, &page).ok());
    EXPECT_LE(page.claims_size(), 2);
    for (const auto& m : page.claims()) {
      EXPECT_TRUE(seen.insert(m.claim().name()).second) << m.claim().name();
    }
    if (page.next_page_token().empty()) break;
    r.set_page_token(page.next_page_token());
    ASSERT_LT(pages, 20);
  }
  EXPECT_GE(seen.size(), 5u) << "the demo has at least five massage claims";
  EXPECT_GE(pages, 2);
}

}  // namespace
}  // namespace evidencegraph::testing
