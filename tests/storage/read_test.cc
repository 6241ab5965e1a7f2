// GraphSnapshot reads: lists and their tokens, filters, adjacency, claim
// search kept in step with writes, and snapshot isolation.
#include <memory>
#include <set>
#include <string>
#include <vector>

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
using ::evidencegraph::storage::testing::Critique;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::evidencegraph::storage::testing::WriteOne;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class ReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
  }

  // Every page of `query`, concatenated, by name.
  std::vector<std::string> AllNodePages(NodeListQuery query) {
    std::vector<std::string> names;
    std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
    for (int guard = 0; guard < 10000; ++guard) {
      absl::StatusOr<NodePage> page = snap->ListNodes(query);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const v1::Node& n : page->nodes) names.push_back(n.name());
      if (page->next_page_token.empty()) break;
      query.page_token = page->next_page_token;
    }
    return names;
  }

  std::vector<std::string> AllEdgePages(EdgeListQuery query) {
    std::vector<std::string> names;
    std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
    for (int guard = 0; guard < 10000; ++guard) {
      absl::StatusOr<EdgePage> page = snap->ListEdges(query);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const v1::Edge& e : page->edges) names.push_back(e.name());
      if (page->next_page_token.empty()) break;
      query.page_token = page->next_page_token;
    }
    return names;
  }

  std::vector<std::string> Search(const std::string& query) {
    absl::StatusOr<std::vector<SearchHit>> hits = store_->Snapshot()->SearchClaims(query, 0, 100);
    EXPECT_TRUE(hits.ok()) << hits.status();
    std::vector<std::string> names;
    if (hits.ok()) {
      for (const SearchHit& h : *hits) names.push_back(h.claim_name);
    }
    return names;
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(ReadTest, ListNodesPagesInNameOrderFilteredByKind) {
  std::vector<std::string> claims;
  for (int i = 0; i < 7; ++i) {
    const std::string id = absl::StrFormat("c%02d", i);
    ASSERT_TRUE(CreateNode(*store_, Claim(id, "x")).ok());
    claims.push_back("claims/" + id);
  }
  ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  ASSERT_TRUE(CreateNode(*store_, Critique("k1")).ok());

  NodeListQuery query;
  query.kind = v1::NODE_KIND_CLAIM;
  query.page_size = 3;
  EXPECT_THAT(AllNodePages(query), ElementsAreArray(claims));

  NodeListQuery all;
  all.page_size = 2;
  std::vector<std::string> expected = {"claims/c00", "claims/c01", "claims/c02", "claims/c03",
                                       "claims/c04", "claims/c05", "claims/c06",
                                       "critiques/k1", "studies/s1"};
  EXPECT_THAT(AllNodePages(all), ElementsAreArray(expected));
}

TEST_F(ReadTest, BatchReadsGiveRecordsInTheOrderNamedLikeSingleReads) {
  for (const v1::Node& n : {Study("s1"), Study("s2"), Claim("c1", "x"), Critique("k1")}) {
    ASSERT_TRUE(CreateNode(*store_, n).ok());
  }
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s2", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_REFUTES, "claims/c1")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k1", v1::EDGE_KIND_TARGETS,
                                       "studies/s2/edges/supports/claims/c1"))
                  .ok());
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();

  // Names deliberately out of key order: the answer follows the request.
  const std::vector<std::string> nodes = {"studies/s2", "claims/c1", "critiques/k1", "studies/s1"};
  absl::StatusOr<std::vector<v1::Node>> got_nodes = snap->GetNodes(nodes);
  ASSERT_TRUE(got_nodes.ok()) << got_nodes.status();
  ASSERT_EQ(got_nodes->size(), nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    absl::StatusOr<v1::Node> one = snap->GetNode(nodes[i]);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ((*got_nodes)[i].SerializeAsString(), one->SerializeAsString()) << nodes[i];
  }
  const std::vector<std::string> edges = {
      "critiques/k1/edges/targets/studies/s2/edges/supports/claims/c1",
      "studies/s2/edges/supports/claims/c1", "studies/s1/edges/refutes/claims/c1"};
  absl::StatusOr<std::vector<v1::Edge>> got_edges = snap->GetEdges(edges);
  ASSERT_TRUE(got_edges.ok()) << got_edges.status();
  ASSERT_EQ(got_edges->size(), edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    absl::StatusOr<v1::Edge> one = snap->GetEdge(edges[i]);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ((*got_edges)[i].SerializeAsString(), one->SerializeAsString()) << edges[i];
  }
  EXPECT_TRUE(snap->GetNodes({}).ok());

  // A missing record is NOT_FOUND naming it; a malformed name is INVALID_ARGUMENT.
  absl::StatusOr<std::vector<v1::Node>> missing =
      snap->GetNodes(std::vector<std::string>{"studies/s1", "studies/nope"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), ::testing::HasSubstr("studies/nope"));
  absl::StatusOr<std::vector<v1::Edge>> missing_edge =
      snap->GetEdges(std::vector<std::string>{"studies/s1/edges/supports/claims/c1"});
  EXPECT_EQ(missing_edge.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(snap->GetEdges(std::vector<std::string>{"studies/s1"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ReadTest, LabelFilterCombinesWithKind) {
  ASSERT_TRUE(CreateNode(*store_, Claim("a", "x", {"running"})).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("b", "x", {"swimming"})).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c", "x", {"running", "swimming"})).ok());
  ASSERT_TRUE(CreateNode(*store_, Study("d", {"running"})).ok());

  NodeListQuery running;
  running.label = "running";
  running.page_size = 1;
  EXPECT_THAT(AllNodePages(running), ElementsAre("claims/a", "claims/c", "studies/d"));
  running.kind = v1::NODE_KIND_STUDY;
  EXPECT_THAT(AllNodePages(running), ElementsAre("studies/d"));

  // Labels follow updates and deletes.
  UpdateNodeOp relabel;
  relabel.name = "claims/a";
  relabel.mutate = [](v1::Node& n) {
    n.clear_labels();
    n.add_labels("swimming");
    return absl::OkStatus();
  };
  ASSERT_TRUE(WriteOne(*store_, relabel).ok());
  ASSERT_TRUE(WriteOne(*store_, DeleteNodeOp{"claims/c", "", false}).ok());
  NodeListQuery swimming;
  swimming.label = "swimming";
  EXPECT_THAT(AllNodePages(swimming), ElementsAre("claims/a", "claims/b"));
  running.kind = v1::NODE_KIND_UNSPECIFIED;
  EXPECT_THAT(AllNodePages(running), ElementsAre("studies/d"));
}

TEST_F(ReadTest, PageTokenIsBoundToItsFilters) {
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(CreateNode(*store_, Claim(id, "x", {"l"})).ok());
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  NodeListQuery query;
  query.page_size = 1;
  absl::StatusOr<NodePage> first = snap->ListNodes(query);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token.empty());

  NodeListQuery other = query;
  other.page_token = first->next_page_token;
  other.label = "l";
  absl::StatusOr<NodePage> mismatched = snap->ListNodes(other);
  EXPECT_THAT(mismatched, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorField(mismatched.status()), "page_token");

  NodeListQuery garbage = query;
  garbage.page_token = "not-a-token";
  EXPECT_THAT(snap->ListNodes(garbage), StatusIs(absl::StatusCode::kInvalidArgument));

  EdgeListQuery edges;
  edges.page_token = first->next_page_token;  // a nodes token on the edges list
  EXPECT_THAT(snap->ListEdges(edges), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ReadTest, ListEdgesOfANodeGivesOutgoingThenIncomingAcrossPages) {
  for (const v1::Node& n : {Study("s1"), Study("s2"), Study("s3"), Claim("c1", "x"),
                            Claim("c2", "y"), Critique("k1")}) {
    ASSERT_TRUE(CreateNode(*store_, n).ok());
  }
  // s2: two outgoing, two incoming.
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s2", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s2", v1::EDGE_KIND_CITES, "studies/s3")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_CITES, "studies/s2")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k1", v1::EDGE_KIND_TARGETS, "studies/s2")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_REFUTES, "claims/c2")).ok());

  const std::vector<std::string> out = {"studies/s2/edges/cites/studies/s3",
                                        "studies/s2/edges/supports/claims/c1"};
  const std::vector<std::string> in = {"studies/s1/edges/cites/studies/s2",
                                       "critiques/k1/edges/targets/studies/s2"};
  for (int page_size : {1, 2, 3, 10}) {
    EdgeListQuery query;
    query.node = "studies/s2";
    query.page_size = page_size;
    std::vector<std::string> both = out;
    both.insert(both.end(), in.begin(), in.end());
    EXPECT_THAT(AllEdgePages(query), ElementsAreArray(both)) << "page size " << page_size;
    query.direction = v1::EDGE_DIRECTION_OUTGOING;
    EXPECT_THAT(AllEdgePages(query), ElementsAreArray(out));
    query.direction = v1::EDGE_DIRECTION_INCOMING;
    EXPECT_THAT(AllEdgePages(query), ElementsAreArray(in));
  }
  EdgeListQuery cites;
  cites.node = "studies/s2";
  cites.kind = v1::EDGE_KIND_CITES;
  EXPECT_THAT(AllEdgePages(cites), ElementsAre("studies/s2/edges/cites/studies/s3",
                                              "studies/s1/edges/cites/studies/s2"));
  EdgeListQuery all;
  all.page_size = 2;
  EXPECT_EQ(AllEdgePages(all).size(), 5u);
  all.kind = v1::EDGE_KIND_CITES;
  EXPECT_THAT(AllEdgePages(all), ElementsAre("studies/s1/edges/cites/studies/s2",
                                            "studies/s2/edges/cites/studies/s3"));
}

TEST_F(ReadTest, ListEdgesAcceptsAnEdgeAsTheNode) {
  ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  ASSERT_TRUE(CreateNode(*store_, Critique("k1")).ok());
  const std::string supports = "studies/s1/edges/supports/claims/c1";
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k1", v1::EDGE_KIND_TARGETS, supports)).ok());
  EdgeListQuery query;
  query.node = supports;
  EXPECT_THAT(AllEdgePages(query), ElementsAre("critiques/k1/edges/targets/" + supports));
}

TEST_F(ReadTest, AdjacencyFiltersByDirectionAndKindAndStopsEarly) {
  for (const v1::Node& n : {Study("s1"), Claim("c1", "x"), Claim("c2", "y"), Study("s2")}) {
    ASSERT_TRUE(CreateNode(*store_, n).ok());
  }
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_REFUTES, "claims/c2")).ok());
  ASSERT_TRUE(CreateEdge(*store_, Edge("studies/s2", v1::EDGE_KIND_CITES, "studies/s1")).ok());
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  auto collect = [&](v1::EdgeDirection d, v1::EdgeKind k, int stop_after) {
    std::vector<std::string> out;
    EXPECT_TRUE(snap->ForEachAdjacent("studies/s1", d, k,
                                      [&](const Adjacency& a) {
                                        out.push_back(absl::StrCat(a.outgoing ? ">" : "<",
                                                                   a.neighbor));
                                        return static_cast<int>(out.size()) < stop_after;
                                      })
                    .ok());
    return out;
  };
  EXPECT_THAT(collect(v1::EDGE_DIRECTION_BOTH, v1::EDGE_KIND_UNSPECIFIED, 99),
              ElementsAre(">claims/c2", ">claims/c1", "<studies/s2"));  // refutes < supports
  EXPECT_THAT(collect(v1::EDGE_DIRECTION_OUTGOING, v1::EDGE_KIND_SUPPORTS, 99),
              ElementsAre(">claims/c1"));
  EXPECT_THAT(collect(v1::EDGE_DIRECTION_INCOMING, v1::EDGE_KIND_UNSPECIFIED, 99),
              ElementsAre("<studies/s2"));
  EXPECT_THAT(collect(v1::EDGE_DIRECTION_BOTH, v1::EDGE_KIND_UNSPECIFIED, 1), ElementsAre(">claims/c2"));
}

