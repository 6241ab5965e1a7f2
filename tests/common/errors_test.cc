// Specification of common/errors.h: statuses carry the API reason, field and
// resource as payloads, and field prefixes compose for nested messages.
#include "common/errors.h"

#include "gtest/gtest.h"

namespace evidencegraph {
namespace {

TEST(InvalidFieldTest, NamesFieldRuleAndReason) {
  absl::Status s = InvalidField("node.claim.statement", "is required");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid node.claim.statement: is required");
  EXPECT_EQ(ErrorField(s), "node.claim.statement");
  EXPECT_EQ(ErrorReason(s), "INVALID_FIELD");
  EXPECT_FALSE(ErrorResource(s).has_value());
}

TEST(InvalidFieldTest, CustomReason) {
  absl::Status s = InvalidField("edge.kind", "study cannot TARGET", "EDGE_ENDPOINT_KIND");
  EXPECT_EQ(ErrorReason(s), "EDGE_ENDPOINT_KIND");
}

TEST(NotFoundTest, NamesResource) {
  absl::Status s = NotFound("claims/x", "node");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "node not found: claims/x");
  EXPECT_EQ(ErrorResource(s), "claims/x");
  EXPECT_EQ(ErrorReason(s), "NOT_FOUND");
}

TEST(AlreadyExistsTest, NamesResource) {
  absl::Status s = AlreadyExists("studies/crane-2012", "node");
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorResource(s), "studies/crane-2012");
}

TEST(WithFieldPrefixTest, PrefixesFieldAndMessage) {
  absl::Status s = WithFieldPrefix(InvalidField("edge.kind", "is required"),
                                   "operations[3].create_edge.");
  EXPECT_EQ(ErrorField(s), "operations[3].create_edge.edge.kind");
  EXPECT_EQ(s.message(), "invalid operations[3].create_edge.edge.kind: is required");
  EXPECT_EQ(ErrorReason(s), "INVALID_FIELD");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST(WithFieldPrefixTest, LeavesStatusesWithoutFieldAlone) {
  absl::Status nf = NotFound("claims/x");
  EXPECT_EQ(WithFieldPrefix(nf, "operations[0]."), nf);
  EXPECT_TRUE(WithFieldPrefix(absl::OkStatus(), "x.").ok());
}

TEST(MakeErrorTest, PlainStatusHasNoDetails) {
  absl::Status plain = absl::InternalError("boom");
  EXPECT_FALSE(ErrorReason(plain).has_value());
  EXPECT_FALSE(ErrorField(plain).has_value());
  absl::Status made = MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH", "stale");
  EXPECT_EQ(made.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReason(made), "ETAG_MISMATCH");
}

}  // namespace
}  // namespace evidencegraph
