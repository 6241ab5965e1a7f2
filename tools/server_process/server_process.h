// ServerProcess: the real evidencegraph-server binary as a child process on
// loopback, for integration tests and benchmarks (each wraps it with its own
// channels and conventions).
//
//   ServerProcessOptions options;
//   options.binary = ".../evidencegraph-server";
//   options.flags = {"--seed=false"};
//   ASSIGN_OR_RETURN(auto server, ServerProcess::Start(options));
//   ... server->address(), server->pid() ...
//   absl::StatusOr<int> code = server->Stop();   // SIGTERM, wait: exit code
//
// Start() makes a temp folder (data dir, port file, log), launches
// `command_prefix... binary --listen=127.0.0.1:0 --port_file=... --data_dir=...
// flags...` (a prefix such as `taskset -c 1` execs the server in place, so
// the pid is the server's), then waits for the port file and for health
// SERVING within start_timeout. stdout and stderr go to the log file. The
// child gets PR_SET_PDEATHSIG, so a killed parent leaves no server behind
// (the signal follows the *thread* that forked: start servers from a thread
// that outlives them, e.g. the test's main thread);
// the destructor stops a running server (SIGKILL after stop_timeout) and
// removes the folder.
// Thread-safety: driven by one thread.
#ifndef EVIDENCEGRAPH_TOOLS_SERVER_PROCESS_SERVER_PROCESS_H_
#define EVIDENCEGRAPH_TOOLS_SERVER_PROCESS_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace evidencegraph::launcher {

struct ServerProcessOptions {
  std::string binary;
  // Run as `command_prefix... binary ...`, e.g. {"taskset", "-c", "1"}.
  std::vector<std::string> command_prefix;
  // Flags after --listen, --port_file and --data_dir (which are always set).
  std::vector<std::string> flags;
  // Name of the temp folder under $TMPDIR (or /tmp): <temp_prefix>-XXXXXX.
  std::string temp_prefix = "eg-server";
  absl::Duration start_timeout = absl::Seconds(30);
  absl::Duration stop_timeout = absl::Seconds(30);
};

class ServerProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(ServerProcessOptions options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // "127.0.0.1:<port>" of the running process.
  std::string address() const;
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& log_file() const { return log_file_; }
  // True once the process exited with a non-zero code, died of a signal or
  // had to be killed.
  bool exited_uncleanly() const { return unclean_exit_; }

  // SIGTERM without waiting.
  absl::Status SendSigterm();
  // The exit code (0 = clean shutdown); an error when the process died of a
  // signal or had to be killed after `timeout`.
  absl::StatusOr<int> WaitForExit(absl::Duration timeout);
  // SendSigterm, then WaitForExit(stop_timeout).
  absl::StatusOr<int> Stop();
  // Stop() (must exit 0) if running, then a new process on the same data dir.
  absl::Status Restart();

  // The server's output so far; LogTail keeps the last `max_bytes`.
  std::string ReadLog() const;
  std::string LogTail(size_t max_bytes) const;

 private:
  explicit ServerProcess(ServerProcessOptions options) : options_(std::move(options)) {}
  absl::Status Launch();
  absl::Status WaitUntilServing();

  const ServerProcessOptions options_;
  std::string root_;      // temp folder, removed by the destructor
  std::string data_dir_;  // root_/data
  std::string port_file_;
  std::string log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool unclean_exit_ = false;
};

}  // namespace evidencegraph::launcher

#endif  // EVIDENCEGRAPH_TOOLS_SERVER_PROCESS_SERVER_PROCESS_H_
