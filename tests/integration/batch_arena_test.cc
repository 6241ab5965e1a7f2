// BatchWrite requests are parsed into a protobuf arena on the server
// (services/arena_request_allocator.h). Batches large enough to span many
// arena blocks, through the real server: stored payloads equal what was
// sent, a failing op deep in the batch names its field and writes nothing,
// a request_id retry replays the first response byte for byte (also after a
// restart, when the record is read back), and calls back to back reuse
// nothing of an earlier request.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/server_test.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

constexpr int kStudies = 250;  // + 3 edges each: a 1000-op batch

class BatchArenaTest : public ServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServerTest::SetUp());
    auto stub = server_->GraphStub();
    for (int c = 0; c < 3; ++c) {
      ASSERT_TRUE(CreateNode(*stub, absl::StrCat("c", c), ClaimNode(absl::StrCat("claim ", c)))
                      .ok());
    }
  }

  // `tag` keeps the ids of distinct batches apart; titles are long so the
  // request spans many arena blocks.
  static v1::BatchWriteRequest Batch(absl::string_view tag) {
    v1::BatchWriteRequest batch;
    for (int i = 0; i < kStudies; ++i) {
      const std::string id = absl::StrCat(tag, "-", i);
      auto* create = batch.add_operations()->mutable_create_node();
      create->set_node_id(id);
      *create->mutable_node() =
          StudyNode(absl::StrCat("Study ", id, " ", std::string(200, 'x')));
      create->mutable_node()->add_labels(absl::StrCat("label-", i % 7));
      for (int c = 0; c < 3; ++c) {
        *batch.add_operations()->mutable_create_edge()->mutable_edge() =
            MakeEdge(absl::StrCat("studies/", id), v1::EDGE_KIND_SUPPORTS,
                     absl::StrCat("claims/c", c));
      }
    }
    return batch;
  }

  grpc::Status Write(const v1::BatchWriteRequest& batch, v1::BatchWriteResponse* out) {
    auto stub = server_->GraphStub();
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    return stub->BatchWrite(&ctx, batch, out);
  }
};

TEST_F(BatchArenaTest, LargeBatchesStoreWhatWasSent) {
  for (const char* tag : {"a", "b", "c"}) {  // back to back: fresh arenas
    const v1::BatchWriteRequest batch = Batch(tag);
    v1::BatchWriteResponse response;
    const grpc::Status status = Write(batch, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), batch.operations_size());
    auto stub = server_->GraphStub();
    for (int i : {0, kStudies / 2, kStudies - 1}) {
      const v1::CreateNodeRequest& sent = batch.operations(4 * i).create_node();
      v1::Node stored;
      ASSERT_TRUE(GetNode(*stub, absl::StrCat("studies/", sent.node_id()), &stored).ok());
      EXPECT_EQ(stored.study().citation().title(), sent.node().study().citation().title());
      EXPECT_EQ(stored.labels(0), sent.node().labels(0));
      EXPECT_EQ(stored.SerializeAsString(), response.results(4 * i).node().SerializeAsString());
      v1::Edge edge;
      ASSERT_TRUE(GetEdge(*stub, response.results(4 * i + 3).edge().name(), &edge).ok());
      EXPECT_EQ(edge.SerializeAsString(), response.results(4 * i + 3).edge().SerializeAsString());
    }
  }
}

TEST_F(BatchArenaTest, AnInvalidOpDeepInTheBatchNamesItsFieldAndWritesNothing) {
  v1::BatchWriteRequest batch = Batch("bad");
  batch.mutable_operations(997)->mutable_create_edge()->mutable_edge()->set_target(
      "claims/NOT VALID");
  v1::BatchWriteResponse response;
  EXPECT_TRUE(IsRpcError(Write(batch, &response), grpc::StatusCode::INVALID_ARGUMENT, "",
                         "operations[997].create_edge.edge.target"));

  batch = Batch("missing");
  batch.mutable_operations(998)->mutable_create_edge()->mutable_edge()->set_target(
      "claims/absent");
  const grpc::Status missing = Write(batch, &response);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND) << missing.error_message();
  EXPECT_TRUE(NamesResource(missing, "claims/absent"));

  auto stub = server_->GraphStub();
  v1::Node node;
  EXPECT_EQ(GetNode(*stub, "studies/bad-0", &node).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetNode(*stub, "studies/missing-0", &node).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BatchArenaTest, RequestIdRetriesReplayTheFirstResponse) {
  v1::BatchWriteRequest batch = Batch("r");
  batch.set_request_id("large-batch-1");
  v1::BatchWriteResponse first, retry, after_restart;
  ASSERT_TRUE(Write(batch, &first).ok());
  const grpc::Status again = Write(batch, &retry);
  ASSERT_TRUE(again.ok()) << again.error_message();  // no ALREADY_EXISTS on retry
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());

  ASSERT_TRUE(server_->Restart().ok());
  ASSERT_TRUE(Write(batch, &after_restart).ok());
  EXPECT_EQ(after_restart.SerializeAsString(), first.SerializeAsString());

  // The same id with a different request is refused, whatever its size.
  batch.mutable_operations(0)->mutable_create_node()->mutable_node()->add_labels("extra");
  v1::BatchWriteResponse other;
  EXPECT_TRUE(IsRpcError(Write(batch, &other), grpc::StatusCode::INVALID_ARGUMENT, "",
                         "request_id"));
}

}  // namespace
}  // namespace evidencegraph::testing
