// The lazily named checks (services/validation_internal.h, LazyPath) give the
// status of the eagerly named ones, field path included, pass or fail.
#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "evidencegraph/v1/resources.pb.h"
#include "services/validation_internal.h"

namespace evidencegraph::services::internal {
namespace {

TEST(LazyPathTest, ChecksGiveTheEagerStatus) {
  const std::string parent = "operations[3].create_node.node.study";
  const LazyPath lazy = Sub(parent, "outcome");
  const std::string eager = Path(parent, "outcome");
  EXPECT_EQ(lazy.str(), eager);
  EXPECT_EQ(Sub("", "outcome").str(), "outcome");

  for (const std::string& text : {std::string(), std::string("fine"), std::string(300, 'x')}) {
    for (bool required : {false, true}) {
      EXPECT_EQ(CheckText(text, 200, required, lazy), CheckText(text, 200, required, eager));
    }
  }
  for (int64_t v : {-5, 0, 3, 7}) {
    EXPECT_EQ(CheckIntRange(v, 0, 4, lazy), CheckIntRange(v, 0, 4, eager));
  }
  for (double v : {-1.0, 0.5, 2.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(CheckDoubleRange(v, 0, 1, lazy), CheckDoubleRange(v, 0, 1, eager));
    EXPECT_EQ(CheckFinite(v, lazy), CheckFinite(v, eager));
  }
  for (int v : {0, 1, 99}) {
    for (bool required : {false, true}) {
      EXPECT_EQ(CheckEnum(v, v1::EdgeKind_IsValid, required, lazy),
                CheckEnum(v, v1::EdgeKind_IsValid, required, eager));
    }
  }
  // And they do fail where they should.
  EXPECT_FALSE(CheckText("", 10, true, lazy).ok());
  EXPECT_FALSE(CheckEnum(99, v1::EdgeKind_IsValid, false, lazy).ok());
}

}  // namespace
}  // namespace evidencegraph::services::internal
