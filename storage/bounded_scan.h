// BoundedScan: a forward scan of one column family over [start, limit).
//
// Wraps a rocksdb::Iterator with the rules this store follows on every scan:
// the range's end is passed as iterate_upper_bound (so RocksDB stops reading
// at it; auto_prefix_mode is never used), it is checked again on each key
// (transaction iterators merge pending writes and may ignore the bound), the
// read uses the given snapshot, and the iterator's status is checked at the
// end (Valid() == false is not success).
//
// `total_order` must be true when [start, limit) spans several first-component
// prefixes of a family that has a prefix extractor (whole-family scans);
// prefix-bounded scans leave it false so the prefix bloom filters are used.
//
// Ownership: owns the iterator and the bound it points to; not movable.
// Thread-safety: one thread at a time.
#ifndef EVIDENCEGRAPH_STORAGE_BOUNDED_SCAN_H_
#define EVIDENCEGRAPH_STORAGE_BOUNDED_SCAN_H_

#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/iterator.h"
#include "rocksdb/options.h"
#include "rocksdb/snapshot.h"

namespace evidencegraph::storage {

class BoundedScan {
 public:
  using IteratorFactory =
      absl::FunctionRef<rocksdb::Iterator*(const rocksdb::ReadOptions&)>;

  // Creates the iterator with `make_iterator` and seeks to `start`. An empty
  // `limit` scans to the end of the family.
  BoundedScan(IteratorFactory make_iterator, const rocksdb::Snapshot* snapshot,
              absl::string_view start, std::string limit, bool total_order);

  BoundedScan(const BoundedScan&) = delete;
  BoundedScan& operator=(const BoundedScan&) = delete;

  bool Valid() const;
  absl::string_view key() const;
  absl::string_view value() const;
  void Next() { it_->Next(); }

  // Steps over `key` if the scan is positioned on it (resuming after the last
  // key of a previous page).
  void SkipIfAt(absl::string_view key);

  // The iterator's status, as STORAGE_ERROR naming `context`.
  absl::Status status(absl::string_view context) const;

 private:
  std::string limit_;
  rocksdb::Slice limit_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_BOUNDED_SCAN_H_
