// GraphStore deletes: refusing to orphan edges, and force cascades that take
// the node's edges and the critiques' TARGETS edges pointing at those edges.
#include <memory>
#include <string>
#include <vector>

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
using ::evidencegraph::storage::testing::Expert;
using ::evidencegraph::storage::testing::OpenStore;
using ::evidencegraph::storage::testing::StatusIs;
using ::evidencegraph::storage::testing::StatusIsReason;
using ::evidencegraph::storage::testing::Study;
using ::evidencegraph::storage::testing::TempDir;
using ::evidencegraph::storage::testing::WriteOne;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kSupports[] = "studies/crane/edges/supports/claims/genes";
constexpr char kUndercut[] =
    "critiques/gorski/edges/targets/studies/crane/edges/supports/claims/genes";
constexpr char kUndermine[] = "critiques/ingraham/edges/targets/studies/crane";
constexpr char kAuthored[] = "experts/gorski/edges/authored/critiques/gorski";

// The worked example's core: a study supporting a claim, a critique that
// undercuts that inference (TARGETS on the edge), another that undermines
// the study, and the undercut's author.
class DeleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.path());
    ASSERT_NE(store_, nullptr);
    for (const v1::Node& n : {Study("crane"), Claim("genes", "Massage changes gene expression"),
                              Critique("gorski"), Critique("ingraham"), Expert("gorski")}) {
      ASSERT_TRUE(CreateNode(*store_, n).ok());
    }
    ASSERT_TRUE(CreateEdge(*store_, Edge("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/genes")).ok());
    ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/gorski", v1::EDGE_KIND_TARGETS, kSupports)).ok());
    ASSERT_TRUE(CreateEdge(*store_, Edge("critiques/ingraham", v1::EDGE_KIND_TARGETS, "studies/crane")).ok());
    ASSERT_TRUE(CreateEdge(*store_, Edge("experts/gorski", v1::EDGE_KIND_AUTHORED, "critiques/gorski")).ok());
  }

  std::vector<std::string> AllEdges() {
    std::vector<std::string> names;
    EXPECT_TRUE(store_->Snapshot()
                    ->ScanEdges([&](const v1::Edge& e) {
                      names.push_back(e.name());
                      return true;
                    })
                    .ok());
    return names;
  }

  std::vector<std::string> Adjacent(const std::string& name) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->Snapshot()
                    ->ForEachAdjacent(name, v1::EDGE_DIRECTION_BOTH, v1::EDGE_KIND_UNSPECIFIED,
                                      [&](const Adjacency& a) {
                                        out.emplace_back(a.neighbor);
                                        return true;
                                      })
                    .ok());
    return out;
  }

  TempDir dir_;
  std::unique_ptr<GraphStore> store_;
};

TEST_F(DeleteTest, NodeWithEdgesNeedsForceAndTheErrorCountsAndNamesThem) {
  absl::StatusOr<v1::BatchWriteResponse> r =
      WriteOne(*store_, DeleteNodeOp{"studies/crane", "", false});
  EXPECT_THAT(r, StatusIsReason(absl::StatusCode::kFailedPrecondition, "NODE_HAS_EDGES"));
  const std::string message(r.status().message());
  EXPECT_THAT(message, HasSubstr("2 edges"));
  EXPECT_THAT(message, HasSubstr(kSupports));
  EXPECT_THAT(message, HasSubstr(kUndermine));
  EXPECT_EQ(ErrorResource(r.status()), "studies/crane");
  EXPECT_EQ(AllEdges().size(), 4u);
}

