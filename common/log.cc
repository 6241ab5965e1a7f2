#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace evidencegraph {
namespace {

std::atomic<int> min_severity{0};
absl::Mutex write_mutex;

char SeverityLetter(LogSeverity severity) {
  switch (severity) {
    case LogSeverity::kInfo:
      return 'I';
    case LogSeverity::kWarning:
      return 'W';
    case LogSeverity::kError:
      return 'E';
  }
  return '?';
}

// "YYYYMMDD HH:MM:SS" of `now` in UTC, and ".ffffff" (its microseconds)
// written to `micros`: together what FormatTime("%Y%m%d %H:%M:%E6S") gives.
// Why: a server logs a line per RPC, and FormatTime's time-zone arithmetic
// was a third of a line's cost; the seconds part changes once a second, so
// each thread keeps the last one it formatted.
const std::string& TimestampSeconds(absl::Time now, char (&micros)[8]) {
  thread_local int64_t cached_second = INT64_MIN;
  thread_local std::string cached;
  const int64_t since_epoch = absl::ToUnixMicros(now);
  int64_t second = since_epoch / 1000000;
  int64_t fraction = since_epoch % 1000000;
  if (fraction < 0) {  // before 1970: floor, like FormatTime
    fraction += 1000000;
    --second;
  }
  if (second != cached_second) {
    cached = absl::FormatTime("%Y%m%d %H:%M:%S", absl::FromUnixSeconds(second),
                              absl::UTCTimeZone());
    cached_second = second;
  }
  micros[0] = '.';
  for (int i = 6; i >= 1; --i) {
    micros[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  micros[7] = '\0';
  return cached;
}

}  // namespace

void SetMinLogSeverity(LogSeverity severity) {
  min_severity.store(static_cast<int>(severity));
}

std::string LogTimestampForTesting(absl::Time now) {
  char micros[8];
  return TimestampSeconds(now, micros) + micros;
}

LogSeverity MinLogSeverity() {
  return static_cast<LogSeverity>(min_severity.load());
}

LogLine::LogLine(LogSeverity severity, const char* file, int line)
    : severity_(severity) {
  const char* base = std::strrchr(file, '/');
  char micros[8];
  stream_ << SeverityLetter(severity) << TimestampSeconds(absl::Now(), micros) << micros
          << ' ' << (base != nullptr ? base + 1 : file) << ':' << line << "] ";
}

LogLine::~LogLine() {
  stream_ << '\n';
  const std::string text = stream_.str();
  absl::MutexLock lock(&write_mutex);
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(STDERR_FILENO, text.data() + written,
                        text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
}

}  // namespace evidencegraph
