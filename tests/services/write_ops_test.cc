// Specification of services/write_ops.h: requests become storage ops only
// when every field is valid, errors name the full path inside the RPC, and
// batches are bounded.
#include "services/write_ops.h"

#include <variant>

#include "common/resource_names.h"
#include "gtest/gtest.h"
#include "tests/services/status_assertions.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::testing::IsError;
using ::evidencegraph::testing::IsInvalid;

v1::CreateNodeRequest CreateClaim(const std::string& id) {
  v1::CreateNodeRequest r;
  r.set_node_id(id);
  r.mutable_node()->mutable_claim()->set_statement("Massage reduces soreness");
  return r;
}

TEST(TranslateCreateNodeTest, UsesTheGivenIdAndDropsOutputOnlyFields) {
  v1::CreateNodeRequest r = CreateClaim("c1");
  r.mutable_node()->set_etag("client-made-up");
  r.mutable_node()->mutable_create_time()->set_seconds(5);
  absl::StatusOr<storage::WriteOp> op = TranslateCreateNode(r, "");
  ASSERT_TRUE(op.ok()) << op.status();
  const auto& create = std::get<storage::CreateNodeOp>(*op);
  EXPECT_EQ(create.node.name(), "claims/c1");
  EXPECT_EQ(create.node.etag(), "");
  EXPECT_FALSE(create.node.has_create_time());
}

TEST(TranslateCreateNodeTest, GeneratesAValidIdWhenNoneIsGiven) {
  absl::StatusOr<storage::WriteOp> op = TranslateCreateNode(CreateClaim(""), "");
  ASSERT_TRUE(op.ok()) << op.status();
  const std::string& name = std::get<storage::CreateNodeOp>(*op).node.name();
  absl::StatusOr<NodeName> parsed = ParseNodeName(name);
  ASSERT_TRUE(parsed.ok()) << name;
  EXPECT_EQ(parsed->kind, v1::NODE_KIND_CLAIM);
  EXPECT_EQ(parsed->id.rfind("massage-reduces-soreness-", 0), 0u) << name;
}

TEST(TranslateCreateNodeTest, NodeIsRequired) {
  v1::CreateNodeRequest r;
  EXPECT_TRUE(IsInvalid(TranslateCreateNode(r, "").status(), "node"));
}

TEST(TranslateUpdateNodeTest, NeedsANameAndAValidMask) {
  v1::UpdateNodeRequest r;
  r.mutable_node()->mutable_claim()->set_statement("x");
  EXPECT_TRUE(IsInvalid(TranslateUpdateNode(r, "").status(), "node.name"));
  r.mutable_node()->set_name("claims/c1");
  r.mutable_update_mask()->add_paths("etag");
  EXPECT_TRUE(IsInvalid(TranslateUpdateNode(r, "").status(), "update_mask.paths[0]"));
  r.mutable_update_mask()->set_paths(0, "claim.statement");
  r.mutable_node()->set_etag("e7");
  absl::StatusOr<storage::WriteOp> op = TranslateUpdateNode(r, "");
  ASSERT_TRUE(op.ok());
  const auto& update = std::get<storage::UpdateNodeOp>(*op);
  EXPECT_EQ(update.name, "claims/c1");
  EXPECT_EQ(update.expected_etag, "e7");
  v1::Node stored;
  stored.set_name("claims/c1");
  stored.mutable_claim()->set_statement("old");
  ASSERT_TRUE(update.mutate(stored).ok());
  EXPECT_EQ(stored.claim().statement(), "x");
}

TEST(TranslateUpdateEdgeTest, IdentifiesTheEdgeByNameOrTriple) {
  v1::UpdateEdgeRequest by_triple;
  by_triple.mutable_edge()->set_source("studies/s");
  by_triple.mutable_edge()->set_kind(v1::EDGE_KIND_SUPPORTS);
  by_triple.mutable_edge()->set_target("claims/c");
  absl::StatusOr<storage::WriteOp> op = TranslateUpdateEdge(by_triple, "");
  ASSERT_TRUE(op.ok()) << op.status();
  EXPECT_EQ(std::get<storage::UpdateEdgeOp>(op.value()).name,
            "studies/s/edges/supports/claims/c");

  v1::UpdateEdgeRequest conflicting = by_triple;
  conflicting.mutable_edge()->set_name("studies/s/edges/refutes/claims/c");
  EXPECT_TRUE(IsInvalid(TranslateUpdateEdge(conflicting, "").status(), "edge.name"));

  v1::UpdateEdgeRequest neither;
  neither.mutable_edge()->set_note("n");
  EXPECT_TRUE(IsInvalid(TranslateUpdateEdge(neither, "").status(), "edge.name"));
}

