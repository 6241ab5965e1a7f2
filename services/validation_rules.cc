// Rule helpers (services/validation_internal.h) and the small public rules of
// services/validation.h that are not about one resource kind.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/validation.h"
#include "services/validation_internal.h"

namespace evidencegraph::services {

int CodePoints(absl::string_view text) {
  int count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // not a UTF-8 continuation byte
  }
  return count;
}

absl::Status ValidateLabel(absl::string_view label, absl::string_view field) {
  if (label.empty() || label.size() > kMaxLabelLength) {
    return InvalidField(field, absl::StrCat("a label must be 1-", kMaxLabelLength,
                                            " characters, got ", label.size()));
  }
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == ':';
    if (!ok) {
      return InvalidField(field, absl::StrCat("label \"", label,
                                              "\" may only contain [a-z0-9-_.:]"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateIdempotencyKey(absl::string_view request_id,
                                    absl::string_view field) {
  if (request_id.empty()) return absl::OkStatus();
  if (request_id.size() > 128) {
    return InvalidField(field, absl::StrCat("must be at most 128 characters, got ",
                                            request_id.size()));
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return InvalidField(field, "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

namespace internal {

absl::Status CheckText(absl::string_view text, int max, bool required,
                       absl::string_view field) {
  if (required && text.empty()) return InvalidField(field, "is required");
  const int length = CodePoints(text);
  if (length > max) {
    return InvalidField(field, absl::StrCat("must be at most ", max,
                                            " characters, got ", length));
  }
  return absl::OkStatus();
}

absl::Status CheckIntRange(int64_t value, int64_t min, int64_t max,
                           absl::string_view field) {
  if (value < min || value > max) {
    return InvalidField(field, absl::StrCat("must be in [", min, ", ", max,
                                            "], got ", value));
  }
  return absl::OkStatus();
}

absl::Status CheckFinite(double value, absl::string_view field) {
  if (!std::isfinite(value)) {
    return InvalidField(field, "must be a finite number (not NaN or infinite)");
  }
  return absl::OkStatus();
}

absl::Status CheckDoubleRange(double value, double min, double max,
                              absl::string_view field) {
  if (std::isnan(value) || value < min || value > max) {
    return InvalidField(field, absl::StrFormat("must be in [%g, %g], got %g", min,
                                               max, value));
  }
  return absl::OkStatus();
}

PointsRange DomainPointsRange(v1::GradeDomain domain) {
  switch (domain) {
    case v1::GRADE_DOMAIN_DESIGN: return {0, 4};
    case v1::GRADE_DOMAIN_RISK_OF_BIAS: return {-2, 0};
    case v1::GRADE_DOMAIN_IMPRECISION: return {-2, 0};
    case v1::GRADE_DOMAIN_INDIRECTNESS: return {-2, 0};
    case v1::GRADE_DOMAIN_FOLLOW_UP: return {-1, 0};
    case v1::GRADE_DOMAIN_INCONSISTENCY: return {-2, 0};
    case v1::GRADE_DOMAIN_PUBLICATION_BIAS: return {-1, 0};
    case v1::GRADE_DOMAIN_LARGE_EFFECT: return {0, 2};
    case v1::GRADE_DOMAIN_DOSE_RESPONSE: return {0, 1};
    default: break;
  }
  return {0, 0};
}

absl::Status CheckEnum(int value, bool (*is_valid)(int), bool required,
                       absl::string_view field) {
  if (!is_valid(value)) {
    return InvalidField(field, absl::StrCat("unknown enum value ", value));
  }
  if (required && value == 0) {
    return InvalidField(field, "is required (the _UNSPECIFIED value is not allowed)");
  }
  return absl::OkStatus();
}

absl::Status CheckDomainOverride(const v1::DomainOverride& override_,
                                 absl::string_view field) {
  RETURN_IF_ERROR(CheckEnum(override_.domain(), v1::GradeDomain_IsValid, true,
                            Sub(field, "domain")));
  const PointsRange range = DomainPointsRange(override_.domain());
  RETURN_IF_ERROR(CheckIntRange(override_.points(), range.min, range.max,
                                Sub(field, "points")));
  RETURN_IF_ERROR(CheckText(override_.reason(), kMaxProvenance, true,
                            Sub(field, "reason")));
  return CheckText(override_.reviewer(), kMaxShortText, false, Sub(field, "reviewer"));
}

}  // namespace internal
}  // namespace evidencegraph::services
