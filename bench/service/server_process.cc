#include "bench/service/server_process.h"

#include <atomic>
#include <utility>

#include "absl/strings/str_cat.h"

namespace evidencegraph::bench {

absl::StatusOr<std::unique_ptr<BenchServer>> BenchServer::Start(
    const BenchServerOptions& options) {
  launcher::ServerProcessOptions process;
  process.binary = options.binary;
  if (options.pin_cpu >= 0) {
    process.command_prefix = {options.taskset, "-c", absl::StrCat(options.pin_cpu)};
  }
  process.flags = {"--enable_diagnostics"};
  if (options.seed_file.empty()) {
    process.flags.push_back("--seed=false");
  } else {
    process.flags.push_back("--seed=true");
    process.flags.push_back(absl::StrCat("--seed_file=", options.seed_file));
  }
  process.flags.insert(process.flags.end(), options.extra_flags.begin(),
                       options.extra_flags.end());
  process.temp_prefix = "eg-bench";
  process.start_timeout = options.start_timeout;
  process.stop_timeout = options.stop_timeout;
  absl::StatusOr<std::unique_ptr<launcher::ServerProcess>> started =
      launcher::ServerProcess::Start(std::move(process));
  if (!started.ok()) return started.status();
  std::unique_ptr<BenchServer> server(new BenchServer(*std::move(started)));
  server->channel_ = server->NewChannel();
  return server;
}

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
  if (!process_->running()) return absl::OkStatus();
  channel_.reset();
  absl::StatusOr<int> code = process_->Stop();
  if (!code.ok()) return code.status();
  if (*code != 0) {
    return absl::InternalError(
        absl::StrCat("the server exited with code ", *code, ":\n", LogTail()));
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::bench
