// The create-only batch path (storage/create_batch.h) against the
// transactional one: the same requests give the same results, the same
// errors (code, message, payloads) and the same stored graph; a failing
// batch writes nothing; request_id replays across both paths.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::Claim;
using ::evidencegraph::storage::testing::Critique;
using ::evidencegraph::storage::testing::Edge;
using ::evidencegraph::storage::testing::EdgeNameOf;
using ::evidencegraph::storage::testing::Request;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;

std::unique_ptr<GraphStore> OpenWith(const std::string& path, int exclusive_create_min_ops) {
  GraphStoreOptions options = testing::TestStoreOptions(path);
  options.exclusive_create_min_ops = exclusive_create_min_ops;
  return testing::OpenStore(options);
}

// Times and etags depend on the clock; everything else must match.
v1::BatchWriteResponse WithoutStamps(v1::BatchWriteResponse response) {
  for (v1::WriteResult& result : *response.mutable_results()) {
    if (result.has_node()) {
      result.mutable_node()->clear_create_time();
      result.mutable_node()->clear_update_time();
      result.mutable_node()->clear_etag();
    }
    if (result.has_edge()) {
      result.mutable_edge()->clear_create_time();
      result.mutable_edge()->clear_update_time();
      result.mutable_edge()->clear_etag();
    }
  }
  return response;
}

// The stored graph, stamps cleared, plus what the indexes answer.
std::string Dump(GraphStore& store) {
  std::unique_ptr<GraphSnapshot> snap = store.Snapshot();
  std::string out;
  EXPECT_TRUE(snap->ScanNodes([&](const v1::Node& stored) {
                    v1::Node node = stored;
                    node.clear_create_time();
                    node.clear_update_time();
                    node.clear_etag();
                    absl::StrAppend(&out, node.ShortDebugString(), "\n");
                    return true;
                  }).ok());
  EXPECT_TRUE(snap->ScanEdges([&](const v1::Edge& stored) {
                    v1::Edge edge = stored;
                    edge.clear_create_time();
                    edge.clear_update_time();
                    edge.clear_etag();
                    absl::StrAppend(&out, edge.ShortDebugString(), "\n");
                    return true;
                  }).ok());
  for (const char* node : {"claims/c1", "claims/new", "critiques/k", "studies/s1"}) {
    EXPECT_TRUE(snap->ForEachAdjacent(node, v1::EDGE_DIRECTION_BOTH, v1::EDGE_KIND_UNSPECIFIED,
                                      [&](const Adjacency& a) {
                                        absl::StrAppend(&out, node, " ", a.neighbor, " ",
                                                        a.kind, a.outgoing, "\n");
                                        return true;
                                      })
                    .ok());
  }
  NodeListQuery by_label;
  by_label.label = "batch";
  by_label.page_size = 100;
  absl::StatusOr<NodePage> labelled = snap->ListNodes(by_label);
  EXPECT_TRUE(labelled.ok()) << labelled.status();
  if (labelled.ok()) {
    for (const v1::Node& node : labelled->nodes) absl::StrAppend(&out, "label ", node.name(), "\n");
  }
  absl::StatusOr<std::vector<SearchHit>> hits = snap->SearchClaims("vitamin sleep", 0, 10);
  EXPECT_TRUE(hits.ok()) << hits.status();
  if (hits.ok()) {
    for (const SearchHit& hit : *hits) absl::StrAppend(&out, "hit ", hit.claim_name, " ", hit.score, "\n");
  }
  return out;
}