TEST_F(ReadTest, AdjacencyScansNestInsideEachOther) {
  for (const v1::Node& n : {Study("s1"), Study("s2"), Claim("c1", "x"), Claim("c2", "y")}) {
    ASSERT_TRUE(CreateNode(*store_, n).ok());
  }
  for (const char* s : {"studies/s1", "studies/s2"}) {
    for (const char* c : {"claims/c1", "claims/c2"}) {
      ASSERT_TRUE(CreateEdge(*store_, Edge(s, v1::EDGE_KIND_SUPPORTS, c)).ok());
    }
  }
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  // Every scan reuses the snapshot's iterators; one started from inside
  // another's callback must not disturb it.
  std::vector<std::string> seen;
  ASSERT_TRUE(snap->ForEachAdjacent(
                      "claims/c1", v1::EDGE_DIRECTION_INCOMING, v1::EDGE_KIND_UNSPECIFIED,
                      [&](const Adjacency& a) {
                        const std::string study(a.neighbor);
                        EXPECT_TRUE(snap->ForEachAdjacent(
                                            "claims/c2", v1::EDGE_DIRECTION_INCOMING,
                                            v1::EDGE_KIND_UNSPECIFIED,
                                            [&](const Adjacency& b) {
                                              seen.push_back(study + "|" + std::string(b.neighbor));
                                              return true;
                                            })
                                        .ok());
                        return true;
                      })
                  .ok());
  EXPECT_THAT(seen, ElementsAre("studies/s1|studies/s1", "studies/s1|studies/s2",
                                "studies/s2|studies/s1", "studies/s2|studies/s2"));
  // And scans after it start afresh.
  std::vector<std::string> again;
  ASSERT_TRUE(snap->ForEachAdjacent("studies/s2", v1::EDGE_DIRECTION_OUTGOING,
                                    v1::EDGE_KIND_UNSPECIFIED,
                                    [&](const Adjacency& a) {
                                      again.emplace_back(a.neighbor);
                                      return true;
                                    })
                  .ok());
  EXPECT_THAT(again, ElementsAre("claims/c1", "claims/c2"));
}

