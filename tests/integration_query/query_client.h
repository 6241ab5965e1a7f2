// Client-side helpers for the QueryService integration tests: stubs, a
// Traverse reader that keeps every message, one-call ExplainClaim, and a
// bulk loader of generated graphs through ImportGraph.
// Thread-safety: stateless functions; stubs are thread-safe.
#ifndef EVIDENCEGRAPH_TESTS_INTEGRATION_QUERY_QUERY_CLIENT_H_
#define EVIDENCEGRAPH_TESTS_INTEGRATION_QUERY_QUERY_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "evidencegraph/v1/query_service.grpc.pb.h"

namespace evidencegraph::testing {

std::unique_ptr<v1::QueryService::Stub> QueryStub(std::shared_ptr<grpc::Channel> channel);

// Every message of one Traverse call and its final status.
struct TraverseRun {
  std::vector<v1::TraverseResponse> messages;
  grpc::Status status;
  // All vertices, in stream order.
  std::vector<v1::VisitedVertex> Vertices() const;
};
TraverseRun RunTraverse(v1::QueryService::Stub& stub, const v1::TraverseRequest& request,
                        absl::Duration timeout = absl::Seconds(60));

grpc::Status Explain(v1::QueryService::Stub& stub, const v1::ExplainClaimRequest& request,
                     v1::ClaimExplanation* out);
// ExplainClaim of `claim` without the named items.
grpc::Status Explain(v1::QueryService::Stub& stub, const std::string& claim,
                     const std::vector<std::string>& without, v1::ClaimExplanation* out);

// A random graph: `nodes` claims+studies named claims/g{i} and studies/g{i}
// and about `edges` SUPPORTS / REFUTES / CITES edges among them (seeded).
struct GeneratedGraph {
  std::vector<v1::Node> nodes;
  std::vector<v1::Edge> edges;
};
GeneratedGraph GenerateGraph(int nodes, int edges, unsigned seed);

// Streams `graph` through ImportGraph, `per_message` records per message.
grpc::Status ImportAll(v1::GraphService::Stub& stub, const GeneratedGraph& graph,
                       int per_message, v1::ImportGraphResponse* summary);

// BatchWrite of `operations`; the status.
grpc::Status Batch(v1::GraphService::Stub& stub,
                   const std::vector<v1::WriteOperation>& operations);
v1::WriteOperation CreateNodeOp(const std::string& name, v1::Node node);
v1::WriteOperation CreateEdgeOp(v1::Edge edge);
v1::WriteOperation DeleteNodeOp(const std::string& name);

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_INTEGRATION_QUERY_QUERY_CLIENT_H_
