// Bulk import of one batch of nodes and edges: validate the whole batch,
// then write it with ONE WriteBatch.
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
// Concurrency: the caller must exclude every other writer for the duration
// (GraphStore holds its writer mutex exclusively): the checks read the latest
// state without a transaction and the batch is written blind, so no
// concurrent Write() may change what was checked. That is also why imports
// need no adjacency guards.
// Thread-safety: see above; stateless otherwise.
#ifndef EVIDENCEGRAPH_STORAGE_IMPORTER_H_
#define EVIDENCEGRAPH_STORAGE_IMPORTER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/graph_store.h"
#include "storage/rocks_db.h"

namespace evidencegraph::storage {

absl::StatusOr<ImportBatchResult> ImportBatchExclusive(
    const RocksDb& db, const std::vector<v1::Node>& nodes,
    const std::vector<v1::Edge>& edges, bool fail_on_conflict, absl::Time now);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_IMPORTER_H_
