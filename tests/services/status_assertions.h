// Assertions on absl::Status values built with common/errors.h, for the
// services unit tests: code, UPPER_SNAKE reason and field in one check, with a
// readable failure message.
#ifndef EVIDENCEGRAPH_TESTS_SERVICES_STATUS_ASSERTIONS_H_
#define EVIDENCEGRAPH_TESTS_SERVICES_STATUS_ASSERTIONS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"

namespace evidencegraph::testing {

// Passes when `status` has `code`, and (when non-empty) the reason and the
// field payloads given.
inline ::testing::AssertionResult IsError(const absl::Status& status, absl::StatusCode code,
                                          const std::string& reason = "",
                                          const std::string& field = "") {
  if (status.code() != code) {
    return ::testing::AssertionFailure()
           << "code " << absl::StatusCodeToString(status.code()) << ", want "
           << absl::StatusCodeToString(code) << " (" << status.message() << ")";
  }
  const std::optional<std::string> got_reason = ErrorReason(status);
  if (!reason.empty() && got_reason.value_or("<none>") != reason) {
    return ::testing::AssertionFailure() << "reason " << got_reason.value_or("<none>")
                                         << ", want " << reason << " (" << status.message()
                                         << ")";
  }
  const std::optional<std::string> got_field = ErrorField(status);
  if (!field.empty() && got_field.value_or("<none>") != field) {
    return ::testing::AssertionFailure() << "field " << got_field.value_or("<none>")
                                         << ", want " << field << " (" << status.message()
                                         << ")";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult IsInvalid(const absl::Status& status,
                                            const std::string& field,
                                            const std::string& reason = "INVALID_FIELD") {
  return IsError(status, absl::StatusCode::kInvalidArgument, reason, field);
}

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_SERVICES_STATUS_ASSERTIONS_H_