// IsEdgeTargeted answers by probing, then (past the probe budget) from the
// store's set of targeted edges for the snapshot's revision: the answers must
// not depend on which, and a later revision must not see an older set.
TEST_F(ReadTest, IsEdgeTargetedFollowsTheSnapshotsRevision) {
  constexpr int kStudies = 300;
  ASSERT_TRUE(CreateNode(*store_, Claim("c", "x")).ok());
  ASSERT_TRUE(CreateNode(*store_, Critique("k1")).ok());
  ASSERT_TRUE(CreateNode(*store_, Critique("k2")).ok());
  std::vector<v1::Node> studies;
  std::vector<v1::Edge> edges;
  for (int i = 0; i < kStudies; ++i) {
    studies.push_back(Study(absl::StrCat("s", i)));
    edges.push_back(Edge(absl::StrCat("studies/s", i),
                         i % 2 == 0 ? v1::EDGE_KIND_SUPPORTS : v1::EDGE_KIND_REFUTES,
                         "claims/c"));
  }
  ASSERT_TRUE(store_->ImportBatch(studies, edges, /*fail_on_conflict=*/true).ok());
  auto name = [](int i) {
    return absl::StrCat("studies/s", i, "/edges/", i % 2 == 0 ? "supports" : "refutes",
                        "/claims/c");
  };
  // k1 undercuts every 7th edge, k2 undermines a study (not an edge).
  std::set<int> targeted;
  for (int i = 0; i < kStudies; i += 7) {
    ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k1", v1::EDGE_KIND_TARGETS, name(i))).ok());
    targeted.insert(i);
  }
  ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k2", v1::EDGE_KIND_TARGETS, "studies/s1")).ok());

  auto check = [&](const GraphSnapshot& snap, const std::set<int>& expected) {
    for (int round = 0; round < 2; ++round) {  // probes first, then the set
      for (int i = 0; i < kStudies; ++i) {
        absl::StatusOr<bool> got = snap.IsEdgeTargeted(
            absl::StrCat("studies/s", i),
            i % 2 == 0 ? v1::EDGE_KIND_SUPPORTS : v1::EDGE_KIND_REFUTES, "claims/c");
        ASSERT_TRUE(got.ok()) << got.status();
        EXPECT_EQ(*got, expected.count(i) > 0) << "edge " << i << " round " << round;
      }
      // Not an edge of the graph; a study is targeted but is no edge.
      EXPECT_FALSE(*snap.IsEdgeTargeted("studies/s1", v1::EDGE_KIND_CITES, "claims/c"));
      EXPECT_FALSE(*snap.IsEdgeTargeted("critiques/k2", v1::EDGE_KIND_TARGETS, "studies/s1"));
    }
  };
  std::unique_ptr<GraphSnapshot> before = store_->Snapshot();
  check(*before, targeted);

  // A new undercut and a removed one: later snapshots see them, a fresh
  // snapshot at the old revision does not.
  ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/k2", v1::EDGE_KIND_TARGETS, name(1))).ok());
  ASSERT_TRUE(WriteOne(*store_, DeleteEdgeOp{MakeEdgeName("critiques/k1", v1::EDGE_KIND_TARGETS,
                                                          name(0)),
                                             ""})
                  .ok());
  std::set<int> now = targeted;
  now.insert(1);
  now.erase(0);
  std::unique_ptr<GraphSnapshot> after = store_->Snapshot();
  check(*after, now);
  check(*before, targeted);
  std::unique_ptr<GraphSnapshot> again = store_->Snapshot();
  check(*again, now);
}

