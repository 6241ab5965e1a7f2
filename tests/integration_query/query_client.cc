#include "tests/integration_query/query_client.h"

#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/integration/graph_fixtures.h"

namespace evidencegraph::testing {

std::unique_ptr<v1::QueryService::Stub> QueryStub(std::shared_ptr<grpc::Channel> channel) {
  return v1::QueryService::NewStub(std::move(channel));
}

std::vector<v1::VisitedVertex> TraverseRun::Vertices() const {
  std::vector<v1::VisitedVertex> all;
  for (const auto& m : messages) all.insert(all.end(), m.vertices().begin(), m.vertices().end());
  return all;
}

TraverseRun RunTraverse(v1::QueryService::Stub& stub, const v1::TraverseRequest& request,
                        absl::Duration timeout) {
  TraverseRun run;
  grpc::ClientContext ctx;
  SetDeadline(ctx, timeout);
  auto reader = stub.Traverse(&ctx, request);
  v1::TraverseResponse message;
  while (reader->Read(&message)) run.messages.push_back(message);
  run.status = reader->Finish();
  return run;
}

grpc::Status Explain(v1::QueryService::Stub& stub, const v1::ExplainClaimRequest& request,
                     v1::ClaimExplanation* out) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  return stub.ExplainClaim(&ctx, request, out);
}

grpc::Status Explain(v1::QueryService::Stub& stub, const std::string& claim,
                     const std::vector<std::string>& without, v1::ClaimExplanation* out) {
  v1::ExplainClaimRequest request;
  request.set_name(claim);
  for (const std::string& w : without) request.add_without(w);
  return Explain(stub, request, out);
}

GeneratedGraph GenerateGraph(int nodes, int edges, unsigned seed) {
  std::mt19937 rng(seed);
  GeneratedGraph g;
  const int claims = nodes / 4, studies = nodes - claims;
  for (int i = 0; i < claims; ++i) {
    v1::Node n = ClaimNode(absl::StrCat("Generated claim number ", i));
    n.set_name(absl::StrCat("claims/g", i));
    g.nodes.push_back(std::move(n));
  }
  for (int i = 0; i < studies; ++i) {
    v1::Node n = StudyNode(absl::StrCat("Generated study ", i));
    n.set_name(absl::StrCat("studies/g", i));
    g.nodes.push_back(std::move(n));
  }
  std::set<std::string> seen;
  while (static_cast<int>(g.edges.size()) < edges) {
    const int s = static_cast<int>(rng() % studies);
    const bool cites = rng() % 3 == 0;
    v1::Edge e;
    if (cites) {
      const int t = static_cast<int>(rng() % studies);
      if (t == s) continue;
      e = MakeEdge(absl::StrCat("studies/g", s), v1::EDGE_KIND_CITES, absl::StrCat("studies/g", t));
    } else {
      e = MakeEdge(absl::StrCat("studies/g", s),
                   rng() % 4 == 0 ? v1::EDGE_KIND_REFUTES : v1::EDGE_KIND_SUPPORTS,
                   absl::StrCat("claims/g", rng() % claims));
    }
    if (!seen.insert(absl::StrCat(e.source(), " ", e.kind(), " ", e.target())).second) continue;
    g.edges.push_back(std::move(e));
  }
  return g;
}

grpc::Status ImportAll(v1::GraphService::Stub& stub, const GeneratedGraph& graph,
                       int per_message, v1::ImportGraphResponse* summary) {
  grpc::ClientContext ctx;
  SetDeadline(ctx, absl::Seconds(120));
  auto writer = stub.ImportGraph(&ctx, summary);
  v1::ImportGraphRequest message;
  auto flush = [&]() {
    bool ok = writer->Write(message);
    message.Clear();
    return ok;
  };
  for (const v1::Node& n : graph.nodes) {
    *message.add_nodes() = n;
    if (message.nodes_size() == per_message && !flush()) break;
  }
  if (message.nodes_size() > 0) flush();
  for (const v1::Edge& e : graph.edges) {
    *message.add_edges() = e;
    if (message.edges_size() == per_message && !flush()) break;
  }
  if (message.edges_size() > 0) flush();
  writer->WritesDone();
  return writer->Finish();
}

grpc::Status Batch(v1::GraphService::Stub& stub,
                   const std::vector<v1::WriteOperation>& operations) {
  grpc::ClientContext ctx;
  SetDeadline(ctx);
  v1::BatchWriteRequest request;
  for (const auto& op : operations) *request.add_operations() = op;
  v1::BatchWriteResponse response;
  return stub.BatchWrite(&ctx, request, &response);
}

v1::WriteOperation CreateNodeOp(const std::string& name, v1::Node node) {
  v1::WriteOperation op;
  node.set_name(name);
  op.mutable_create_node()->set_node_id(name.substr(name.find('/') + 1));
  *op.mutable_create_node()->mutable_node() = std::move(node);
  return op;
}

v1::WriteOperation CreateEdgeOp(v1::Edge edge) {
  v1::WriteOperation op;
  *op.mutable_create_edge()->mutable_edge() = std::move(edge);
  return op;
}

v1::WriteOperation DeleteNodeOp(const std::string& name) {
  v1::WriteOperation op;
  op.mutable_delete_node()->set_name(name);
  op.mutable_delete_node()->set_force(true);
  return op;
}

}  // namespace evidencegraph::testing