TEST_F(DeleteTest, ForceDeleteCascadesToEdgesAndToTargetsOnThoseEdges) {
  absl::StatusOr<v1::BatchWriteResponse> r =
      WriteOne(*store_, DeleteNodeOp{"studies/crane", "", true});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->results(0).deleted(), "studies/crane");

  // Gone: the study, its SUPPORTS edge, the undermine on the study, and the
  // undercut that targeted the SUPPORTS edge. Kept: the authorship.
  EXPECT_THAT(AllEdges(), UnorderedElementsAre(kAuthored));
  std::unique_ptr<GraphSnapshot> snap = store_->Snapshot();
  EXPECT_THAT(snap->GetNode("studies/crane"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(snap->GetEdge(kUndercut), StatusIs(absl::StatusCode::kNotFound));
  // No dangling reverse entries either.
  EXPECT_TRUE(Adjacent("claims/genes").empty());
  EXPECT_TRUE(Adjacent(kSupports).empty());
  EXPECT_THAT(Adjacent("critiques/gorski"), UnorderedElementsAre("experts/gorski"));
  EXPECT_TRUE(Adjacent("critiques/ingraham").empty());
  // The critiques themselves stay.
  EXPECT_TRUE(snap->GetNode("critiques/gorski").ok());
}

TEST_F(DeleteTest, TargetedEdgeNeedsForce) {
  absl::StatusOr<v1::BatchWriteResponse> r = WriteOne(*store_, DeleteEdgeOp{kSupports, "", false});
  EXPECT_THAT(r, StatusIsReason(absl::StatusCode::kFailedPrecondition, "EDGE_IS_TARGETED"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr(kUndercut));
  EXPECT_EQ(AllEdges().size(), 4u);

  ASSERT_TRUE(WriteOne(*store_, DeleteEdgeOp{kSupports, "", true}).ok());
  EXPECT_THAT(AllEdges(), UnorderedElementsAre(kUndermine, kAuthored));
}

TEST_F(DeleteTest, UntargetedEdgeDeletesWithoutForce) {
  ASSERT_TRUE(WriteOne(*store_, DeleteEdgeOp{kUndercut, "", false}).ok());
  EXPECT_THAT(AllEdges(), UnorderedElementsAre(kSupports, kUndermine, kAuthored));
  // Now the SUPPORTS edge is untargeted.
  EXPECT_TRUE(WriteOne(*store_, DeleteEdgeOp{kSupports, "", false}).ok());
}

TEST_F(DeleteTest, DeletingTheTargetClaimWithForceAlsoRemovesTheUndercut) {
  ASSERT_TRUE(WriteOne(*store_, DeleteNodeOp{"claims/genes", "", true}).ok());
  EXPECT_THAT(AllEdges(), UnorderedElementsAre(kUndermine, kAuthored));
}

TEST_F(DeleteTest, NodeWithoutEdgesDeletesAndItsNameCanBeReused) {
  ASSERT_TRUE(CreateNode(*store_, Claim("lonely", "alone")).ok());
  ASSERT_TRUE(WriteOne(*store_, DeleteNodeOp{"claims/lonely", "", false}).ok());
  EXPECT_THAT(store_->Snapshot()->GetNode("claims/lonely"), StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<v1::Node> again = CreateNode(*store_, Claim("lonely", "back"));
  ASSERT_TRUE(again.ok());
}

TEST_F(DeleteTest, DeleteAndEdgeToTheDeletedNodeInOneWriteFails) {
  std::vector<WriteOp> ops;
  ops.push_back(DeleteNodeOp{"critiques/ingraham", "", true});
  ops.push_back(CreateEdgeOp{Edge("experts/gorski", v1::EDGE_KIND_AUTHORED, "critiques/ingraham")});
  absl::StatusOr<v1::BatchWriteResponse> r = store_->Write(testing::Request(std::move(ops)));
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(std::string(r.status().message()), ::testing::StartsWith("operations[1]: "));
  EXPECT_TRUE(store_->Snapshot()->GetNode("critiques/ingraham").ok());
  EXPECT_EQ(AllEdges().size(), 4u);
}

TEST_F(DeleteTest, DeleteSeesEdgesCreatedEarlierInTheSameWrite) {
  std::vector<WriteOp> refused;
  refused.push_back(CreateNodeOp{Claim("fresh", "x")});
  refused.push_back(CreateEdgeOp{Edge("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/fresh")});
  refused.push_back(DeleteNodeOp{"claims/fresh", "", false});
  EXPECT_THAT(store_->Write(testing::Request(std::move(refused))),
              StatusIsReason(absl::StatusCode::kFailedPrecondition, "NODE_HAS_EDGES"));

  std::vector<WriteOp> forced;
  forced.push_back(CreateNodeOp{Claim("fresh", "x")});
  forced.push_back(CreateEdgeOp{Edge("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/fresh")});
  forced.push_back(DeleteNodeOp{"claims/fresh", "", true});
  ASSERT_TRUE(store_->Write(testing::Request(std::move(forced))).ok());
  EXPECT_EQ(AllEdges().size(), 4u);
  EXPECT_THAT(Adjacent("studies/crane"),
              UnorderedElementsAre("claims/genes", "critiques/ingraham"));
}

}  // namespace
}  // namespace evidencegraph::storage