TEST_F(ReadTest, SearchIsUpdatedInTheSameWrite) {
  ASSERT_TRUE(CreateNode(*store_, Claim("inflammation", "Massage reduces inflammation after exercise")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("genes", "Massage changes gene expression in muscle")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("soreness", "Massage reduces DOMS soreness")).ok());
  // Found right after create, case- and accent-insensitively.
  EXPECT_THAT(Search("INFLAMMATION"), ElementsAre("claims/inflammation"));
  EXPECT_THAT(Search("gène"), ElementsAre("claims/genes"));
  // Ranked OR: both terms beat one term.
  std::vector<std::string> ranked = Search("reduces soreness");
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0], "claims/soreness");
  EXPECT_EQ(ranked[1], "claims/inflammation");

  UpdateNodeOp update;
  update.name = "claims/genes";
  update.mutate = [](v1::Node& n) {
    n.mutable_claim()->set_statement("Massage changes mitochondria");
    return absl::OkStatus();
  };
  ASSERT_TRUE(WriteOne(*store_, update).ok());
  EXPECT_TRUE(Search("gene").empty());
  EXPECT_THAT(Search("mitochondria"), ElementsAre("claims/genes"));

  ASSERT_TRUE(WriteOne(*store_, DeleteNodeOp{"claims/inflammation", "", false}).ok());
  EXPECT_TRUE(Search("inflammation").empty());
  EXPECT_THAT(Search("massage").size(), 2u);
}

