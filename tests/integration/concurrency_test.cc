// Concurrent clients on separate connections: optimistic concurrency with
// etags (one winner, the loser ABORTED, no update lost after a retry) and
// pagination that stays consistent while another client writes.
#include <atomic>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = server_->GraphStub();
  }
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::GraphService::Stub> stub_;
};

grpc::Status MaskedUpdate(v1::GraphService::Stub& stub, const std::string& etag,
                          const v1::Node& values, const std::string& path) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::UpdateNodeRequest request;
  *request.mutable_node() = values;
  request.mutable_node()->set_name("claims/contested");
  request.mutable_node()->set_etag(etag);
  request.mutable_update_mask()->add_paths(path);
  v1::Node out;
  return stub.UpdateNode(&ctx, request, &out);
}

TEST_F(ConcurrencyTest, ConcurrentUpdatersWithTheSameEtagOneWinsNothingLost) {
  ASSERT_TRUE(CreateNode(*stub_, "contested", ClaimNode("statement")).ok());
  auto stub_a = v1::GraphService::NewStub(server_->NewChannel());
  auto stub_b = v1::GraphService::NewStub(server_->NewChannel());

  for (int round = 0; round < 10; ++round) {
    v1::Node current;
    ASSERT_TRUE(GetNode(*stub_, "claims/contested", &current).ok());
    // A sets the title, B the labels: different fields, same starting etag.
    v1::Node a_values;
    a_values.set_display_title("title " + std::to_string(round));
    v1::Node b_values;
    b_values.add_labels("round-" + std::to_string(round));

    std::latch start(2);  // release both updaters together
    grpc::Status a_status, b_status;
    std::thread a([&] {
      start.arrive_and_wait();
      a_status = MaskedUpdate(*stub_a, current.etag(), a_values, "display_title");
    });
    std::thread b([&] {
      start.arrive_and_wait();
      b_status = MaskedUpdate(*stub_b, current.etag(), b_values, "labels");
    });
    a.join();
    b.join();

    ASSERT_NE(a_status.ok(), b_status.ok())
        << "round " << round << ": exactly one updater must win; A: " << a_status.error_message()
        << " B: " << b_status.error_message();
    const bool a_won = a_status.ok();
    EXPECT_TRUE(IsRpcError(a_won ? b_status : a_status, grpc::StatusCode::ABORTED));

    // The loser re-reads and retries with the fresh etag: both changes land.
    v1::Node fresh;
    ASSERT_TRUE(GetNode(*stub_, "claims/contested", &fresh).ok());
    grpc::Status retry = a_won ? MaskedUpdate(*stub_b, fresh.etag(), b_values, "labels")
                               : MaskedUpdate(*stub_a, fresh.etag(), a_values, "display_title");
    ASSERT_TRUE(retry.ok()) << retry.error_message();
    v1::Node final_node;
    ASSERT_TRUE(GetNode(*stub_, "claims/contested", &final_node).ok());
    EXPECT_EQ(final_node.display_title(), a_values.display_title());
    ASSERT_EQ(final_node.labels_size(), 1);
    EXPECT_EQ(final_node.labels(0), b_values.labels(0));
    EXPECT_EQ(final_node.claim().statement(), "statement");
  }
}

TEST_F(ConcurrencyTest, PaginationUnderConcurrentWritesSeesEveryItemOnce) {
  constexpr int kExisting = 2500;
  for (int first = 0; first < kExisting; first += 1000) {
    v1::BatchWriteRequest batch;
    for (int i = first; i < std::min(first + 1000, kExisting); ++i) {
      auto* create = batch.add_operations()->mutable_create_node();
      create->set_node_id(absl::StrFormat("p%04d", i));
      *create->mutable_node() = ClaimNode(absl::StrFormat("pre-existing claim %d", i));
    }
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::BatchWriteResponse response;
    ASSERT_TRUE(stub_->BatchWrite(&ctx, batch, &response).ok());
  }

  // The writer inserts names that sort between the pre-existing ones, deletes
  // some of its own, and updates pre-existing nodes, until the reader is done.
  std::atomic<bool> done{false};
  std::atomic<int> writes{0};
  std::thread writer([&] {
    auto stub = v1::GraphService::NewStub(server_->NewChannel());
    for (int i = 0; !done.load(); ++i) {
      const std::string id = absl::StrFormat("p%04d-new", (i * 37) % kExisting);
      grpc::Status created = CreateNode(*stub, id, ClaimNode("inserted while paging"));
      if (created.ok() && i % 3 == 0) {
        grpc::ClientContext ctx;
        SetDeadline(ctx);
        v1::DeleteNodeRequest del;
        del.set_name("claims/" + id);
        google::protobuf::Empty empty;
        stub->DeleteNode(&ctx, del, &empty);
      }
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      v1::UpdateNodeRequest update;
      update.mutable_node()->set_name(absl::StrFormat("claims/p%04d", (i * 53) % kExisting));
      update.mutable_node()->set_display_title("touched " + std::to_string(i));
      update.mutable_update_mask()->add_paths("display_title");
      v1::Node out;
      stub->UpdateNode(&ctx, update, &out);
      ++writes;
    }
  });

  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> duplicates;
  std::string token;
  int pages = 0;
  do {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListNodesRequest request;
    request.set_page_size(100);
    request.set_page_token(token);
    v1::ListNodesResponse response;
    grpc::Status status = stub_->ListNodes(&ctx, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::Node& node : response.nodes()) {
      if (!seen.insert(node.name()).second) duplicates.push_back(node.name());
    }
    token = response.next_page_token();
    // Let the writer interleave with the pages.
    if (pages % 5 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_LT(++pages, 200);
  } while (!token.empty());
  done = true;
  writer.join();

  EXPECT_TRUE(duplicates.empty()) << duplicates.size() << " items seen twice, e.g. "
                                  << duplicates.front();
  for (int i = 0; i < kExisting; ++i) {
    const std::string name = absl::StrFormat("claims/p%04d", i);
    ASSERT_TRUE(seen.contains(name)) << name << " was never listed";
  }
  EXPECT_GT(writes.load(), 0);
}

}  // namespace
}  // namespace evidencegraph::testing
