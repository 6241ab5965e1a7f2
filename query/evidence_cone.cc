#include "query/evidence_cone.h"

#include <deque>
#include <utility>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "query/reasoning_mapping.h"
#include "query/traverse.h"
#include "query/walk_graph.h"

namespace evidencegraph::query {
namespace {

// Which stored edges of a cone vertex lead further into the cone.
bool Relevant(v1::NodeKind vertex_kind, bool is_link, const storage::Adjacency& adj) {
  if (is_link) return !adj.outgoing && adj.kind == v1::EDGE_KIND_TARGETS;
  switch (vertex_kind) {
    case v1::NODE_KIND_CLAIM:
      if (adj.kind == v1::EDGE_KIND_SPECIALISES || adj.kind == v1::EDGE_KIND_GENERALISES) {
        return true;  // either direction
      }
      return !adj.outgoing &&
             (adj.kind == v1::EDGE_KIND_SUPPORTS || adj.kind == v1::EDGE_KIND_REFUTES ||
              adj.kind == v1::EDGE_KIND_ASSERTS || adj.kind == v1::EDGE_KIND_TARGETS);
    case v1::NODE_KIND_STUDY:
    case v1::NODE_KIND_CRITIQUE:
      return !adj.outgoing &&
             (adj.kind == v1::EDGE_KIND_TARGETS || adj.kind == v1::EDGE_KIND_AUTHORED);
    default:
      return false;  // experts are leaves; sources are not part of the cone
  }
}

bool IsLinkIntoClaim(v1::NodeKind vertex_kind, const storage::Adjacency& adj) {
  return vertex_kind == v1::NODE_KIND_CLAIM && !adj.outgoing &&
         (adj.kind == v1::EDGE_KIND_SUPPORTS || adj.kind == v1::EDGE_KIND_REFUTES ||
          adj.kind == v1::EDGE_KIND_ASSERTS);
}

struct Pending {
  std::string name;
  int depth;
};

class ConeLoader {
 public:
  ConeLoader(const storage::GraphSnapshot& snapshot, int max_depth, int max_nodes,
             const StopCheck& stop)
      : snapshot_(snapshot), max_depth_(max_depth), max_nodes_(max_nodes), poller_(stop) {}

  absl::StatusOr<EvidenceCone> Load(const std::string& claim);

 private:
  // Marks `name` seen and queues it; false (and `truncated`) at max_nodes.
  bool Admit(const std::string& name, int depth);
  absl::Status Expand(const Pending& vertex);
  // `read` (a batch read) over `names` in chunks, polling the stop check
  // between chunks so a cancelled call stops within one chunk.
  template <typename Record, typename Read>
  absl::StatusOr<std::vector<Record>> ReadInChunks(const std::vector<std::string>& names,
                                                   Read read);
  // Whether a critique targets the link (an edge name).
  absl::StatusOr<bool> IsTargeted(absl::string_view link) const;
  void Truncate(absl::string_view reason) {
    if (cone_.truncated) return;
    cone_.truncated = true;
    cone_.truncation_reason = std::string(reason);
  }

  const storage::GraphSnapshot& snapshot_;
  const int max_depth_;
  const int max_nodes_;
  StopPoller poller_;

