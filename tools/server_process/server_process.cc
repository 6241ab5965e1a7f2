#include "tools/server_process/server_process.h"

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace evidencegraph::launcher {
namespace {

constexpr absl::Duration kPoll = absl::Milliseconds(20);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string DescribeExit(int status) {
  return WIFEXITED(status) ? absl::StrCat("exit code ", WEXITSTATUS(status))
                           : absl::StrCat("signal ", WTERMSIG(status));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    ServerProcessOptions options) {
  std::unique_ptr<ServerProcess> server(new ServerProcess(std::move(options)));
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", server->options_.temp_prefix, "-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern, ": ", std::strerror(errno)));
  }
  server->root_ = pattern;
  server->data_dir_ = absl::StrCat(pattern, "/data");
  server->port_file_ = absl::StrCat(pattern, "/port");
  server->log_file_ = absl::StrCat(pattern, "/server.log");
  // On failure the status carries the log's tail; the destructor (run here)
  // stops what was started and removes the folder.
  if (absl::Status launched = server->Launch(); !launched.ok()) {
    return absl::Status(launched.code(), absl::StrCat(launched.message(), "; server log:\n",
                                                      server->LogTail(16 * 1024)));
  }
  return server;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) (void)Stop();
  if (!root_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
}

absl::Status ServerProcess::Launch() {
  std::filesystem::remove(port_file_);
  std::vector<std::string> args = options_.command_prefix;
  args.push_back(options_.binary);
  args.push_back("--listen=127.0.0.1:0");
  args.push_back(absl::StrCat("--port_file=", port_file_));
  args.push_back(absl::StrCat("--data_dir=", data_dir_));
  for (const std::string& flag : options_.flags) args.push_back(flag);
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
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  pid_ = pid;
  return WaitUntilServing();
}

absl::Status ServerProcess::WaitUntilServing() {
  const absl::Time deadline = absl::Now() + options_.start_timeout;
  // 1. The port file (written once the server listens).
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      unclean_exit_ = true;
      return absl::UnavailableError(
          absl::StrCat("the server exited during startup (", DescribeExit(status), ")"));
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
  // 2. Health SERVING.
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
  while (true) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = health->Check(&ctx, request, &response);
    if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("the server was not SERVING in time: ", status.error_message()));
    }
    absl::SleepFor(kPoll);
  }
}

std::string ServerProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

absl::Status ServerProcess::SendSigterm() {
  if (pid_ <= 0) return absl::FailedPreconditionError("the server is not running");
  if (::kill(pid_, SIGTERM) != 0) {
    return absl::InternalError(absl::StrCat("kill: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ServerProcess::WaitForExit(absl::Duration timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("the server is not running");
  const absl::Time deadline = absl::Now() + timeout;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) != pid_) {
    if (absl::Now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      unclean_exit_ = true;
      return absl::DeadlineExceededError(absl::StrCat(
          "the server did not exit within ", absl::FormatDuration(timeout), " and was killed"));
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

absl::StatusOr<int> ServerProcess::Stop() {
  if (absl::Status sent = SendSigterm(); !sent.ok()) return sent;
  return WaitForExit(options_.stop_timeout);
}

absl::Status ServerProcess::Restart() {
  if (pid_ > 0) {
    absl::StatusOr<int> code = Stop();
    if (!code.ok()) return code.status();
    if (*code != 0) {
      return absl::InternalError(absl::StrCat("the server exited with code ", *code));
    }
  }
  return Launch();
}

std::string ServerProcess::ReadLog() const { return ReadFile(log_file_); }

std::string ServerProcess::LogTail(size_t max_bytes) const {
  std::string log = ReadLog();
  if (log.size() > max_bytes) log = "...\n" + log.substr(log.size() - max_bytes);
  return log;
}

}  // namespace evidencegraph::launcher
