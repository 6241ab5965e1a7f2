// MergeFoldingSink: forwards puts and deletes to another sink at once and
// holds back merge operands, adding up those of one key, until Flush() writes
// one operand per key (in key order). For the int64 counters of meta (the
// only merge operator, keys.h), whose sum reads back exactly as the separate
// operands would. The SST ingest path of imports needs it (a file holds each
// key once); a batch of 5,000 claims then writes 2 operands, not 10,000.
// Ownership: borrows the target sink. Thread-safety: one thread at a time.
#ifndef EVIDENCEGRAPH_STORAGE_MERGE_FOLDING_SINK_H_
#define EVIDENCEGRAPH_STORAGE_MERGE_FOLDING_SINK_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/mutation_sink.h"

namespace evidencegraph::storage {

class MergeFoldingSink final : public MutationSink {
 public:
  explicit MergeFoldingSink(MutationSink& target) : target_(target) {}

  absl::Status Put(keys::Family family, absl::string_view key,
                   absl::string_view value) override {
    return target_.Put(family, key, value);
  }
  absl::Status PutOwned(keys::Family family, std::string key, std::string value) override {
    return target_.PutOwned(family, std::move(key), std::move(value));
  }
  absl::Status Delete(keys::Family family, absl::string_view key) override {
    return target_.Delete(family, key);
  }
  absl::Status Merge(keys::Family family, absl::string_view key,
                     absl::string_view operand) override {
    ASSIGN_OR_RETURN(const int64_t delta, keys::DecodeCounter(operand));
    uint64_t& sum = sums_[{family, std::string(key)}];
    sum += static_cast<uint64_t>(delta);  // two's complement, like the operator
    return absl::OkStatus();
  }

  // Writes the folded operands to the target. Call once, after the last write.
  absl::Status Flush() { return FlushTo(target_); }
  // The same into another sink (a bulk import writes the folded operands
  // apart from the chunks it spills).
  absl::Status FlushTo(MutationSink& target) {
    for (const auto& [family_key, sum] : sums_) {
      RETURN_IF_ERROR(target.Merge(family_key.first, family_key.second,
                                    keys::EncodeCounter(static_cast<int64_t>(sum))));
    }
    sums_.clear();
    return absl::OkStatus();
  }

 private:
  MutationSink& target_;
  std::map<std::pair<keys::Family, std::string>, uint64_t> sums_;  // a handful of keys
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_MERGE_FOLDING_SINK_H_
