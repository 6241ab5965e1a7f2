#include "tests/integration/test_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

#ifndef EG_SERVER_BINARY
#error "EG_SERVER_BINARY must be defined by the build (path of evidencegraph-server)"
#endif
#ifndef EG_DEMO_GRAPH
#error "EG_DEMO_GRAPH must be defined by the build (path of data/demo_graph.ndjson)"
#endif

namespace evidencegraph::testing {
namespace {

constexpr absl::Duration kPoll = absl::Milliseconds(20);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string ServerBinaryPath() { return EG_SERVER_BINARY; }
std::string DemoGraphPath() { return EG_DEMO_GRAPH; }

absl::StatusOr<std::unique_ptr<TestServer>> TestServer::Start(const TestServerOptions& options) {
  // An idle gRPC C++ client channel reads its socket only when its backup
  // poller runs (every 5 s by default), so it would answer the server's
  // graceful-GOAWAY ping, and let a shutdown finish, up to 5 s late. Poll
  // faster in tests; read once by grpc_init, so set before the first channel.
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/0);
  std::unique_ptr<TestServer> server(new TestServer(options));
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/eg-it-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern, ": ", std::strerror(errno)));
  }
  server->root_ = pattern;
  server->data_dir_ = absl::StrCat(pattern, "/data");
  server->port_file_ = absl::StrCat(pattern, "/port");
  server->log_file_ = absl::StrCat(pattern, "/server.log");
  absl::Status launched = server->Launch();
  if (!launched.ok()) {
    server->DumpLog();
    return launched;
  }
  return server;
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    absl::StatusOr<int> code = Stop();
    if (!code.ok() || *code != 0) unclean_exit_ = true;
  }
  if (unclean_exit_ || ::testing::Test::HasFailure() ||
      std::getenv("EG_TEST_SERVER_LOG") != nullptr) {
    DumpLog();
  }
  if (!root_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
}

absl::Status TestServer::Launch() {
  std::filesystem::remove(port_file_);
  std::vector<std::string> args = {
      EG_SERVER_BINARY,
      "--listen=127.0.0.1:0",
      absl::StrCat("--port_file=", port_file_),
      absl::StrCat("--data_dir=", data_dir_),
  };
  if (options_.seed) {
    args.push_back("--seed=true");
    args.push_back(absl::StrCat("--seed_file=", EG_DEMO_GRAPH));
  } else {
    args.push_back("--seed=false");
  }
  for (const std::string& flag : options_.extra_flags) args.push_back(flag);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const int log_fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("open ", log_file_));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  pid_ = pid;
  return WaitUntilServing();
}

absl::Status TestServer::WaitUntilServing() {
  const absl::Time deadline = absl::Now() + options_.start_timeout;
  // 1. The port file (written once the server listens).
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      unclean_exit_ = true;
      return absl::UnavailableError(absl::StrCat(
          "the server exited during startup (",
          WIFEXITED(status) ? absl::StrCat("exit code ", WEXITSTATUS(status))
                            : absl::StrCat("signal ", WTERMSIG(status)),
          "); its log:\n", ReadLog()));
    }
    int port = 0;
    const std::string text(absl::StripAsciiWhitespace(ReadFile(port_file_)));
    if (!text.empty() && absl::SimpleAtoi(text, &port) && port > 0) {
      port_ = port;
      break;
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError("the server wrote no port file in time");
    }
    absl::SleepFor(kPoll);
  }
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  // 2. Health SERVING.
  auto health = HealthStub();
  while (true) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&ctx, request, &response);
    if (status.ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("the server was not SERVING in time: ", status.error_message()));
    }
    absl::SleepFor(kPoll);
  }
}

std::string TestServer::address() const { return absl::StrCat("127.0.0.1:", port_); }

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

absl::Status TestServer::SendSigterm() {
  if (pid_ <= 0) return absl::FailedPreconditionError("the server is not running");
  if (::kill(pid_, SIGTERM) != 0) {
    return absl::InternalError(absl::StrCat("kill: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> TestServer::WaitForExit(absl::Duration timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("the server is not running");
  const absl::Time deadline = absl::Now() + timeout;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) != pid_) {
    if (absl::Now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      unclean_exit_ = true;
      return absl::DeadlineExceededError(
          absl::StrCat("the server did not exit within ", absl::FormatDuration(timeout),
                       " and was killed"));
    }
    absl::SleepFor(kPoll);
  }
  pid_ = -1;
  if (WIFSIGNALED(status)) {
    unclean_exit_ = true;
    return absl::InternalError(absl::StrCat("the server died of signal ", WTERMSIG(status)));
  }
  const int code = WEXITSTATUS(status);
  if (code != 0) unclean_exit_ = true;
  return code;
}

absl::StatusOr<int> TestServer::Stop() {
  absl::Status sent = SendSigterm();
  if (!sent.ok()) return sent;
  return WaitForExit(options_.stop_timeout);
}

absl::Status TestServer::Restart() {
  if (pid_ > 0) {
    absl::StatusOr<int> code = Stop();
    if (!code.ok()) return code.status();
    if (*code != 0) {
      return absl::InternalError(absl::StrCat("the server exited with code ", *code));
    }
  }
  return Launch();
}

std::string TestServer::ReadLog() const { return ReadFile(log_file_); }

void TestServer::DumpLog() const {
  std::string log = ReadLog();
  constexpr size_t kMaxBytes = 64 * 1024;
  if (log.size() > kMaxBytes) log = "...\n" + log.substr(log.size() - kMaxBytes);
  std::fprintf(stderr, "---- evidencegraph-server log (%s) ----\n%s---- end of server log ----\n",
               log_file_.c_str(), log.c_str());
}

}  // namespace evidencegraph::testing
