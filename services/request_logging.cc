#include "services/request_logging.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "services/call_support.h"
#include "services/grpc_status.h"

namespace evidencegraph::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RequestLoggingInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RequestLoggingInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method() != nullptr ? info->method() : "?"),
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      if (metadata != nullptr) {
        auto it = metadata->find(kRequestIdHeader);
        if (it != metadata->end()) {
          client_request_id_.assign(it->second.data(), it->second.size());
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      LogAndTagStatus(methods);
    }
    methods->Proceed();
  }

 private:
  void LogAndTagStatus(grpc::experimental::InterceptorBatchMethods* methods) {
    std::string request_id;
    auto* trailers = methods->GetSendTrailingMetadata();
    if (trailers != nullptr) {
      auto it = trailers->find(kRequestIdHeader);
      if (it != trailers->end()) {
        request_id = it->second;
      } else {
        request_id = IsValidRequestId(client_request_id_) ? client_request_id_
                                                          : GenerateRequestId();
        trailers->emplace(kRequestIdHeader, request_id);
      }
    }
    const grpc::Status status = methods->GetSendStatus();
    // Successful calls log at INFO; skip the formatting when INFO is off
    // (benchmarks run with --log_level=warning).
    if (status.ok() && MinLogSeverity() > LogSeverity::kInfo) return;
    // Milliseconds with three decimals from whole microseconds (StrCat, not
    // StrFormat's "%.3f": this runs once per RPC).
    const int64_t latency_us =
        std::max<int64_t>(0, absl::ToInt64Microseconds(absl::Now() - start_));
    const absl::string_view code =
        StatusCodeName(static_cast<absl::StatusCode>(status.error_code()));
    const std::string line =
        absl::StrCat("rpc ", method_, " code=", code, " latency_ms=", latency_us / 1000, ".",
                     absl::Dec(latency_us % 1000, absl::kZeroPad3), " request_id=", request_id);
    if (status.ok()) {
      EG_LOG(INFO) << line;
    } else {
      EG_LOG(WARNING) << line << " message=\"" << status.error_message() << "\"";
    }
  }

  const std::string method_;
  const absl::Time start_;
  std::string client_request_id_;
};

}  // namespace

grpc::experimental::Interceptor* RequestLoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // gRPC takes ownership of the interceptor and deletes it with the call.
  return new RequestLoggingInterceptor(info);
}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeRequestLoggingInterceptors() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      creators;
  creators.push_back(std::make_unique<RequestLoggingInterceptorFactory>());
  return creators;
}

}  // namespace evidencegraph::services
