// GraphStore writes: create, read, update, delete of nodes and edges, the
// output-only fields, integrity errors and the atomicity of multi-op writes.
#include <memory>
#include <string>

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
using ::evidencegraph::storage::testing::EdgeNameOf;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::Request;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::evidencegraph::storage::testing::WriteOne;
using ::testing::HasSubstr;

class CrudTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(CrudTest, CreatedNodeHasOutputFieldsAndCanBeRead) {
  absl::StatusOr<v1::Node> created = CreateNode(*store_, Claim("c1", "Massage heals"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->kind(), v1::NODE_KIND_CLAIM);
  EXPECT_FALSE(created->etag().empty());
  EXPECT_GT(created->create_time().seconds(), 0);
  EXPECT_EQ(created->update_time().seconds(), created->create_time().seconds());
  EXPECT_EQ(created->update_time().nanos(), created->create_time().nanos());

  absl::StatusOr<v1::Node> read = store_->Snapshot()->GetNode("claims/c1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), created->SerializeAsString());
}

TEST_F(CrudTest, CreatingATakenNameIsAlreadyExists) {
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "one")).ok());
  absl::StatusOr<v1::Node> again = CreateNode(*store_, Claim("c1", "two"));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorResource(again.status()), "claims/c1");
  EXPECT_EQ(store_->Snapshot()->GetNode("claims/c1")->claim().statement(), "one");
}