  EvidenceCone cone_;
  std::deque<Pending> queue_;
  absl::flat_hash_set<std::string> seen_;
  std::vector<std::string> node_order_;   // nodes in BFS order
  // Every edge met, by name (the order edges are kept in), with its endpoints.
  struct Ends {
    std::string source;
    std::string target;
  };
  absl::btree_map<std::string, Ends> edge_names_;
};

bool ConeLoader::Admit(const std::string& name, int depth) {
  if (seen_.contains(name)) return true;
  if (depth > max_depth_) {
    Truncate(absl::StrCat("max_depth (", max_depth_, ") reached"));
    return false;
  }
  if (static_cast<int>(seen_.size()) >= max_nodes_) {
    Truncate(absl::StrCat("max_nodes (", max_nodes_, ") reached"));
    return false;
  }
  seen_.insert(name);
  if (!IsInferenceVertex(name)) node_order_.push_back(name);
  queue_.push_back(Pending{name, depth});
  return true;
}

template <typename Record, typename Read>
absl::StatusOr<std::vector<Record>> ConeLoader::ReadInChunks(
    const std::vector<std::string>& names, Read read) {
  constexpr size_t kChunk = 1024;
  std::vector<Record> out;
  out.reserve(names.size());
  const absl::Span<const std::string> all(names);
  for (size_t begin = 0; begin < names.size(); begin += kChunk) {
    RETURN_IF_ERROR(poller_.Now());
    ASSIGN_OR_RETURN(std::vector<Record> records, read(all.subspan(begin, kChunk)));
    for (Record& r : records) out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<bool> ConeLoader::IsTargeted(absl::string_view link) const {
  // "{source}/edges/{kind}/{target}"; the source is a node name.
  constexpr absl::string_view kInfix = "/edges/";
  const size_t infix = link.find(kInfix);
  const size_t slash = infix == absl::string_view::npos
                           ? absl::string_view::npos
                           : link.find('/', infix + kInfix.size());
  if (slash == absl::string_view::npos) {
    return InvalidField("name", absl::StrCat("\"", link, "\" is not an edge name"));
  }
  const absl::string_view token = link.substr(infix + kInfix.size(),
                                              slash - infix - kInfix.size());
  return snapshot_.IsEdgeTargeted(link.substr(0, infix), EdgeKindFromToken(token),
                                  link.substr(slash + 1));
}

absl::Status ConeLoader::Expand(const Pending& vertex) {
  const bool is_link = IsInferenceVertex(vertex.name);
  const v1::NodeKind kind = VertexKind(vertex.name);
  if (!is_link && kind != v1::NODE_KIND_CLAIM && kind != v1::NODE_KIND_STUDY &&
      kind != v1::NODE_KIND_CRITIQUE) {
    return absl::OkStatus();
  }
  if (is_link) {
    // Only critiques' TARGETS edges point at a link: when nothing targets it
    // (most links), there is nothing to scan.
    ASSIGN_OR_RETURN(const bool targeted, IsTargeted(vertex.name));
    if (!targeted) return absl::OkStatus();
  }
  // Collected first, admitted after: no storage read nests inside a scan.
  struct Found {
    std::string neighbor;
    std::string edge;
    bool link_into_claim;
    bool outgoing;
  };
  std::vector<Found> found;
  absl::Status inner;
  RETURN_IF_ERROR(snapshot_.ForEachAdjacent(
      vertex.name,
      is_link || kind != v1::NODE_KIND_CLAIM ? v1::EDGE_DIRECTION_INCOMING
                                             : v1::EDGE_DIRECTION_BOTH,
      v1::EDGE_KIND_UNSPECIFIED, [&](const storage::Adjacency& adj) {
        inner = poller_.Tick();
        if (!inner.ok()) return false;
        if (!Relevant(kind, is_link, adj)) return true;
        std::string edge = adj.outgoing
                               ? MakeEdgeName(vertex.name, adj.kind, adj.neighbor)
                               : MakeEdgeName(adj.neighbor, adj.kind, vertex.name);
        found.push_back(Found{std::string(adj.neighbor), std::move(edge),
                              IsLinkIntoClaim(kind, adj), adj.outgoing});
        return true;
      }));
  RETURN_IF_ERROR(inner);
  for (Found& f : found) {
    edge_names_.try_emplace(f.edge, Ends{f.outgoing ? vertex.name : f.neighbor,
                                         f.outgoing ? f.neighbor : vertex.name});
    Admit(f.neighbor, vertex.depth + 1);
    // The link itself is a vertex: critiques that undercut it target it.
    if (f.link_into_claim) Admit(f.edge, vertex.depth + 1);
  }
  return absl::OkStatus();
}

absl::StatusOr<EvidenceCone> ConeLoader::Load(const std::string& claim) {
  cone_.revision = snapshot_.revision();
  RETURN_IF_ERROR(poller_.Now());
  Admit(claim, 0);
  while (!queue_.empty()) {
    Pending vertex = std::move(queue_.front());
    queue_.pop_front();
    RETURN_IF_ERROR(Expand(vertex));
  }
  cone_.vertices = static_cast<int>(seen_.size());

  // Nodes, in BFS order (the claim first), read in batches.
  ASSIGN_OR_RETURN(cone_.nodes, ReadInChunks<v1::Node>(node_order_,
                                                       [this](const auto& names) {
                                                         return snapshot_.GetNodes(names);
                                                       }));
  absl::flat_hash_set<absl::string_view> loaded;
  loaded.reserve(cone_.nodes.size() + edge_names_.size());
  for (const v1::Node& node : cone_.nodes) {
    AddNode(node, cone_.graph);
    loaded.insert(node.name());
  }
  cone_.claim = cone_.nodes.front();

  // Edges whose endpoints were loaded: edges between nodes first, then the
  // TARGETS edges that point at an edge kept in the first pass, each pass in
  // name order. Decided from the names (the key holds source, kind and
  // target), so only kept edges are read.
  std::vector<std::string> kept;
  kept.reserve(edge_names_.size());
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [name, ends] : edge_names_) {
      const bool targets_edge = LooksLikeEdgeName(ends.target);
      if (targets_edge != (pass == 1)) continue;
      if (!loaded.contains(ends.source) || !loaded.contains(ends.target)) continue;
      if (!targets_edge) loaded.insert(name);
      kept.push_back(name);
    }
  }
  ASSIGN_OR_RETURN(cone_.edges, ReadInChunks<v1::Edge>(kept, [this](const auto& names) {
                     return snapshot_.GetEdges(names);
                   }));
  cone_.graph.edges.reserve(cone_.edges.size());
  for (const v1::Edge& edge : cone_.edges) cone_.graph.edges.push_back(ToReasoningEdge(edge));
  return std::move(cone_);
}

}  // namespace

absl::StatusOr<EvidenceCone> LoadEvidenceCone(const storage::GraphSnapshot& snapshot,
                                              const ConeOptions& options,
                                              const StopCheck& stop) {
  ASSIGN_OR_RETURN(const int max_depth, ResolveBound(options.max_depth, kConeMaxDepth));
  ASSIGN_OR_RETURN(const int max_nodes, ResolveBound(options.max_nodes, kConeMaxNodes));
  if (LooksLikeEdgeName(options.claim)) {
    return InvalidField(options.field,
                        absl::StrCat("must name a claim (claims/{id}); \"", options.claim,
                                     "\" is an edge"));
  }
  ASSIGN_OR_RETURN(NodeName parsed, ParseNodeName(options.claim, options.field));
  if (parsed.kind != v1::NODE_KIND_CLAIM) {
    return InvalidField(options.field,
                        absl::StrCat("must name a claim (claims/{id}); \"", options.claim,
                                     "\" is in collection \"", CollectionOf(parsed.kind),
                                     "\""),
                        "NOT_A_CLAIM");
  }
  ASSIGN_OR_RETURN(bool exists, snapshot.Exists(options.claim));
  if (!exists) return NotFound(options.claim, "claim");
  ConeLoader loader(snapshot, max_depth, max_nodes, stop);
  return loader.Load(options.claim);
}

}  // namespace evidencegraph::query