// Postings, labels and search counters are written outside the
// transaction's read index (storage/mutation_sink.h UnindexedTxnSink); ops
// of one request that rewrite them in turn must still leave exactly the last
// state, and a failed request none of it.
TEST_F(ReadTest, PostingsRewrittenWithinOneRequestKeepTheLastState) {
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Claim("x", "Alpha beta", {"first"})});
  UpdateNodeOp update;
  update.name = "claims/x";
  update.mutate = [](v1::Node& n) {
    n.mutable_claim()->set_statement("Beta gamma");
    n.clear_labels();
    n.add_labels("second");
    return absl::OkStatus();
  };
  ops.push_back(std::move(update));
  ops.push_back(CreateNodeOp{Claim("y", "Beta delta", {"first"})});
  ops.push_back(DeleteNodeOp{"claims/y", "", false});
  ASSERT_TRUE(store_->Write(testing::Request(std::move(ops))).ok());

  EXPECT_TRUE(Search("alpha").empty());
  EXPECT_TRUE(Search("delta").empty());
  EXPECT_THAT(Search("gamma"), ElementsAre("claims/x"));
  EXPECT_THAT(Search("beta"), ElementsAre("claims/x"));
  NodeListQuery first;
  first.label = "first";
  EXPECT_TRUE(AllNodePages(first).empty());
  NodeListQuery second;
  second.label = "second";
  EXPECT_THAT(AllNodePages(second), ElementsAre("claims/x"));

  // A request that fails after writing postings leaves none behind.
  std::vector<WriteOp> failing;
  failing.push_back(CreateNodeOp{Claim("z", "Zeta epsilon", {"third"})});
  failing.push_back(CreateNodeOp{Claim("x", "Duplicate")});
  EXPECT_THAT(store_->Write(testing::Request(std::move(failing))),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_TRUE(Search("zeta").empty());
  NodeListQuery third;
  third.label = "third";
  EXPECT_TRUE(AllNodePages(third).empty());

  // The counters stayed right: one claim of two terms, found and ranked.
  ASSERT_TRUE(CreateNode(*store_, Claim("w", "Gamma gamma gamma")).ok());
  std::vector<std::string> ranked = Search("gamma");
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0], "claims/w");
}

