// StopCheck: how long computations learn that their caller gave up.
//
// Traversals, path searches and argumentation iterations poll a StopCheck
// between units of work (every few hundred edges, every round). It returns OK
// to go on, or CANCELLED / DEADLINE_EXCEEDED, which the computation returns
// as is. The service layer builds one from the gRPC call's deadline and
// cancellation; libraries never see gRPC.
// Thread-safety: a StopCheck is called from the thread doing the work.
#ifndef EVIDENCEGRAPH_COMMON_STOP_CHECK_H_
#define EVIDENCEGRAPH_COMMON_STOP_CHECK_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace evidencegraph {

using StopCheck = std::function<absl::Status()>;

// Never stops.
inline StopCheck NeverStop() {
  return [] { return absl::OkStatus(); };
}

// DEADLINE_EXCEEDED once `deadline` has passed.
inline StopCheck StopAtDeadline(absl::Time deadline) {
  return [deadline] {
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError("deadline exceeded during computation");
    }
    return absl::OkStatus();
  };
}

}  // namespace evidencegraph

#endif  // EVIDENCEGRAPH_COMMON_STOP_CHECK_H_
