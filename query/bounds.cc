#include "query/bounds.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::query {

absl::StatusOr<int> ResolveBound(int value, const Bound& bound) {
  if (value < 0) return InvalidField(bound.field, "must not be negative");
  if (value == 0) return bound.default_value;
  if (value > bound.cap) {
    return InvalidField(bound.field,
                        absl::StrCat("must be at most ", bound.cap,
                                     " (server cap); got ", value),
                        "EXCEEDS_CAP");
  }
  return value;
}

absl::StatusOr<int> CoerceSize(int value, const Bound& bound) {
  if (value < 0) return InvalidField(bound.field, "must not be negative");
  if (value == 0) return bound.default_value;
  return value > bound.cap ? bound.cap : value;
}

}  // namespace evidencegraph::query
