#include "query/evidence_cone.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
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

// One walk over the cone. Vertices are numbered in admission order, which
// is also the breadth-first expansion order, so the queue is a cursor into
// `order_`. Node names are stored once (`node_names_`, the order they are
// read in); links (SUPPORTS / REFUTES / ASSERTS edges into a claim, vertices
// of their own) are kept as their endpoints and get a name only when a
// critique may target them. An edge is recorded only when both endpoints are
// admitted (the reasoning library rejects dangling edges), by endpoint
// numbers; names are built once, for the edges read at the end.
class ConeLoader {
 public:
  ConeLoader(const storage::GraphSnapshot& snapshot, int max_depth, int max_nodes,
             const StopCheck& stop)
      : snapshot_(snapshot),
        max_depth_(max_depth),
        max_nodes_(max_nodes),
        poller_(stop),
        node_index_(0, NameHash{&node_names_}, NameEq{&node_names_}) {}

  absl::StatusOr<EvidenceCone> Load(const std::string& claim);

 private:
  // A vertex in admission order: a node (index into node_names_) or a link
  // (index into links_).
  struct Vertex {
    int index;
    int depth;
    bool link;
  };
  // A SUPPORTS / REFUTES / ASSERTS edge into a claim of the cone.
  struct Link {
    int source;  // node index
    int target;  // node index (a claim)
    v1::EdgeKind kind;
  };
  // An edge between admitted vertices; `target` is a link index when
  // `into_link` (a TARGETS edge undercutting that inference).
  struct Met {
    int source;  // node index
    int target;
    v1::EdgeKind kind;
    bool into_link;
  };
  // Hash and equality of node indices by name, with lookups by name.
  struct NameHash {
    using is_transparent = void;
    const std::vector<std::string>* names;
    size_t operator()(int i) const { return absl::Hash<absl::string_view>()((*names)[i]); }
    size_t operator()(absl::string_view name) const {
      return absl::Hash<absl::string_view>()(name);
    }
  };
  struct NameEq {
    using is_transparent = void;
    const std::vector<std::string>* names;
    absl::string_view Of(int i) const { return (*names)[i]; }
    absl::string_view Of(absl::string_view name) const { return name; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Of(a) == Of(b);
    }
  };

  // The node's index, admitting it (at `depth`) when first met; -1 when a
  // bound rejects it (and `truncated` is set; at max_nodes the walk stops).
  int AdmitNode(absl::string_view name, int depth);
  // Admits a link vertex; false when a bound rejects it.
  bool AdmitLink(const Link& link, int depth);
  // Whether another vertex may be admitted at `depth`; sets the truncation.
  bool HasRoom(int depth);
  absl::Status Expand(Vertex vertex);  // by value: order_ grows meanwhile
  std::string LinkName(int link) const {
    const Link& l = links_[link];
    return MakeEdgeName(node_names_[l.source], l.kind, node_names_[l.target]);
  }
  // `read` (a batch read) over `names` in chunks, polling the stop check
  // between chunks so a cancelled call stops within one chunk.
  template <typename Record, typename Read>
  absl::StatusOr<std::vector<Record>> ReadInChunks(const std::vector<std::string>& names,
                                                   Read read);
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
  // Set once max_nodes rejected a vertex: nothing more is scanned.
  bool full_ = false;
  std::vector<Vertex> order_;
  std::vector<std::string> node_names_;  // nodes in admission (BFS) order
  std::vector<v1::NodeKind> node_kinds_;
  absl::flat_hash_set<int, NameHash, NameEq> node_index_;
  std::vector<Link> links_;
  std::vector<Met> met_;
};

bool ConeLoader::HasRoom(int depth) {
  if (full_) return false;
  if (depth > max_depth_) {
    Truncate(absl::StrCat("max_depth (", max_depth_, ") reached"));
    return false;
  }
  if (static_cast<int>(order_.size()) >= max_nodes_) {
    Truncate(absl::StrCat("max_nodes (", max_nodes_, ") reached"));
    full_ = true;
    return false;
  }
  return true;
}

int ConeLoader::AdmitNode(absl::string_view name, int depth) {
  if (auto it = node_index_.find(name); it != node_index_.end()) return *it;
  if (!HasRoom(depth)) return -1;
  const int index = static_cast<int>(node_names_.size());
  node_names_.emplace_back(name);
  node_kinds_.push_back(VertexKind(name));
  node_index_.insert(index);
  order_.push_back(Vertex{index, depth, false});
  return index;
}

