// eg-grpcurl: the subset of grpcurl the README uses, built on server
// reflection exactly as grpcurl is, so README examples can be checked on
// machines without grpcurl (it is not packaged for Debian).
//
//   eg-grpcurl -plaintext ADDRESS list [SERVICE]
//   eg-grpcurl -plaintext ADDRESS describe SYMBOL
//   eg-grpcurl -plaintext [-d JSON] [-H 'key: value'] ADDRESS SERVICE/METHOD
//
// Every descriptor comes from the server's reflection service (nothing is
// compiled in), requests are proto3 JSON (-d; several objects in a row for a
// client stream; "@" reads stdin), responses are printed as JSON, one object
// per message. Errors print code, message and the google.rpc details, and
// exit with 64 + the status code (as grpcurl does); usage errors exit 2.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/error_details.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/descriptor_database.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace {

namespace refl = grpc::reflection::v1alpha;
namespace pb = google::protobuf;

// Descriptors fetched on demand over one reflection stream.
class ReflectionDatabase : public pb::DescriptorDatabase {
 public:
  explicit ReflectionDatabase(std::shared_ptr<grpc::Channel> channel)
      : stub_(refl::ServerReflection::NewStub(std::move(channel))),
        stream_(stub_->ServerReflectionInfo(&ctx_)) {}

  ~ReflectionDatabase() override {
    stream_->WritesDone();
    stream_->Finish();
  }

  bool FindFileByName(const std::string& name, pb::FileDescriptorProto* out) override {
    refl::ServerReflectionRequest request;
    request.set_file_by_filename(name);
    return Fetch(request, name, out);
  }
  bool FindFileContainingSymbol(const std::string& symbol,
                                pb::FileDescriptorProto* out) override {
    refl::ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    return Fetch(request, "", out, symbol);
  }
  bool FindFileContainingExtension(const std::string&, int, pb::FileDescriptorProto*) override {
    return false;
  }

  // Service names, or an error message in `error`.
  std::vector<std::string> ListServices(std::string* error) {
    refl::ServerReflectionRequest request;
    request.set_list_services("");
    refl::ServerReflectionResponse response;
    if (!stream_->Write(request) || !stream_->Read(&response)) {
      *error = "the reflection stream failed (is the server up, with reflection?)";
      return {};
    }
    std::vector<std::string> names;
    for (const auto& s : response.list_services_response().service()) names.push_back(s.name());
    return names;
  }

 private:
  // Sends `request`; keeps every file of the answer and returns the wanted one:
  // the file named `file`, or the one declaring `symbol`.
  bool Fetch(const refl::ServerReflectionRequest& request, const std::string& file,
             pb::FileDescriptorProto* out, const std::string& symbol = "") {
    refl::ServerReflectionResponse response;
    if (!stream_->Write(request) || !stream_->Read(&response)) return false;
    if (!response.has_file_descriptor_response()) return false;
    bool found = false;
    bool first = true;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      pb::FileDescriptorProto proto;
      if (!proto.ParseFromString(bytes)) continue;
      // The server answers with the wanted file first, then its dependencies.
      const bool wanted = file.empty() ? first : proto.name() == file;
      first = false;
      if (wanted && !found) {
        *out = proto;
        found = true;
      }
    }
    (void)symbol;
    return found;
  }

  grpc::ClientContext ctx_;
  std::unique_ptr<refl::ServerReflection::Stub> stub_;
  std::unique_ptr<grpc::ClientReaderWriter<refl::ServerReflectionRequest,
                                           refl::ServerReflectionResponse>>
      stream_;
};

int Usage(const std::string& why) {
  std::cerr << "eg-grpcurl: " << why << "\n"
            << "usage: eg-grpcurl -plaintext ADDRESS list [SERVICE]\n"
            << "       eg-grpcurl -plaintext ADDRESS describe SYMBOL\n"
            << "       eg-grpcurl -plaintext [-d JSON|@] [-H 'key: value'] ADDRESS "
               "SERVICE/METHOD\n";
  return 2;
}

