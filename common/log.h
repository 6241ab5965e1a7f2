// A minimal leveled logger to stderr (Debian's Abseil 20220623 has no absl/log).
//
// Usage: EG_LOG(INFO) << "listening on " << address;
// Each statement emits one line, "I20261125 15:53:35.123456 file.cc:42] text",
// written with a single write under a mutex so lines never interleave.
// Thread-safety: safe from any thread.
#ifndef EVIDENCEGRAPH_COMMON_LOG_H_
#define EVIDENCEGRAPH_COMMON_LOG_H_

#include <sstream>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace evidencegraph {

enum class LogSeverity { kInfo = 0, kWarning = 1, kError = 2 };

// Lines below this severity are dropped. Default kInfo.
void SetMinLogSeverity(LogSeverity severity);
LogSeverity MinLogSeverity();

// The time stamp of a log line: "YYYYMMDD HH:MM:SS.ffffff" in UTC (as
// absl::FormatTime("%Y%m%d %H:%M:%E6S") writes it). For tests.
std::string LogTimestampForTesting(absl::Time now);

// One log line; flushed by the destructor.
class LogLine {
 public:
  LogLine(LogSeverity severity, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  template <typename T>
  LogLine& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  LogSeverity severity_;
  std::ostringstream stream_;
};

}  // namespace evidencegraph

#define EG_LOG_SEVERITY_INFO ::evidencegraph::LogSeverity::kInfo
#define EG_LOG_SEVERITY_WARNING ::evidencegraph::LogSeverity::kWarning
#define EG_LOG_SEVERITY_ERROR ::evidencegraph::LogSeverity::kError

#define EG_LOG(severity)                                              \
  if (EG_LOG_SEVERITY_##severity < ::evidencegraph::MinLogSeverity()) \
    ;                                                                 \
  else                                                                \
    ::evidencegraph::LogLine(EG_LOG_SEVERITY_##severity, __FILE__, __LINE__)

#endif  // EVIDENCEGRAPH_COMMON_LOG_H_
