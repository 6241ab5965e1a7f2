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

// An op that parks its transaction (after the ops before it have read and
// written) until `resume` opens, the first time it runs: how these tests put
// a second writer's commit inside the first writer's transaction.
UpdateNodeOp ParkingOp(const std::string& node, std::latch* parked, std::latch* resume) {
  UpdateNodeOp op;
  op.name = node;
  auto first = std::make_shared<bool>(true);
  op.mutate = [parked, resume, first](v1::Node&) {
    if (*first) {
      *first = false;
      parked->count_down();
      resume->wait();
    }
    return absl::OkStatus();
  };
  return op;
}

TEST_F(ConcurrencyTest, EdgeAddedWhileTheNodeIsBeingDeletedMakesTheDeleteRetryAndRefuse) {
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c", "x")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("parking", "x")).ok());
  std::latch parked(1), resume(1);
  absl::StatusOr<v1::BatchWriteResponse> deleted;
  std::thread deleter([&] {
    std::vector<WriteOp> ops;
    ops.push_back(DeleteNodeOp{"claims/c", "", false});  // sees no edges...
    ops.push_back(ParkingOp("claims/parking", &parked, &resume));
    deleted = store_->Write(testing::Request(std::move(ops)));
  });
  parked.wait();
  // ...while this edge commits in between.
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c")).ok());
  resume.count_down();
  deleter.join();

  // The delete must not commit over the new edge: it conflicts, retries, and
  // then sees the edge.
  EXPECT_THAT(deleted, testing::StatusIsReason(absl::StatusCode::kFailedPrecondition,
                                               "NODE_HAS_EDGES"));
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  EXPECT_TRUE(*snap->Exists("claims/c"));
  EXPECT_TRUE(*snap->Exists("studies/s/edges/supports/claims/c"));
}

TEST_F(ConcurrencyTest, UndercutAddedWhileItsTargetEdgeIsBeingDeletedMakesTheDeleteRefuse) {
  const std::string supports = "studies/s/edges/supports/claims/c";
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c", "x")).ok());
  ASSERT_TRUE(CreateNode(*store_, testing::Critique("k")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("parking", "x")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c")).ok());
  std::latch parked(1), resume(1);
  absl::StatusOr<v1::BatchWriteResponse> deleted;
  std::thread deleter([&] {
    std::vector<WriteOp> ops;
    ops.push_back(DeleteEdgeOp{supports, "", false});
    ops.push_back(ParkingOp("claims/parking", &parked, &resume));
    deleted = store_->Write(testing::Request(std::move(ops)));
  });
  parked.wait();
  ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k", v1::EDGE_KIND_TARGETS, supports)).ok());
  resume.count_down();
  deleter.join();

  EXPECT_THAT(deleted, testing::StatusIsReason(absl::StatusCode::kFailedPrecondition,
                                               "EDGE_IS_TARGETED"));
  EXPECT_TRUE(*store_->Snapshot()->Exists(supports));
}

TEST_F(ConcurrencyTest, NodeDeletedWhileAnEdgeToItIsBeingCreatedMakesTheCreateFail) {
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c", "x")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("parking", "x")).ok());
  std::latch parked(1), resume(1);
  absl::StatusOr<v1::BatchWriteResponse> linked;
  std::thread linker([&] {
    std::vector<WriteOp> ops;
    ops.push_back(CreateEdgeOp{Edge("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c")});
    ops.push_back(ParkingOp("claims/parking", &parked, &resume));
    linked = store_->Write(testing::Request(std::move(ops)));
  });
  parked.wait();
  ASSERT_TRUE(WriteOne(*store_, DeleteNodeOp{"claims/c", "", false}).ok());
  resume.count_down();
  linker.join();

  EXPECT_THAT(linked, StatusIs(absl::StatusCode::kNotFound));
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  EXPECT_FALSE(*snap->Exists("claims/c"));
  EXPECT_FALSE(*snap->Exists("studies/s/edges/supports/claims/c"));
  int incoming = 0;
  ASSERT_TRUE(snap->ForEachAdjacent("claims/c", v1::EDGE_DIRECTION_INCOMING,
                                    v1::EDGE_KIND_UNSPECIFIED,
                                    [&](const Adjacency&) { return ++incoming, true; })
                  .ok());
  EXPECT_EQ(incoming, 0);
}


// --- Create-only batches (storage/create_batch.h): written outside any
// transaction while other writers wait. Padded past the default threshold.

constexpr int kBatchPadding = 16;

std::vector<WriteOp> CreateBatch(std::vector<WriteOp> ops, const std::string& tag) {
  for (int i = 0; i < kBatchPadding; ++i) {
    ops.push_back(CreateNodeOp{Study(absl::StrCat("pad-", tag, "-", i))});
  }
  return ops;
}

TEST_F(ConcurrencyTest, BatchesCreatingOneNameFromManyThreadsCreateItOnce) {
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<v1::BatchWriteResponse>> results(kThreads);
  std::latch start(1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<WriteOp> ops;
      ops.push_back(CreateNodeOp{Claim("same", absl::StrCat("written by ", t))});
      start.wait();
      // Half of them through the transaction (a single create), half batched.
      results[t] = t % 2 == 0 ? store_->Write(testing::Request(CreateBatch(
                                    std::move(ops), absl::StrCat("t", t))))
                              : store_->Write(testing::Request(std::move(ops)));
    });
  }
  start.count_down();
  for (std::thread& t : threads) t.join();
  int won = 0;
  for (int t = 0; t < kThreads; ++t) {
    if (results[t].ok()) {
      ++won;
      continue;
    }
    EXPECT_THAT(results[t], StatusIs(absl::StatusCode::kAlreadyExists)) << t;
  }
  EXPECT_EQ(won, 1);
  // A losing batch wrote none of its padding either.
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  for (int t = 0; t < kThreads; t += 2) {
    EXPECT_EQ(*snap->Exists(absl::StrCat("studies/pad-t", t, "-0")), results[t].ok()) << t;
  }
}

