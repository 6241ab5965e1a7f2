// Small rule helpers shared by the validation sources (node_validation.cc,
// edge_validation.cc, update_masks.cc). Not part of the public contract:
// include services/validation.h instead.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_SERVICES_VALIDATION_INTERNAL_H_
#define EVIDENCEGRAPH_SERVICES_VALIDATION_INTERNAL_H_

#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "evidencegraph/v1/resources.pb.h"

namespace evidencegraph::services::internal {

// "node" + "claim" -> "node.claim"; "" + "update_mask" -> "update_mask".
inline std::string Path(absl::string_view parent, absl::string_view child) {
  if (parent.empty()) return std::string(child);
  return absl::StrCat(parent, ".", child);
}

// A field path built only if an error names it: valid checks (nearly all of
// them) then cost no string. Holds views: pass it straight to a check.
struct LazyPath {
  absl::string_view parent;
  absl::string_view child;
  std::string str() const { return Path(parent, child); }
};
inline LazyPath Sub(absl::string_view parent, absl::string_view child) {
  return LazyPath{parent, child};
}

// A string of at most `max` code points; `required` also forbids empty.
absl::Status CheckText(absl::string_view text, int max, bool required,
                       absl::string_view field);

// `value` in [min, max].
absl::Status CheckIntRange(int64_t value, int64_t min, int64_t max,
                           absl::string_view field);

// A finite number in [min, max] (NaN and infinities rejected).
absl::Status CheckDoubleRange(double value, double min, double max,
                              absl::string_view field);

// A finite number (NaN and infinities rejected).
absl::Status CheckFinite(double value, absl::string_view field);

// A known value of an enum (checked with its generated Foo_IsValid); with
// `required`, also not the _UNSPECIFIED zero value. Proto3 enums are open, so
// a client can send any number: this is where unknown ones stop.
absl::Status CheckEnum(int value, bool (*is_valid)(int), bool required,
                       absl::string_view field);

// The checks above with a lazy field: run without one, and again with the
// path only when they fail (same status as the eager call).
inline absl::Status CheckText(absl::string_view text, int max, bool required,
                              const LazyPath& field) {
  absl::Status s = CheckText(text, max, required, absl::string_view());
  return s.ok() ? s : CheckText(text, max, required, field.str());
}
inline absl::Status CheckIntRange(int64_t value, int64_t min, int64_t max,
                                  const LazyPath& field) {
  absl::Status s = CheckIntRange(value, min, max, absl::string_view());
  return s.ok() ? s : CheckIntRange(value, min, max, field.str());
}
inline absl::Status CheckDoubleRange(double value, double min, double max,
                                     const LazyPath& field) {
  absl::Status s = CheckDoubleRange(value, min, max, absl::string_view());
  return s.ok() ? s : CheckDoubleRange(value, min, max, field.str());
}
inline absl::Status CheckFinite(double value, const LazyPath& field) {
  absl::Status s = CheckFinite(value, absl::string_view());
  return s.ok() ? s : CheckFinite(value, field.str());
}
inline absl::Status CheckEnum(int value, bool (*is_valid)(int), bool required,
                              const LazyPath& field) {
  absl::Status s = CheckEnum(value, is_valid, required, absl::string_view());
  return s.ok() ? s : CheckEnum(value, is_valid, required, field.str());
}

// The points range of one GRADE domain (resources.proto, GradeDomain).
struct PointsRange {
  int min;
  int max;
};
PointsRange DomainPointsRange(v1::GradeDomain domain);

// A reviewer's domain override: domain set and known, points in its range,
// reason required.
absl::Status CheckDomainOverride(const v1::DomainOverride& override_,
                                 absl::string_view field);

}  // namespace evidencegraph::services::internal

#endif  // EVIDENCEGRAPH_SERVICES_VALIDATION_INTERNAL_H_