// Splits concatenated JSON objects ('{..} {..}') into one string each.
std::vector<std::string> SplitJsonObjects(const std::string& text) {
  std::vector<std::string> objects;
  int depth = 0;
  bool in_string = false, escaped = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{') {
      if (depth++ == 0) start = i;
    } else if (c == '}' && --depth == 0) {
      objects.push_back(text.substr(start, i - start + 1));
    }
  }
  return objects;
}

std::string CodeName(grpc::StatusCode code) {
  static const char* kNames[] = {"OK", "Canceled", "Unknown", "InvalidArgument",
                                 "DeadlineExceeded", "NotFound", "AlreadyExists",
                                 "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
                                 "Aborted", "OutOfRange", "Unimplemented", "Internal",
                                 "Unavailable", "DataLoss", "Unauthenticated"};
  const int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : absl::StrCat("Code(", i, ")");
}

void PrintError(const grpc::Status& status) {
  std::cout << "ERROR:\n  Code: " << CodeName(status.error_code())
            << "\n  Message: " << status.error_message() << "\n";
  google::rpc::Status details;
  if (status.error_details().empty() || !grpc::ExtractErrorDetails(status, &details).ok()) return;
  std::cout << "  Details:\n";
  pb::util::JsonPrintOptions options;
  for (const pb::Any& any : details.details()) {
    std::string json;
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    google::rpc::ResourceInfo resource;
    if (any.UnpackTo(&info)) {
      (void)pb::util::MessageToJsonString(info, &json, options);
    } else if (any.UnpackTo(&bad_request)) {
      (void)pb::util::MessageToJsonString(bad_request, &json, options);
    } else if (any.UnpackTo(&resource)) {
      (void)pb::util::MessageToJsonString(resource, &json, options);
    } else {
      json = any.type_url();
    }
    std::cout << "  - " << any.type_url() << " " << json << "\n";
  }
}

int List(ReflectionDatabase& db, pb::DescriptorPool& pool, const std::string& service) {
  std::string error;
  if (service.empty()) {
    std::vector<std::string> names = db.ListServices(&error);
    if (!error.empty()) return Usage(error);
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) std::cout << n << "\n";
    return 0;
  }
  const pb::ServiceDescriptor* s = pool.FindServiceByName(service);
  if (s == nullptr) return Usage(absl::StrCat("service not found: ", service));
  for (int i = 0; i < s->method_count(); ++i) std::cout << s->method(i)->full_name() << "\n";
  return 0;
}

int Describe(pb::DescriptorPool& pool, const std::string& symbol) {
  if (const auto* s = pool.FindServiceByName(symbol)) {
    std::cout << symbol << " is a service:\n" << s->DebugString();
  } else if (const auto* m = pool.FindMessageTypeByName(symbol)) {
    std::cout << symbol << " is a message:\n" << m->DebugString();
  } else if (const auto* e = pool.FindEnumTypeByName(symbol)) {
    std::cout << symbol << " is an enum:\n" << e->DebugString();
  } else if (const auto* method = pool.FindMethodByName(symbol)) {
    std::cout << symbol << " is a method:\n" << method->DebugString();
  } else {
    return Usage(absl::StrCat("symbol not found: ", symbol));
  }
  return 0;
}

