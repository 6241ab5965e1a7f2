#include "common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace evidencegraph {
namespace {

std::optional<std::string> Payload(const absl::Status& status,
                                   absl::string_view key) {
  absl::optional<absl::Cord> cord = status.GetPayload(key);
  if (!cord.has_value()) return std::nullopt;
  return std::string(*cord);
}

}  // namespace

absl::Status MakeError(absl::StatusCode code, absl::string_view reason,
                       absl::string_view message) {
  absl::Status status(code, message);
  status.SetPayload(kReasonPayload, absl::Cord(reason));
  return status;
}

absl::Status InvalidField(absl::string_view field, absl::string_view rule,
                          absl::string_view reason) {
  absl::Status status =
      MakeError(absl::StatusCode::kInvalidArgument, reason,
                absl::StrCat("invalid ", field, ": ", rule));
  status.SetPayload(kFieldPayload, absl::Cord(field));
  return status;
}

absl::Status NotFound(absl::string_view resource_name, absl::string_view what) {
  absl::Status status = MakeError(absl::StatusCode::kNotFound, "NOT_FOUND",
                                  absl::StrCat(what, " not found: ", resource_name));
  status.SetPayload(kResourcePayload, absl::Cord(resource_name));
  return status;
}

absl::Status AlreadyExists(absl::string_view resource_name,
                           absl::string_view what) {
  absl::Status status =
      MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_EXISTS",
                absl::StrCat(what, " already exists: ", resource_name));
  status.SetPayload(kResourcePayload, absl::Cord(resource_name));
  return status;
}

absl::Status WithFieldPrefix(absl::Status status, absl::string_view prefix) {
  if (status.ok()) return status;
  std::optional<std::string> field = ErrorField(status);
  if (!field.has_value()) return status;
  std::string full = absl::StrCat(prefix, *field);
  // Rewrite "invalid <field>: rule" so the message names the full path too.
  std::string old_head = absl::StrCat("invalid ", *field);
  absl::string_view message = status.message();
  std::string new_message =
      absl::StartsWith(message, old_head)
          ? absl::StrCat("invalid ", full, message.substr(old_head.size()))
          : absl::StrCat(prefix, " ", message);
  absl::Status out(status.code(), new_message);
  status.ForEachPayload([&out](absl::string_view key, const absl::Cord& value) {
    out.SetPayload(key, value);
  });
  out.SetPayload(kFieldPayload, absl::Cord(full));
  return out;
}

std::optional<std::string> ErrorReason(const absl::Status& status) {
  return Payload(status, kReasonPayload);
}
std::optional<std::string> ErrorField(const absl::Status& status) {
  return Payload(status, kFieldPayload);
}
std::optional<std::string> ErrorResource(const absl::Status& status) {
  return Payload(status, kResourcePayload);
}

}  // namespace evidencegraph
