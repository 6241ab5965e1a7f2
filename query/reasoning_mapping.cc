#include "query/reasoning_mapping.h"

#include <optional>
#include <string>
#include <vector>

namespace evidencegraph::query {
namespace {

namespace r = ::evidencegraph::reasoning;

template <typename Enum, typename ProtoEnum>
Enum SameNumber(ProtoEnum value) {
  return static_cast<Enum>(static_cast<int>(value));
}

template <typename T, typename ProtoT>
std::optional<T> OptionalOf(bool has, ProtoT value) {
  return has ? std::optional<T>(static_cast<T>(value)) : std::nullopt;
}

std::vector<r::DomainOverride> Overrides(
    const google::protobuf::RepeatedPtrField<v1::DomainOverride>& in) {
  std::vector<r::DomainOverride> out;
  out.reserve(in.size());
  for (const v1::DomainOverride& o : in) {
    out.push_back(r::DomainOverride{SameNumber<r::GradeDomain>(o.domain()), o.points(),
                                    o.reason(), o.reviewer()});
  }
  return out;
}

r::StudyGrading StudyGradingOf(const v1::StudyGrading& g) {
  r::StudyGrading out;
  out.risk_of_bias = OptionalOf<int>(g.has_risk_of_bias(), g.risk_of_bias());
  out.blinding_impossible = g.blinding_impossible();
  out.subjective_outcome = g.subjective_outcome();
  out.interval_crosses_benefit_and_harm = g.interval_crosses_benefit_and_harm();
  out.inconsistency = OptionalOf<int>(g.has_inconsistency(), g.inconsistency());
  out.publication_bias = OptionalOf<int>(g.has_publication_bias(), g.publication_bias());
  out.large_effect = OptionalOf<int>(g.has_large_effect(), g.large_effect());
  out.dose_response = g.dose_response();
  out.overrides = Overrides(g.overrides());
  out.pooled_studies = g.pooled_studies();
  return out;
}

r::LinkGrading LinkGradingOf(const v1::LinkGrading& g) {
  r::LinkGrading out;
  out.indirectness = SameNumber<r::Indirectness>(g.indirectness());
  out.follow_up_shorter_than_claim = g.follow_up_shorter_than_claim();
  out.overrides = Overrides(g.overrides());
  if (g.has_score_override()) {
    out.score_override = r::ScoreOverride{g.score_override().base_score(),
                                          g.score_override().reason(),
                                          g.score_override().reviewer()};
  }
  return out;
}

}  // namespace

reasoning::Claim ToReasoningClaim(const v1::Node& node) {
  return r::Claim{node.name(), node.display_title(), node.claim().statement()};
}

reasoning::Study ToReasoningStudy(const v1::Node& node) {
  const v1::Study& s = node.study();
  r::Study out;
  out.name = node.name();
  out.display_title = node.display_title();
  out.citation_title = s.citation().title();
  out.design = SameNumber<r::StudyDesign>(s.design());
  out.sample_size = OptionalOf<int64_t>(s.has_sample_size(), s.sample_size());
  out.effect_size = OptionalOf<double>(s.has_effect_size(), s.effect_size());
  out.effect_measure = SameNumber<r::EffectMeasure>(s.effect_measure());
  out.follow_up_days = OptionalOf<double>(s.has_follow_up_days(), s.follow_up_days());
  out.grading = StudyGradingOf(s.grading());
  return out;
}

reasoning::Expert ToReasoningExpert(const v1::Node& node) {
  const v1::Expert& e = node.expert();
  r::Expert out;
  out.name = node.name();
  out.display_title = node.display_title();
  out.full_name = e.full_name();
  out.conflicts_of_interest.assign(e.conflicts_of_interest().begin(),
                                   e.conflicts_of_interest().end());
  out.expertise = OptionalOf<int>(e.has_expertise(), e.expertise());
  out.organisation = e.organisation();
  return out;
}

reasoning::Critique ToReasoningCritique(const v1::Node& node) {
  const v1::Critique& c = node.critique();
  return r::Critique{node.name(), node.display_title(),
                     SameNumber<r::CritiqueKind>(c.kind()), c.text(), c.substantiated()};
}

reasoning::Source ToReasoningSource(const v1::Node& node) {
  return r::Source{node.name(), node.display_title(), node.source().title()};
}

reasoning::Edge ToReasoningEdge(const v1::Edge& edge) {
  r::Edge out;
  out.name = edge.name();
  out.source = edge.source();
  out.kind = SameNumber<r::EdgeKind>(edge.kind());
  out.target = edge.target();
  out.attack_type = SameNumber<r::AttackType>(edge.attack_type());
  out.weight = OptionalOf<double>(edge.has_weight(), edge.weight());
  out.grading = LinkGradingOf(edge.grading());
  return out;
}

void AddNode(const v1::Node& node, reasoning::EvidenceGraph& graph) {
  switch (node.payload_case()) {
    case v1::Node::kClaim:
      graph.claims.push_back(ToReasoningClaim(node));
      break;
    case v1::Node::kStudy:
      graph.studies.push_back(ToReasoningStudy(node));
      break;
    case v1::Node::kExpert:
      graph.experts.push_back(ToReasoningExpert(node));
      break;
    case v1::Node::kCritique:
      graph.critiques.push_back(ToReasoningCritique(node));
      break;
    case v1::Node::kSource:
      graph.sources.push_back(ToReasoningSource(node));
      break;
    case v1::Node::PAYLOAD_NOT_SET:
      break;
  }
}

}  // namespace evidencegraph::query
