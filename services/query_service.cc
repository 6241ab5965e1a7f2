#include "services/query_service.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "query/explain.h"
#include "query/paths.h"
#include "query/search.h"
#include "query/subgraph.h"
#include "query/traverse.h"
#include "services/call_support.h"
#include "services/raw_stream.h"
#include "services/traverse_inline.h"
#include "services/traverse_stream.h"
#include "services/validation.h"

namespace evidencegraph::services {

// ExplainClaim answers on gRPC's thread only for cones of at most this many
// vertices (nodes and links), all read from memory. The demo graph's are 3-12
// (~50 us of work). The bound keeps the worst case short: at most ~10
// arguments, so exact Shapley values over at most 2^10 coalitions of a tiny
// graph (well under a millisecond); larger cones go to the pool.
constexpr int kInlineExplainVertices = 16;

namespace {

using RepeatedEnum = google::protobuf::RepeatedField<int>;

// A known, non-UNSPECIFIED value for every element: "edge_kinds[2]".
template <typename Enum>
absl::Status CheckKinds(const RepeatedEnum& kinds, bool (*is_valid)(int),
                        absl::string_view field, std::vector<Enum>* out) {
  for (int i = 0; i < kinds.size(); ++i) {
    if (kinds[i] == 0 || !is_valid(kinds[i])) {
      return InvalidField(absl::StrCat(field, "[", i, "]"),
                          kinds[i] == 0 ? "must not be UNSPECIFIED"
                                        : absl::StrCat("unknown value ", kinds[i]));
    }
    out->push_back(static_cast<Enum>(kinds[i]));
  }
  return absl::OkStatus();
}

absl::Status CheckDirection(int direction) {
  if (!v1::EdgeDirection_IsValid(direction)) {
    return InvalidField("direction", absl::StrCat("unknown value ", direction));
  }
  return absl::OkStatus();
}

absl::StatusOr<query::EdgeFilter> EdgeFilterOf(const RepeatedEnum& kinds) {
  query::EdgeFilter filter;
  RETURN_IF_ERROR(CheckKinds(kinds, v1::EdgeKind_IsValid, "edge_kinds", &filter.kinds));
  return filter;
}

absl::StatusOr<query::NodeFilter> NodeFilterOf(const RepeatedEnum& kinds) {
  query::NodeFilter filter;
  RETURN_IF_ERROR(CheckKinds(kinds, v1::NodeKind_IsValid, "node_kinds", &filter.kinds));
  return filter;
}

// The walk's options from a request: its enums checked (edge kinds, node
// kinds, direction, in that order); bounds and start vertices are checked by
// query::Traversal::Start when the stream's first message is produced.
absl::StatusOr<query::TraverseOptions> TraverseOptionsOf(const v1::TraverseRequest& request) {
  query::TraverseOptions options;
  options.start.assign(request.start().begin(), request.start().end());
  options.max_depth = request.max_depth();
  options.max_nodes = request.max_nodes();
  ASSIGN_OR_RETURN(options.edges, EdgeFilterOf(request.edge_kinds()));
  ASSIGN_OR_RETURN(options.nodes, NodeFilterOf(request.node_kinds()));
  RETURN_IF_ERROR(CheckDirection(request.direction()));
  options.direction = request.direction();
  options.batch_size = request.batch_size();
  return options;
}

}  // namespace

QueryServiceImpl::QueryServiceImpl(storage::GraphStore& store, WorkerPool& pool)
    : store_(store), pool_(pool) {}

grpc::ServerWriteReactor<grpc::ByteBuffer>* QueryServiceImpl::Traverse(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  // The request's failure, or the walk's options.
  absl::StatusOr<query::TraverseOptions> options;
  v1::TraverseRequest parsed;
  grpc::ByteBuffer bytes(*request);  // Deserialize consumes its buffer; this shares the slices
  if (!grpc::SerializationTraits<v1::TraverseRequest>::Deserialize(&bytes, &parsed).ok()) {
    options = MakeError(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST",
                        "the request is not a serialised TraverseRequest");
  } else {
    options = TraverseOptionsOf(parsed);
  }
  using Answer = InlineStream<grpc::ByteBuffer>;
  // A bad request, and a short walk held in memory (services/traverse_inline.h),
  // are answered on gRPC's thread; anything else is streamed from the pool,
  // where the walk starts over. Both send the same bytes.
  return StartServerStreamInlineFirst<grpc::ByteBuffer>(
      ctx, pool_,
      [this, &options](const CallInfo& call) -> std::optional<Answer> {
        if (!options.ok()) return Answer{std::nullopt, options.status()};
        std::optional<InlineTraverse> walk = TraverseInline(store_, *options, call.stop);
        if (!walk.has_value()) return std::nullopt;
        Answer answer{std::nullopt, std::move(walk->status)};
        if (walk->message.has_value()) answer.message = ToByteBuffer(*std::move(walk->message));
        return answer;
      },
      [this, &options]() -> std::unique_ptr<MessageSource<grpc::ByteBuffer>> {
        return std::make_unique<TraverseSource>(store_, *std::move(options));
      });
}

grpc::ServerUnaryReactor* QueryServiceImpl::FindPaths(grpc::CallbackServerContext* ctx,
                                                      const v1::FindPathsRequest* request,
                                                      v1::FindPathsResponse* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo& call) -> absl::Status {
    query::FindPathsOptions options;
    options.source = request->source();
    options.target = request->target();
    options.max_length = request->max_length();
    options.max_paths = request->max_paths();
    ASSIGN_OR_RETURN(options.edges, EdgeFilterOf(request->edge_kinds()));
    RETURN_IF_ERROR(CheckDirection(request->direction()));
    options.direction = request->direction();
    const auto snapshot = store_.Snapshot();
    ASSIGN_OR_RETURN(query::FindPathsResult result,
                     query::FindPaths(*snapshot, options, call.stop));
    for (query::FoundPath& path : result.paths) {
      v1::Path* out = response->add_paths();
      for (std::string& v : path.vertices) out->add_vertices(std::move(v));
      for (query::PathStep& step : path.hops) {
        v1::PathHop* hop = out->add_hops();
        hop->set_edge(std::move(step.edge));
        hop->set_kind(step.kind);
        hop->set_forward(step.forward);
      }
    }
    response->set_shortest_length(result.shortest_length);
    response->set_truncated(result.truncated);
    response->set_truncation_reason(std::move(result.truncation_reason));
    response->set_revision(result.revision);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetSubgraph(grpc::CallbackServerContext* ctx,
                                                        const v1::GetSubgraphRequest* request,
                                                        v1::GetSubgraphResponse* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo& call) -> absl::Status {
    query::SubgraphOptions options;
    options.center = request->name();
    options.depth = request->depth();
    options.max_nodes = request->max_nodes();
    ASSIGN_OR_RETURN(options.edges, EdgeFilterOf(request->edge_kinds()));
    ASSIGN_OR_RETURN(options.nodes, NodeFilterOf(request->node_kinds()));
    RETURN_IF_ERROR(CheckDirection(request->direction()));
    options.direction = request->direction();
    options.include_dot = request->include_dot();
    const auto snapshot = store_.Snapshot();
    ASSIGN_OR_RETURN(query::Subgraph subgraph,
                     query::GetSubgraph(*snapshot, options, call.stop));
    for (v1::Node& node : subgraph.nodes) *response->add_nodes() = std::move(node);
    for (v1::Edge& edge : subgraph.edges) *response->add_edges() = std::move(edge);
    response->set_dot(std::move(subgraph.dot));
    response->set_truncated(subgraph.truncated);
    response->set_truncation_reason(std::move(subgraph.truncation_reason));
    response->set_revision(subgraph.revision);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ExplainClaim(grpc::CallbackServerContext* ctx,
                                                         const v1::ExplainClaimRequest* request,
                                                         v1::ClaimExplanation* response) {
  // A small cone held in memory is explained on gRPC's thread (the pool
  // hand-off costs more than its reads); anything else goes to the pool,
  // where the explanation starts over. Both give the same answer.
  return RunUnaryInlineFirst(
      ctx, pool_,
      [this, request, response](const CallInfo& call) -> std::optional<absl::Status> {
        const auto snapshot = store_.MemorySnapshot();
        absl::StatusOr<v1::ClaimExplanation> answer = query::ExplainStoredClaim(
            *snapshot, *request, call.stop, {.max_vertices = kInlineExplainVertices});
        if (!answer.ok()) {
          if (query::IsDeclined(answer.status())) return std::nullopt;
          return answer.status();
        }
        *response = *std::move(answer);
        return absl::OkStatus();
      },
      [this, request, response](const CallInfo& call) -> absl::Status {
        const auto snapshot = store_.Snapshot();
        ASSIGN_OR_RETURN(*response, query::ExplainStoredClaim(*snapshot, *request, call.stop));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchClaims(grpc::CallbackServerContext* ctx,
                                                         const v1::SearchClaimsRequest* request,
                                                         v1::SearchClaimsResponse* response) {
  return RunUnary(ctx, pool_, [this, request, response](const CallInfo& call) -> absl::Status {
    if (!request->label().empty()) RETURN_IF_ERROR(ValidateLabel(request->label(), "label"));
    query::SearchOptions options;
    options.query = request->query();
    options.page_size = request->page_size();
    options.page_token = request->page_token();
    options.label = request->label();
    options.verdict = request->verdict();
    options.include_verdict = request->include_verdict();
    const auto snapshot = store_.Snapshot();
    const storage::GraphSnapshot& read = *snapshot;
    query::VerdictFn verdict_fn = [&read, &call](const v1::Node& claim) {
      return query::ExplainVerdict(read, claim, call.stop);
    };
    ASSIGN_OR_RETURN(query::SearchPage page,
                     query::SearchClaims(read, options, verdict_fn, call.stop));
    for (query::SearchMatch& match : page.matches) {
      v1::ClaimMatch* out = response->add_claims();
      *out->mutable_claim() = std::move(match.claim);
      out->set_score(match.score);
      if (match.verdict.has_value()) {
        out->set_verdict(match.verdict->verdict);
        out->set_strength(match.verdict->strength);
      }
    }
    response->set_next_page_token(std::move(page.next_page_token));
    response->set_revision(page.revision);
    return absl::OkStatus();
  });
}

}  // namespace evidencegraph::services
