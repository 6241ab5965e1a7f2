// SortedWrites::Finish must put each family in bytewise key order (the
// families' comparator) whatever the keys share: its sort decides most
// comparisons on a 16-byte prefix and falls back to the whole key.
#include "storage/sorted_writes.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/keys.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;
using namespace std::string_literals;  // keys with NUL bytes

std::vector<std::string> KeysOf(const SortedWrites& writes, Family family) {
  std::vector<std::string> out;
  for (const SortedWrites::Entry& e : writes.entries(family)) out.push_back(e.key);
  return out;
}

TEST(SortedWritesTest, FinishSortsBytewiseAcrossPrefixTiesAndPadding) {
  std::vector<std::string> keys = {
      "b",
      std::string("a\0", 2),  // ties "a" on the zero-padded prefix
      "a",
      std::string("a\0\0", 3),
      "studies/p12-3456\0supports\0claims/x"s,  // 16-byte prefix shared below
      "studies/p12-3456\0supports\0claims/w"s,
      "studies/p12-3456",
      "studies/p12-345",
      "\xff\x01",  // above every ASCII byte: compared unsigned
      "\x7f",
      "",
  };
  for (int i = 0; i < 200; ++i) {
    keys.push_back(absl::StrCat("studies/p", i % 7, "-", i, std::string(1, '\0'), "refutes"));
  }
  std::vector<std::string> shuffled = keys;
  std::mt19937 rng(7);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);

  SortedWrites writes;
  for (const std::string& key : shuffled) {
    ASSERT_TRUE(writes.Put(Family::kOutEdges, key, absl::StrCat("v-", key)).ok());
  }
  ASSERT_TRUE(writes.Finish().ok());

  std::sort(keys.begin(), keys.end());  // std::string: bytewise, unsigned
  EXPECT_EQ(KeysOf(writes, Family::kOutEdges), keys);
  for (const SortedWrites::Entry& e : writes.entries(Family::kOutEdges)) {
    EXPECT_EQ(e.value, absl::StrCat("v-", e.key));  // values moved with their keys
  }
}

TEST(SortedWritesTest, FinishRejectsAKeyWrittenTwice) {
  SortedWrites writes;
  const std::string long_key = "claims/aaaaaaaaaaaaaaaaaaaaaa";  // longer than the prefix
  ASSERT_TRUE(writes.Put(Family::kNodes, long_key, "1").ok());
  ASSERT_TRUE(writes.Put(Family::kNodes, "claims/b", "2").ok());
  ASSERT_TRUE(writes.Put(Family::kNodes, long_key, "3").ok());
  EXPECT_EQ(writes.Finish().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace evidencegraph::storage