int Invoke(std::shared_ptr<grpc::Channel> channel, pb::DescriptorPool& pool,
           const std::string& target, const std::string& data,
           const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string service = target, method_name;
  const size_t slash = target.rfind('/');
  const size_t dot = target.rfind('.');
  if (slash != std::string::npos) {
    service = target.substr(0, slash);
    method_name = target.substr(slash + 1);
  } else if (dot != std::string::npos) {
    service = target.substr(0, dot);
    method_name = target.substr(dot + 1);
  }
  const pb::ServiceDescriptor* s = pool.FindServiceByName(service);
  const pb::MethodDescriptor* method = s != nullptr ? s->FindMethodByName(method_name) : nullptr;
  if (method == nullptr) return Usage(absl::StrCat("method not found: ", target));

  pb::DynamicMessageFactory factory(&pool);
  std::vector<std::string> bodies = SplitJsonObjects(data);
  if (bodies.empty()) bodies.push_back("{}");
  std::vector<grpc::ByteBuffer> requests;
  for (const std::string& body : bodies) {
    std::unique_ptr<pb::Message> request(factory.GetPrototype(method->input_type())->New());
    const auto parsed = pb::util::JsonStringToMessage(body, request.get());
    if (!parsed.ok()) {
      return Usage(absl::StrCat("bad request JSON for ", method->input_type()->full_name(), ": ",
                                parsed.message().ToString()));
    }
    grpc::Slice slice(request->SerializeAsString());
    requests.emplace_back(&slice, 1);
  }

  grpc::ClientContext ctx;
  for (const auto& [key, value] : headers) ctx.AddMetadata(key, value);
  grpc::CompletionQueue cq;
  grpc::GenericStub stub(channel);
  auto call = stub.PrepareCall(&ctx, absl::StrCat("/", service, "/", method_name), &cq);
  void* tag;
  bool ok;
  auto step = [&cq, &tag, &ok](void* expected) {
    cq.Next(&tag, &ok);
    return tag == expected && ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  bool alive = step(reinterpret_cast<void*>(1));
  for (const grpc::ByteBuffer& request : requests) {
    if (!alive) break;
    call->Write(request, reinterpret_cast<void*>(2));
    alive = step(reinterpret_cast<void*>(2));
  }
  if (alive) {
    call->WritesDone(reinterpret_cast<void*>(3));
    step(reinterpret_cast<void*>(3));
  }
  pb::util::JsonPrintOptions print;
  print.add_whitespace = true;
  int printed = 0;
  while (true) {
    grpc::ByteBuffer buffer;
    call->Read(&buffer, reinterpret_cast<void*>(4));
    if (!step(reinterpret_cast<void*>(4))) break;
    std::vector<grpc::Slice> slices;
    (void)buffer.Dump(&slices);
    std::string bytes;
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    std::unique_ptr<pb::Message> response(factory.GetPrototype(method->output_type())->New());
    response->ParseFromString(bytes);
    std::string json;
    (void)pb::util::MessageToJsonString(*response, &json, print);
    std::cout << json;
    ++printed;
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(reinterpret_cast<void*>(5));
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (!status.ok()) {
    PrintError(status);
    return 64 + static_cast<int>(status.error_code());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  std::string data;
  std::vector<std::pair<std::string, std::string>> headers;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-plaintext") continue;  // the only transport supported
    if (arg == "-d" && i + 1 < argc) {
      data = argv[++i];
      if (data == "@") data.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else if (arg == "-H" && i + 1 < argc) {
      std::pair<std::string, std::string> kv = absl::StrSplit(argv[++i], absl::MaxSplits(':', 1));
      headers.emplace_back(std::string(absl::StripAsciiWhitespace(kv.first)),
                           std::string(absl::StripAsciiWhitespace(kv.second)));
    } else if (absl::StartsWith(arg, "-")) {
      return Usage(absl::StrCat("unsupported option ", arg));
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) return Usage("an address and a verb or method are required");
  auto channel = grpc::CreateChannel(positional[0], grpc::InsecureChannelCredentials());
  ReflectionDatabase db(channel);
  pb::DescriptorPool pool(&db);
  const std::string& verb = positional[1];
  if (verb == "list") return List(db, pool, positional.size() > 2 ? positional[2] : "");
  if (verb == "describe") {
    if (positional.size() < 3) return Usage("describe needs a symbol");
    return Describe(pool, positional[2]);
  }
  return Invoke(channel, pool, verb, data, headers);
}