// Two stores with the same seed graph: one writes create-only requests
// through the transaction, the other through the batch path.
class CreateBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    txn_ = OpenWith(dir_.Sub("txn"), 0);
    batch_ = OpenWith(dir_.Sub("batch"), 1);
    copying_ = OpenWith(dir_.Sub("copying"), 1);
    ASSERT_NE(txn_, nullptr);
    ASSERT_NE(batch_, nullptr);
    ASSERT_NE(copying_, nullptr);
    std::vector<WriteOp> seed;
    seed.push_back(CreateNodeOp{Claim("c1", "Vitamin D improves sleep", {"seed"})});
    seed.push_back(CreateNodeOp{Claim("c2", "Coffee harms sleep")});
    seed.push_back(CreateNodeOp{Study("s1")});
    seed.push_back(CreateNodeOp{Critique("k")});
    seed.push_back(CreateEdgeOp{Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")});
    for (GraphStore* store : {txn_.get(), batch_.get(), copying_.get()}) {
      // Below any threshold but 1: the seed goes through each store's path.
      std::vector<WriteOp> ops = seed;
      ASSERT_TRUE(store->Write(Request(std::move(ops))).ok());
    }
  }

  // Applies `ops` to every store and expects the same outcome; returns it.
  // The batch path runs on a request given away (records moved) and on a
  // const one (records copied).
  absl::StatusOr<v1::BatchWriteResponse> Both(const std::vector<WriteOp>& ops,
                                              const std::string& request_id = "") {
    const std::string fingerprint = request_id.empty() ? "" : "fp";
    absl::StatusOr<v1::BatchWriteResponse> via_txn =
        txn_->Write(Request(ops, request_id, fingerprint));
    absl::StatusOr<v1::BatchWriteResponse> via_batch =
        batch_->Write(Request(ops, request_id, fingerprint));
    const WriteRequest kept = Request(ops, request_id, fingerprint);
    absl::StatusOr<v1::BatchWriteResponse> via_copy = copying_->Write(kept);
    EXPECT_EQ(via_txn.status(), via_batch.status());
    EXPECT_EQ(via_txn.status(), via_copy.status());
    if (via_txn.ok() && via_batch.ok() && via_copy.ok()) {
      EXPECT_EQ(WithoutStamps(*via_txn).ShortDebugString(),
                WithoutStamps(*via_batch).ShortDebugString());
      EXPECT_EQ(WithoutStamps(*via_txn).ShortDebugString(),
                WithoutStamps(*via_copy).ShortDebugString());
    }
    EXPECT_EQ(Dump(*txn_), Dump(*batch_));
    EXPECT_EQ(Dump(*txn_), Dump(*copying_));
    return via_batch;
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> txn_;
  std::unique_ptr<GraphStore> batch_;
  std::unique_ptr<GraphStore> copying_;
};

TEST_F(CreateBatchTest, ManyCreatesGiveTheSameResultsAndGraph) {
  const std::string supports = "studies/s2/edges/supports/claims/new";
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Claim("new", "Vitamin D and sleep quality", {"batch", "x"})});
  ops.push_back(CreateNodeOp{Study("s2", {"batch"})});
  ops.push_back(CreateEdgeOp{Edge("studies/s2", v1::EDGE_KIND_SUPPORTS, "claims/new")});
  ops.push_back(CreateEdgeOp{Edge("studies/s2", v1::EDGE_KIND_SUPPORTS, "claims/c1")});
  ops.push_back(CreateEdgeOp{Edge("critiques/k", v1::EDGE_KIND_TARGETS, supports)});
  ops.push_back(CreateEdgeOp{
      Edge("critiques/k", v1::EDGE_KIND_TARGETS, "studies/s1/edges/supports/claims/c1")});
  ops.push_back(CreateEdgeOp{Edge("claims/new", v1::EDGE_KIND_SPECIALISES, "claims/c2")});
  absl::StatusOr<v1::BatchWriteResponse> written = Both(ops);
  ASSERT_TRUE(written.ok()) << written.status();
  ASSERT_EQ(written->results_size(), 7);
  EXPECT_EQ(written->results(2).edge().name(), supports);
  EXPECT_FALSE(written->results(0).node().etag().empty());
  EXPECT_TRUE(written->results(0).node().has_create_time());
  EXPECT_EQ(written->results(0).node().kind(), v1::NODE_KIND_CLAIM);
  // What the batch path wrote reads back exactly as it answered.
  absl::StatusOr<v1::Edge> stored = batch_->Snapshot()->GetEdge(supports);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->ShortDebugString(), written->results(2).edge().ShortDebugString());
}