bool ConeLoader::AdmitLink(const Link& link, int depth) {
  // Met once: only from its claim's incoming edges.
  if (!HasRoom(depth)) return false;
  order_.push_back(Vertex{static_cast<int>(links_.size()), depth, true});
  links_.push_back(link);
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

absl::Status ConeLoader::Expand(Vertex vertex) {
  std::string link_name;
  v1::NodeKind kind = v1::NODE_KIND_UNSPECIFIED;
  if (vertex.link) {
    // Only critiques' TARGETS edges point at a link: when nothing targets it
    // (most links), there is nothing to scan.
    const Link& l = links_[vertex.index];
    ASSIGN_OR_RETURN(const bool targeted,
                     snapshot_.IsEdgeTargeted(node_names_[l.source], l.kind,
                                              node_names_[l.target]));
    if (!targeted) return absl::OkStatus();
    link_name = LinkName(vertex.index);
  } else {
    kind = node_kinds_[vertex.index];
    if (kind != v1::NODE_KIND_CLAIM && kind != v1::NODE_KIND_STUDY &&
        kind != v1::NODE_KIND_CRITIQUE) {
      return absl::OkStatus();
    }
  }
  // Admitted during the scan: admitting reads no storage. The name is
  // copied because admitting a node may grow node_names_.
  const std::string self = vertex.link ? std::move(link_name) : node_names_[vertex.index];
  const int next_depth = vertex.depth + 1;
  absl::Status inner;
  RETURN_IF_ERROR(snapshot_.ForEachAdjacent(
      self,
      vertex.link || kind != v1::NODE_KIND_CLAIM ? v1::EDGE_DIRECTION_INCOMING
                                                 : v1::EDGE_DIRECTION_BOTH,
      v1::EDGE_KIND_UNSPECIFIED, [&](const storage::Adjacency& adj) {
        inner = poller_.Tick();
        if (!inner.ok()) return false;
        if (!Relevant(kind, vertex.link, adj)) return true;
        const int neighbor = AdmitNode(adj.neighbor, next_depth);
        if (full_) return false;  // max_nodes: the walk stops here
        if (neighbor < 0) return true;
        if (vertex.link) {
          met_.push_back(Met{neighbor, vertex.index, adj.kind, true});
          return true;
        }
        const int source = adj.outgoing ? vertex.index : neighbor;
        const int target = adj.outgoing ? neighbor : vertex.index;
        met_.push_back(Met{source, target, adj.kind, false});
        // The link itself is a vertex: critiques that undercut it target it.
        if (IsLinkIntoClaim(kind, adj)) {
          AdmitLink(Link{source, target, adj.kind}, next_depth);
          if (full_) return false;
        }
        return true;
      }));
  return inner;
}

absl::StatusOr<EvidenceCone> ConeLoader::Load(const std::string& claim) {
  cone_.revision = snapshot_.revision();
  RETURN_IF_ERROR(poller_.Now());
  AdmitNode(claim, 0);
  for (size_t next = 0; next < order_.size() && !full_; ++next) {
    RETURN_IF_ERROR(Expand(order_[next]));
  }
  cone_.vertices = static_cast<int>(order_.size());

  // Nodes, in BFS order (the claim first), read in batches.
  ASSIGN_OR_RETURN(cone_.nodes, ReadInChunks<v1::Node>(node_names_,
                                                       [this](const auto& names) {
                                                         return snapshot_.GetNodes(names);
                                                       }));
  for (const v1::Node& node : cone_.nodes) AddNode(node, cone_.graph);
  cone_.claim = cone_.nodes.front();

  // Edges between nodes first, then the TARGETS edges that point at links,
  // each group in name order. Claim relations are met from both ends: once
  // is kept.
  std::vector<std::string> link_names(links_.size());
  std::vector<std::pair<bool, std::string>> named;
  named.reserve(met_.size());
  for (const Met& m : met_) {
    absl::string_view target;
    if (m.into_link) {
      std::string& name = link_names[m.target];
      if (name.empty()) name = LinkName(m.target);
      target = name;
    } else {
      target = node_names_[m.target];
    }
    named.emplace_back(m.into_link, MakeEdgeName(node_names_[m.source], m.kind, target));
  }
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  std::vector<std::string> kept;
  kept.reserve(named.size());
  for (auto& [into_link, name] : named) kept.push_back(std::move(name));
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
