// Errors that know what went wrong in API terms.
//
// Every layer below the gRPC services reports failures as absl::Status with a
// canonical code and a message that names the field or resource. These helpers
// also attach, as absl::Status payloads, what the service layer turns into
// google.rpc error details:
//   - a machine-readable reason in UPPER_SNAKE_CASE (google.rpc.ErrorInfo.reason),
//   - the offending request field, for INVALID_ARGUMENT (google.rpc.BadRequest),
//   - the resource concerned, for NOT_FOUND / ALREADY_EXISTS (google.rpc.ResourceInfo).
// No gRPC types appear here, so storage and reasoning code can use it.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_COMMON_ERRORS_H_
#define EVIDENCEGRAPH_COMMON_ERRORS_H_

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace evidencegraph {

// Payload type URLs used on absl::Status. Internal to the process; never sent.
inline constexpr char kReasonPayload[] = "evidencegraph/reason";
inline constexpr char kFieldPayload[] = "evidencegraph/field";
inline constexpr char kResourcePayload[] = "evidencegraph/resource";

// A status with `code`, `message` and the reason payload.
absl::Status MakeError(absl::StatusCode code, absl::string_view reason,
                       absl::string_view message);

// INVALID_ARGUMENT naming `field` (e.g. "node.claim.statement") and the rule
// it broke. Reason defaults to "INVALID_FIELD".
absl::Status InvalidField(absl::string_view field, absl::string_view rule,
                          absl::string_view reason = "INVALID_FIELD");

// NOT_FOUND naming the missing resource. Reason "NOT_FOUND".
absl::Status NotFound(absl::string_view resource_name,
                      absl::string_view what = "resource");

// ALREADY_EXISTS naming the resource. Reason "ALREADY_EXISTS".
absl::Status AlreadyExists(absl::string_view resource_name,
                           absl::string_view what = "resource");

// Adds or replaces the field payload of `status` (for wrapping errors of
// nested messages: "operations[3]." + inner field).
absl::Status WithFieldPrefix(absl::Status status, absl::string_view prefix);

// Reads the payloads back; nullopt when absent.
std::optional<std::string> ErrorReason(const absl::Status& status);
std::optional<std::string> ErrorField(const absl::Status& status);
std::optional<std::string> ErrorResource(const absl::Status& status);

}  // namespace evidencegraph

#endif  // EVIDENCEGRAPH_COMMON_ERRORS_H_
