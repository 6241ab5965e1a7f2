#include "bench/service/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
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

namespace evidencegraph::bench {
namespace {

constexpr absl::Duration kPoll = absl::Milliseconds(20);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

absl::StatusOr<std::unique_ptr<BenchServer>> BenchServer::Start(
    const BenchServerOptions& options) {
  std::unique_ptr<BenchServer> server(new BenchServer(options));
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/eg-bench-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp: ", std::strerror(errno)));
  }
  server->root_ = pattern;
  server->data_dir_ = pattern + "/data";
  server->port_file_ = pattern + "/port";
  server->log_file_ = pattern + "/server.log";
  if (absl::Status launched = server->Launch(); !launched.ok()) {
    return absl::Status(launched.code(),
                        absl::StrCat(launched.message(), "\nserver log:\n", server->LogTail()));
  }
  return server;
}

BenchServer::~BenchServer() {
  if (pid_ > 0) (void)Stop();
  RemoveFolder();
}

absl::Status BenchServer::Launch() {
  std::vector<std::string> args;
  if (options_.pin_cpu >= 0) {
    args = {options_.taskset, "-c", absl::StrCat(options_.pin_cpu)};
  }
  args.push_back(options_.binary);
  args.push_back("--listen=127.0.0.1:0");
  args.push_back(absl::StrCat("--port_file=", port_file_));
  args.push_back(absl::StrCat("--data_dir=", data_dir_));
  args.push_back("--enable_diagnostics");
  if (options_.seed_file.empty()) {
    args.push_back("--seed=false");
  } else {
    args.push_back("--seed=true");
    args.push_back(absl::StrCat("--seed_file=", options_.seed_file));
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
    // Child: async-signal-safe calls only until exec.
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

absl::Status BenchServer::WaitUntilServing() {
  const absl::Time deadline = absl::Now() + options_.start_timeout;
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError("the server exited during startup");
    }
    int port = 0;
    const std::string text(absl::StripAsciiWhitespace(ReadFile(port_file_)));
    if (!text.empty() && absl::SimpleAtoi(text, &port) && port > 0) {
      port_ = port;
      break;
    }
    if (absl::Now() > deadline) return absl::DeadlineExceededError("no port file in time");
    absl::SleepFor(kPoll);
  }
  channel_ = NewChannel();
  auto health = grpc::health::v1::Health::NewStub(channel_);
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

std::string BenchServer::address() const { return absl::StrCat("127.0.0.1:", port_); }

std::shared_ptr<grpc::Channel> BenchServer::NewChannel() const {
  grpc::ChannelArguments args;
  // Distinct arguments give a distinct subchannel, i.e. its own connection.
  static std::atomic<int> counter{0};
  args.SetInt("eg.bench.channel_id", counter++);
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args);
}

absl::Status BenchServer::Stop() {
  if (pid_ <= 0) {
    RemoveFolder();
    return absl::OkStatus();
  }
  channel_.reset();
  ::kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + options_.stop_timeout;
  int status = 0;
  absl::Status result;
  while (::waitpid(pid_, &status, WNOHANG) != pid_) {
    if (absl::Now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      result = absl::DeadlineExceededError("the server did not stop in time and was killed");
      break;
    }
    absl::SleepFor(kPoll);
  }
  pid_ = -1;
  if (result.ok() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    result = absl::InternalError(absl::StrCat("the server exited uncleanly (status ", status,
                                              "):\n", LogTail()));
  }
  RemoveFolder();
  return result;
}

std::string BenchServer::LogTail(size_t max_bytes) const {
  std::string log = ReadFile(log_file_);
  if (log.size() > max_bytes) log = "..." + log.substr(log.size() - max_bytes);
  return log;
}

void BenchServer::RemoveFolder() {
  if (root_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
  root_.clear();
}

}  // namespace evidencegraph::bench
