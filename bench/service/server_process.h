// BenchServer: the real evidencegraph-server binary on loopback for the
// benchmarks: launcher::ServerProcess (tools/server_process) with the
// benchmark's flags and channels.
//
//   BenchServerOptions options;
//   options.binary = "build/services/evidencegraph-server";
//   options.pin_cpu = 1;                     // via taskset, or -1
//   auto server = BenchServer::Start(options);
//   ... (*server)->channel(), (*server)->pid() ...
//   (*server)->Stop();                       // SIGTERM, wait, remove temp dir
//
// The server runs with --enable_diagnostics and --seed=false (or
// --seed_file=...) plus extra flags, optionally under `taskset -c <cpu>`
// (exec'd in place, so the pid is the server's). Channels allow 64 MiB
// messages.
// Thread-safety: driven by one thread; channels may be used from any thread.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_SERVER_PROCESS_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_SERVER_PROCESS_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/server_process/server_process.h"

namespace evidencegraph::bench {

struct BenchServerOptions {
  std::string binary;
  // Empty: start empty (--seed=false). Else --seed_file=<this>.
  std::string seed_file;
  // >= 0: run under `<taskset> -c <pin_cpu>`.
  int pin_cpu = -1;
  std::string taskset = "taskset";
  std::vector<std::string> extra_flags;
  absl::Duration start_timeout = absl::Seconds(60);
  absl::Duration stop_timeout = absl::Seconds(60);
};

class BenchServer {
 public:
  static absl::StatusOr<std::unique_ptr<BenchServer>> Start(const BenchServerOptions& options);
  BenchServer(const BenchServer&) = delete;
  BenchServer& operator=(const BenchServer&) = delete;

  pid_t pid() const { return process_->pid(); }
  std::string address() const { return process_->address(); }
  // The shared channel; NewChannel() opens a separate HTTP/2 connection.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::shared_ptr<grpc::Channel> NewChannel() const;
  const std::string& data_dir() const { return process_->data_dir(); }

  // SIGTERM and wait for a clean exit (error otherwise); the temp folder is
  // removed with the object.
  absl::Status Stop();
  // The last `max_bytes` of the server's log.
  std::string LogTail(size_t max_bytes = 4096) const { return process_->LogTail(max_bytes); }

 private:
  explicit BenchServer(std::unique_ptr<launcher::ServerProcess> process)
      : process_(std::move(process)) {}

  std::unique_ptr<launcher::ServerProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_SERVER_PROCESS_H_
