// evidencegraph-server: the gRPC server binary.
//
// The only place with command-line flags (Abseil Tip #45): they are parsed
// into a ServerConfig that the library takes. SIGTERM/SIGINT trigger the
// graceful shutdown of services/server.h; exit code 0 after a clean shutdown,
// 1 when startup fails, 2 on bad flags.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "services/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to listen on; port 0 picks a free port (see --port_file)");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port (one line) to this file once serving");
ABSL_FLAG(std::string, data_dir, "./var/data", "RocksDB data directory (created if missing)");
ABSL_FLAG(bool, seed, true,
          "when the store is empty, load --seed_file (startup fails if it is missing or "
          "invalid); a store holding any node is never seeded");
ABSL_FLAG(std::string, seed_file, "data/demo_graph.ndjson",
          "seed graph: NDJSON of evidencegraph.v1.ImportGraphRequest (relative to the "
          "working directory)");
ABSL_FLAG(int64_t, max_message_bytes, 4 << 20, "largest request/response message, bytes");
ABSL_FLAG(int32_t, worker_threads, 0, "worker threads for storage work; 0 = max(4, 2 x cores)");
ABSL_FLAG(int64_t, max_queue, 1024,
          "requests queued for workers at most; beyond it RESOURCE_EXHAUSTED");
ABSL_FLAG(int32_t, max_batch_operations, 1000, "BatchWrite operations per request at most");
ABSL_FLAG(int32_t, max_import_records, 10000,
          "ImportGraph nodes + edges per stream message at most");
ABSL_FLAG(int32_t, import_ingest_min_records, 0,
          "ImportGraph messages creating at least this many records are written as SST "
          "files ingested into RocksDB instead of as one WriteBatch (same contents, still "
          "one atomic step; skips the memtables and the WAL but costs ~7 fsyncs per "
          "message, so it pays only where fsync is cheap); 0 = never");
ABSL_FLAG(int64_t, max_bulk_import_records, 5000000,
          "nodes + edges one ImportGraph stream in IMPORT_MODE_BULK may stage (on disk under "
          "<data_dir>/ingest until the stream ends); beyond it the stream fails with "
          "RESOURCE_EXHAUSTED and nothing of it is written");
ABSL_FLAG(double, shutdown_grace_seconds, 10,
          "on SIGTERM/SIGINT, how long in-flight calls may finish before being cancelled");
ABSL_FLAG(int64_t, block_cache_mb, 64, "RocksDB block cache, MiB");
ABSL_FLAG(bool, sync_writes, false, "fsync the write-ahead log on every write");
ABSL_FLAG(absl::Duration, request_id_retention, absl::Hours(24),
          "how long a request_id replays its first response (a duration such as 24h or 168h; "
          "inf keeps records for good); after it the id is free and its record is dropped");
ABSL_FLAG(std::string, log_level, "info", "minimum log level: info, warning or error");
ABSL_FLAG(bool, enable_diagnostics, false,
          "also serve evidencegraph.diagnostics.v1.DiagnosticsService (empty Ping and "
          "PingStream RPCs for benchmarks; not product API)");

namespace {

using evidencegraph::LogSeverity;
using evidencegraph::services::EvidenceGraphServer;
using evidencegraph::services::ServerConfig;

bool ParseLogLevel(const std::string& text, LogSeverity* out) {
  if (text == "info") *out = LogSeverity::kInfo;
  else if (text == "warning") *out = LogSeverity::kWarning;
  else if (text == "error") *out = LogSeverity::kError;
  else return false;
  return true;
}

// Writes the port atomically (temp file + rename) so a reader polling for
// the file never sees it half written.
bool WritePortFile(const std::string& path, int port, std::string* error) {
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    out.flush();
    if (!out) {
      *error = absl::StrCat("cannot write ", tmp);
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = absl::StrCat("cannot rename ", tmp, " to ", path, ": ", std::strerror(errno));
    return false;
  }
  return true;
}

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "evidencegraph-server: %s\n", message.c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "EvidenceGraph gRPC server (evidencegraph.v1.GraphService, health, reflection).\n"
      "Example: evidencegraph-server --listen=0.0.0.0:50051 --data_dir=/var/lib/evidencegraph");
  // --help lists the flags of this file (Abseil would otherwise look for a
  // file named after the binary and list none).
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "services/main.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(2, absl::StrCat("unexpected argument \"", positional[1], "\" (see --help)"));
  }

  ServerConfig config;
  config.listen_address = absl::GetFlag(FLAGS_listen);
  config.data_dir = absl::GetFlag(FLAGS_data_dir);
  config.seed = absl::GetFlag(FLAGS_seed);
  config.seed_file = absl::GetFlag(FLAGS_seed_file);
  const int64_t max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  const int64_t max_queue = absl::GetFlag(FLAGS_max_queue);
  const int64_t block_cache_mb = absl::GetFlag(FLAGS_block_cache_mb);
  const double grace = absl::GetFlag(FLAGS_shutdown_grace_seconds);
  if (max_message_bytes <= 0) return Fail(2, "--max_message_bytes must be positive");
  if (max_queue <= 0) return Fail(2, "--max_queue must be positive");
  if (block_cache_mb < 0) return Fail(2, "--block_cache_mb must be >= 0");
  if (!(grace >= 0) || grace > 3600) {
    return Fail(2, "--shutdown_grace_seconds must be in [0, 3600]");
  }
  config.max_message_bytes = static_cast<size_t>(max_message_bytes);
  config.worker_threads = absl::GetFlag(FLAGS_worker_threads);
  config.max_queue = static_cast<size_t>(max_queue);
  config.max_batch_operations = absl::GetFlag(FLAGS_max_batch_operations);
  config.max_import_records = absl::GetFlag(FLAGS_max_import_records);
  config.import_ingest_min_records = absl::GetFlag(FLAGS_import_ingest_min_records);
  config.max_bulk_import_records = absl::GetFlag(FLAGS_max_bulk_import_records);
  config.shutdown_grace = absl::Seconds(grace);
  config.block_cache_bytes = static_cast<size_t>(block_cache_mb) << 20;
  config.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  config.request_id_retention = absl::GetFlag(FLAGS_request_id_retention);
  config.enable_diagnostics = absl::GetFlag(FLAGS_enable_diagnostics);
  if (!ParseLogLevel(absl::GetFlag(FLAGS_log_level), &config.log_level)) {
    return Fail(2, absl::StrCat("--log_level must be info, warning or error, got \"",
                                absl::GetFlag(FLAGS_log_level), "\""));
  }
  if (absl::Status valid = evidencegraph::services::ValidateServerConfig(config); !valid.ok()) {
    return Fail(2, std::string(valid.message()));
  }
  evidencegraph::SetMinLogSeverity(config.log_level);
  // Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock
  // detector on: every lock and unlock (gRPC's own locks included) updates a
  // global lock-order graph under a global mutex. That is a debugging aid,
  // not something a production server should pay on each RPC.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block the shutdown signals in every thread (threads inherit the mask, so
  // this comes before any is started); main then waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<EvidenceGraphServer>> server =
      EvidenceGraphServer::Start(config);
  if (!server.ok()) return Fail(1, absl::StrCat("startup failed: ", server.status().message()));

  const std::string port_file = absl::GetFlag(FLAGS_port_file);
  if (!port_file.empty()) {
    std::string error;
    if (!WritePortFile(port_file, (*server)->port(), &error)) {
      (*server)->Shutdown();
      return Fail(1, error);
    }
  }

  int received = 0;
  sigwait(&signals, &received);
  EG_LOG(INFO) << "received " << (received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown();
  return 0;
}
