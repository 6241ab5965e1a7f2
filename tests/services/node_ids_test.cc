// Specification of services/node_ids.h: generated ids are valid resource ids,
// readable, and distinct.
#include "services/node_ids.h"

#include "absl/container/flat_hash_set.h"
#include "common/resource_names.h"
#include "gtest/gtest.h"

namespace evidencegraph::services {
namespace {

TEST(SlugifyTest, LowercasesAndJoinsWords) {
  EXPECT_EQ(Slugify("Massage reduces Inflammation!", 48), "massage-reduces-inflammation");
  EXPECT_EQ(Slugify("  --C4: exercise >> massage  ", 48), "c4-exercise-massage");
  EXPECT_EQ(Slugify("", 48), "");
  EXPECT_EQ(Slugify("¿¡", 48), "");
}

TEST(SlugifyTest, CutsAtAWordBoundary) {
  EXPECT_EQ(Slugify("alpha beta gamma", 12), "alpha-beta");
  EXPECT_LE(Slugify(std::string(100, 'x'), 48).size(), 48u);
}

TEST(GenerateNodeIdTest, IdsAreValidReadableAndDistinct) {
  v1::Node node;
  node.mutable_claim()->set_statement(
      "Massage reduces inflammation after intense exercise in young healthy adults");
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string id = GenerateNodeId(node);
    EXPECT_TRUE(IsValidId(id)) << id;
    EXPECT_EQ(id.rfind("massage-reduces-inflammation", 0), 0u) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(GenerateNodeIdTest, FallsBackToTheKindWithoutText) {
  v1::Node node;
  node.mutable_expert()->set_full_name("张伟");
  const std::string id = GenerateNodeId(node);
  EXPECT_TRUE(IsValidId(id)) << id;
  EXPECT_EQ(id.rfind("expert-", 0), 0u) << id;
}

TEST(GenerateNodeIdTest, PrefersTheDisplayTitle) {
  v1::Node node;
  node.set_display_title("S1 Crane 2012");
  node.mutable_study()->mutable_citation()->set_title("Massage therapy attenuates ...");
  EXPECT_EQ(GenerateNodeId(node).rfind("s1-crane-2012-", 0), 0u);
}

}  // namespace
}  // namespace evidencegraph::services
