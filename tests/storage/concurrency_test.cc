// GraphStore under concurrent writers: optimistic conflicts are detected
// (one wins, the other is ABORTED, no update is lost), paging stays stable
// while the graph changes, and an edge can never outlive its endpoint.
#include <atomic>
#include <latch>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::CreateEdge;
using ::evidencegraph::storage::testing::CreateNode;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::evidencegraph::storage::testing::WriteOne;

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
  }
  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(ConcurrencyTest, TwoEtagUpdatesOfOneVersionOneWinsOneIsAborted) {
  absl::StatusOr<v1::Node> created = CreateNode(*store_, Claim("c1", "x"));
  ASSERT_TRUE(created.ok());
  // Both transactions have read the node before either commits: the latch
  // inside `mutate` (which runs after the read) guarantees the race.
  std::latch both_read(2);
  auto update = [&](const std::string& title) {
    UpdateNodeOp op;
    op.name = "claims/c1";
    op.expected_etag = created->etag();
    bool waited = false;
    op.mutate = [&both_read, title, waited](v1::Node& n) mutable {
      if (!waited) {
        waited = true;
        both_read.arrive_and_wait();
      }
      n.set_display_title(title);
      return absl::OkStatus();
    };
    return WriteOne(*store_, op);
  };
  absl::StatusOr<v1::BatchWriteResponse> a, b;
  std::thread ta([&] { a = update("from a"); });
  std::thread tb([&] { b = update("from b"); });
  ta.join();
  tb.join();

  ASSERT_NE(a.ok(), b.ok()) << "a: " << a.status() << " b: " << b.status();
  const absl::StatusOr<v1::BatchWriteResponse>& loser = a.ok() ? b : a;
  EXPECT_THAT(loser, StatusIs(absl::StatusCode::kAborted));
  const std::string winner_title = a.ok() ? "from a" : "from b";
  absl::StatusOr<v1::Node> stored = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->display_title(), winner_title);
  EXPECT_EQ(stored->etag(), (a.ok() ? a : b)->results(0).node().etag());
}

TEST_F(ConcurrencyTest, UnconditionalIncrementsFromManyThreadsLoseNothing) {
  v1::Node counter = Claim("counter", "x");
  counter.set_display_title("0");
  ASSERT_TRUE(CreateNode(*store_, counter).ok());
  constexpr int kThreads = 4;
  constexpr int kIncrements = 25;
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        UpdateNodeOp op;
        op.name = "claims/counter";
        op.mutate = [](v1::Node& n) {
          int value = 0;
          if (!absl::SimpleAtoi(n.display_title(), &value)) {
            return absl::InternalError("counter is not a number");
          }
          n.set_display_title(absl::StrCat(value + 1));
          return absl::OkStatus();
        };
        absl::StatusOr<v1::BatchWriteResponse> r = WriteOne(*store_, op);
        if (r.ok()) {
          ++applied;
        } else {
          // Retries are bounded: under heavy contention a write may give up,
          // but only ever with ABORTED.
          EXPECT_THAT(r, StatusIs(absl::StatusCode::kAborted));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<v1::Node> stored = store_->Snapshot()->GetNode("claims/counter");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->display_title(), absl::StrCat(applied.load()));
  EXPECT_GT(applied.load(), 0);
}

TEST_F(ConcurrencyTest, PagingWhileAnotherThreadWritesSeesEveryItemOnce) {
  constexpr int kNodes = 2500;
  std::vector<v1::Node> nodes;
  std::set<std::string> preexisting;
  for (int i = 0; i < kNodes; ++i) {
    // Even numbers now; the writer adds odd ones in between.
    nodes.push_back(Claim(absl::StrFormat("n%05d", 2 * i), "x"));
    preexisting.insert(nodes.back().name());
  }
  ASSERT_TRUE(store_->ImportBatch(nodes, {}, true).ok());

  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < kNodes && !done.load(); ++i) {
      ASSERT_TRUE(CreateNode(*store_, Claim(absl::StrFormat("n%05d", 2 * i + 1), "y")).ok());
      UpdateNodeOp touch;
      touch.name = absl::StrFormat("claims/n%05d", 2 * ((i * 7) % kNodes));
      touch.mutate = [](v1::Node& n) {
        n.set_display_title("touched");
        return absl::OkStatus();
      };
      ASSERT_TRUE(WriteOne(*store_, touch).ok());
    }
  });

  std::vector<std::string> seen;
  NodeListQuery query;
  query.kind = v1::NODE_KIND_CLAIM;
  query.page_size = 100;
  for (int pages = 0; pages < 1000; ++pages) {
    // A new snapshot per page, as the service does per request.
    absl::StatusOr<NodePage> page = store_->Snapshot()->ListNodes(query);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::Node& n : page->nodes) seen.push_back(n.name());
    if (page->next_page_token.empty()) break;
    query.page_token = page->next_page_token;
  }
  done = true;
  writer.join();

  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "an item was returned twice";
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  for (const std::string& name : preexisting) {
    ASSERT_TRUE(unique.contains(name)) << name << " was skipped";
  }
}

TEST_F(ConcurrencyTest, AnEdgeNeverOutlivesANodeDeletedConcurrently) {
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  constexpr int kRounds = 40;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = absl::StrCat("c", round);
    const std::string claim = "claims/" + id;
    ASSERT_TRUE(CreateNode(*store_, Claim(id, "x")).ok());
    std::latch start(2);
    std::thread deleter([&] {
      start.arrive_and_wait();
      (void)WriteOne(*store_, DeleteNodeOp{claim, "", false});
    });
    std::thread linker([&] {
      start.arrive_and_wait();
      (void)CreateEdge(*store_, Edge("studies/s", v1::EDGE_KIND_SUPPORTS, claim));
    });
    deleter.join();
    linker.join();

    std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
    const bool node_exists = *snap->Exists(claim);
    const bool edge_exists = *snap->Exists("studies/s/edges/supports/" + claim);
    EXPECT_FALSE(edge_exists && !node_exists) << "dangling edge to " << claim;
    int incoming = 0;
    ASSERT_TRUE(snap->ForEachAdjacent(claim, v1::EDGE_DIRECTION_INCOMING,
                                      v1::EDGE_KIND_UNSPECIFIED,
                                      [&](const Adjacency&) {
                                        ++incoming;
                                        return true;
                                      })
                    .ok());
    EXPECT_EQ(incoming, edge_exists ? 1 : 0);
  }
}

}  // namespace
}  // namespace evidencegraph::storage
