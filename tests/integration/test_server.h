// Integration-test harness: runs the REAL evidencegraph-server binary on
// loopback and gives tests channels and stubs to it.
//
//   auto server = TestServer::Start();           // --seed=false, empty store
//   ASSERT_TRUE(server.ok()) << server.status();
//   auto stub = (*server)->GraphStub();
//   ...
//   ASSERT_TRUE((*server)->Restart().ok());     // same data dir, new process
//   EXPECT_EQ(*(*server)->Stop(), 0);            // SIGTERM, clean exit code
//
// What Start() does: launches the binary (path compiled in as
// EG_SERVER_BINARY) through launcher::ServerProcess (temp folder, loopback
// port, health SERVING within start_timeout; see its header) with
// --seed=false (or the demo graph from the source tree, EG_DEMO_GRAPH, when
// seeded) plus extra_flags. The server's log is printed when the test failed
// or the server did not exit cleanly (always with EG_TEST_SERVER_LOG=1 in the
// environment). The destructor stops the server and removes the folder.
//
// Thread-safety: a TestServer is driven by one test thread; channel() and
// the stubs it makes may be used from any thread.
#ifndef EVIDENCEGRAPH_TESTS_INTEGRATION_TEST_SERVER_H_
#define EVIDENCEGRAPH_TESTS_INTEGRATION_TEST_SERVER_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tools/server_process/server_process.h"

namespace evidencegraph::testing {

struct TestServerOptions {
  // Load the demo graph (data/demo_graph.ndjson of the source tree).
  bool seed = false;
  // More flags, e.g. "--max_batch_operations=10" or "--shutdown_grace_seconds=2".
  std::vector<std::string> extra_flags;
  absl::Duration start_timeout = absl::Seconds(30);
  absl::Duration stop_timeout = absl::Seconds(30);
};

// The compiled-in paths (CMake passes them), for tests that run the binary
// themselves (e.g. to check bad flags).
std::string ServerBinaryPath();
std::string DemoGraphPath();

class TestServer {
 public:
  static absl::StatusOr<std::unique_ptr<TestServer>> Start(const TestServerOptions& options = {});

  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // "127.0.0.1:<port>" of the running process.
  std::string address() const { return process_->address(); }
  int port() const { return process_->port(); }
  pid_t pid() const { return process_->pid(); }
  const std::string& data_dir() const { return process_->data_dir(); }

  // The shared channel to the current process (replaced by Restart()).
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A channel of its own (a separate HTTP/2 connection), e.g. per client thread.
  std::shared_ptr<grpc::Channel> NewChannel() const;
  std::unique_ptr<v1::GraphService::Stub> GraphStub() const;
  std::unique_ptr<grpc::health::v1::Health::Stub> HealthStub() const;

  // SIGTERM and wait: the exit status (0 = clean shutdown), or an error when
  // the process had to be killed or died of a signal.
  absl::StatusOr<int> Stop();
  // SIGTERM without waiting (then WaitForExit), for shutdown-in-flight tests.
  absl::Status SendSigterm();
  absl::StatusOr<int> WaitForExit(absl::Duration timeout);
  // Stop() (must exit 0) and start a new process on the same data dir.
  absl::Status Restart();

  // The server's output so far.
  std::string ReadLog() const { return process_->ReadLog(); }

 private:
  explicit TestServer(std::unique_ptr<launcher::ServerProcess> process)
      : process_(std::move(process)) {}
  void DumpLog() const;

  std::unique_ptr<launcher::ServerProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_INTEGRATION_TEST_SERVER_H_
