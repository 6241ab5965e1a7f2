// query/name_arena.h: copies stay valid and unmoved while the arena grows
// (names larger than a block included), empty names need no storage.
#include "query/name_arena.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace evidencegraph::query {
namespace {

TEST(NameArenaTest, CopiesStayValidAsTheArenaGrows) {
  NameArena arena;
  std::vector<std::string> originals;
  std::vector<absl::string_view> copies;
  for (int i = 0; i < 20000; ++i) {
    // Short, block-sized and over-block names, interleaved.
    std::string name = i % 5000 == 7 ? std::string(70000 + i, 'x')
                                     : absl::StrCat("claims/name-", i, std::string(i % 40, 'y'));
    copies.push_back(arena.Add(name));
    EXPECT_NE(copies.back().data(), name.data());
    originals.push_back(std::move(name));
  }
  for (size_t i = 0; i < originals.size(); ++i) ASSERT_EQ(copies[i], originals[i]) << i;
}

TEST(NameArenaTest, EmptyNameIsEmpty) {
  NameArena arena;
  EXPECT_TRUE(arena.Add("").empty());
  EXPECT_EQ(arena.Add("a"), "a");
}

}  // namespace
}  // namespace evidencegraph::query
