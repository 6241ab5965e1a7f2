#include "tests/integration/graph_fixtures.h"

#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"

namespace evidencegraph::testing {

v1::Node ClaimNode(absl::string_view statement) {
  v1::Node n;
  n.mutable_claim()->set_statement(std::string(statement));
  return n;
}

v1::Node StudyNode(absl::string_view title, v1::StudyDesign design) {
  v1::Node n;
  n.mutable_study()->mutable_citation()->set_title(std::string(title));
  n.mutable_study()->set_design(design);
  return n;
}

v1::Node ExpertNode(absl::string_view full_name) {
  v1::Node n;
  n.mutable_expert()->set_full_name(std::string(full_name));
  return n;
}

v1::Node CritiqueNode(absl::string_view text, v1::CritiqueKind kind) {
  v1::Node n;
  n.mutable_critique()->set_kind(kind);
  n.mutable_critique()->set_text(std::string(text));
  return n;
}

v1::Node SourceNode(absl::string_view title) {
  v1::Node n;
  n.mutable_source()->set_title(std::string(title));
  return n;
}

v1::Edge MakeEdge(absl::string_view source, v1::EdgeKind kind, absl::string_view target,
                  v1::AttackType attack) {
  v1::Edge e;
  e.set_source(std::string(source));
  e.set_kind(kind);
  e.set_target(std::string(target));
  e.set_attack_type(attack);
  return e;
}

std::vector<v1::ImportGraphRequest> ImportMessagesWithFailures() {
  std::vector<v1::ImportGraphRequest> messages(3);
  for (int i = 0; i < 3; ++i) {
    v1::Node* n = messages[0].add_nodes();
    *n = ClaimNode("claim");
    n->set_name(absl::StrCat("claims/c", i));
  }
  v1::Node* study = messages[1].add_nodes();
  *study = StudyNode("study");
  study->set_name("studies/s1");
  v1::Node* bad = messages[1].add_nodes();
  bad->set_name("claims/bad");
  bad->mutable_claim();
  *messages[2].add_edges() = MakeEdge("studies/ghost", v1::EDGE_KIND_SUPPORTS, "claims/c0");
  return messages;
}

void SetDeadline(grpc::ClientContext& ctx, absl::Duration timeout) {
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
}

grpc::Status CreateNode(v1::GraphService::Stub& stub, absl::string_view id, const v1::Node& node,
                        v1::Node* out) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::CreateNodeRequest request;
  request.set_node_id(std::string(id));
  *request.mutable_node() = node;
  v1::Node response;
  grpc::Status status = stub.CreateNode(&ctx, request, &response);
  if (out != nullptr) *out = std::move(response);
  return status;
}

grpc::Status CreateEdge(v1::GraphService::Stub& stub, const v1::Edge& edge, v1::Edge* out) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::CreateEdgeRequest request;
  *request.mutable_edge() = edge;
  v1::Edge response;
  grpc::Status status = stub.CreateEdge(&ctx, request, &response);
  if (out != nullptr) *out = std::move(response);
  return status;
}

grpc::Status GetNode(v1::GraphService::Stub& stub, absl::string_view name, v1::Node* out) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::GetNodeRequest request;
  request.set_name(std::string(name));
  return stub.GetNode(&ctx, request, out);
}

grpc::Status GetEdge(v1::GraphService::Stub& stub, absl::string_view name, v1::Edge* out) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::GetEdgeRequest request;
  request.set_name(std::string(name));
  return stub.GetEdge(&ctx, request, out);
}

RawReply RawUnaryCall(grpc::Channel& channel, const std::string& method,
                      const std::string& request, grpc::ClientContext& ctx) {
  const grpc::internal::RpcMethod rpc(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC);
  grpc::Slice slice(request);
  const grpc::ByteBuffer request_bytes(&slice, 1);
  grpc::ByteBuffer response;
  RawReply reply;
  reply.status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      &channel, rpc, &ctx, request_bytes, &response);
  if (reply.status.ok()) {
    std::vector<grpc::Slice> slices;
    reply.status = response.Dump(&slices);
    for (const grpc::Slice& piece : slices) {
      reply.bytes.append(reinterpret_cast<const char*>(piece.begin()), piece.size());
    }
  }
  return reply;
}

}  // namespace evidencegraph::testing
