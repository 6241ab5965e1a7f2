// BenchServer: runs the real evidencegraph-server binary on loopback for the
// benchmarks (the approach of tests/integration/test_server.h, without gtest).
//
//   BenchServerOptions options;
//   options.binary = "build/services/evidencegraph-server";
//   options.pin_cpu = 1;                     // via taskset, or -1
//   auto server = BenchServer::Start(options);
//   ... (*server)->channel(), (*server)->pid() ...
//   (*server)->Stop();                       // SIGTERM, wait, remove temp dir
//
// Start() makes a temp folder (data, port file, log), launches the binary
// with --listen=127.0.0.1:0 --port_file --data_dir --enable_diagnostics
// --seed=false (or --seed_file=...) plus extra flags, optionally under
// `taskset -c <cpu>` (exec'd in place, so the pid is the server's), and
// waits for the port file and health SERVING. The child gets
// PR_SET_PDEATHSIG so a killed benchmark leaves no server behind; the
// destructor stops it (SIGKILL after the stop timeout) and removes the folder.
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
  ~BenchServer();
  BenchServer(const BenchServer&) = delete;
  BenchServer& operator=(const BenchServer&) = delete;

  pid_t pid() const { return pid_; }
  std::string address() const;
  // The shared channel; NewChannel() opens a separate HTTP/2 connection.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::shared_ptr<grpc::Channel> NewChannel() const;
  const std::string& data_dir() const { return data_dir_; }

  // SIGTERM and wait for a clean exit (error otherwise), then remove the
  // temp folder.
  absl::Status Stop();
  // The last `max_bytes` of the server's log.
  std::string LogTail(size_t max_bytes = 4096) const;

 private:
  explicit BenchServer(BenchServerOptions options) : options_(std::move(options)) {}
  absl::Status Launch();
  absl::Status WaitUntilServing();
  void RemoveFolder();

  const BenchServerOptions options_;
  std::string root_;
  std::string data_dir_;
  std::string port_file_;
  std::string log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_SERVER_PROCESS_H_
