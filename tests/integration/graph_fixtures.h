// Small builders of valid nodes and edges, and one-call RPC helpers, shared by
// the integration tests (and usable by the QueryService tests).
// Thread-safety: stateless functions; stubs are thread-safe.
#ifndef EVIDENCEGRAPH_TESTS_INTEGRATION_GRAPH_FIXTURES_H_
#define EVIDENCEGRAPH_TESTS_INTEGRATION_GRAPH_FIXTURES_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"

namespace evidencegraph::testing {

v1::Node ClaimNode(absl::string_view statement);
v1::Node StudyNode(absl::string_view title, v1::StudyDesign design = v1::STUDY_DESIGN_RCT);
v1::Node ExpertNode(absl::string_view full_name);
v1::Node CritiqueNode(absl::string_view text,
                      v1::CritiqueKind kind = v1::CRITIQUE_KIND_SMALL_SAMPLE);
v1::Node SourceNode(absl::string_view title);

v1::Edge MakeEdge(absl::string_view source, v1::EdgeKind kind, absl::string_view target,
                  v1::AttackType attack = v1::ATTACK_TYPE_UNSPECIFIED);

// Three ImportGraph messages: 0 claims/c0..c2 (valid); 1 a valid
// studies/s1 and an invalid claims/bad (no statement), so nothing of it
// lands; 2 an edge from studies/ghost, a node that does not exist.
std::vector<v1::ImportGraphRequest> ImportMessagesWithFailures();

// Every test RPC gets a deadline, so a hung server fails the test instead
// of hanging it.
void SetDeadline(grpc::ClientContext& ctx, absl::Duration timeout = absl::Seconds(30));

// CreateNode with node_id `id` (may be empty). `out` may be null.
grpc::Status CreateNode(v1::GraphService::Stub& stub, absl::string_view id, const v1::Node& node,
                        v1::Node* out = nullptr);
grpc::Status CreateEdge(v1::GraphService::Stub& stub, const v1::Edge& edge,
                        v1::Edge* out = nullptr);
grpc::Status GetNode(v1::GraphService::Stub& stub, absl::string_view name, v1::Node* out);
grpc::Status GetEdge(v1::GraphService::Stub& stub, absl::string_view name, v1::Edge* out);

// A unary call with request and response as bytes (what the server reads
// and writes on the wire, before any client-side parsing). `method` is the
// full path, e.g. "/evidencegraph.v1.GraphService/GetNode". `ctx` may carry
// metadata and is left with the trailers.
struct RawReply {
  grpc::Status status;
  std::string bytes;
};
RawReply RawUnaryCall(grpc::Channel& channel, const std::string& method,
                      const std::string& request, grpc::ClientContext& ctx);

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_INTEGRATION_GRAPH_FIXTURES_H_
