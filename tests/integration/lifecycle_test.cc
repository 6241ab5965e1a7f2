// The server as an operator sees it: persistence across restarts, graceful
// shutdown with a stream in flight, health checking, reflection, seeding and
// clear startup failures.
#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::set<std::string> AllNodeNames(v1::GraphService::Stub& stub) {
  std::set<std::string> names;
  std::string token;
  do {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ListNodesRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    v1::ListNodesResponse response;
    EXPECT_TRUE(stub.ListNodes(&ctx, request, &response).ok());
    for (const v1::Node& n : response.nodes()) names.insert(n.name());
    token = response.next_page_token();
  } while (!token.empty());
  return names;
}

void ImportClaims(v1::GraphService::Stub& stub, int count) {
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(60));
  v1::ImportGraphResponse response;
  auto writer = stub.ImportGraph(&ctx, &response);
  v1::ImportGraphRequest message;
  for (int i = 0; i < count; ++i) {
    v1::Node* n = message.add_nodes();
    *n = ClaimNode(absl::StrFormat("claim %d", i));
    n->set_name(absl::StrFormat("claims/c%05d", i));
    if (message.nodes_size() == 1000 || i + 1 == count) {
      ASSERT_TRUE(writer->Write(message));
      message.Clear();
    }
  }
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  ASSERT_EQ(response.nodes_created(), count);
}

// Runs the binary with `args` (no harness) and returns exit code and output.
std::pair<int, std::string> RunBinary(const std::string& args) {
  const std::string command = absl::StrCat(ServerBinaryPath(), " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(LifecycleTest, DataPersistsAcrossRestarts) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  {
    auto stub = (*server)->GraphStub();
    ASSERT_TRUE(CreateNode(*stub, "c1", ClaimNode("persisted claim")).ok());
    ASSERT_TRUE(CreateNode(*stub, "s1", StudyNode("persisted study")).ok());
    ASSERT_TRUE(
        CreateEdge(*stub, MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  }
  ASSERT_TRUE((*server)->Restart().ok());
  auto stub = (*server)->GraphStub();
  v1::Node node;
  ASSERT_TRUE(GetNode(*stub, "claims/c1", &node).ok());
  EXPECT_EQ(node.claim().statement(), "persisted claim");
  v1::Edge edge;
  EXPECT_TRUE(GetEdge(*stub, "studies/s1/edges/supports/claims/c1", &edge).ok());
  EXPECT_EQ(*(*server)->Stop(), 0);
}

// After a restart the records are only on disk: GetNode / GetEdge cannot be
// answered on gRPC's thread and go through the worker pool; once read they
// are cached and answered inline. Both paths must give the same answers,
// errors and request-id trailers.
TEST(LifecycleTest, ReadsAgreeWhetherFromDiskOrFromTheCache) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  {
    auto stub = (*server)->GraphStub();
    ASSERT_TRUE(CreateNode(*stub, "c1", ClaimNode("cached claim")).ok());
    ASSERT_TRUE(CreateNode(*stub, "s1", StudyNode("cached study")).ok());
    ASSERT_TRUE(
        CreateEdge(*stub, MakeEdge("studies/s1", v1::EDGE_KIND_SUPPORTS, "claims/c1")).ok());
  }
  ASSERT_TRUE((*server)->Restart().ok());
  auto stub = (*server)->GraphStub();
  const std::string kEdge = "studies/s1/edges/supports/claims/c1";
  std::string first_node, first_edge;
  std::map<std::string, std::string> first_raw;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round == 0 ? "cold" : "warm");
    const std::string id = absl::StrCat("read-", round);
    // The bytes on the wire first: the pool's answer (round 0, cold) and
    // the inline one (the stored bytes, warm) are the same.
    for (const auto& [method, name] :
         {std::pair<std::string, std::string>{"/evidencegraph.v1.GraphService/GetNode",
                                              "claims/c1"},
          std::pair<std::string, std::string>{"/evidencegraph.v1.GraphService/GetEdge", kEdge}}) {
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      v1::GetNodeRequest request;  // GetEdgeRequest has the same one field
      request.set_name(name);
      RawReply raw =
          RawUnaryCall(*(*server)->channel(), method, request.SerializeAsString(), ctx);
      ASSERT_TRUE(raw.status.ok()) << raw.status.error_message();
      if (round == 0) first_raw[name] = raw.bytes;
      EXPECT_EQ(raw.bytes, first_raw[name]);
    }
    {
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      ctx.AddMetadata("x-request-id", id);
      v1::GetNodeRequest request;
      request.set_name("claims/c1");
      v1::Node node;
      ASSERT_TRUE(stub->GetNode(&ctx, request, &node).ok());
      EXPECT_EQ(node.claim().statement(), "cached claim");
      EXPECT_EQ(Trailer(ctx, "x-request-id"), id);
      if (round == 0) first_node = node.SerializeAsString();
      EXPECT_EQ(node.SerializeAsString(), first_node);
    }
    {
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      ctx.AddMetadata("x-request-id", id);
      v1::GetEdgeRequest request;
      request.set_name(kEdge);
      v1::Edge edge;
      ASSERT_TRUE(stub->GetEdge(&ctx, request, &edge).ok());
      EXPECT_EQ(edge.name(), kEdge);
      EXPECT_EQ(Trailer(ctx, "x-request-id"), id);
      if (round == 0) first_edge = edge.SerializeAsString();
      EXPECT_EQ(edge.SerializeAsString(), first_edge);
    }
    {
      grpc::ClientContext ctx;
      SetDeadline(ctx);
      ctx.AddMetadata("x-request-id", id);
      v1::GetNodeRequest request;
      request.set_name("claims/missing");
      v1::Node node;
      grpc::Status status = stub->GetNode(&ctx, request, &node);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
      EXPECT_EQ(Trailer(ctx, "x-request-id"), id);
      RpcError error = DecodeRpcError(status);
      ASSERT_TRUE(error.info.has_value());
      EXPECT_EQ(error.info->metadata().at("request_id"), id);
    }
  }
  EXPECT_EQ(first_raw["claims/c1"], first_node);
  EXPECT_EQ(first_raw[kEdge], first_edge);
  EXPECT_EQ(*(*server)->Stop(), 0);
}