TEST_F(CrudTest, PayloadMustMatchCollection) {
  v1::Node node = Claim("c1", "x");
  node.set_name("studies/c1");
  EXPECT_THAT(CreateNode(*store_, node), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(CrudTest, UpdateKeepsCreateTimeAndChangesEtag) {
  absl::StatusOr<v1::Node> created = CreateNode(*store_, Claim("c1", "before"));
  ASSERT_TRUE(created.ok());
  UpdateNodeOp op;
  op.name = "claims/c1";
  op.expected_etag = created->etag();
  op.mutate = [](v1::Node& node) {
    node.mutable_claim()->set_statement("after");
    return absl::OkStatus();
  };
  absl::StatusOr<v1::BatchWriteResponse> updated = WriteOne(*store_, op);
  ASSERT_TRUE(updated.ok()) << updated.status();
  const v1::Node& node = updated->results(0).node();
  EXPECT_EQ(node.claim().statement(), "after");
  EXPECT_NE(node.etag(), created->etag());
  EXPECT_EQ(node.create_time().SerializeAsString(),
            created->create_time().SerializeAsString());
  EXPECT_EQ(store_->Snapshot()->GetNode("claims/c1")->claim().statement(), "after");
}

TEST_F(CrudTest, StaleEtagIsAbortedNamingTheResource) {
  absl::StatusOr<v1::Node> created = CreateNode(*store_, Claim("c1", "x"));
  ASSERT_TRUE(created.ok());
  UpdateNodeOp op;
  op.name = "claims/c1";
  op.mutate = [](v1::Node& node) {
    node.set_display_title("t");
    return absl::OkStatus();
  };
  ASSERT_TRUE(WriteOne(*store_, op).ok());  // no etag: unconditional

  op.expected_etag = created->etag();  // now stale
  absl::StatusOr<v1::BatchWriteResponse> stale = WriteOne(*store_, op);
  EXPECT_THAT(stale, StatusIsReason(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  EXPECT_THAT(std::string(stale.status().message()), HasSubstr("claims/c1"));

  DeleteNodeOp del{"claims/c1", created->etag(), false};
  EXPECT_THAT(WriteOne(*store_, del), StatusIsReason(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  EXPECT_TRUE(store_->Snapshot()->GetNode("claims/c1").ok());
}

TEST_F(CrudTest, MutateErrorIsReturnedAndNothingChanges) {
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  UpdateNodeOp op;
  op.name = "claims/c1";
  op.mutate = [](v1::Node& node) {
    node.mutable_claim()->set_statement("changed");
    return InvalidField("update_mask", "unknown path \"bogus\"");
  };
  absl::StatusOr<v1::BatchWriteResponse> r = WriteOne(*store_, op);
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorField(r.status()), "update_mask");
  EXPECT_EQ(store_->Snapshot()->GetNode("claims/c1")->claim().statement(), "x");
}

TEST_F(CrudTest, MutateMayNotRenameOrChangeKind) {
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  UpdateNodeOp rename;
  rename.name = "claims/c1";
  rename.mutate = [](v1::Node& node) {
    node.set_name("claims/c2");
    return absl::OkStatus();
  };
  EXPECT_THAT(WriteOne(*store_, rename), StatusIs(absl::StatusCode::kInvalidArgument));
  UpdateNodeOp rekind;
  rekind.name = "claims/c1";
  rekind.mutate = [](v1::Node& node) {
    node.mutable_study();
    return absl::OkStatus();
  };
  EXPECT_THAT(WriteOne(*store_, rekind), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(CrudTest, UpdatingOrDeletingAMissingResourceIsNotFound) {
  UpdateNodeOp update;
  update.name = "claims/nope";
  EXPECT_THAT(WriteOne(*store_, update), StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<v1::BatchWriteResponse> del =
      WriteOne(*store_, DeleteNodeOp{"claims/nope", "", false});
  EXPECT_THAT(del, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorResource(del.status()), "claims/nope");
  EXPECT_THAT(WriteOne(*store_, DeleteEdgeOp{"studies/a/edges/supports/claims/b", "", false}),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CrudTest, EdgeGetsItsNameAndIsVisibleFromBothEnds) {
  ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  v1::Edge edge = Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  edge.set_note("n=11");
  edge.set_weight(0.5);
  absl::StatusOr<v1::Edge> created = CreateEdge(*store_, edge);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), "studies/s1/edges/supports/claims/c1");
  EXPECT_FALSE(created->etag().empty());

  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  absl::StatusOr<v1::Edge> read = snap->GetEdge(created->name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), created->SerializeAsString());

  std::vector<std::string> seen;
  ASSERT_TRUE(snap->ForEachAdjacent("claims/c1", v1::EDGE_DIRECTION_INCOMING,
                                    v1::EDGE_KIND_UNSPECIFIED,
                                    [&](const Adjacency& a) {
                                      EXPECT_FALSE(a.outgoing);
                                      EXPECT_EQ(a.kind, v1::EDGE_KIND_SUPPORTS);
                                      seen.emplace_back(a.neighbor);
                                      return true;
                                    })
                  .ok());
  EXPECT_THAT(seen, ::testing::ElementsAre("studies/s1"));
}

TEST_F(CrudTest, EdgeEndpointsMustExistAndTheErrorSaysWhich) {
  ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  absl::StatusOr<v1::Edge> no_target =
      CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/ghost"));
  EXPECT_THAT(no_target, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(std::string(no_target.status().message()), HasSubstr("target node"));
  EXPECT_EQ(ErrorResource(no_target.status()), "claims/ghost");

  absl::StatusOr<v1::Edge> no_source =
      CreateEdge(*store_, Edge("studies/ghost", v1::EDGE_KIND_SUPPORTS, "claims/ghost"));
  EXPECT_THAT(no_source, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(std::string(no_source.status().message()), HasSubstr("source node"));
  EXPECT_EQ(ErrorResource(no_source.status()), "studies/ghost");

  absl::StatusOr<v1::Edge> no_edge = CreateEdge(
      *store_, Edge("critiques/k", v1::EDGE_KIND_TARGETS, "studies/s1/edges/supports/claims/c"));
  EXPECT_THAT(no_edge, StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(CrudTest, DuplicateEdgeIsAlreadyExists) {
  ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  const v1::Edge edge = Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1");
  ASSERT_TRUE(CreateEdge(*store_, edge).ok());
  absl::StatusOr<v1::Edge> again = CreateEdge(*store_, edge);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorResource(again.status()), EdgeNameOf(edge));
  // Another kind between the same endpoints is another edge.
  EXPECT_TRUE(CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_REFUTES, "claims/c1")).ok());
}

TEST_F(CrudTest, UpdateEdgeKeepsIdentity) {
  ASSERT_TRUE(CreateNode(*store_, Study("s1")).ok());
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  absl::StatusOr<v1::Edge> created =
      CreateEdge(*store_, Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1"));
  ASSERT_TRUE(created.ok());
  UpdateEdgeOp op;
  op.name = created->name();
  op.expected_etag = created->etag();
  op.mutate = [](v1::Edge& e) {
    e.set_note("updated");
    return absl::OkStatus();
  };
  absl::StatusOr<v1::BatchWriteResponse> r = WriteOne(*store_, op);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->results(0).edge().note(), "updated");
  EXPECT_NE(r->results(0).edge().etag(), created->etag());
  EXPECT_EQ(store_->Snapshot()->GetEdge(created->name())->note(), "updated");

  op.expected_etag.clear();
  op.mutate = [](v1::Edge& e) {
    e.set_target("claims/other");
    return absl::OkStatus();
  };
  EXPECT_THAT(WriteOne(*store_, op), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(CrudTest, LaterOpsSeeEarlierOnes) {
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Study("s1")});
  ops.push_back(CreateNodeOp{Claim("c1", "x")});
  ops.push_back(CreateEdgeOp{Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")});
  UpdateNodeOp update;
  update.name = "claims/c1";
  update.mutate = [](v1::Node& n) {
    n.set_display_title("seen");
    return absl::OkStatus();
  };
  ops.push_back(update);
  absl::StatusOr<v1::BatchWriteResponse> r = store_->Write(Request(std::move(ops)));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->results_size(), 4);
  EXPECT_EQ(r->results(2).edge().name(), "studies/s1/edges/supports/claims/c1");
  EXPECT_EQ(r->results(3).node().display_title(), "seen");
  // The update is the node's second write.
  EXPECT_NE(r->results(3).node().etag(), r->results(1).node().etag());
}

TEST_F(CrudTest, MultiOpWriteWhoseLastOpFailsWritesNothing) {
  ASSERT_TRUE(CreateNode(*store_, Claim("existing", "x")).ok());
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Study("s1")});
  ops.push_back(CreateNodeOp{Claim("c1", "x", {"lab"})});
  ops.push_back(CreateEdgeOp{Edge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")});
  ops.push_back(CreateNodeOp{Claim("existing", "again")});
  absl::StatusOr<v1::BatchWriteResponse> r = store_->Write(Request(std::move(ops)));
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(std::string(r.status().message()), ::testing::StartsWith("operations[3]: "));

  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  EXPECT_THAT(snap->GetNode("studies/s1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(snap->GetNode("claims/c1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(snap->GetEdge("studies/s1/edges/supports/claims/c1"),
              StatusIs(absl::StatusCode::kNotFound));
  NodeListQuery by_label;
  by_label.label = "lab";
  EXPECT_TRUE(snap->ListNodes(by_label)->nodes.empty());
  absl::StatusOr<std::vector<SearchHit>> hits = snap->SearchClaims("again", 0, 10);
  ASSERT_TRUE(hits.ok()) << hits.status();
  EXPECT_TRUE(hits->empty()) << "\"again\" must not be indexed";
}

TEST_F(CrudTest, FieldOfAFailingOpIsPrefixedWithItsIndex) {
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Claim("c1", "x")});
  v1::Node bad = Claim("c2", "x");
  bad.set_name("claims/NOT VALID");
  ops.push_back(CreateNodeOp{bad});
  absl::StatusOr<v1::BatchWriteResponse> r = store_->Write(Request(std::move(ops)));
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorField(r.status()), "operations[1].node.name");
}

TEST_F(CrudTest, ErrorThatAlreadyNamesItsOperationIsLeftAsIs) {
  ASSERT_TRUE(CreateNode(*store_, Claim("c1", "x")).ok());
  std::vector<WriteOp> ops;
  ops.push_back(CreateNodeOp{Claim("c2", "x")});
  UpdateNodeOp update;
  update.name = "claims/c1";
  update.mutate = [](v1::Node&) {
    return InvalidField("operations[1].update_node.node.labels", "too many");
  };
  ops.push_back(update);
  absl::StatusOr<v1::BatchWriteResponse> r = store_->Write(Request(std::move(ops)));
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorField(r.status()), "operations[1].update_node.node.labels");
  EXPECT_EQ(std::string(r.status().message()),
            "invalid operations[1].update_node.node.labels: too many");
}

}  // namespace
}  // namespace evidencegraph::storage
