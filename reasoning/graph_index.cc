#include "reasoning/graph_index.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "common/status_macros.h"

namespace evidencegraph::reasoning {
namespace {

constexpr char kReason[] = "INVALID_EVIDENCE_GRAPH";

absl::Status Bad(absl::string_view what, absl::string_view name,
                 absl::string_view field, absl::string_view rule) {
  return InvalidField(absl::StrCat(what, " \"", name, "\"",
                                   field.empty() ? "" : " ", field),
                      rule, kReason);
}

absl::string_view KindWord(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kClaim: return "a claim";
    case ResourceKind::kStudy: return "a study";
    case ResourceKind::kExpert: return "an expert";
    case ResourceKind::kCritique: return "a critique";
    case ResourceKind::kSource: return "a source";
    case ResourceKind::kEdge: return "an edge";
  }
  return "a resource";
}

template <typename Node>
absl::Status AddNodes(const std::vector<Node>& nodes, ResourceKind kind,
                      absl::string_view collection, GraphIndex& index) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    const std::string& name = nodes[i].name;
    if (name.size() <= collection.size() + 1 || !absl::StartsWith(name, collection) ||
        name[collection.size()] != '/' ||
        name.find('/', collection.size() + 1) != std::string::npos) {
      return Bad("node", name, "name",
                 absl::StrCat("must look like \"", collection, "/{id}\""));
    }
    if (!index.resources.emplace(name, ResourceRef{kind, static_cast<int>(i)}).second) {
      return Bad("node", name, "name", "is used by two nodes");
    }
  }
  return absl::OkStatus();
}

// Allowed endpoint kinds as bit masks over ResourceKind.
constexpr unsigned Bit(ResourceKind k) { return 1u << static_cast<int>(k); }

struct EndpointRule {
  unsigned sources;
  unsigned targets;
  const char* text;
};

EndpointRule RuleFor(EdgeKind kind) {
  using R = ResourceKind;
  switch (kind) {
    case EdgeKind::kSupports:
    case EdgeKind::kRefutes:
      return {Bit(R::kStudy), Bit(R::kClaim), "study -> claim"};
    case EdgeKind::kTargets:
      return {Bit(R::kCritique),
              Bit(R::kStudy) | Bit(R::kClaim) | Bit(R::kCritique) | Bit(R::kEdge),
              "critique -> study, claim, critique or SUPPORTS/REFUTES/ASSERTS edge"};
    case EdgeKind::kAuthored:
      return {Bit(R::kExpert), Bit(R::kStudy) | Bit(R::kCritique) | Bit(R::kSource),
              "expert -> study, critique or source"};
    case EdgeKind::kAsserts:
      return {Bit(R::kExpert), Bit(R::kClaim), "expert -> claim"};
    case EdgeKind::kCites:
    case EdgeKind::kAggregates:
      return {Bit(R::kStudy), Bit(R::kStudy), "study -> study"};
    case EdgeKind::kReports:
      return {Bit(R::kSource), Bit(R::kClaim), "source -> claim"};
    case EdgeKind::kSpecialises:
    case EdgeKind::kGeneralises:
      return {Bit(R::kClaim), Bit(R::kClaim), "claim -> claim"};
    case EdgeKind::kUnspecified:
      break;
  }
  return {0u, 0u, "a known edge kind"};
}

// ASPIC+ attack type against what the TARGETS edge points at.
absl::Status CheckAttack(const EvidenceGraph& g, const GraphIndex& index,
                         const Edge& e, absl::string_view name, ResourceRef target) {
  switch (e.attack_type) {
    case AttackType::kUndermine:
      if (target.kind == ResourceKind::kStudy || target.kind == ResourceKind::kCritique) {
        return absl::OkStatus();
      }
      return Bad("edge", name, "attack_type",
                 "UNDERMINE must target a study or a critique");
    case AttackType::kUndercut:
      if (target.kind == ResourceKind::kEdge) {
        EdgeKind k = g.edges[target.index].kind;
        if (k == EdgeKind::kSupports || k == EdgeKind::kRefutes || k == EdgeKind::kAsserts) {
          return absl::OkStatus();
        }
      }
      return Bad("edge", name, "attack_type",
                 "UNDERCUT must target a SUPPORTS, REFUTES or ASSERTS edge");
    case AttackType::kRebut:
      if (target.kind == ResourceKind::kClaim) return absl::OkStatus();
      return Bad("edge", name, "attack_type", "REBUT must target a claim");
    case AttackType::kUnspecified:
      break;
  }
  return Bad("edge", name, "attack_type",
             "is required on TARGETS edges (UNDERMINE, UNDERCUT or REBUT)");
}

}  // namespace