TEST(LifecycleTest, GracefulShutdownWithAnExportStreamOpen) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = (*server)->GraphStub();
  constexpr int kNodes = 3000;
  ImportClaims(*stub, kNodes);

  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(60));
  v1::ExportGraphRequest request;
  request.set_batch_size(10);
  auto reader = stub->ExportGraph(&ctx, request);
  v1::ExportGraphResponse message;
  ASSERT_TRUE(reader->Read(&message));
  int received = message.nodes_size();

  ASSERT_TRUE((*server)->SendSigterm().ok());
  while (reader->Read(&message)) received += message.nodes_size();
  const grpc::Status status = reader->Finish();
  // Drained to the end, or cut when the grace ran out: never a crash.
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::UNAVAILABLE ||
              status.error_code() == grpc::StatusCode::CANCELLED)
      << status.error_code() << " " << status.error_message();
  if (status.ok()) {
    EXPECT_EQ(received, kNodes);
  }

  absl::StatusOr<int> exit_code = (*server)->WaitForExit(absl::Seconds(30));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);

  ASSERT_TRUE((*server)->Restart().ok());
  auto fresh = (*server)->GraphStub();
  EXPECT_EQ(AllNodeNames(*fresh).size(), static_cast<size_t>(kNodes));
}

TEST(LifecycleTest, CancelledStreamsEndCleanlyAndTheServerCarriesOn) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = (*server)->GraphStub();
  constexpr int kNodes = 2000;
  ImportClaims(*stub, kNodes);

  {  // Export: read one message of many, then cancel.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ExportGraphRequest request;
    request.set_batch_size(1);
    auto reader = stub->ExportGraph(&ctx, request);
    v1::ExportGraphResponse message;
    ASSERT_TRUE(reader->Read(&message));
    ctx.TryCancel();
    while (reader->Read(&message)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  {  // Import: one batch committed, then the client cancels mid-stream.
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    v1::ImportGraphResponse response;
    auto writer = stub->ImportGraph(&ctx, &response);
    v1::ImportGraphRequest message;
    v1::Node* n = message.add_nodes();
    *n = ClaimNode("imported before the cancel");
    n->set_name("claims/before-cancel");
    ASSERT_TRUE(writer->Write(message));
    ctx.TryCancel();
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The server still serves whole streams, and shuts down cleanly: no
  // reactor was left unfinished.
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  auto reader = stub->ExportGraph(&ctx, v1::ExportGraphRequest());
  v1::ExportGraphResponse message;
  int nodes = 0;
  while (reader->Read(&message)) nodes += message.nodes_size();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_GE(nodes, kNodes);
  absl::StatusOr<int> exit_code = (*server)->Stop();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
}

TEST(LifecycleTest, HealthIsServingForTheServerAndGraphService) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = (*server)->HealthStub();
  for (const char* service : {"", "evidencegraph.v1.GraphService"}) {
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&ctx, request, &response).ok()) << service;
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << service;
  }
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  HealthCheckRequest unknown;
  unknown.set_service("no.such.Service");
  HealthCheckResponse response;
  EXPECT_EQ(health->Check(&ctx, unknown, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(LifecycleTest, HealthTurnsNotServingWhenShutdownStarts) {
  auto server = TestServer::Start({.seed = false, .extra_flags = {"--shutdown_grace_seconds=5"}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = (*server)->HealthStub();
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  HealthCheckRequest request;
  request.set_service("evidencegraph.v1.GraphService");
  auto watch = health->Watch(&ctx, request);
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);

  ASSERT_TRUE((*server)->SendSigterm().ok());
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  ctx.TryCancel();  // our watch is the only call left; let the drain finish
  watch->Finish();

  absl::StatusOr<int> exit_code = (*server)->WaitForExit(absl::Seconds(30));
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
}

TEST(LifecycleTest, ReflectionListsAndDescribesTheServices) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto reflection =
      grpc::reflection::v1alpha::ServerReflection::NewStub((*server)->channel());
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  auto stream = reflection->ServerReflectionInfo(&ctx);

  grpc::reflection::v1alpha::ServerReflectionRequest list;
  list.set_list_services("*");
  ASSERT_TRUE(stream->Write(list));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> services;
  for (const auto& s : response.list_services_response().service()) services.insert(s.name());
  EXPECT_TRUE(services.count("evidencegraph.v1.GraphService"));
  EXPECT_TRUE(services.count("grpc.health.v1.Health"));

  const std::pair<const char*, const char*> symbols[] = {
      {"evidencegraph.v1.GraphService", "evidencegraph/v1/graph_service.proto"},
      {"grpc.health.v1.Health", "grpc/health/v1/health.proto"}};
  for (const auto& [symbol, file] : symbols) {
    grpc::reflection::v1alpha::ServerReflectionRequest describe;
    describe.set_file_containing_symbol(symbol);
    ASSERT_TRUE(stream->Write(describe));
    ASSERT_TRUE(stream->Read(&response));
    ASSERT_TRUE(response.has_file_descriptor_response())
        << symbol << ": " << response.error_response().error_message();
    bool found = false;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto proto;
      ASSERT_TRUE(proto.ParseFromString(bytes));
      if (proto.name() != file) continue;
      for (const auto& service : proto.service()) {
        if (absl::StrCat(proto.package(), ".", service.name()) == symbol) found = true;
      }
    }
    EXPECT_TRUE(found) << "no descriptor of " << symbol << " in " << file;
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST(LifecycleTest, SeededServerServesTheDemoGraph) {
  auto server = TestServer::Start({.seed = true, .extra_flags = {}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = (*server)->GraphStub();
  const std::set<std::string> names = AllNodeNames(*stub);
  EXPECT_TRUE(names.count("claims/massage-reduces-inflammation")) << names.size() << " nodes";
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::ListEdgesRequest request;
  request.set_node("claims/massage-reduces-inflammation");
  request.set_direction(v1::EDGE_DIRECTION_INCOMING);
  v1::ListEdgesResponse response;
  ASSERT_TRUE(stub->ListEdges(&ctx, request, &response).ok());
  EXPECT_GT(response.edges_size(), 0);

  // A restart does not seed again (the store is not empty): same node count.
  ASSERT_TRUE((*server)->Restart().ok());
  auto again = (*server)->GraphStub();
  EXPECT_EQ(AllNodeNames(*again).size(), names.size());
}

TEST(StartupTest, BadFlagsExitWithAClearMessage) {
  auto [code, output] = RunBinary("--max_batch_operations=0 --seed=false");
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("max_batch_operations"), std::string::npos) << output;

  std::tie(code, output) = RunBinary("--log_level=loud --seed=false");
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("log_level"), std::string::npos) << output;

  std::tie(code, output) = RunBinary("--request_id_retention=10s --seed=false");
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("request_id_retention"), std::string::npos) << output;

  std::tie(code, output) = RunBinary("--no_such_flag");
  EXPECT_NE(code, 0) << output;
  EXPECT_NE(output.find("no_such_flag"), std::string::npos) << output;
}

TEST(StartupTest, HelpListsTheFlags) {
  auto [code, output] = RunBinary("--help");
  for (const char* flag : {"--listen", "--port_file", "--data_dir", "--seed_file",
                           "--max_message_bytes", "--shutdown_grace_seconds",
                           "--request_id_retention"}) {
    EXPECT_NE(output.find(std::string(flag).substr(2)), std::string::npos) << flag;
  }
}

TEST(StartupTest, MissingSeedFileFailsStartupNamingTheFile) {
  char dir[] = "/tmp/eg-startup-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  auto [code, output] = RunBinary(absl::StrCat("--listen=127.0.0.1:0 --data_dir=", dir,
                                               "/data --seed=true --seed_file=", dir,
                                               "/missing.ndjson"));
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find("missing.ndjson"), std::string::npos) << output;
  std::filesystem::remove_all(dir);
}

TEST(StartupTest, ASecondServerOnTheSameDataDirFailsClearly) {
  auto server = TestServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  auto [code, output] = RunBinary(absl::StrCat("--listen=127.0.0.1:0 --seed=false --data_dir=",
                                               (*server)->data_dir()));
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find((*server)->data_dir()), std::string::npos) << output;
  // The first server is unaffected.
  auto stub = (*server)->GraphStub();
  EXPECT_TRUE(CreateNode(*stub, "c1", ClaimNode("still serving")).ok());
}

}  // namespace
}  // namespace evidencegraph::testing
