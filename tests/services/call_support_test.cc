// Specification of the call-independent helpers of services/call_support.h:
// page-size coercion (AIP-158), request ids and request fingerprints. The
// reactor helpers are exercised through the real server in
// tests/integration.
#include "services/call_support.h"

#include "evidencegraph/v1/graph_service.pb.h"
#include "gtest/gtest.h"
#include "tests/services/status_assertions.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::testing::IsInvalid;

TEST(CoercePageSizeTest, ZeroMeansTheDefault) {
  EXPECT_EQ(*CoercePageSize(0), 50);
}

TEST(CoercePageSizeTest, InRangeValuesAreKept) {
  EXPECT_EQ(*CoercePageSize(1), 1);
  EXPECT_EQ(*CoercePageSize(999), 999);
  EXPECT_EQ(*CoercePageSize(1000), 1000);
}

TEST(CoercePageSizeTest, LargeValuesAreCappedNotRejected) {
  EXPECT_EQ(*CoercePageSize(1001), 1000);
  EXPECT_EQ(*CoercePageSize(2147483647), 1000);
}

TEST(CoercePageSizeTest, NegativeValuesNameTheField) {
  EXPECT_TRUE(IsInvalid(CoercePageSize(-1).status(), "page_size"));
  EXPECT_TRUE(IsInvalid(CoercePageSize(-5, "request.page_size").status(), "request.page_size"));
}

TEST(RequestIdTest, AcceptsPrintableAsciiUpTo128) {
  EXPECT_TRUE(IsValidRequestId("a"));
  EXPECT_TRUE(IsValidRequestId("trace-01HF8Z:span/7"));
  EXPECT_TRUE(IsValidRequestId(std::string(128, 'x')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId(std::string(129, 'x')));
  EXPECT_FALSE(IsValidRequestId("has space"));
  EXPECT_FALSE(IsValidRequestId("new\nline"));
}

TEST(RequestIdTest, GeneratedIdsAreValidAndDistinct) {
  const std::string a = GenerateRequestId();
  const std::string b = GenerateRequestId();
  EXPECT_TRUE(IsValidRequestId(a));
  EXPECT_EQ(a.size(), 16u);
  EXPECT_NE(a, b);
  for (int i = 0; i < 1000; ++i) {
    const std::string id = GenerateRequestId();
    ASSERT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
}

TEST(FingerprintTest, EqualRequestsGiveEqualBytes) {
  v1::CreateNodeRequest a;
  a.set_node_id("x");
  a.mutable_node()->mutable_claim()->set_statement("Massage helps");
  a.mutable_node()->add_labels("running");
  v1::CreateNodeRequest b = a;
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  EXPECT_FALSE(Fingerprint(a).empty());
}

TEST(FingerprintTest, AnyDifferenceChangesTheBytes) {
  v1::CreateNodeRequest a;
  a.mutable_node()->mutable_claim()->set_statement("Massage helps");
  v1::CreateNodeRequest b = a;
  b.mutable_node()->mutable_claim()->set_statement("Massage hurts");
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

}  // namespace
}  // namespace evidencegraph::services
