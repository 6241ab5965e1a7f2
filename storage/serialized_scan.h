// RocksSerializedScan: GraphSnapshot::ScanSerializedNodes / ScanSerializedEdges
// over RocksDB (storage/graph_store.h SerializedScan).
//
// One iterator over `nodes` or `out_edges` at the snapshot, kept for the
// scan's life, so an export pages through a family with one seek instead of
// one per page (the iterator pins the memtables and files it was created on,
// as the snapshot pins its data). It reads without filling the block cache:
// one pass over a whole family would evict the hot set that point reads and
// walks rely on. Each entry becomes a SerializedRecord with
// keys::SerializedNode / SerializedEdge: the stored value is handed out in
// place, edges with their identity fields serialised into a scratch buffer
// reused from record to record.
//
// Ownership: borrows the RocksDb and the snapshot, which must outlive it.
// Thread-safety: one thread at a time.
#ifndef EVIDENCEGRAPH_STORAGE_SERIALIZED_SCAN_H_
#define EVIDENCEGRAPH_STORAGE_SERIALIZED_SCAN_H_

#include <string>

#include "rocksdb/snapshot.h"
#include "storage/bounded_scan.h"
#include "storage/graph_store.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

class RocksSerializedScan final : public SerializedScan {
 public:
  // `family` is keys::Family::kNodes or keys::Family::kOutEdges.
  RocksSerializedScan(const RocksDb& db, const rocksdb::Snapshot* snapshot,
                      keys::Family family);

  absl::StatusOr<bool> Read(absl::FunctionRef<bool(const SerializedRecord&)> take) override;

 private:
  const keys::Family family_;
  BoundedScan scan_;
  std::string scratch_;
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_SERIALIZED_SCAN_H_
