// SortedWrites: the writes of one import batch, collected per column family
// and put in key order, so the same bytes can go to RocksDB either as one
// WriteBatch or as SST files ingested in one step (storage/sst_ingest.h).
//
// It is a MutationSink: the importer and the node index code write into it
// as they would into a batch. Finish() sorts each family; a key written
// twice is an INTERNAL error: SST files hold each key once, and an import
// batch never writes a key twice (records are unique in it, and counter
// operands are folded before, storage/merge_folding_sink.h).
//
// Ownership: owns the keys and values. Thread-safety: one thread at a time.
#ifndef EVIDENCEGRAPH_STORAGE_SORTED_WRITES_H_
#define EVIDENCEGRAPH_STORAGE_SORTED_WRITES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/keys.h"
#include "storage/mutation_sink.h"

namespace evidencegraph::storage {

class SortedWrites final : public MutationSink {
 public:
  enum class Op : uint8_t { kPut, kMerge, kDelete };
  struct Entry {
    std::string key;
    std::string value;  // the operand for kMerge, empty for kDelete
    Op op = Op::kPut;
  };

  absl::Status Put(keys::Family family, absl::string_view key,
                   absl::string_view value) override;
  absl::Status Delete(keys::Family family, absl::string_view key) override;
  absl::Status Merge(keys::Family family, absl::string_view key,
                     absl::string_view operand) override;
  absl::Status PutOwned(keys::Family family, std::string key, std::string value) override;
  // Tells how many entries a family will get (a hint, to allocate once).
  void Reserve(keys::Family family, size_t count);

  // Sorts (families written in key order are only checked) and rejects
  // duplicate keys. Call once, after the last write.
  absl::Status Finish();

  const std::vector<Entry>& entries(keys::Family family) const {
    return families_[static_cast<int>(family)].entries;
  }
  size_t size() const;
  // Key and value bytes held (what a bulk import spills by).
  size_t bytes() const { return bytes_; }
  // Drops every entry (a bulk import's chunk, once spilled).
  void Clear();

 private:
  struct FamilyWrites {
    std::vector<Entry> entries;
  };
  std::array<FamilyWrites, keys::kFamilyCount> families_;
  size_t bytes_ = 0;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_SORTED_WRITES_H_
