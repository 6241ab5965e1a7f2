#include "query/explanation_proto.h"

namespace evidencegraph::query {
namespace {

namespace r = ::evidencegraph::reasoning;

v1::CritiqueKind ToProtoCritiqueKind(r::CritiqueKind kind) {
  // Same numbers by construction (reasoning/evidence_graph.h).
  return static_cast<v1::CritiqueKind>(static_cast<int>(kind));
}

v1::AttackType ToProtoAttackType(r::AttackType type) {
  return static_cast<v1::AttackType>(static_cast<int>(type));
}

void ToProtoCritique(r::CritiqueHit& in, const CritiquesByName& nodes, v1::CritiqueHit* out) {
  auto it = nodes.find(in.critique);
  if (it != nodes.end() && it->second->has_critique()) {
    out->set_text(it->second->critique().text());
  }
  out->set_critique(std::move(in.critique));
  out->set_display_title(std::move(in.label));
  for (std::string& a : in.author_names) out->add_authors(std::move(a));
  for (std::string& a : in.authors) out->add_author_display_names(std::move(a));
  out->set_kind(ToProtoCritiqueKind(in.kind));
  for (r::AttackType t : in.attack_types) out->add_attack_types(ToProtoAttackType(t));
  out->set_base_score(in.base);
  out->set_strength(in.strength);
}

void ToProtoItem(r::ExplanationItem& in, const CritiquesByName& nodes, v1::EvidenceItem* out) {
  out->set_source(std::move(in.node));
  out->set_display_title(std::move(in.label));
  out->set_resource(std::move(in.resource));
  out->set_kind(ToProtoArgumentKind(in.kind));
  out->set_base_score(in.base);
  out->set_strength(in.strength);
  for (std::string& reason : in.reasons) out->add_grading_reasons(std::move(reason));
  if (in.grade.has_value()) {
    out->set_certainty(ToProtoCertainty(in.grade->level));
    out->set_grade_points(in.grade->points);
  }
  for (std::string& a : in.authors) out->add_authors(std::move(a));
  for (r::CritiqueHit& hit : in.critiques) ToProtoCritique(hit, nodes, out->add_critiques());
  out->set_argument(std::move(in.argument));
}

}  // namespace

v1::Verdict ToProtoVerdict(reasoning::Verdict verdict) {
  switch (verdict) {
    case r::Verdict::kHolds:
      return v1::VERDICT_HOLDS;
    case r::Verdict::kDoesNotHold:
      return v1::VERDICT_DOES_NOT_HOLD;
    case r::Verdict::kContested:
      return v1::VERDICT_CONTESTED;
    case r::Verdict::kInsufficientEvidence:
      return v1::VERDICT_INSUFFICIENT_EVIDENCE;
  }
  return v1::VERDICT_UNSPECIFIED;
}

v1::Certainty ToProtoCertainty(reasoning::CertaintyLevel level) {
  switch (level) {
    case r::CertaintyLevel::kVeryLow:
      return v1::CERTAINTY_VERY_LOW;
    case r::CertaintyLevel::kLow:
      return v1::CERTAINTY_LOW;
    case r::CertaintyLevel::kModerate:
      return v1::CERTAINTY_MODERATE;
    case r::CertaintyLevel::kHigh:
      return v1::CERTAINTY_HIGH;
    case r::CertaintyLevel::kNone:
      return v1::CERTAINTY_UNSPECIFIED;
  }
  return v1::CERTAINTY_UNSPECIFIED;
}

v1::Semantics ToProtoSemantics(reasoning::Semantics semantics) {
  switch (semantics) {
    case r::Semantics::kDfQuad:
      return v1::SEMANTICS_DF_QUAD;
    case r::Semantics::kQuadraticEnergy:
      return v1::SEMANTICS_QUADRATIC_ENERGY;
    case r::Semantics::kEulerBased:
      return v1::SEMANTICS_EULER_BASED;
    case r::Semantics::kLinear:
      return v1::SEMANTICS_UNSPECIFIED;  // never requested through the API
  }
  return v1::SEMANTICS_UNSPECIFIED;
}

reasoning::Semantics FromProtoSemantics(v1::Semantics semantics) {
  switch (semantics) {
    case v1::SEMANTICS_QUADRATIC_ENERGY:
      return r::Semantics::kQuadraticEnergy;
    case v1::SEMANTICS_EULER_BASED:
      return r::Semantics::kEulerBased;
    default:
      return r::Semantics::kDfQuad;
  }
}

v1::ArgumentKind ToProtoArgumentKind(reasoning::ArgumentKind kind) {
  switch (kind) {
    case r::ArgumentKind::kClaim:
      return v1::ARGUMENT_KIND_CLAIM;
    case r::ArgumentKind::kEvidence:
      return v1::ARGUMENT_KIND_EVIDENCE;
    case r::ArgumentKind::kAssertion:
      return v1::ARGUMENT_KIND_ASSERTION;
    case r::ArgumentKind::kCritique:
      return v1::ARGUMENT_KIND_CRITIQUE;
    case r::ArgumentKind::kRelation:
      return v1::ARGUMENT_KIND_RELATION;
  }
  return v1::ARGUMENT_KIND_UNSPECIFIED;
}

void ToProtoExplanation(reasoning::ClaimExplanation&& in, const CritiquesByName& nodes,
                        uint64_t shapley_seed, v1::ClaimExplanation* out) {
  out->set_name(std::move(in.claim));
  out->set_statement(std::move(in.statement));
  out->set_verdict(ToProtoVerdict(in.verdict));
  out->set_strength(in.strength);
  out->set_certainty(ToProtoCertainty(in.certainty));
  out->set_pro(in.pro);
  out->set_con(in.con);
  out->mutable_thresholds()->set_alpha(in.thresholds.alpha);
  out->mutable_thresholds()->set_beta(in.thresholds.beta);
  out->set_semantics(ToProtoSemantics(in.semantics));
  out->mutable_supporting()->Reserve(static_cast<int>(in.evidence_for.size()));
  for (r::ExplanationItem& item : in.evidence_for) {
    ToProtoItem(item, nodes, out->add_supporting());
  }
  out->mutable_refuting()->Reserve(static_cast<int>(in.evidence_against.size()));
  for (r::ExplanationItem& item : in.evidence_against) {
    ToProtoItem(item, nodes, out->add_refuting());
  }
  out->mutable_contributions()->Reserve(static_cast<int>(in.contributions.size()));
  for (r::ContributionItem& c : in.contributions) {
    v1::Contribution* p = out->add_contributions();
    p->set_argument(std::move(c.argument));
    p->set_kind(ToProtoArgumentKind(c.kind));
    p->set_source(std::move(c.node));
    p->set_display_title(std::move(c.label));
    p->set_strength(c.strength);
    p->set_removal(c.removal);
    p->set_removal_computed(c.removal_computed);
    p->set_shapley(c.shapley);
  }
  v1::ShapleyInfo* shapley = out->mutable_shapley();
  shapley->set_computed(in.shapley_computed);
  shapley->set_exact(in.shapley_exact);
  shapley->set_samples(in.shapley_samples);
  if (in.shapley_computed && !in.shapley_exact) shapley->set_seed(shapley_seed);
  for (r::ArgumentPath& path : in.paths) {
    v1::SignedPath* p = out->add_paths();
    p->set_sign(path.sign);
    for (r::PathStep& step : path.steps) {
      v1::PathStep* s = p->add_steps();
      s->set_argument(std::move(step.argument));
      s->set_display_title(std::move(step.label));
      s->set_kind(ToProtoArgumentKind(step.kind));
      s->set_strength(step.strength);
    }
  }
  out->set_summary(std::move(in.summary));
  out->set_dot(std::move(in.dot));
  out->set_unstable(in.unstable);
  out->set_verdict_rule(std::move(in.verdict_rule));
  out->set_iterations(in.iterations);
  if (in.what_if.has_value()) {
    r::WhatIfOutcome& w = *in.what_if;
    v1::WhatIf* p = out->mutable_what_if();
    for (std::string& name : w.removals) p->add_without(std::move(name));
    for (std::string& a : w.removed_arguments) p->add_removed_arguments(std::move(a));
    for (std::string& note : w.notes) p->add_notes(std::move(note));
    p->set_baseline_verdict(ToProtoVerdict(w.baseline_verdict));
    p->set_baseline_strength(w.baseline_strength);
    p->set_baseline_pro(w.baseline_pro);
    p->set_baseline_con(w.baseline_con);
    p->set_delta(w.delta);
    p->set_verdict_changed(w.baseline_verdict != in.verdict);
  }
}

}  // namespace evidencegraph::query
