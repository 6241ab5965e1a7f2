#include "storage/sorted_writes.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::storage {
namespace {

bool KeyLess(const SortedWrites::Entry& a, const SortedWrites::Entry& b) {
  return a.key < b.key;  // bytewise, the families' comparator
}

}  // namespace

absl::Status SortedWrites::Put(keys::Family family, absl::string_view key,
                               absl::string_view value) {
  bytes_ += key.size() + value.size();
  families_[static_cast<int>(family)].entries.push_back(
      Entry{std::string(key), std::string(value), Op::kPut});
  return absl::OkStatus();
}

absl::Status SortedWrites::Delete(keys::Family family, absl::string_view key) {
  bytes_ += key.size();
  families_[static_cast<int>(family)].entries.push_back(Entry{std::string(key), "", Op::kDelete});
  return absl::OkStatus();
}

absl::Status SortedWrites::Merge(keys::Family family, absl::string_view key,
                                 absl::string_view operand) {
  bytes_ += key.size() + operand.size();
  families_[static_cast<int>(family)].entries.push_back(
      Entry{std::string(key), std::string(operand), Op::kMerge});
  return absl::OkStatus();
}

absl::Status SortedWrites::PutOwned(keys::Family family, std::string key, std::string value) {
  bytes_ += key.size() + value.size();
  families_[static_cast<int>(family)].entries.push_back(
      Entry{std::move(key), std::move(value), Op::kPut});
  return absl::OkStatus();
}

void SortedWrites::Reserve(keys::Family family, size_t count) {
  families_[static_cast<int>(family)].entries.reserve(count);
}

void SortedWrites::Clear() {
  for (FamilyWrites& f : families_) {
    f.entries.clear();
    f.entries.shrink_to_fit();
  }
  bytes_ = 0;
}

size_t SortedWrites::size() const {
  size_t n = 0;
  for (const FamilyWrites& f : families_) n += f.entries.size();
  return n;
}

absl::Status SortedWrites::Finish() {
  for (keys::Family family : keys::kAllFamilies) {
    std::vector<Entry>& entries = families_[static_cast<int>(family)].entries;
    if (!std::is_sorted(entries.begin(), entries.end(), KeyLess)) {
      // Sorts positions, then moves each entry once: cheaper than swapping
      // entries (two strings each) through the whole sort.
      std::vector<uint32_t> order(entries.size());
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(),
                [&](uint32_t a, uint32_t b) { return entries[a].key < entries[b].key; });
      std::vector<Entry> sorted;
      sorted.reserve(entries.size());
      for (const uint32_t i : order) sorted.push_back(std::move(entries[i]));
      entries.swap(sorted);
    }
    for (size_t i = 1; i < entries.size(); ++i) {
      if (entries[i].key == entries[i - 1].key) {
        return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR",
                         absl::StrCat("import batch writes a key of ",
                                      keys::FamilyName(family), " twice"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::storage
