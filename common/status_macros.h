// RETURN_IF_ERROR / ASSIGN_OR_RETURN for absl::Status and absl::StatusOr.
//
// Debian's Abseil 20220623 ships no status macros, so the project defines them
// once, here. Both evaluate their argument exactly once.
#ifndef EVIDENCEGRAPH_COMMON_STATUS_MACROS_H_
#define EVIDENCEGRAPH_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define EG_STATUS_CONCAT_INNER_(a, b) a##b
#define EG_STATUS_CONCAT_(a, b) EG_STATUS_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                   \
  do {                                                          \
    ::absl::Status eg_status_macro_status_ = (expr);            \
    if (!eg_status_macro_status_.ok()) return eg_status_macro_status_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, F());` declares/assigns x from a StatusOr, or
// returns its status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr)                                         \
  EG_ASSIGN_OR_RETURN_IMPL_(EG_STATUS_CONCAT_(eg_statusor_, __LINE__), lhs, \
                            expr)

#define EG_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                              \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // EVIDENCEGRAPH_COMMON_STATUS_MACROS_H_
