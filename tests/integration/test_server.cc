#include "tests/integration/test_server.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

#ifndef EG_SERVER_BINARY
#error "EG_SERVER_BINARY must be defined by the build (path of evidencegraph-server)"
#endif
#ifndef EG_DEMO_GRAPH
#error "EG_DEMO_GRAPH must be defined by the build (path of data/demo_graph.ndjson)"
#endif

namespace evidencegraph::testing {

std::string ServerBinaryPath() { return EG_SERVER_BINARY; }
std::string DemoGraphPath() { return EG_DEMO_GRAPH; }

absl::StatusOr<std::unique_ptr<TestServer>> TestServer::Start(const TestServerOptions& options) {
  // An idle gRPC C++ client channel reads its socket only when its backup
  // poller runs (every 5 s by default), so it would answer the server's
  // graceful-GOAWAY ping, and let a shutdown finish, up to 5 s late. Poll
  // faster in tests; read once by grpc_init, so set before the first channel.
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/0);
  launcher::ServerProcessOptions process;
  process.binary = EG_SERVER_BINARY;
  process.temp_prefix = "eg-it";
  process.start_timeout = options.start_timeout;
  process.stop_timeout = options.stop_timeout;
  if (options.seed) {
    process.flags = {"--seed=true", absl::StrCat("--seed_file=", EG_DEMO_GRAPH)};
  } else {
    process.flags = {"--seed=false"};
  }
  process.flags.insert(process.flags.end(), options.extra_flags.begin(),
                       options.extra_flags.end());
  absl::StatusOr<std::unique_ptr<launcher::ServerProcess>> started =
      launcher::ServerProcess::Start(std::move(process));
  // A failed start reports the log in its status (the process owns it).
  if (!started.ok()) return started.status();
  std::unique_ptr<TestServer> server(new TestServer(*std::move(started)));
  server->channel_ = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  return server;
}

TestServer::~TestServer() {
  bool unclean = process_->exited_uncleanly();
  if (process_->running()) {
    absl::StatusOr<int> code = Stop();
    if (!code.ok() || *code != 0) unclean = true;
  }
  if (unclean || ::testing::Test::HasFailure() || std::getenv("EG_TEST_SERVER_LOG") != nullptr) {
    DumpLog();
  }
}

std::shared_ptr<grpc::Channel> TestServer::NewChannel() const {
  grpc::ChannelArguments args;
  // Distinct arguments give a distinct subchannel, i.e. its own connection.
  static std::atomic<int> counter{0};
  args.SetInt("eg.test.channel_id", counter++);
  return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<v1::GraphService::Stub> TestServer::GraphStub() const {
  return v1::GraphService::NewStub(channel_);
}

std::unique_ptr<grpc::health::v1::Health::Stub> TestServer::HealthStub() const {
  return grpc::health::v1::Health::NewStub(channel_);
}

absl::Status TestServer::SendSigterm() { return process_->SendSigterm(); }

absl::StatusOr<int> TestServer::WaitForExit(absl::Duration timeout) {
  return process_->WaitForExit(timeout);
}

absl::StatusOr<int> TestServer::Stop() { return process_->Stop(); }

absl::Status TestServer::Restart() {
  if (absl::Status restarted = process_->Restart(); !restarted.ok()) return restarted;
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  return absl::OkStatus();
}

void TestServer::DumpLog() const {
  const std::string log = process_->LogTail(64 * 1024);
  std::fprintf(stderr, "---- evidencegraph-server log (%s) ----\n%s---- end of server log ----\n",
               process_->log_file().c_str(), log.c_str());
}

}  // namespace evidencegraph::testing
