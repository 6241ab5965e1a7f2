// Adding context to a status without losing its payloads (reason, field,
// resource): "operations[2]: node not found: claims/x".
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_STATUS_CONTEXT_H_
#define EVIDENCEGRAPH_STORAGE_STATUS_CONTEXT_H_

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::storage {

// `status` with its message prefixed by `prefix` and every payload kept.
// OK stays OK.
inline absl::Status PrefixMessage(const absl::Status& status,
                                  absl::string_view prefix) {
  if (status.ok()) return status;
  absl::Status out(status.code(), absl::StrCat(prefix, status.message()));
  status.ForEachPayload([&out](absl::string_view key, const absl::Cord& value) {
    out.SetPayload(key, value);
  });
  return out;
}

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_STATUS_CONTEXT_H_
