// Edge rules of services/validation.h (endpoint kinds per edge kind, attack
// types, grading) and whole import batches.
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/validation.h"
#include "services/validation_internal.h"

namespace evidencegraph::services {
namespace {

using internal::CheckDomainOverride;
using internal::CheckDoubleRange;
using internal::CheckEnum;
using internal::CheckText;
using internal::Path;
using internal::Sub;

// What an edge endpoint is: a node of some kind, or an edge of some kind.
struct Endpoint {
  bool is_edge = false;
  v1::NodeKind node_kind = v1::NODE_KIND_UNSPECIFIED;
  v1::EdgeKind edge_kind = v1::EDGE_KIND_UNSPECIFIED;
};

std::string Describe(const Endpoint& e) {
  if (e.is_edge) return absl::StrCat("a ", EdgeKindToken(e.edge_kind), " edge");
  return absl::StrCat("a ", CollectionOf(e.node_kind), " node");
}

absl::Status WrongKind(absl::string_view field, v1::EdgeKind kind,
                       absl::string_view role, absl::string_view allowed,
                       const Endpoint& got) {
  return InvalidField(field,
                      absl::StrCat("the ", role, " of a ", EdgeKindToken(kind),
                                   " edge must be ", allowed, ", got ", Describe(got)),
                      "EDGE_ENDPOINT_KIND");
}

bool IsNode(const Endpoint& e, v1::NodeKind kind) {
  return !e.is_edge && e.node_kind == kind;
}

// The (source kind, target kinds) rule of every edge kind but TARGETS.
struct SimpleRule {
  v1::EdgeKind kind;
  v1::NodeKind source;
  std::initializer_list<v1::NodeKind> targets;
  const char* allowed_targets;
};

const SimpleRule* SimpleRuleFor(v1::EdgeKind kind) {
  static const SimpleRule kRules[] = {
      {v1::EDGE_KIND_SUPPORTS, v1::NODE_KIND_STUDY, {v1::NODE_KIND_CLAIM}, "a claim"},
      {v1::EDGE_KIND_REFUTES, v1::NODE_KIND_STUDY, {v1::NODE_KIND_CLAIM}, "a claim"},
      {v1::EDGE_KIND_AUTHORED, v1::NODE_KIND_EXPERT,
       {v1::NODE_KIND_STUDY, v1::NODE_KIND_CRITIQUE, v1::NODE_KIND_SOURCE},
       "a study, critique or source"},
      {v1::EDGE_KIND_ASSERTS, v1::NODE_KIND_EXPERT, {v1::NODE_KIND_CLAIM}, "a claim"},
      {v1::EDGE_KIND_CITES, v1::NODE_KIND_STUDY, {v1::NODE_KIND_STUDY}, "a study"},
      {v1::EDGE_KIND_AGGREGATES, v1::NODE_KIND_STUDY, {v1::NODE_KIND_STUDY}, "a study"},
      {v1::EDGE_KIND_REPORTS, v1::NODE_KIND_SOURCE, {v1::NODE_KIND_CLAIM}, "a claim"},
      {v1::EDGE_KIND_SPECIALISES, v1::NODE_KIND_CLAIM, {v1::NODE_KIND_CLAIM}, "a claim"},
      {v1::EDGE_KIND_GENERALISES, v1::NODE_KIND_CLAIM, {v1::NODE_KIND_CLAIM}, "a claim"},
  };
  for (const SimpleRule& rule : kRules) {
    if (rule.kind == kind) return &rule;
  }
  return nullptr;
}

// TARGETS: critique -> study | claim | critique (UNDERMINE, REBUT, UNDERMINE)
// or -> a SUPPORTS/REFUTES/ASSERTS edge (UNDERCUT).
absl::Status ValidateTargetsEdge(const Endpoint& source, const Endpoint& target,
                                 v1::AttackType attack, absl::string_view field) {
  const v1::EdgeKind kind = v1::EDGE_KIND_TARGETS;
  if (!IsNode(source, v1::NODE_KIND_CRITIQUE)) {
    return WrongKind(Path(field, "source"), kind, "source", "a critique", source);
  }
  v1::AttackType expected = v1::ATTACK_TYPE_UNSPECIFIED;
  if (target.is_edge) {
    if (target.edge_kind != v1::EDGE_KIND_SUPPORTS &&
        target.edge_kind != v1::EDGE_KIND_REFUTES &&
        target.edge_kind != v1::EDGE_KIND_ASSERTS) {
      return WrongKind(Path(field, "target"), kind, "target",
                       "a study, claim or critique node, or a supports, refutes or "
                       "asserts edge",
                       target);
    }
    expected = v1::ATTACK_TYPE_UNDERCUT;
  } else if (target.node_kind == v1::NODE_KIND_STUDY ||
             target.node_kind == v1::NODE_KIND_CRITIQUE) {
    expected = v1::ATTACK_TYPE_UNDERMINE;
  } else if (target.node_kind == v1::NODE_KIND_CLAIM) {
    expected = v1::ATTACK_TYPE_REBUT;
  } else {
    return WrongKind(Path(field, "target"), kind, "target",
                     "a study, claim or critique node, or a supports, refutes or "
                     "asserts edge",
                     target);
  }
  const std::string attack_field = Path(field, "attack_type");
  if (attack == v1::ATTACK_TYPE_UNSPECIFIED) {
    return InvalidField(attack_field,
                        absl::StrCat("is required on a targets edge; for ",
                                     Describe(target), " use ",
                                     v1::AttackType_Name(expected)),
                        "ATTACK_TYPE_MISMATCH");
  }
  if (attack != expected) {
    return InvalidField(attack_field,
                        absl::StrCat(v1::AttackType_Name(attack), " cannot target ",
                                     Describe(target), "; use ",
                                     v1::AttackType_Name(expected),
                                     " (UNDERMINE: study or critique, UNDERCUT: a "
                                     "supports/refutes/asserts edge, REBUT: claim)"),
                        "ATTACK_TYPE_MISMATCH");
  }
  return absl::OkStatus();
}

absl::Status ValidateLinkGrading(const v1::LinkGrading& g, absl::string_view field) {
  RETURN_IF_ERROR(CheckEnum(g.indirectness(), v1::Indirectness_IsValid, false,
                            Sub(field, "indirectness")));
  if (g.overrides_size() > kMaxOverrides) {
    return InvalidField(Path(field, "overrides"),
                        absl::StrCat("at most ", kMaxOverrides, " overrides, got ",
                                     g.overrides_size()));
  }
  absl::flat_hash_set<int> domains;
  for (int i = 0; i < g.overrides_size(); ++i) {
    const std::string item = absl::StrCat(Path(field, "overrides"), "[", i, "]");
    RETURN_IF_ERROR(CheckDomainOverride(g.overrides(i), item));
    if (!domains.insert(g.overrides(i).domain()).second) {
      return InvalidField(Path(item, "domain"), "each domain may be overridden once");
    }
  }
  if (g.has_score_override()) {
    const std::string so = Path(field, "score_override");
    RETURN_IF_ERROR(CheckDoubleRange(g.score_override().base_score(), 0, 1,
                                     Sub(so, "base_score")));
    RETURN_IF_ERROR(CheckText(g.score_override().reason(), kMaxProvenance, true,
                              Sub(so, "reason")));
    RETURN_IF_ERROR(CheckText(g.score_override().reviewer(), kMaxShortText, false,
                              Sub(so, "reviewer")));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateEdgeEndpoints(absl::string_view source, v1::EdgeKind kind,
                                   absl::string_view target,
                                   v1::AttackType attack_type,
                                   absl::string_view field) {
  const internal::LazyPath source_field = Sub(field, "source");
  const internal::LazyPath target_field = Sub(field, "target");
  RETURN_IF_ERROR(CheckEnum(kind, v1::EdgeKind_IsValid, true, Sub(field, "kind")));
  RETURN_IF_ERROR(CheckEnum(attack_type, v1::AttackType_IsValid, false,
                            Sub(field, "attack_type")));
  Endpoint src;
  // Parsed without a field first: the path is built only for an error.
  {
    absl::StatusOr<NodeName> parsed = ParseNodeName(source);
    if (!parsed.ok()) return ParseNodeName(source, source_field.str()).status();
    src.node_kind = parsed->kind;
  }
  Endpoint dst;
  if (LooksLikeEdgeName(target)) {
    absl::StatusOr<EdgeName> parsed = ParseEdgeName(target);
    if (!parsed.ok()) return ParseEdgeName(target, target_field.str()).status();
    dst.is_edge = true;
    dst.edge_kind = parsed->kind;
  } else {
    absl::StatusOr<NodeName> parsed = ParseNodeName(target);
    if (!parsed.ok()) return ParseNodeName(target, target_field.str()).status();
    dst.node_kind = parsed->kind;
  }
  if (source == target) {
    return InvalidField(target_field.str(),
                        absl::StrCat("an edge may not connect \"", source,
                                     "\" to itself"),
                        "SELF_LOOP");
  }
  if (kind == v1::EDGE_KIND_TARGETS) {
    return ValidateTargetsEdge(src, dst, attack_type, field);
  }
  if (attack_type != v1::ATTACK_TYPE_UNSPECIFIED) {
    return InvalidField(Path(field, "attack_type"),
                        absl::StrCat("is only allowed on targets edges, not on ",
                                     EdgeKindToken(kind), " edges"),
                        "ATTACK_TYPE_MISMATCH");
  }
  const SimpleRule* rule = SimpleRuleFor(kind);
  if (rule == nullptr) {
    return InvalidField(Path(field, "kind"), "unknown edge kind");
  }
  if (!IsNode(src, rule->source)) {
    return WrongKind(source_field.str(), kind, "source",
                     absl::StrCat("a ", CollectionOf(rule->source), " node"), src);
  }
  bool target_ok = false;
  for (v1::NodeKind allowed : rule->targets) target_ok |= IsNode(dst, allowed);
  if (!target_ok) {
    return WrongKind(target_field.str(), kind, "target", rule->allowed_targets, dst);
  }
  return absl::OkStatus();
}

absl::Status ValidateEdge(const v1::Edge& edge, absl::string_view field) {
  RETURN_IF_ERROR(ValidateEdgeEndpoints(edge.source(), edge.kind(), edge.target(),
                                        edge.attack_type(), field));
  if (!edge.name().empty()) {
    const std::string computed = MakeEdgeName(edge.source(), edge.kind(), edge.target());
    if (edge.name() != computed) {
      return InvalidField(Path(field, "name"),
                          absl::StrCat("is output only; when set it must equal \"",
                                       computed, "\" (from source, kind and target)"));
    }
  }
  if (edge.has_weight()) {
    RETURN_IF_ERROR(CheckDoubleRange(edge.weight(), 0, 1, Sub(field, "weight")));
  }
  RETURN_IF_ERROR(CheckText(edge.note(), kMaxEdgeNote, false, Sub(field, "note")));
  RETURN_IF_ERROR(
      CheckText(edge.provenance(), kMaxProvenance, false, Sub(field, "provenance")));
  if (edge.has_grading()) {
    if (edge.kind() != v1::EDGE_KIND_SUPPORTS && edge.kind() != v1::EDGE_KIND_REFUTES) {
      return InvalidField(Path(field, "grading"),
                          absl::StrCat("is only allowed on supports and refutes edges, "
                                       "not on ",
                                       EdgeKindToken(edge.kind()), " edges"));
    }
    RETURN_IF_ERROR(ValidateLinkGrading(edge.grading(), Path(field, "grading")));
  }
  return absl::OkStatus();
}

std::vector<RecordError> ValidateImportBatch(const v1::ImportGraphRequest& batch,
                                             int max_records) {
  std::vector<RecordError> errors;
  const int64_t records =
      static_cast<int64_t>(batch.nodes_size()) + batch.edges_size();
  if (records > max_records) {
    errors.push_back(
        {"nodes+edges",
         MakeError(absl::StatusCode::kInvalidArgument, "BATCH_TOO_LARGE",
                   absl::StrCat("a message may hold at most ", max_records,
                                " nodes and edges together, got ", records,
                                "; split it into several messages"))});
    return errors;
  }
  for (int i = 0; i < batch.nodes_size(); ++i) {
    const v1::Node& node = batch.nodes(i);
    absl::Status status = ValidateNamedNode(node, absl::StrCat("nodes[", i, "]"));
    if (!status.ok()) {
      errors.push_back({node.name().empty() ? absl::StrCat("nodes[", i, "]") : node.name(),
                        std::move(status)});
    }
  }
  for (int i = 0; i < batch.edges_size(); ++i) {
    const v1::Edge& edge = batch.edges(i);
    absl::Status status = ValidateEdge(edge, absl::StrCat("edges[", i, "]"));
    if (!status.ok()) {
      std::string record = absl::StrCat("edges[", i, "]");
      if (!edge.source().empty() && !edge.target().empty() &&
          !EdgeKindToken(edge.kind()).empty()) {
        record = MakeEdgeName(edge.source(), edge.kind(), edge.target());
      }
      errors.push_back({std::move(record), std::move(status)});
    }
  }
  return errors;
}

}  // namespace evidencegraph::services
