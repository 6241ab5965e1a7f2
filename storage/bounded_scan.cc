#include "storage/bounded_scan.h"

#include <utility>

#include "storage/rocks_status.h"

namespace evidencegraph::storage {

BoundedScan::BoundedScan(IteratorFactory make_iterator,
                         const rocksdb::Snapshot* snapshot,
                         absl::string_view start, std::string limit,
                         bool total_order)
    : limit_(std::move(limit)), limit_slice_(limit_) {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  options.total_order_seek = total_order;
  if (!limit_.empty()) options.iterate_upper_bound = &limit_slice_;
  it_.reset(make_iterator(options));
  it_->Seek(rocksdb::Slice(start.data(), start.size()));
}

bool BoundedScan::Valid() const {
  if (!it_->Valid()) return false;
  if (limit_.empty()) return true;
  return it_->key().compare(limit_slice_) < 0;
}

absl::string_view BoundedScan::key() const {
  const rocksdb::Slice k = it_->key();
  return absl::string_view(k.data(), k.size());
}

absl::string_view BoundedScan::value() const {
  const rocksdb::Slice v = it_->value();
  return absl::string_view(v.data(), v.size());
}

void BoundedScan::SkipIfAt(absl::string_view key) {
  if (Valid() && this->key() == key) Next();
}

absl::Status BoundedScan::status(absl::string_view context) const {
  return FromRocks(it_->status(), context);
}

}  // namespace evidencegraph::storage
