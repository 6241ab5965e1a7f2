// NameArena: append-only storage for the vertex names a walk keeps.
//
// A walk remembers every vertex it reported (the seen set), the two BFS
// levels and the visits not yet handed out; each held its own std::string
// (two or three heap allocations per vertex, ~10% of a served Traverse).
// Names copied here live in a few large blocks and are referred to by
// string_views that stay valid, unmoved, until the arena is destroyed.
// Thread-safety: one thread at a time. Memory: freed only with the arena.
#ifndef EVIDENCEGRAPH_QUERY_NAME_ARENA_H_
#define EVIDENCEGRAPH_QUERY_NAME_ARENA_H_

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/string_view.h"

namespace evidencegraph::query {

class NameArena {
 public:
  NameArena() = default;
  NameArena(const NameArena&) = delete;
  NameArena& operator=(const NameArena&) = delete;

  // A copy of `name` that lives as long as the arena.
  absl::string_view Add(absl::string_view name) {
    if (name.empty()) return {};
    if (name.size() > left_) {
      // Blocks double from 1 KiB to 64 KiB: a one-hop walk (a few dozen
      // names) does not pay for a large block it never fills.
      block_bytes_ =
          blocks_.empty() ? kFirstBlockBytes : std::min(2 * block_bytes_, kMaxBlockBytes);
      const size_t size = std::max(block_bytes_, name.size());
      blocks_.push_back(std::make_unique<char[]>(size));
      next_ = blocks_.back().get();
      left_ = size;
    }
    char* copy = next_;
    std::memcpy(copy, name.data(), name.size());
    next_ += name.size();
    left_ -= name.size();
    return absl::string_view(copy, name.size());
  }

 private:
  static constexpr size_t kFirstBlockBytes = 1024;
  static constexpr size_t kMaxBlockBytes = 64 * 1024;

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_bytes_ = 0;
  char* next_ = nullptr;
  size_t left_ = 0;
};

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_NAME_ARENA_H_