TEST(TranslateDeleteTest, NamesAreParsed) {
  v1::DeleteNodeRequest dn;
  dn.set_name("claims/");
  EXPECT_TRUE(IsInvalid(TranslateDeleteNode(dn, "").status(), "name"));
  v1::DeleteEdgeRequest de;
  de.set_name("claims/c");
  EXPECT_TRUE(IsInvalid(TranslateDeleteEdge(de, "").status(), "name"));
  de.set_name("studies/s/edges/supports/claims/c");
  de.set_force(true);
  absl::StatusOr<storage::WriteOp> op = TranslateDeleteEdge(de, "");
  ASSERT_TRUE(op.ok());
  EXPECT_TRUE(std::get<storage::DeleteEdgeOp>(*op).force);
}

TEST(TranslateBatchWriteTest, TranslatesEveryOperationInOrder) {
  v1::BatchWriteRequest batch;
  *batch.add_operations()->mutable_create_node() = CreateClaim("c1");
  v1::CreateNodeRequest study;
  study.set_node_id("s1");
  study.mutable_node()->mutable_study()->mutable_citation()->set_title("T");
  study.mutable_node()->mutable_study()->set_design(v1::STUDY_DESIGN_RCT);
  *batch.add_operations()->mutable_create_node() = study;
  v1::Edge* edge = batch.add_operations()->mutable_create_edge()->mutable_edge();
  edge->set_source("studies/s1");
  edge->set_kind(v1::EDGE_KIND_SUPPORTS);
  edge->set_target("claims/c1");
  batch.set_request_id("batch-1");
  absl::StatusOr<storage::WriteRequest> write = TranslateBatchWrite(batch, 10);
  ASSERT_TRUE(write.ok()) << write.status();
  ASSERT_EQ(write->ops.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<storage::CreateEdgeOp>(write->ops[2]));
  EXPECT_EQ(std::get<storage::CreateEdgeOp>(write->ops[2]).edge.name(),
            "studies/s1/edges/supports/claims/c1");
  EXPECT_EQ(write->request_id, "batch-1");
  EXPECT_FALSE(write->fingerprint.empty());
}

TEST(TranslateBatchWriteTest, ErrorsNameTheOperation) {
  v1::BatchWriteRequest batch;
  *batch.add_operations()->mutable_create_node() = CreateClaim("c1");
  *batch.add_operations()->mutable_create_node() = CreateClaim("c2");
  v1::Edge* edge = batch.add_operations()->mutable_create_edge()->mutable_edge();
  edge->set_source("claims/c1");
  edge->set_kind(v1::EDGE_KIND_SUPPORTS);
  edge->set_target("claims/c2");
  EXPECT_TRUE(IsInvalid(TranslateBatchWrite(batch, 10).status(),
                        "operations[2].create_edge.edge.source", "EDGE_ENDPOINT_KIND"));
  batch.mutable_operations(1)->mutable_create_node()->set_node_id("Bad Id");
  EXPECT_TRUE(IsInvalid(TranslateBatchWrite(batch, 10).status(),
                        "operations[1].create_node.node_id"));
  batch.add_operations();  // no operation set
  batch.mutable_operations(1)->mutable_create_node()->set_node_id("c2");
  batch.mutable_operations(2)->mutable_create_edge()->mutable_edge()->set_source("studies/s");
  EXPECT_TRUE(IsInvalid(TranslateBatchWrite(batch, 10).status(), "operations[3]"));
}

