#include "bench/service/machine_facts.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace evidencegraph::bench {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The value after "key:" on the first line starting with `key`.
std::string Field(const std::string& text, absl::string_view key) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StartsWith(line, key)) continue;
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    return std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return "unknown";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> MachineFacts() {
  std::vector<std::pair<std::string, std::string>> facts;
  facts.emplace_back("nproc", absl::StrCat(sysconf(_SC_NPROCESSORS_ONLN)));
  facts.emplace_back("cpu", Field(ReadFile("/proc/cpuinfo"), "model name"));
  std::string mem = Field(ReadFile("/proc/meminfo"), "MemTotal");
  absl::string_view digits = mem;
  absl::ConsumeSuffix(&digits, " kB");
  int64_t kb = 0;
  if (absl::SimpleAtoi(digits, &kb)) mem = absl::StrFormat("%.1f GiB", kb / 1048576.0);
  facts.emplace_back("memory", mem);
  facts.emplace_back("loadavg_at_start",
                     std::string(absl::StripAsciiWhitespace(ReadFile("/proc/loadavg"))));
  return facts;
}

}  // namespace evidencegraph::bench
