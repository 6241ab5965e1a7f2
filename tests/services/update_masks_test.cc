// Specification of services/update_masks.h: which update_mask paths are
// accepted, how a masked update changes a stored node or edge, and that the
// result is validated like a create.
#include "services/update_masks.h"

#include "gtest/gtest.h"
#include "tests/services/status_assertions.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::testing::IsInvalid;
using google::protobuf::FieldMask;

FieldMask Mask(std::initializer_list<const char*> paths) {
  FieldMask mask;
  for (const char* p : paths) mask.add_paths(p);
  return mask;
}

v1::Node StoredClaim() {
  v1::Node n;
  n.set_name("claims/c1");
  n.set_display_title("Old title");
  n.add_labels("a");
  n.add_labels("b");
  n.mutable_claim()->set_statement("Old statement");
  n.mutable_claim()->set_context("Old context");
  n.set_etag("e1");
  n.set_kind(v1::NODE_KIND_CLAIM);
  n.mutable_create_time()->set_seconds(100);
  return n;
}

TEST(NodeMaskTest, AcceptsClientOwnedPaths) {
  EXPECT_TRUE(ValidateNodeUpdateMask(Mask({"display_title", "labels", "claim.statement",
                                           "study.citation.year", "study.sample_size",
                                           "expert", "critique.text", "source.url"}),
                                     "update_mask")
                  .ok());
  EXPECT_TRUE(ValidateNodeUpdateMask(FieldMask(), "update_mask").ok());
}

TEST(NodeMaskTest, RejectsUnknownPaths) {
  EXPECT_TRUE(IsInvalid(ValidateNodeUpdateMask(Mask({"display_title", "colour"}), "update_mask"),
                        "update_mask.paths[1]"));
  EXPECT_TRUE(IsInvalid(ValidateNodeUpdateMask(Mask({"claim.nope"}), "update_mask"),
                        "update_mask.paths[0]"));
}

TEST(NodeMaskTest, RejectsOutputOnlyAndIdentifyingPaths) {
  for (const char* path : {"name", "etag", "kind", "create_time", "update_time",
                           "update_time.seconds"}) {
    EXPECT_TRUE(IsInvalid(ValidateNodeUpdateMask(Mask({path}), "update_mask"),
                          "update_mask.paths[0]"))
        << path;
  }
}

TEST(NodeMaskTest, MaskedFieldsChangeOthersStay) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.set_name("claims/c1");
  request.set_display_title("New title");
  request.mutable_claim()->set_statement("ignored: not in the mask");
  ASSERT_TRUE(ApplyNodeUpdate(request, Mask({"display_title"}), "node", "update_mask", &stored)
                  .ok());
  EXPECT_EQ(stored.display_title(), "New title");
  EXPECT_EQ(stored.claim().statement(), "Old statement");
  EXPECT_EQ(stored.labels_size(), 2);
  EXPECT_EQ(stored.etag(), "e1");
}

TEST(NodeMaskTest, RepeatedFieldsAreReplacedNotAppended) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.add_labels("c");
  ASSERT_TRUE(ApplyNodeUpdate(request, Mask({"labels"}), "node", "update_mask", &stored).ok());
  ASSERT_EQ(stored.labels_size(), 1);
  EXPECT_EQ(stored.labels(0), "c");
}

TEST(NodeMaskTest, SubFieldPathChangesOnlyThatField) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.mutable_claim()->set_statement("New statement");
  ASSERT_TRUE(
      ApplyNodeUpdate(request, Mask({"claim.statement"}), "node", "update_mask", &stored).ok());
  EXPECT_EQ(stored.claim().statement(), "New statement");
  EXPECT_EQ(stored.claim().context(), "Old context");
}

TEST(NodeMaskTest, MaskedFieldLeftUnsetIsCleared) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  ASSERT_TRUE(ApplyNodeUpdate(request, Mask({"claim.context"}), "node", "update_mask", &stored)
                  .ok());
  EXPECT_EQ(stored.claim().context(), "");
}

TEST(NodeMaskTest, EmptyMaskReplacesEverythingClientOwned) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.set_name("claims/c1");
  request.mutable_claim()->set_statement("Replaced");
  request.set_etag("ignored-here");
  ASSERT_TRUE(ApplyNodeUpdate(request, FieldMask(), "node", "update_mask", &stored).ok());
  EXPECT_EQ(stored.claim().statement(), "Replaced");
  EXPECT_EQ(stored.claim().context(), "");
  EXPECT_EQ(stored.display_title(), "");
  EXPECT_EQ(stored.labels_size(), 0);
  // Output-only fields are the store's.
  EXPECT_EQ(stored.name(), "claims/c1");
  EXPECT_EQ(stored.etag(), "e1");
  EXPECT_EQ(stored.create_time().seconds(), 100);
  EXPECT_EQ(stored.kind(), v1::NODE_KIND_CLAIM);
}