TEST_F(ReadTest, SearchIndexesTheDisplayTitleAndPagesWithOffset) {
  v1::Node titled = Claim("t", "Statement without the word");
  titled.set_display_title("Runners' recovery");
  ASSERT_TRUE(CreateNode(*store_, titled).ok());
  EXPECT_THAT(Search("runners"), ElementsAre("claims/t"));

  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(CreateNode(*store_, Claim(absl::StrCat("m", i), "massage")).ok());
  }
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  absl::StatusOr<std::vector<SearchHit>> first = snap->SearchClaims("massage", 0, 2);
  absl::StatusOr<std::vector<SearchHit>> rest = snap->SearchClaims("massage", 2, 10);
  ASSERT_TRUE(first.ok() && rest.ok());
  EXPECT_EQ(first->size(), 2u);
  EXPECT_EQ(rest->size(), 3u);
  EXPECT_THAT(snap->SearchClaims("!!", 0, 10), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ReadTest, ASnapshotDoesNotSeeLaterWrites) {
  ASSERT_TRUE(CreateNode(*store_, Claim("before", "massage")).ok());
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  const uint64_t revision = snap->revision();
  ASSERT_TRUE(CreateNode(*store_, Claim("after", "massage")).ok());
  ASSERT_TRUE(WriteOne(*store_, DeleteNodeOp{"claims/before", "", false}).ok());

  EXPECT_TRUE(snap->GetNode("claims/before").ok());
  EXPECT_THAT(snap->GetNode("claims/after"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(*snap->Exists("claims/after"), false);
  absl::StatusOr<NodePage> page = snap->ListNodes(NodeListQuery());
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->nodes.size(), 1u);
  EXPECT_EQ(page->nodes[0].name(), "claims/before");
  absl::StatusOr<std::vector<SearchHit>> hits = snap->SearchClaims("massage", 0, 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].claim_name, "claims/before");
  EXPECT_EQ(snap->revision(), revision);
  EXPECT_GT(store_->Snapshot()->revision(), revision);
}

