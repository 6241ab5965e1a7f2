// Specification of common/resource_names.h: what a valid node or edge name is,
// and that building and parsing are inverses.
#include "common/resource_names.h"

#include <string>

#include "common/errors.h"
#include "gtest/gtest.h"

namespace evidencegraph {
namespace {

TEST(IdTest, AcceptsLowercaseDigitsAndDashes) {
  EXPECT_TRUE(IsValidId("crane-2012"));
  EXPECT_TRUE(IsValidId("0abc"));
  EXPECT_TRUE(IsValidId(std::string(63, 'a')));
}

TEST(IdTest, RejectsEverythingElse) {
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidId("-leading-dash"));
  EXPECT_FALSE(IsValidId("Upper"));
  EXPECT_FALSE(IsValidId("under_score"));
  EXPECT_FALSE(IsValidId("sl/ash"));
  EXPECT_FALSE(IsValidId(std::string("nul\0byte", 8)));
  EXPECT_FALSE(IsValidId("caf\xc3\xa9"));
}

TEST(NodeNameTest, ParsesEveryCollection) {
  for (auto [name, kind] : {std::pair{"claims/a", v1::NODE_KIND_CLAIM},
                            std::pair{"studies/a", v1::NODE_KIND_STUDY},
                            std::pair{"experts/a", v1::NODE_KIND_EXPERT},
                            std::pair{"critiques/a", v1::NODE_KIND_CRITIQUE},
                            std::pair{"sources/a", v1::NODE_KIND_SOURCE}}) {
    absl::StatusOr<NodeName> parsed = ParseNodeName(name);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status();
    EXPECT_EQ(parsed->kind, kind);
    EXPECT_EQ(parsed->id, "a");
    EXPECT_EQ(MakeNodeName(kind, "a"), name);
  }
}

TEST(NodeNameTest, ErrorsNameTheFieldAndRule) {
  absl::Status s = ParseNodeName("widgets/a", "node.name").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(s), "node.name");
  EXPECT_NE(s.message().find("unknown collection \"widgets\""), std::string::npos) << s;

  EXPECT_FALSE(ParseNodeName("").ok());
  EXPECT_FALSE(ParseNodeName("claims").ok());
  EXPECT_FALSE(ParseNodeName("claims/").ok());
  EXPECT_FALSE(ParseNodeName("claims/a/b").ok());
  EXPECT_FALSE(ParseNodeName("claims/Bad").ok());
}

TEST(EdgeNameTest, RoundTripsNodeTargets) {
  const std::string name =
      MakeEdgeName("studies/crane-2012", v1::EDGE_KIND_SUPPORTS, "claims/c2");
  EXPECT_EQ(name, "studies/crane-2012/edges/supports/claims/c2");
  absl::StatusOr<EdgeName> parsed = ParseEdgeName(name);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->source, "studies/crane-2012");
  EXPECT_EQ(parsed->kind, v1::EDGE_KIND_SUPPORTS);
  EXPECT_EQ(parsed->target, "claims/c2");
}

TEST(EdgeNameTest, RoundTripsEdgeTargets) {
  const std::string inner =
      MakeEdgeName("studies/crane-2012", v1::EDGE_KIND_SUPPORTS, "claims/c2");
  const std::string outer =
      MakeEdgeName("critiques/gorski", v1::EDGE_KIND_TARGETS, inner);
  absl::StatusOr<EdgeName> parsed = ParseEdgeName(outer);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->source, "critiques/gorski");
  EXPECT_EQ(parsed->kind, v1::EDGE_KIND_TARGETS);
  EXPECT_EQ(parsed->target, inner);
  EXPECT_TRUE(LooksLikeEdgeName(parsed->target));
}

TEST(EdgeNameTest, RejectsMalformedNames) {
  EXPECT_FALSE(ParseEdgeName("").ok());
  EXPECT_FALSE(ParseEdgeName("claims/a").ok());
  EXPECT_FALSE(ParseEdgeName("claims/a/edges/").ok());
  EXPECT_FALSE(ParseEdgeName("claims/a/edges/supports").ok());
  EXPECT_FALSE(ParseEdgeName("claims/a/edges/loves/claims/b").ok());
  EXPECT_FALSE(ParseEdgeName("widgets/a/edges/supports/claims/b").ok());
  EXPECT_FALSE(ParseEdgeName("studies/a/edges/supports/claims/B").ok());
  EXPECT_FALSE(
      ParseEdgeName("critiques/k/edges/targets/studies/a/edges/nope/claims/b").ok());
}

TEST(EdgeKindTokenTest, EveryKindRoundTrips) {
  for (int k = v1::EdgeKind_MIN; k <= v1::EdgeKind_MAX; ++k) {
    const auto kind = static_cast<v1::EdgeKind>(k);
    if (kind == v1::EDGE_KIND_UNSPECIFIED) {
      EXPECT_EQ(EdgeKindToken(kind), "");
      continue;
    }
    EXPECT_EQ(EdgeKindFromToken(EdgeKindToken(kind)), kind) << k;
  }
  EXPECT_EQ(EdgeKindFromToken("SUPPORTS"), v1::EDGE_KIND_UNSPECIFIED);
}

TEST(PayloadKindTest, FollowsTheOneof) {
  v1::Node node;
  EXPECT_EQ(PayloadKind(node), v1::NODE_KIND_UNSPECIFIED);
  node.mutable_study();
  EXPECT_EQ(PayloadKind(node), v1::NODE_KIND_STUDY);
  node.mutable_claim();
  EXPECT_EQ(PayloadKind(node), v1::NODE_KIND_CLAIM);
}

}  // namespace
}  // namespace evidencegraph
