// Bulk import of one batch of nodes and edges: validate the whole batch,
// then write it in ONE atomic step.
//
// Validation, in order, stopping at the first failure (the status names the
// record: "edges[12] studies/x/edges/supports/claims/y: target node not
// found: claims/y", and its field payload is prefixed with "edges[12]."):
//   1. names encodable and well formed, node payload matching its collection,
//      no record twice in the batch (INVALID_ARGUMENT);
//   2. existing records, looked up with one MultiGet per family: skipped and
//      counted, or ALREADY_EXISTS when fail_on_conflict;
//   3. edge endpoints: in this batch (anywhere: the write is atomic, so order
//      inside a batch does not matter) or in the store, the latter checked
//      with one MultiGet over the distinct missing names (NOT_FOUND).
// Records are stamped like any write (kind, etag revision 1), but create and
// update times carried by the record are kept, so an export imported into
// an empty store reproduces the graph's content and history.
//
// The write: every key of the batch (records, in_edges, label and term
// index entries, search counter operands) goes either into one WriteBatch
// or, when the batch creates at least `ingest_min_records` records (0:
// never), into SST files ingested in one step, sorted per family with the
// counter operands folded into one per counter (storage/sorted_writes.h,
// storage/merge_folding_sink.h, storage/sst_ingest.h). The database reads
// back identically either way.
// Ingestion skips the memtables and the WAL but costs about seven fsyncs
// and an L0 file per family per batch: on the reference VM it is slower for
// ImportGraph's messages (at most 10,000 records), hence off by default.
//
// Concurrency: the caller must exclude every other writer for the duration
// (GraphStore holds its writer mutex exclusively): the checks read the latest
// state without a transaction and the batch is written blind, so no
// concurrent Write() may change what was checked. That is also why imports
// need no adjacency guards.
//
// Bulk imports (storage/bulk_import.h) stage batches instead: StageImportBatch
// runs the same checks against the store PLUS the records staged by earlier
// batches (StagedRecords), without any lock (the commit re-checks what the
// store answered), and emits the writes into a sink instead of writing them.
// Thread-safety: see above; stateless otherwise.
#ifndef EVIDENCEGRAPH_STORAGE_IMPORTER_H_
#define EVIDENCEGRAPH_STORAGE_IMPORTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/graph_store.h"
#include "storage/mutation_sink.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

absl::StatusOr<ImportBatchResult> ImportBatchExclusive(
    const RocksDb& db, const std::vector<v1::Node>& nodes,
    const std::vector<v1::Edge>& edges, bool fail_on_conflict, absl::Time now,
    int64_t ingest_min_records);

// What a bulk import staged so far, and what its checks took from the store.
struct StagedRecords {
  absl::flat_hash_set<std::string> nodes;        // names of staged nodes
  absl::flat_hash_set<std::string> edges;        // out_edges keys of staged edges
  absl::flat_hash_set<std::string> store_nodes;  // endpoints found in the store (names)
  absl::flat_hash_set<std::string> store_edges;  // endpoints found in the store (out keys)
  // Set by the bulk import before each batch when the store held no node and
  // no edge at its start and nothing was written since: the batch's store
  // lookups are then skipped (they could only miss). A write racing with the
  // batch moves the sequence number, so the commit re-checks anyway.
  bool store_has_no_records = false;
};

// Checks one batch like ImportBatchExclusive, records that exist in the store
// or in `staged` counting as existing; on success emits its writes into
// `sink` and adds its records and store endpoints to `staged`. On failure
// neither changes.
absl::StatusOr<ImportBatchResult> StageImportBatch(
    const RocksDb& db, const std::vector<v1::Node>& nodes,
    const std::vector<v1::Edge>& edges, bool fail_on_conflict, absl::Time now,
    StagedRecords& staged, MutationSink& sink);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_IMPORTER_H_
