// The checks a create makes before it looks at the store, and the errors of
// the existence checks after, shared by the two write paths (TxnWriter and
// CreateBatchWriter) so both refuse the same op with the same status.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_CREATE_CHECKS_H_
#define EVIDENCEGRAPH_STORAGE_CREATE_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "evidencegraph/v1/resources.pb.h"

namespace evidencegraph::storage {

// A node to create: name well formed, payload of the name's collection,
// labels encodable (INVALID_ARGUMENT naming the field).
absl::Status CheckNodeToCreate(const v1::Node& node);

// An edge to create: known kind, source a node name, target a node or edge
// name (INVALID_ARGUMENT naming the field). Returns the edge's name.
absl::StatusOr<std::string> CheckEdgeToCreate(const v1::Edge& edge);

// NOT_FOUND for the missing source node / target node or edge of `edge`,
// whose name is `edge_name`.
absl::Status MissingSource(const v1::Edge& edge, const std::string& edge_name);
absl::Status MissingTarget(const v1::Edge& edge, const std::string& edge_name);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_CREATE_CHECKS_H_