TEST(NodeMaskTest, EmptyMaskNeedsAPayload) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.set_display_title("x");
  EXPECT_TRUE(IsInvalid(ApplyNodeUpdate(request, FieldMask(), "node", "update_mask", &stored),
                        "node.payload"));
}

TEST(NodeMaskTest, KindNeverChanges) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.mutable_study()->mutable_citation()->set_title("t");
  EXPECT_TRUE(IsInvalid(ApplyNodeUpdate(request, FieldMask(), "node", "update_mask", &stored),
                        "node.study", "KIND_MISMATCH"));
  v1::Node empty_request;
  EXPECT_TRUE(IsInvalid(ApplyNodeUpdate(empty_request, Mask({"display_title", "study.design"}),
                                        "node", "update_mask", &stored),
                        "update_mask.paths[1]", "KIND_MISMATCH"));
}

TEST(NodeMaskTest, ResultIsValidatedLikeACreate) {
  v1::Node stored = StoredClaim();
  v1::Node request;
  request.add_labels("Not Valid");
  EXPECT_TRUE(IsInvalid(ApplyNodeUpdate(request, Mask({"labels"}), "operations[0].update_node.node",
                                        "operations[0].update_node.update_mask", &stored),
                        "operations[0].update_node.node.labels[0]"));
  v1::Node fresh = StoredClaim();  // `stored` may be half-updated after an error
  v1::Node clears_statement;
  EXPECT_TRUE(IsInvalid(ApplyNodeUpdate(clears_statement, Mask({"claim.statement"}), "node",
                                        "update_mask", &fresh),
                        "node.claim.statement"));
}

v1::Edge StoredTargets() {
  v1::Edge e;
  e.set_name("critiques/k/edges/targets/studies/s");
  e.set_source("critiques/k");
  e.set_kind(v1::EDGE_KIND_TARGETS);
  e.set_target("studies/s");
  e.set_attack_type(v1::ATTACK_TYPE_UNDERMINE);
  e.set_weight(0.8);
  e.set_note("old note");
  e.set_etag("e1");
  return e;
}

TEST(EdgeMaskTest, AcceptsOnlyMutableFields) {
  EXPECT_TRUE(ValidateEdgeUpdateMask(
                  Mask({"weight", "note", "provenance", "attack_type", "grading.indirectness"}),
                  "update_mask")
                  .ok());
  for (const char* path : {"source", "kind", "target", "name", "etag", "create_time"}) {
    EXPECT_TRUE(
        IsInvalid(ValidateEdgeUpdateMask(Mask({path}), "update_mask"), "update_mask.paths[0]"))
        << path;
  }
  EXPECT_TRUE(IsInvalid(ValidateEdgeUpdateMask(Mask({"strength"}), "update_mask"),
                        "update_mask.paths[0]"));
}

TEST(EdgeMaskTest, MaskedUpdateKeepsTheRest) {
  v1::Edge stored = StoredTargets();
  v1::Edge request;
  request.set_note("new note");
  ASSERT_TRUE(ApplyEdgeUpdate(request, Mask({"note"}), "edge", "update_mask", &stored).ok());
  EXPECT_EQ(stored.note(), "new note");
  EXPECT_DOUBLE_EQ(stored.weight(), 0.8);
  EXPECT_EQ(stored.attack_type(), v1::ATTACK_TYPE_UNDERMINE);
}

TEST(EdgeMaskTest, EmptyMaskReplacesAllMutableFields) {
  v1::Edge stored = StoredTargets();
  v1::Edge request;
  request.set_attack_type(v1::ATTACK_TYPE_UNDERMINE);
  request.set_provenance("p");
  ASSERT_TRUE(ApplyEdgeUpdate(request, FieldMask(), "edge", "update_mask", &stored).ok());
  EXPECT_FALSE(stored.has_weight());  // unset = 1
  EXPECT_EQ(stored.note(), "");
  EXPECT_EQ(stored.provenance(), "p");
  EXPECT_EQ(stored.source(), "critiques/k");
}

TEST(EdgeMaskTest, AttackTypeMustStillFitTheTarget) {
  v1::Edge stored = StoredTargets();
  v1::Edge request;
  request.set_attack_type(v1::ATTACK_TYPE_REBUT);
  EXPECT_TRUE(IsInvalid(ApplyEdgeUpdate(request, Mask({"attack_type"}), "edge", "update_mask",
                                        &stored),
                        "edge.attack_type", "ATTACK_TYPE_MISMATCH"));
}

TEST(EdgeMaskTest, GradingOnlyOnSupportsAndRefutes) {
  v1::Edge stored = StoredTargets();
  v1::Edge request;
  request.mutable_grading()->set_indirectness(v1::INDIRECTNESS_DIRECT);
  EXPECT_TRUE(IsInvalid(ApplyEdgeUpdate(request, Mask({"grading"}), "edge", "update_mask",
                                        &stored),
                        "edge.grading"));
}

}  // namespace
}  // namespace evidencegraph::services
