#include "storage/serialized_scan.h"

#include "common/status_macros.h"

namespace evidencegraph::storage {

RocksSerializedScan::RocksSerializedScan(const RocksDb& db, const rocksdb::Snapshot* snapshot,
                                         keys::Family family)
    : family_(family),
      scan_(
          [&](const rocksdb::ReadOptions& ro) {
            // A whole-family pass: its blocks would evict the hot set from
            // the block cache (reads hit the page cache instead).
            rocksdb::ReadOptions options = ro;
            options.fill_cache = false;
            return db.db()->NewIterator(options, db.cf(family));
          },
          snapshot, "", "", /*total_order=*/true) {}

absl::StatusOr<bool> RocksSerializedScan::Read(
    absl::FunctionRef<bool(const SerializedRecord&)> take) {
  const bool nodes = family_ == keys::Family::kNodes;
  bool more = true;
  while (more && scan_.Valid()) {
    SerializedRecord record;
    if (nodes) {
      ASSIGN_OR_RETURN(const absl::string_view name, keys::DecodeNodeKey(scan_.key()));
      ASSIGN_OR_RETURN(record, keys::SerializedNode(name, scan_.value(), &scratch_));
    } else {
      ASSIGN_OR_RETURN(const keys::EdgeTriple triple, keys::DecodeOutEdgeKey(scan_.key()));
      ASSIGN_OR_RETURN(record, keys::SerializedEdge(triple, scan_.value(), &scratch_));
    }
    more = take(record);
    scan_.Next();
  }
  RETURN_IF_ERROR(scan_.status(nodes ? "exporting nodes" : "exporting edges"));
  return !scan_.Valid();
}

}  // namespace evidencegraph::storage
