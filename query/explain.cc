#include "query/explain.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "query/evidence_cone.h"
#include "query/explanation_proto.h"
#include "reasoning/explain.h"

namespace evidencegraph::query {
namespace {

absl::Status CheckThreshold(const v1::Thresholds& t, bool has, double value,
                            absl::string_view field) {
  if (!has) return absl::OkStatus();
  if (!std::isfinite(value) || value < 0.0 || value > 1.0) {
    return InvalidField(field, absl::StrCat("must be in [0, 1]; got ", value));
  }
  return absl::OkStatus();
}

// Checks the what-if names against the snapshot. Returns those inside the
// cone (what the reasoning library is given) and notes for the others.
absl::Status ResolveWithout(const storage::GraphSnapshot& snapshot,
                            const v1::ExplainClaimRequest& request,
                            const EvidenceCone& cone, std::vector<std::string>* in_cone,
                            std::vector<std::string>* notes) {
  if (request.without_size() == 0) return absl::OkStatus();
  absl::flat_hash_set<absl::string_view> cone_names;
  cone_names.reserve(cone.nodes.size() + cone.edges.size());
  for (const v1::Node& n : cone.nodes) cone_names.insert(n.name());
  for (const v1::Edge& e : cone.edges) cone_names.insert(e.name());
  for (int i = 0; i < request.without_size(); ++i) {
    const std::string& name = request.without(i);
    const std::string field = absl::StrCat("without[", i, "]");
    if (LooksLikeEdgeName(name)) {
      RETURN_IF_ERROR(ParseEdgeName(name, field).status());
    } else {
      RETURN_IF_ERROR(ParseNodeName(name, field).status());
    }
    if (name == request.name()) {
      return InvalidField(field, "cannot leave out the claim being explained");
    }
    ASSIGN_OR_RETURN(bool exists, snapshot.Exists(name));
    if (!exists) {
      return InvalidField(field, absl::StrCat("no node or edge named \"", name, "\""),
                          "UNKNOWN_RESOURCE");
    }
    if (std::find(in_cone->begin(), in_cone->end(), name) != in_cone->end()) {
      continue;  // named twice: once is enough
    }
    if (cone_names.contains(name)) {
      in_cone->push_back(name);
    } else {
      notes->push_back(absl::StrCat(name, ": not in the claim's evidence cone; no effect"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

constexpr char kDeclinedReason[] = "EXPLAIN_DECLINED";

bool IsDeclined(const absl::Status& status) {
  return storage::IsNotInMemory(status) ||
         (status.code() == absl::StatusCode::kInternal &&
          ErrorReason(status) == kDeclinedReason);
}

absl::StatusOr<v1::ClaimExplanation> ExplainStoredClaim(
    const storage::GraphSnapshot& snapshot, const v1::ExplainClaimRequest& request,
    const StopCheck& stop, const ExplainScope& scope) {
  if (!v1::Semantics_IsValid(request.semantics())) {
    return InvalidField("semantics", absl::StrCat("unknown value ", request.semantics()));
  }
  const v1::Thresholds& t = request.thresholds();
  RETURN_IF_ERROR(CheckThreshold(t, t.has_alpha(), t.alpha(), "thresholds.alpha"));
  RETURN_IF_ERROR(CheckThreshold(t, t.has_beta(), t.beta(), "thresholds.beta"));
  if (request.without_size() > kMaxWhatIfNames) {
    return InvalidField("without",
                        absl::StrCat("at most ", kMaxWhatIfNames, " names (server cap); got ",
                                     request.without_size()),
                        "EXCEEDS_CAP");
  }
  ASSIGN_OR_RETURN(const int max_paths, ResolveBound(request.max_paths(), kExplainMaxPaths));

  ConeOptions cone_options;
  cone_options.claim = request.name();
  cone_options.max_depth = request.max_depth();
  cone_options.max_nodes = request.max_nodes();
  bool bounded_by_scope = false;
  if (scope.max_vertices > 0) {
    // Resolved here as the loader would (same order, same errors), to lower
    // max_nodes only when the scope is the tighter bound.
    RETURN_IF_ERROR(ResolveBound(request.max_depth(), kConeMaxDepth).status());
    ASSIGN_OR_RETURN(const int max_nodes, ResolveBound(request.max_nodes(), kConeMaxNodes));
    if (max_nodes > scope.max_vertices) {
      cone_options.max_nodes = scope.max_vertices;
      bounded_by_scope = true;
    }
  }
  ASSIGN_OR_RETURN(EvidenceCone cone, LoadEvidenceCone(snapshot, cone_options, stop));
  // A cut cone could have been cut by the scope: its answer is not the
  // unbounded one.
  if (bounded_by_scope && cone.truncated) {
    return MakeError(absl::StatusCode::kInternal, kDeclinedReason,
                     absl::StrCat("evidence cone over ", scope.max_vertices, " vertices"));
  }

  std::vector<std::string> removals, notes;
  RETURN_IF_ERROR(ResolveWithout(snapshot, request, cone, &removals, &notes));

  reasoning::ExplainOptions options;
  options.semantics = FromProtoSemantics(request.semantics());
  if (t.has_alpha()) options.thresholds.alpha = t.alpha();
  if (t.has_beta()) options.thresholds.beta = t.beta();
  options.what_if_removals = removals;
  options.max_paths = max_paths;
  options.render_dot = request.include_dot();
  options.stop_check = stop;
  ASSIGN_OR_RETURN(reasoning::ClaimExplanation explained,
                   reasoning::ExplainClaim(cone.graph, request.name(), options));

  CritiquesByName critiques;
  for (const v1::Node& n : cone.nodes) {
    if (n.has_critique()) critiques.emplace(n.name(), &n);
  }
  const bool paths_truncated = explained.paths_truncated;
  const bool what_if_applied = explained.what_if.has_value();
  v1::ClaimExplanation out;
  ToProtoExplanation(std::move(explained), critiques, options.seed, &out);
  out.set_statement(cone.claim.claim().statement());
  out.set_revision(cone.revision);
  out.set_cone_size(cone.vertices);
  if (cone.truncated) {
    out.set_truncated(true);
    out.set_truncation_reason(absl::StrCat("evidence cone: ", cone.truncation_reason));
  } else if (paths_truncated) {
    out.set_truncated(true);
    out.set_truncation_reason(absl::StrCat("paths: max_paths (", max_paths, ") reached"));
  }
  if (request.without_size() > 0) {
    v1::WhatIf* what_if = out.mutable_what_if();
    if (!what_if_applied) {
      // Nothing named was in the cone: the answer is the baseline itself.
      what_if->set_baseline_verdict(out.verdict());
      what_if->set_baseline_strength(out.strength());
      what_if->set_baseline_pro(out.pro());
      what_if->set_baseline_con(out.con());
      what_if->set_delta(0.0);
      what_if->set_verdict_changed(false);
    }
    what_if->clear_without();
    for (const std::string& name : request.without()) what_if->add_without(name);
    for (std::string& note : notes) what_if->add_notes(std::move(note));
  }
  return out;
}

absl::StatusOr<ClaimVerdict> ExplainVerdict(const storage::GraphSnapshot& snapshot,
                                            const v1::Node& claim, const StopCheck& stop) {
  ConeOptions cone_options;
  cone_options.claim = claim.name();
  ASSIGN_OR_RETURN(EvidenceCone cone, LoadEvidenceCone(snapshot, cone_options, stop));
  reasoning::ExplainOptions options;
  options.max_paths = 0;
  options.contribution_max_work = 0;
  options.stop_check = stop;
  ASSIGN_OR_RETURN(reasoning::ClaimExplanation explained,
                   reasoning::ExplainClaim(cone.graph, claim.name(), options));
  return ClaimVerdict{ToProtoVerdict(explained.verdict), explained.strength};
}

}  // namespace evidencegraph::query
