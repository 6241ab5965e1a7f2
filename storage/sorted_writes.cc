#include "storage/sorted_writes.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::storage {
namespace {

bool KeyLess(const SortedWrites::Entry& a, const SortedWrites::Entry& b) {
  return a.key < b.key;  // bytewise, the families' comparator
}

// A position to sort, with the key's first 16 bytes as two big-endian
// integers (zero-padded): most comparisons are decided by two integer
// compares instead of a memcmp through the entry. Equal prefixes (or a key
// shorter than 16 bytes padded into a tie) fall back to the whole keys, so
// the order is the bytewise one.
struct SortSlot {
  uint64_t high = 0;
  uint64_t low = 0;
  uint32_t index = 0;
};

uint64_t BigEndian64(const unsigned char* bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | bytes[i];
  return v;
}

SortSlot MakeSlot(absl::string_view key, uint32_t index) {
  unsigned char prefix[16] = {};
  std::memcpy(prefix, key.data(), std::min<size_t>(key.size(), sizeof(prefix)));
  return SortSlot{BigEndian64(prefix), BigEndian64(prefix + 8), index};
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
      std::vector<SortSlot> order;
      order.reserve(entries.size());
      for (uint32_t i = 0; i < entries.size(); ++i) order.push_back(MakeSlot(entries[i].key, i));
      std::sort(order.begin(), order.end(), [&](const SortSlot& a, const SortSlot& b) {
        if (a.high != b.high) return a.high < b.high;
        if (a.low != b.low) return a.low < b.low;
        return entries[a.index].key < entries[b.index].key;
      });
      std::vector<Entry> sorted;
      sorted.reserve(entries.size());
      for (const SortSlot& slot : order) sorted.push_back(std::move(entries[slot.index]));
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
