#include "bench/service/cpu_pinning.h"

#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace evidencegraph::bench {
namespace {

std::string FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path != nullptr ? path : "/usr/bin:/bin", ':', absl::SkipEmpty())) {
    std::string candidate = absl::StrCat(dir, "/", program);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace

PinPlan PlanPinning(bool enabled) {
  PinPlan plan;
  if (!enabled) {
    plan.note = "not pinned (--pin=false)";
    return plan;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) {
    plan.note = absl::StrCat("not pinned: sched_getaffinity: ", std::strerror(errno));
    return plan;
  }
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  if (cpus.size() < 2) {
    plan.note = absl::StrCat("not pinned: only ", cpus.size(), " CPU available");
    return plan;
  }
  plan.taskset = FindOnPath("taskset");
  if (plan.taskset.empty()) {
    plan.note = "not pinned: taskset (util-linux) not found on PATH";
    return plan;
  }
  // The last two CPUs of the mask: on a 2-core machine, 0 and 1.
  plan.client_cpu = cpus[cpus.size() - 2];
  plan.server_cpu = cpus[cpus.size() - 1];
  plan.pinned = true;
  plan.note = absl::StrCat("pinned with taskset: server on CPU ", plan.server_cpu,
                           ", client and in-process floors on CPU ", plan.client_cpu);
  return plan;
}

absl::Status PinThisProcess(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof(set), &set) != 0) {
    return absl::InternalError(absl::StrCat("sched_setaffinity: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::bench