TEST_F(CreateBatchTest, FirstFailingOpDecidesAndNothingIsWritten) {
  const auto node = [](const std::string& id) -> WriteOp { return CreateNodeOp{Study(id)}; };
  const auto edge = [](const std::string& s, v1::EdgeKind k, const std::string& t) -> WriteOp {
    return CreateEdgeOp{Edge(s, k, t)};
  };
  v1::Node bad_label = Study("lab");
  bad_label.add_labels("");
  v1::Node bad_payload = Study("pay");
  bad_payload.set_name("claims/pay");
  v1::Edge bad_kind = Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c2");
  bad_kind.set_kind(static_cast<v1::EdgeKind>(99));

  const std::vector<std::vector<WriteOp>> failing = {
      // The name is taken in the store / earlier in the batch.
      {node("n1"), CreateNodeOp{Claim("c1", "again")}},
      {node("n1"), node("n2"), node("n1")},
      // Endpoints missing in the store and the batch, or created only later.
      {node("n1"), edge("studies/nope", v1::EDGE_KIND_SUPPORTS, "claims/c1")},
      {node("n1"), edge("studies/n1", v1::EDGE_KIND_SUPPORTS, "claims/nope")},
      {edge("studies/n1", v1::EDGE_KIND_SUPPORTS, "claims/c1"), node("n1")},
      {node("n1"),
       edge("critiques/k", v1::EDGE_KIND_TARGETS, "studies/n1/edges/supports/claims/c1"),
       edge("studies/n1", v1::EDGE_KIND_SUPPORTS, "claims/c1")},
      {edge("critiques/k", v1::EDGE_KIND_TARGETS, "studies/s1/edges/supports/claims/c2")},
      // The edge exists in the store / earlier in the batch.
      {node("n1"), edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")},
      {node("n1"), edge("studies/n1", v1::EDGE_KIND_SUPPORTS, "claims/c1"),
       edge("studies/n1", v1::EDGE_KIND_SUPPORTS, "claims/c1")},
      // Store-free checks fail at a later op than a store check: the
      // earlier op's error stands; and the other way round.
      {node("n1"), CreateNodeOp{Claim("c1", "again")}, CreateNodeOp{bad_label}},
      {node("n1"), CreateNodeOp{bad_label}, CreateNodeOp{Claim("c1", "again")}},
      {node("n1"), CreateNodeOp{bad_payload}},
      {node("n1"), CreateEdgeOp{bad_kind}},
      {node("n1"), edge("studies/n1", v1::EDGE_KIND_SUPPORTS, "not a name")},
      // A single op: no "operations[0]" prefix.
      {CreateNodeOp{Claim("c1", "again")}},
      {edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/nope")},
  };
  const std::string before = Dump(*batch_);
  for (size_t i = 0; i < failing.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("request ", i));
    absl::StatusOr<v1::BatchWriteResponse> result = Both(failing[i]);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(Dump(*batch_), before);
    EXPECT_FALSE(*batch_->Snapshot()->Exists("studies/n1"));
  }
  EXPECT_THAT(Both(failing[0]), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Both(failing[2]), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Both(failing[9]), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Both(failing[10]), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Both(failing[4]).status().message(),
            "operations[0]: edge studies/n1/edges/supports/claims/c1: source node not found: "
            "studies/n1");
}

TEST_F(CreateBatchTest, RequestIdReplaysAcrossBothPaths) {
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Study("r1")});
  ops.push_back(CreateEdgeOp{Edge("studies/r1", v1::EDGE_KIND_SUPPORTS, "claims/c1")});
  absl::StatusOr<v1::BatchWriteResponse> first = batch_->Write(Request(ops, "req-1", "fp"));
  ASSERT_TRUE(first.ok()) << first.status();
  // The same request again, through the batch path: the recorded answer.
  absl::StatusOr<v1::BatchWriteResponse> again = batch_->Write(Request(ops, "req-1", "fp"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->ShortDebugString(), first->ShortDebugString());
  // Another request under the same id is refused.
  EXPECT_THAT(batch_->Write(Request(ops, "req-1", "other")),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  // A transactional write of the same id (an update is never batched)
  // replays the record the batch path wrote.
  std::vector<WriteOp> mixed = ops;
  mixed.push_back(DeleteNodeOp{"claims/c2", "", false});
  EXPECT_THAT(batch_->Write(Request(mixed, "req-1", "other")),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  absl::StatusOr<v1::BatchWriteResponse> replay = batch_->Write(Request(ops, "req-1", "fp"));
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->ShortDebugString(), first->ShortDebugString());

  // And the other way round: recorded by a transaction, replayed here.
  std::vector<WriteOp> with_delete;
  with_delete.push_back(CreateNodeOp{Study("r2")});
  with_delete.push_back(DeleteNodeOp{"claims/c2", "", false});
  absl::StatusOr<v1::BatchWriteResponse> by_txn =
      batch_->Write(Request(with_delete, "req-2", "fp2"));
  ASSERT_TRUE(by_txn.ok()) << by_txn.status();
  std::vector<WriteOp> creates;
  creates.push_back(CreateNodeOp{Study("r3")});
  EXPECT_THAT(batch_->Write(Request(creates, "req-2", "fp3")),
              StatusIsReason(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  EXPECT_FALSE(*batch_->Snapshot()->Exists("studies/r3"));
  // A failed batch records nothing: its id stays free.
  std::vector<WriteOp> failing;
  failing.push_back(CreateNodeOp{Study("r4")});
  failing.push_back(CreateNodeOp{Claim("c1", "again")});
  EXPECT_THAT(batch_->Write(Request(failing, "req-3", "fp")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  failing.pop_back();
  EXPECT_TRUE(batch_->Write(Request(failing, "req-3", "fp")).ok());
  EXPECT_TRUE(*batch_->Snapshot()->Exists("studies/r4"));
}

}  // namespace
}  // namespace evidencegraph::storage