// Creates are translated without their prefix first and again with it only
// when they fail: the error must be the one the prefixed translation gives,
// field and message, wherever in the payload it is.
TEST(TranslateBatchWriteTest, CreateErrorsAreThoseOfThePrefixedTranslation) {
  v1::BatchWriteRequest batch;
  *batch.add_operations()->mutable_create_node() = CreateClaim("c1");
  v1::CreateNodeRequest study;
  study.set_node_id("s1");
  study.mutable_node()->mutable_study()->set_design(v1::STUDY_DESIGN_RCT);  // no citation
  *batch.add_operations()->mutable_create_node() = study;
  absl::Status status = TranslateBatchWrite(batch, 10).status();
  EXPECT_TRUE(IsInvalid(status, "operations[1].create_node.node.study.citation"));
  EXPECT_EQ(status, TranslateCreateNode(study, "operations[1].create_node.").status());

  study.mutable_node()->mutable_study()->mutable_citation()->set_title("T");
  study.mutable_node()->add_labels("ok");
  study.mutable_node()->add_labels("ok");  // duplicate
  *batch.mutable_operations(1)->mutable_create_node() = study;
  status = TranslateBatchWrite(batch, 10).status();
  EXPECT_TRUE(IsInvalid(status, "operations[1].create_node.node.labels[1]"));
  EXPECT_EQ(status, TranslateCreateNode(study, "operations[1].create_node.").status());

  study.mutable_node()->mutable_labels()->RemoveLast();
  *batch.mutable_operations(1)->mutable_create_node() = study;
  v1::CreateEdgeRequest edge;
  edge.mutable_edge()->set_source("studies/s1");
  edge.mutable_edge()->set_kind(v1::EDGE_KIND_SUPPORTS);
  edge.mutable_edge()->set_target("claims/c1");
  edge.mutable_edge()->set_weight(2.0);  // out of [0, 1]
  *batch.add_operations()->mutable_create_edge() = edge;
  status = TranslateBatchWrite(batch, 10).status();
  EXPECT_TRUE(IsInvalid(status, "operations[2].create_edge.edge.weight"));
  EXPECT_EQ(status, TranslateCreateEdge(edge, "operations[2].create_edge.").status());

  // Valid, the ops are those of the prefixed translations.
  batch.mutable_operations(2)->mutable_create_edge()->mutable_edge()->set_weight(0.5);
  absl::StatusOr<storage::WriteRequest> write = TranslateBatchWrite(batch, 10);
  ASSERT_TRUE(write.ok()) << write.status();
  absl::StatusOr<storage::WriteOp> node = TranslateCreateNode(study, "operations[1].create_node.");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(std::get<storage::CreateNodeOp>(write->ops[1]).node.SerializeAsString(),
            std::get<storage::CreateNodeOp>(*node).node.SerializeAsString());
  absl::StatusOr<storage::WriteOp> made =
      TranslateCreateEdge(batch.operations(2).create_edge(), "operations[2].create_edge.");
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(std::get<storage::CreateEdgeOp>(write->ops[2]).edge.SerializeAsString(),
            std::get<storage::CreateEdgeOp>(*made).edge.SerializeAsString());
}

TEST(TranslateBatchWriteTest, EmptyAndOversizedBatchesAreRejected) {
  v1::BatchWriteRequest batch;
  EXPECT_TRUE(IsInvalid(TranslateBatchWrite(batch, 3).status(), "operations"));
  for (int i = 0; i < 4; ++i) {
    *batch.add_operations()->mutable_create_node() = CreateClaim("c" + std::to_string(i));
  }
  EXPECT_TRUE(IsInvalid(TranslateBatchWrite(batch, 3).status(), "operations", "BATCH_TOO_LARGE"));
  EXPECT_TRUE(TranslateBatchWrite(batch, 4).ok());
}

TEST(SingleWriteTest, FingerprintIncludesTheMethod) {
  v1::CreateNodeRequest r = CreateClaim("c1");
  r.set_request_id("k");
  absl::StatusOr<storage::WriteOp> op1 = TranslateCreateNode(r, "");
  absl::StatusOr<storage::WriteOp> op2 = TranslateCreateNode(r, "");
  absl::StatusOr<storage::WriteRequest> a = SingleWrite(*std::move(op1), "CreateNode", r, "k");
  absl::StatusOr<storage::WriteRequest> b = SingleWrite(*std::move(op2), "CreateEdge", r, "k");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->request_id, "k");
  EXPECT_NE(a->fingerprint, b->fingerprint);
}

TEST(SingleWriteTest, RequestIdIsValidated) {
  v1::CreateNodeRequest r = CreateClaim("c1");
  absl::StatusOr<storage::WriteOp> op = TranslateCreateNode(r, "");
  EXPECT_TRUE(IsError(SingleWrite(*std::move(op), "CreateNode", r, std::string(200, 'k')).status(),
                      absl::StatusCode::kInvalidArgument, "INVALID_FIELD", "request_id"));
}

}  // namespace
}  // namespace evidencegraph::services