absl::StatusOr<GraphIndex> IndexAndValidate(const EvidenceGraph& g) {
  GraphIndex index;
  index.resources.reserve(g.claims.size() + g.studies.size() + g.experts.size() +
                          g.critiques.size() + g.sources.size() + g.edges.size());
  RETURN_IF_ERROR(AddNodes(g.claims, ResourceKind::kClaim, "claims", index));
  RETURN_IF_ERROR(AddNodes(g.studies, ResourceKind::kStudy, "studies", index));
  RETURN_IF_ERROR(AddNodes(g.experts, ResourceKind::kExpert, "experts", index));
  RETURN_IF_ERROR(AddNodes(g.critiques, ResourceKind::kCritique, "critiques", index));
  RETURN_IF_ERROR(AddNodes(g.sources, ResourceKind::kSource, "sources", index));

  for (size_t i = 0; i < g.experts.size(); ++i) {
    const Expert& x = g.experts[i];
    if (x.expertise.has_value() && (*x.expertise < 0 || *x.expertise > 4)) {
      return Bad("node", x.name, "expertise",
                 absl::StrFormat("must be 0 to 4 (got %d)", *x.expertise));
    }
  }

  index.edge_names.reserve(g.edges.size());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    index.edge_names.push_back(EdgeNameOf(g.edges[i]));
    const std::string& name = index.edge_names.back();
    if (!index.resources.emplace(name, ResourceRef{ResourceKind::kEdge, static_cast<int>(i)})
             .second) {
      return Bad("edge", name, "name", "is used twice (same source, kind and target)");
    }
  }

  for (size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    const std::string& name = index.edge_names[i];
    EndpointRule rule = RuleFor(e.kind);
    if (rule.sources == 0u) {
      return Bad("edge", name, "kind", "must be a known edge kind");
    }
    auto src = index.resources.find(e.source);
    if (src == index.resources.end()) {
      return Bad("edge", name, "source",
                 absl::StrCat("names no node in the graph: \"", e.source, "\""));
    }
    auto dst = index.resources.find(e.target);
    if (dst == index.resources.end()) {
      return Bad("edge", name, "target",
                 absl::StrCat("names no node or edge in the graph: \"", e.target, "\""));
    }
    if ((rule.sources & Bit(src->second.kind)) == 0u ||
        (rule.targets & Bit(dst->second.kind)) == 0u) {
      return Bad("edge", name, "",
                 absl::StrCat("connects ", KindWord(src->second.kind), " to ",
                              KindWord(dst->second.kind), "; ",
                              EdgeKindSegment(e.kind), " edges go ", rule.text));
    }
    if (e.kind == EdgeKind::kTargets) {
      RETURN_IF_ERROR(CheckAttack(g, index, e, name, dst->second));
    } else if (e.attack_type != AttackType::kUnspecified) {
      return Bad("edge", name, "attack_type", "is only allowed on TARGETS edges");
    }
    if ((e.kind == EdgeKind::kSpecialises || e.kind == EdgeKind::kGeneralises) &&
        e.source == e.target) {
      return Bad("edge", name, "", "a claim cannot specialise or generalise itself");
    }
    if (e.weight.has_value() &&
        (!std::isfinite(*e.weight) || *e.weight < 0.0 || *e.weight > 1.0)) {
      return Bad("edge", name, "weight",
                 absl::StrFormat("must be in [0, 1] (got %g)", *e.weight));
    }
  }
  return index;
}

}  // namespace evidencegraph::reasoning
