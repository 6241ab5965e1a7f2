// Bounds of the read-side queries: how a request's optional limits become
// the values a query runs with.
//
// Contract
//   - 0 means "use the default"; a negative value is INVALID_ARGUMENT; a value
//     above the server cap is INVALID_ARGUMENT with reason "EXCEEDS_CAP"
//     naming the field and the cap (api.md: "say which" — caps on work are
//     errors, page and batch sizes are coerced instead).
//   - Error fields use the request's proto field names ("max_depth"), so the
//     service passes them through unchanged.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_QUERY_BOUNDS_H_
#define EVIDENCEGRAPH_QUERY_BOUNDS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::query {

// A limit with its default and server cap.
struct Bound {
  absl::string_view field;  // proto field name, e.g. "max_depth"
  int default_value;
  int cap;
};

// 0 -> default; (0, cap] -> value; negative or above cap -> INVALID_ARGUMENT.
absl::StatusOr<int> ResolveBound(int value, const Bound& bound);

// 0 -> default; above cap -> cap; negative -> INVALID_ARGUMENT. For sizes of
// pages and stream batches, which shape the answer but not the work.
absl::StatusOr<int> CoerceSize(int value, const Bound& bound);

}  // namespace evidencegraph::query

#endif  // EVIDENCEGRAPH_QUERY_BOUNDS_H_
