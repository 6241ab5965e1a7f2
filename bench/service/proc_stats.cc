#include "bench/service/proc_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace evidencegraph::bench {
namespace {

absl::StatusOr<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "VmHWM:\t  12345 kB" -> 12345.
int64_t StatusField(const std::string& status, absl::string_view name) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, name) || !absl::ConsumePrefix(&line, ":")) continue;
    line = absl::StripAsciiWhitespace(line);
    absl::ConsumeSuffix(&line, "kB");
    int64_t kb = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &kb)) return kb;
  }
  return 0;
}

}  // namespace

absl::StatusOr<ProcSample> SampleProcess(pid_t pid) {
  const std::string dir = absl::StrCat("/proc/", pid);
  absl::StatusOr<std::string> stat = ReadAll(dir + "/stat");
  if (!stat.ok()) return stat.status();
  // The command name (field 2) is in parentheses and may hold spaces: the
  // fields are counted from the last ')'.
  const size_t paren = stat->rfind(')');
  if (paren == std::string::npos) return absl::InternalError("malformed /proc stat");
  const std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(*stat).substr(paren + 2), ' ', absl::SkipEmpty());
  // fields[0] is field 3 (state): utime is field 14 -> index 11, stime 15 -> 12.
  int64_t utime = 0;
  int64_t stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::InternalError("malformed /proc stat fields");
  }
  ProcSample sample;
  sample.cpu_seconds = static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
  absl::StatusOr<std::string> status = ReadAll(dir + "/status");
  if (!status.ok()) return status.status();
  sample.vm_hwm_kb = StatusField(*status, "VmHWM");
  sample.vm_rss_kb = StatusField(*status, "VmRSS");
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(dir + "/task", ec)) {
    absl::StatusOr<std::string> task_status = ReadAll(task.path().string() + "/status");
    if (!task_status.ok()) continue;  // the thread ended meanwhile
    sample.context_switches += StatusField(*task_status, "voluntary_ctxt_switches") +
                               StatusField(*task_status, "nonvoluntary_ctxt_switches");
  }
  return sample;
}

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace evidencegraph::bench