TEST_F(ConcurrencyTest, BatchLinkingToANodeWhileItIsBeingDeletedFailsAfterTheDelete) {
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c", "x")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("parking", "x")).ok());
  std::latch parked(1), resume(1);
  absl::StatusOr<v1::BatchWriteResponse> deleted;
  std::thread deleter([&] {
    std::vector<WriteOp> ops;
    ops.push_back(DeleteNodeOp{"claims/c", "", false});
    ops.push_back(ParkingOp("claims/parking", &parked, &resume));
    deleted = store_->Write(testing::Request(std::move(ops)));
  });
  parked.wait();
  // The delete's transaction is open: the batch waits for it, then checks.
  absl::StatusOr<v1::BatchWriteResponse> linked;
  std::thread linker([&] {
    std::vector<WriteOp> ops;
    ops.push_back(CreateEdgeOp{Edge("studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c")});
    linked = store_->Write(testing::Request(CreateBatch(std::move(ops), "link")));
  });
  resume.count_down();
  deleter.join();
  linker.join();

  EXPECT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_THAT(linked, StatusIs(absl::StatusCode::kNotFound));
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  EXPECT_FALSE(*snap->Exists("claims/c"));
  EXPECT_FALSE(*snap->Exists("studies/s/edges/supports/claims/c"));
  EXPECT_FALSE(*snap->Exists("studies/pad-link-0"));
}

TEST_F(ConcurrencyTest, BatchesLinkingToNodesOthersDeleteNeverLeaveAnEdgeDangling) {
  constexpr int kRounds = 40;
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  std::atomic<int> linked{0}, refused{0};
  for (int round = 0; round < kRounds; ++round) {
    const std::string claim = absl::StrCat("claims/c", round);
    ASSERT_TRUE(CreateNode(*store_, Claim(absl::StrCat("c", round), "x")).ok());
    absl::StatusOr<v1::BatchWriteResponse> link, del;
    std::latch start(2);
    std::thread linker([&] {
      std::vector<WriteOp> ops;
      ops.push_back(CreateEdgeOp{Edge("studies/s", v1::EDGE_KIND_SUPPORTS, claim)});
      std::vector<WriteOp> batch = CreateBatch(std::move(ops), absl::StrCat("r", round));
      start.arrive_and_wait();
      link = store_->Write(testing::Request(std::move(batch)));
    });
    std::thread deleter([&] {
      start.arrive_and_wait();
      del = WriteOne(*store_, DeleteNodeOp{claim, "", false});
    });
    linker.join();
    deleter.join();
    // Exactly one order happened: link then refused delete, or delete then
    // failed link.
    if (link.ok()) {
      ++linked;
      EXPECT_THAT(del, testing::StatusIsReason(absl::StatusCode::kFailedPrecondition,
                                               "NODE_HAS_EDGES"));
    } else {
      ++refused;
      EXPECT_THAT(link, StatusIs(absl::StatusCode::kNotFound));
      EXPECT_TRUE(del.ok()) << del.status();
    }
    std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
    const bool edge = *snap->Exists(absl::StrCat("studies/s/edges/supports/", claim));
    EXPECT_EQ(edge, link.ok());
    if (edge) {
      EXPECT_TRUE(*snap->Exists(claim)) << "dangling edge to " << claim;
    }
    int incoming = 0;
    ASSERT_TRUE(snap->ForEachAdjacent(claim, v1::EDGE_DIRECTION_INCOMING,
                                      v1::EDGE_KIND_UNSPECIFIED,
                                      [&](const Adjacency&) { return ++incoming, true; })
                    .ok());
    EXPECT_EQ(incoming, edge ? 1 : 0);
  }
  EXPECT_EQ(linked + refused, kRounds);
}

TEST_F(ConcurrencyTest, BatchAndTransactionCreatingOneEdgeCreateItOnce) {
  ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
  for (int round = 0; round < 20; ++round) {
    const std::string claim = absl::StrCat("claims/e", round);
    ASSERT_TRUE(CreateNode(*store_, Claim(absl::StrCat("e", round), "x")).ok());
    absl::StatusOr<v1::BatchWriteResponse> batched;
    absl::Status single;
    std::latch start(2);
    std::thread a([&] {
      std::vector<WriteOp> ops;
      ops.push_back(CreateEdgeOp{Edge("studies/s", v1::EDGE_KIND_SUPPORTS, claim)});
      std::vector<WriteOp> batch = CreateBatch(std::move(ops), absl::StrCat("e", round));
      start.arrive_and_wait();
      batched = store_->Write(testing::Request(std::move(batch)));
    });
    std::thread b([&] {
      start.arrive_and_wait();
      single = CreateEdge(*store_, Edge("studies/s", v1::EDGE_KIND_SUPPORTS, claim)).status();
    });
    a.join();
    b.join();
    EXPECT_NE(batched.ok(), single.ok()) << batched.status() << " / " << single;
    EXPECT_THAT(batched.ok() ? single : batched.status(),
                StatusIs(absl::StatusCode::kAlreadyExists));
  }
}

}  // namespace
}  // namespace evidencegraph::storage
