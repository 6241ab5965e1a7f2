#include "tests/query/reference_graph.h"

#include <deque>
#include <functional>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "tests/query/test_graph.h"

namespace evidencegraph::testing {
namespace {

bool HasOut(v1::EdgeDirection d) { return d != v1::EDGE_DIRECTION_INCOMING; }
bool HasIn(v1::EdgeDirection d) { return d != v1::EDGE_DIRECTION_OUTGOING; }

}  // namespace

GeneratedGraph GenerateGraph(int edge_count, uint32_t seed) {
  std::mt19937 rng(seed);
  const int node_count = std::max(40, edge_count / 3);
  const int claims = node_count / 10, studies = node_count * 6 / 10,
            critiques = node_count / 5, experts = node_count - claims - studies - critiques;
  GeneratedGraph g;
  auto name = [](absl::string_view collection, int i) {
    return absl::StrCat(collection, "/n", i);
  };
  for (int i = 0; i < claims; ++i) g.nodes.push_back(ClaimNode(absl::StrCat("n", i)));
  for (int i = 0; i < studies; ++i) g.nodes.push_back(StudyNode(absl::StrCat("n", i)));
  for (int i = 0; i < critiques; ++i) g.nodes.push_back(CritiqueNode(absl::StrCat("n", i)));
  for (int i = 0; i < experts; ++i) g.nodes.push_back(ExpertNode(absl::StrCat("n", i)));

  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  std::set<std::string> names;
  std::vector<std::string> evidence;  // SUPPORTS/REFUTES edge names
  std::vector<v1::Edge> undercuts;
  auto add = [&](v1::Edge edge, std::vector<v1::Edge>& into) {
    const std::string n = EdgeNameOf(edge.source(), edge.kind(), edge.target());
    if (!names.insert(n).second) return;
    if (edge.kind() == v1::EDGE_KIND_SUPPORTS || edge.kind() == v1::EDGE_KIND_REFUTES) {
      evidence.push_back(n);
    }
    into.push_back(std::move(edge));
  };
  while (static_cast<int>(g.edges.size() + undercuts.size()) < edge_count) {
    const int roll = pick(100);
    if (roll < 45) {
      add(MakeEdge(name("studies", pick(studies)),
                   roll % 3 == 0 ? v1::EDGE_KIND_REFUTES : v1::EDGE_KIND_SUPPORTS,
                   name("claims", pick(claims))),
          g.edges);
    } else if (roll < 65) {
      const int a = pick(studies), b = pick(studies);
      if (a != b) add(MakeEdge(name("studies", a), v1::EDGE_KIND_CITES, name("studies", b)), g.edges);
    } else if (roll < 80) {
      add(MakeEdge(name("experts", pick(experts)), v1::EDGE_KIND_AUTHORED,
                   roll % 2 ? name("studies", pick(studies)) : name("critiques", pick(critiques))),
          g.edges);
    } else if (roll < 92) {
      const int k = pick(critiques);
      const std::string target =
          roll % 2 ? name("studies", pick(studies)) : name("critiques", pick(critiques));
      if (target != name("critiques", k)) {
        add(MakeEdge(name("critiques", k), v1::EDGE_KIND_TARGETS, target,
                     v1::ATTACK_TYPE_UNDERMINE),
            g.edges);
      }
    } else if (roll < 97) {
      if (!evidence.empty()) {
        add(MakeEdge(name("critiques", pick(critiques)), v1::EDGE_KIND_TARGETS,
                     evidence[pick(static_cast<int>(evidence.size()))],
                     v1::ATTACK_TYPE_UNDERCUT),
            undercuts);
      }
    } else {
      const int a = pick(claims), b = pick(claims);
      if (a != b) {
        add(MakeEdge(name("claims", a), v1::EDGE_KIND_SPECIALISES, name("claims", b)),
            g.edges);
      }
    }
  }
  for (v1::Edge& e : undercuts) g.edges.push_back(std::move(e));
  return g;
}

ReferenceGraph::ReferenceGraph(const GeneratedGraph& graph) {
  for (const v1::Node& n : graph.nodes) vertices_.push_back(n.name());
  std::set<std::string> attacked;
  for (const v1::Edge& e : graph.edges) {
    if (e.kind() == v1::EDGE_KIND_TARGETS && LooksLikeEdgeName(e.target())) {
      attacked.insert(e.target());
    }
  }
  for (const v1::Edge& e : graph.edges) {
    const std::string name = EdgeNameOf(e.source(), e.kind(), e.target());
    AddHop(e.source(), e.target(), name, true);
    if (attacked.count(name)) {
      AddHop(e.source(), name, name, true);
      AddHop(name, e.target(), name, true);
    }
  }
  for (const std::string& a : attacked) vertices_.push_back(a);
}

void ReferenceGraph::AddHop(const std::string& from, const std::string& to,
                            const std::string& edge, bool) {
  out_[from].push_back(RefHop{to, edge, true});
  in_[to].push_back(RefHop{from, edge, false});
}

std::vector<RefHop> ReferenceGraph::Hops(const std::string& vertex,
                                         v1::EdgeDirection direction) const {
  std::vector<RefHop> hops;
  if (HasOut(direction)) {
    auto it = out_.find(vertex);
    if (it != out_.end()) hops.insert(hops.end(), it->second.begin(), it->second.end());
  }
  if (HasIn(direction)) {
    auto it = in_.find(vertex);
    if (it != in_.end()) hops.insert(hops.end(), it->second.begin(), it->second.end());
  }
  return hops;
}

std::map<std::string, int> ReferenceGraph::Bfs(const std::vector<std::string>& starts,
                                               int max_depth,
                                               v1::EdgeDirection direction) const {
  std::map<std::string, int> depth;
  std::deque<std::string> queue;
  for (const std::string& s : starts) {
    if (depth.emplace(s, 0).second) queue.push_back(s);
  }
  while (!queue.empty()) {
    const std::string v = queue.front();
    queue.pop_front();
    const int d = depth[v];
    if (d == max_depth) continue;
    for (const RefHop& h : Hops(v, direction)) {
      if (depth.emplace(h.neighbor, d + 1).second) queue.push_back(h.neighbor);
    }
  }
  return depth;
}

std::vector<std::string> ReferenceGraph::AllPaths(const std::string& source,
                                                  const std::string& target, int max_length,
                                                  v1::EdgeDirection direction,
                                                  size_t limit) const {
  std::vector<std::string> paths;
  std::set<std::string> on_path = {source};
  std::function<void(const std::string&, int, const std::string&)> dfs =
      [&](const std::string& v, int length, const std::string& so_far) {
        if (paths.size() >= limit) return;
        if (v == target) {
          paths.push_back(so_far);
          return;
        }
        if (length == max_length) return;
        for (const RefHop& h : Hops(v, direction)) {
          if (on_path.count(h.neighbor)) continue;
          on_path.insert(h.neighbor);
          dfs(h.neighbor, length + 1, absl::StrCat(so_far, " |", h.edge, "| ", h.neighbor));
          on_path.erase(h.neighbor);
        }
      };
  dfs(source, 0, source);
  return paths;
}

}  // namespace evidencegraph::testing
