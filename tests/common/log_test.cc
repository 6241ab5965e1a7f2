// common/log.h: the line time stamp, which a thread caches per second, must
// read exactly as absl::FormatTime("%Y%m%d %H:%M:%E6S") in UTC.
#include <cstdint>
#include <random>

#include "absl/time/time.h"
#include "common/log.h"
#include "gtest/gtest.h"

namespace evidencegraph {
namespace {

std::string Expected(absl::Time t) {
  return absl::FormatTime("%Y%m%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

TEST(LogTimestampTest, MatchesFormatTimeAcrossSecondBoundaries) {
  const absl::Time second = absl::FromUnixSeconds(1795000000);
  // Back and forth across one boundary: the cached seconds must follow.
  for (absl::Time t : {second - absl::Microseconds(1), second, second + absl::Microseconds(5),
                       second - absl::Microseconds(999999), second + absl::Seconds(59),
                       second + absl::Seconds(60), second + absl::Hours(24)}) {
    EXPECT_EQ(LogTimestampForTesting(t), Expected(t));
  }
}

TEST(LogTimestampTest, MatchesFormatTimeOnRandomTimes) {
  std::mt19937_64 rng(42);
  // 1960 to 2100, microsecond resolution (before 1970 too).
  std::uniform_int_distribution<int64_t> micros(-315619200000000, 4102444800000000);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time t = absl::FromUnixMicros(micros(rng));
    ASSERT_EQ(LogTimestampForTesting(t), Expected(t)) << absl::ToUnixMicros(t);
  }
}

}  // namespace
}  // namespace evidencegraph
