// storage/page_token.h: tokens round-trip, and anything not made by this list
// with these filters is INVALID_ARGUMENT on "page_token".
#include "storage/page_token.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage {
namespace {

using ::evidencegraph::storage::testing::StatusIs;

TEST(PageTokenTest, RoundTripsPhaseAndKeyBytes) {
  const uint64_t filters = FilterHash({"edges", "claims/a", "3", "0"});
  PageCursor cursor;
  cursor.phase = 1;
  cursor.last_key = std::string("claims/a\0supports\0studies/\xff\0", 28);
  const std::string token = EncodePageToken(filters, cursor);
  // URL-safe: no '+', '/' or '='.
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos);
  absl::StatusOr<PageCursor> decoded = DecodePageToken(token, filters);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->phase, 1);
  EXPECT_EQ(decoded->last_key, cursor.last_key);
}

TEST(PageTokenTest, EveryTamperedByteIsRejected) {
  const uint64_t filters = FilterHash({"nodes", "1", ""});
  const std::string token = EncodePageToken(filters, {0, std::string("claims/b\0", 9)});
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string tampered = raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    std::string reencoded;
    absl::WebSafeBase64Escape(tampered, &reencoded);
    absl::StatusOr<PageCursor> decoded = DecodePageToken(reencoded, filters);
    EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument)) << "byte " << i;
    EXPECT_EQ(ErrorField(decoded.status()), "page_token");
  }
  // Truncated.
  EXPECT_THAT(DecodePageToken(token.substr(0, token.size() - 3), filters),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Not base64url at all.
  EXPECT_THAT(DecodePageToken("%%%", filters), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PageTokenTest, OtherFiltersAreRejected) {
  const std::string token =
      EncodePageToken(FilterHash({"nodes", "1", "running"}), {0, "claims/a"});
  absl::StatusOr<PageCursor> decoded = DecodePageToken(token, FilterHash({"nodes", "1", "swimming"}));
  EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(decoded.status().message()), ::testing::HasSubstr("other filters"));
}

TEST(PageTokenTest, FilterHashDelimitsItsParts) {
  EXPECT_NE(FilterHash({"ab", "c"}), FilterHash({"a", "bc"}));
  EXPECT_NE(FilterHash({"a", ""}), FilterHash({"a"}));
  EXPECT_EQ(FilterHash({"x", "y"}), FilterHash({"x", "y"}));
}

}  // namespace
}  // namespace evidencegraph::storage
