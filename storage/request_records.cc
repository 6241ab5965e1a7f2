#include "storage/request_records.h"

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "storage/keys.h"

namespace evidencegraph::storage {
namespace {

class ExpiredRecordFilter final : public rocksdb::CompactionFilter {
 public:
  ExpiredRecordFilter(absl::Time now, absl::Duration retention)
      : now_(now), retention_(retention) {}

  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/, const rocksdb::Slice& value,
              std::string* /*new_value*/, bool* /*value_changed*/) const override {
    const absl::StatusOr<int64_t> created =
        keys::IdempotencyRecordCreateMicros(absl::string_view(value.data(), value.size()));
    return created.ok() && IsRecordExpired(*created, now_, retention_);
  }

  const char* Name() const override { return "evidencegraph.ExpiredRecordFilter"; }

 private:
  const absl::Time now_;
  const absl::Duration retention_;
};

class ExpiredRecordFilterFactory final : public rocksdb::CompactionFilterFactory {
 public:
  explicit ExpiredRecordFilterFactory(absl::Duration retention) : retention_(retention) {}

  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& /*context*/) override {
    return std::make_unique<ExpiredRecordFilter>(absl::Now(), retention_);
  }

  const char* Name() const override { return "evidencegraph.ExpiredRecordFilterFactory"; }

 private:
  const absl::Duration retention_;
};

}  // namespace

bool IsRecordExpired(int64_t create_micros, absl::Time now, absl::Duration retention) {
  if (retention <= absl::ZeroDuration() || retention == absl::InfiniteDuration()) return false;
  return absl::FromUnixMicros(create_micros) + retention < now;
}

std::shared_ptr<rocksdb::CompactionFilterFactory> NewExpiredRecordFilterFactory(
    absl::Duration retention) {
  return std::make_shared<ExpiredRecordFilterFactory>(retention);
}

}  // namespace evidencegraph::storage