TEST_F(ReadTest, MalformedNamesAreInvalidArgumentNotCrashes) {
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  EXPECT_THAT(snap->GetNode(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(snap->GetNode(absl::string_view("claims/a\0b", 10)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(snap->GetEdge("claims/a"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(snap->Exists("nonsense"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(snap->ForEachAdjacent("", v1::EDGE_DIRECTION_BOTH, v1::EDGE_KIND_UNSPECIFIED,
                                    [](const Adjacency&) { return true; }),
              StatusIs(absl::StatusCode::kInvalidArgument));
  NodeListQuery bad_kind;
  bad_kind.kind = static_cast<v1::NodeKind>(42);
  EXPECT_THAT(snap->ListNodes(bad_kind), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace evidencegraph::storage

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::CreateEdge;
using ::evidencegraph::storage::testing::CreateNode;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;

// Pages under a byte budget: every item exactly once, no page over the budget
// unless it holds a single item, and more pages than the count alone needs.
class PageBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
    // Ten claims of ~1 KB each, and one study supporting each with a ~1 KB note.
    for (int i = 0; i < 10; ++i) {
      v1::Node claim = Claim(absl::StrFormat("c%02d", i), std::string(1000, 'a' + i), {"big"});
      ASSERT_TRUE(CreateNode(*store_, claim).ok());
    }
    ASSERT_TRUE(CreateNode(*store_, Study("s")).ok());
    for (int i = 0; i < 10; ++i) {
      v1::Edge e = Edge("studies/s", v1::EDGE_KIND_SUPPORTS, absl::StrFormat("claims/c%02d", i));
      e.set_note(std::string(900, 'n'));
      ASSERT_TRUE(CreateEdge(*store_, e).ok());
    }
  }

  // Pages of `query` with their encoded sizes.
  template <typename Query, typename Page, typename List, typename Items>
  void CheckPages(Query query, List list, Items items, size_t expected_items,
                  int min_pages = 3) {
    std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
    std::vector<std::string> names;
    int pages = 0;
    for (int guard = 0; guard < 100; ++guard, ++pages) {
      absl::StatusOr<Page> page = list(*snap, query);
      ASSERT_TRUE(page.ok()) << page.status();
      size_t bytes = 0;
      for (const auto& item : items(*page)) {
        bytes += item.ByteSizeLong();
        names.push_back(item.name());
      }
      ASSERT_FALSE(items(*page).empty());
      if (items(*page).size() > 1) {
        EXPECT_LE(bytes, query.max_bytes + 200) << "page " << pages;
      }
      if (page->next_page_token.empty()) break;
      query.page_token = page->next_page_token;
    }
    EXPECT_EQ(names.size(), expected_items);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), expected_items);
    EXPECT_GE(pages + 1, min_pages) << "a 2.5 KB budget must split ~1 KB items into pages";
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(PageBudgetTest, NodePagesStopBeforeTheBudget) {
  NodeListQuery query;
  query.kind = v1::NODE_KIND_CLAIM;
  query.page_size = 1000;
  query.max_bytes = 2500;
  CheckPages<NodeListQuery, NodePage>(
      query, [](GraphSnapshot& s, const NodeListQuery& q) { return s.ListNodes(q); },
      [](const NodePage& p) -> const std::vector<v1::Node>& { return p.nodes; }, 10);
}

TEST_F(PageBudgetTest, LabelPagesStopBeforeTheBudget) {
  NodeListQuery query;
  query.label = "big";
  query.page_size = 1000;
  query.max_bytes = 2500;
  CheckPages<NodeListQuery, NodePage>(
      query, [](GraphSnapshot& s, const NodeListQuery& q) { return s.ListNodes(q); },
      [](const NodePage& p) -> const std::vector<v1::Node>& { return p.nodes; }, 10);
}

TEST_F(PageBudgetTest, OutgoingIncomingAndAllEdgePagesStopBeforeTheBudget) {
  auto list = [](GraphSnapshot& s, const EdgeListQuery& q) { return s.ListEdges(q); };
  auto items = [](const EdgePage& p) -> const std::vector<v1::Edge>& { return p.edges; };
  EdgeListQuery query;
  query.page_size = 1000;
  query.max_bytes = 2500;
  query.node = "studies/s";
  query.direction = v1::EDGE_DIRECTION_OUTGOING;
  CheckPages<EdgeListQuery, EdgePage>(query, list, items, 10);
  query.node = "";
  CheckPages<EdgeListQuery, EdgePage>(query, list, items, 10);
}

TEST_F(PageBudgetTest, IncomingEdgesAreCutAfterTheirValuesAreFetched) {
  // Ten ~1 KB edges into one claim, listed from the claim's side.
  for (int i = 1; i < 10; ++i) {
    v1::Edge e = Edge(absl::StrFormat("claims/c%02d", i), v1::EDGE_KIND_SPECIALISES, "claims/c00");
    e.set_note(std::string(900, 'm'));
    ASSERT_TRUE(CreateEdge(*store_, e).ok());
  }
  EdgeListQuery query;
  query.page_size = 1000;
  query.max_bytes = 2500;
  query.node = "claims/c00";
  query.direction = v1::EDGE_DIRECTION_BOTH;  // 0 outgoing... and 10 incoming
  CheckPages<EdgeListQuery, EdgePage>(
      query, [](GraphSnapshot& s, const EdgeListQuery& q) { return s.ListEdges(q); },
      [](const EdgePage& p) -> const std::vector<v1::Edge>& { return p.edges; }, 10);
  // Mixed phases: claims/c05 has one outgoing (SPECIALISES) and one incoming (SUPPORTS).
  query.node = "claims/c05";
  CheckPages<EdgeListQuery, EdgePage>(
      query, [](GraphSnapshot& s, const EdgeListQuery& q) { return s.ListEdges(q); },
      [](const EdgePage& p) -> const std::vector<v1::Edge>& { return p.edges; }, 2, 1);
}

}  // namespace
}  // namespace evidencegraph::storage
