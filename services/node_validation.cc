// Node rules of services/validation.h: payloads, titles, labels, names.
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
using internal::CheckFinite;
using internal::CheckIntRange;
using internal::CheckText;
using internal::Path;
using internal::Sub;

absl::Status ValidateClaim(const v1::Claim& claim, absl::string_view field) {
  RETURN_IF_ERROR(CheckText(claim.statement(), kMaxStatement, true,
                            Sub(field, "statement")));
  return CheckText(claim.context(), kMaxLongText, false, Sub(field, "context"));
}

absl::Status ValidateCitation(const v1::Study& study, absl::string_view study_field) {
  const std::string field = Path(study_field, "citation");
  if (!study.has_citation()) return InvalidField(field, "is required");
  const v1::Citation& c = study.citation();
  RETURN_IF_ERROR(CheckText(c.title(), kMaxTitle, true, Sub(field, "title")));
  RETURN_IF_ERROR(CheckText(c.venue(), kMaxShortText, false, Sub(field, "venue")));
  if (c.year() != 0 && (c.year() < kMinYear || c.year() > kMaxYear)) {
    return InvalidField(Path(field, "year"),
                        absl::StrCat("must be 0 (unknown) or in [", kMinYear, ", ",
                                     kMaxYear, "], got ", c.year()));
  }
  RETURN_IF_ERROR(CheckText(c.doi(), kMaxShortText, false, Sub(field, "doi")));
  RETURN_IF_ERROR(CheckText(c.url(), kMaxUrl, false, Sub(field, "url")));
  RETURN_IF_ERROR(CheckText(c.authors(), kMaxLongText, false, Sub(field, "authors")));
  return CheckText(c.institution(), kMaxShortText, false, Sub(field, "institution"));
}

absl::Status ValidateStudyGrading(const v1::StudyGrading& g, absl::string_view field) {
  if (g.has_risk_of_bias()) {
    RETURN_IF_ERROR(CheckIntRange(g.risk_of_bias(), -2, 0, Sub(field, "risk_of_bias")));
  }
  if (g.has_inconsistency()) {
    RETURN_IF_ERROR(CheckIntRange(g.inconsistency(), -2, 0, Sub(field, "inconsistency")));
  }
  if (g.has_publication_bias()) {
    RETURN_IF_ERROR(
        CheckIntRange(g.publication_bias(), -1, 0, Sub(field, "publication_bias")));
  }
  if (g.has_large_effect()) {
    RETURN_IF_ERROR(CheckIntRange(g.large_effect(), 0, 2, Sub(field, "large_effect")));
  }
  RETURN_IF_ERROR(CheckIntRange(g.pooled_studies(), 0, 1000000,
                                Sub(field, "pooled_studies")));
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
  return absl::OkStatus();
}

absl::Status ValidateStudy(const v1::Study& s, absl::string_view field) {
  RETURN_IF_ERROR(ValidateCitation(s, field));
  RETURN_IF_ERROR(CheckEnum(s.design(), v1::StudyDesign_IsValid, true, Sub(field, "design")));
  RETURN_IF_ERROR(CheckText(s.population(), kMaxProvenance, false, Sub(field, "population")));
  if (s.has_sample_size() && s.sample_size() < 0) {
    return InvalidField(Path(field, "sample_size"),
                        absl::StrCat("must be >= 0, got ", s.sample_size()));
  }
  RETURN_IF_ERROR(CheckText(s.outcome(), kMaxProvenance, false, Sub(field, "outcome")));
  if (s.has_effect_size()) {
    RETURN_IF_ERROR(CheckFinite(s.effect_size(), Sub(field, "effect_size")));
  }
  RETURN_IF_ERROR(CheckEnum(s.effect_measure(), v1::EffectMeasure_IsValid, false,
                            Sub(field, "effect_measure")));
  // Ratios are positive by definition; grading divides by them (RR < 0.5 is
  // a large effect), so a stored 0 or negative ratio would break every
  // explanation of the claims this study bears on.
  const bool ratio = s.effect_measure() == v1::EFFECT_MEASURE_RISK_RATIO ||
                     s.effect_measure() == v1::EFFECT_MEASURE_ODDS_RATIO ||
                     s.effect_measure() == v1::EFFECT_MEASURE_HAZARD_RATIO;
  if (ratio && s.has_effect_size() && !(s.effect_size() > 0.0)) {
    return InvalidField(Path(field, "effect_size"),
                        absl::StrCat("a risk, odds or hazard ratio must be > 0, got ",
                                     s.effect_size()));
  }
  RETURN_IF_ERROR(CheckText(s.effect_unit(), kMaxShortText, false, Sub(field, "effect_unit")));
  if (s.has_follow_up_days()) {
    RETURN_IF_ERROR(CheckDoubleRange(s.follow_up_days(), 0, 365.0 * 200,
                                     Sub(field, "follow_up_days")));
  }
  RETURN_IF_ERROR(CheckEnum(s.finding(), v1::FindingDirection_IsValid, false,
                            Sub(field, "finding")));
  RETURN_IF_ERROR(CheckText(s.risk_of_bias_notes(), kMaxLongText, false,
                            Sub(field, "risk_of_bias_notes")));
  RETURN_IF_ERROR(ValidateStudyGrading(s.grading(), Path(field, "grading")));
  return CheckText(s.summary(), kMaxLongText, false, Sub(field, "summary"));
}

absl::Status ValidateExpert(const v1::Expert& e, absl::string_view field) {
  RETURN_IF_ERROR(CheckText(e.full_name(), kMaxShortText, true, Sub(field, "full_name")));
  RETURN_IF_ERROR(CheckText(e.credentials(), kMaxShortText, false, Sub(field, "credentials")));
  RETURN_IF_ERROR(CheckText(e.affiliation(), kMaxShortText, false, Sub(field, "affiliation")));
  RETURN_IF_ERROR(CheckText(e.field(), kMaxShortText, false, Sub(field, "field")));
  if (e.conflicts_of_interest_size() > kMaxConflicts) {
    return InvalidField(Path(field, "conflicts_of_interest"),
                        absl::StrCat("at most ", kMaxConflicts, " entries, got ",
                                     e.conflicts_of_interest_size()));
  }
  for (int i = 0; i < e.conflicts_of_interest_size(); ++i) {
    RETURN_IF_ERROR(CheckText(
        e.conflicts_of_interest(i), kMaxTitle, true,
        absl::StrCat(Path(field, "conflicts_of_interest"), "[", i, "]")));
  }
  if (e.has_expertise()) {
    RETURN_IF_ERROR(CheckIntRange(e.expertise(), 0, 4, Sub(field, "expertise")));
  }
  return absl::OkStatus();
}

absl::Status ValidateCritique(const v1::Critique& c, absl::string_view field) {
  RETURN_IF_ERROR(CheckEnum(c.kind(), v1::CritiqueKind_IsValid, true, Sub(field, "kind")));
  RETURN_IF_ERROR(CheckText(c.text(), kMaxCritiqueText, true, Sub(field, "text")));
  return CheckText(c.reference(), kMaxUrl, false, Sub(field, "reference"));
}

absl::Status ValidateSource(const v1::Source& s, absl::string_view field) {
  RETURN_IF_ERROR(CheckText(s.title(), kMaxTitle, true, Sub(field, "title")));
  RETURN_IF_ERROR(CheckText(s.outlet(), kMaxShortText, false, Sub(field, "outlet")));
  RETURN_IF_ERROR(CheckText(s.url(), kMaxUrl, false, Sub(field, "url")));
  return CheckText(s.published(), 100, false, Sub(field, "published"));
}

absl::Status ValidateLabels(const v1::Node& node, absl::string_view field) {
  const std::string labels = Path(field, "labels");
  if (node.labels_size() > kMaxLabels) {
    return InvalidField(labels, absl::StrCat("at most ", kMaxLabels, " labels, got ",
                                             node.labels_size()));
  }
  absl::flat_hash_set<absl::string_view> seen;
  for (int i = 0; i < node.labels_size(); ++i) {
    const std::string item = absl::StrCat(labels, "[", i, "]");
    RETURN_IF_ERROR(ValidateLabel(node.labels(i), item));
    if (!seen.insert(node.labels(i)).second) {
      return InvalidField(item, absl::StrCat("duplicate label \"", node.labels(i), "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateNodeContent(const v1::Node& node, absl::string_view field) {
  RETURN_IF_ERROR(CheckText(node.display_title(), kMaxDisplayTitle, false,
                            Sub(field, "display_title")));
  RETURN_IF_ERROR(ValidateLabels(node, field));
  switch (node.payload_case()) {
    case v1::Node::kClaim:
      return ValidateClaim(node.claim(), Path(field, "claim"));
    case v1::Node::kStudy:
      return ValidateStudy(node.study(), Path(field, "study"));
    case v1::Node::kExpert:
      return ValidateExpert(node.expert(), Path(field, "expert"));
    case v1::Node::kCritique:
      return ValidateCritique(node.critique(), Path(field, "critique"));
    case v1::Node::kSource:
      return ValidateSource(node.source(), Path(field, "source"));
    case v1::Node::PAYLOAD_NOT_SET:
      break;
  }
  return InvalidField(Path(field, "payload"),
                      "exactly one of claim, study, expert, critique, source is required");
}

absl::Status ValidateNamedNode(const v1::Node& node, absl::string_view field) {
  ASSIGN_OR_RETURN(NodeName name, ParseNodeName(node.name(), Path(field, "name")));
  const v1::NodeKind payload_kind = PayloadKind(node);
  if (payload_kind != v1::NODE_KIND_UNSPECIFIED && payload_kind != name.kind) {
    return InvalidField(Path(field, "name"),
                        absl::StrCat("\"", node.name(), "\" is in collection \"",
                                     CollectionOf(name.kind), "\" but the payload is a ",
                                     CollectionOf(payload_kind), " node"),
                        "KIND_MISMATCH");
  }
  return ValidateNodeContent(node, field);
}

absl::StatusOr<std::string> ResolveCreateNodeName(const v1::Node& node,
                                                  absl::string_view node_id,
                                                  absl::string_view request_field) {
  const std::string node_field = absl::StrCat(request_field, "node");
  const std::string id_field = absl::StrCat(request_field, "node_id");
  const v1::NodeKind kind = PayloadKind(node);
  if (kind == v1::NODE_KIND_UNSPECIFIED) {
    return InvalidField(Path(node_field, "payload"),
                        "exactly one of claim, study, expert, critique, source is required");
  }
  if (!node_id.empty() && !IsValidId(node_id)) {
    return InvalidField(id_field, absl::StrCat("\"", node_id,
                                               "\" must be 1-63 characters of [a-z0-9-] "
                                               "starting with a letter or digit"));
  }
  if (node.name().empty()) {
    return node_id.empty() ? std::string() : MakeNodeName(kind, node_id);
  }
  const std::string name_field = Path(node_field, "name");
  ASSIGN_OR_RETURN(NodeName parsed, ParseNodeName(node.name(), name_field));
  if (parsed.kind != kind) {
    return InvalidField(name_field,
                        absl::StrCat("\"", node.name(), "\" is in collection \"",
                                     CollectionOf(parsed.kind), "\" but the payload is a ",
                                     CollectionOf(kind), " node"),
                        "KIND_MISMATCH");
  }
  if (!node_id.empty() && parsed.id != node_id) {
    return InvalidField(name_field, absl::StrCat("must be empty or equal \"",
                                                 MakeNodeName(kind, node_id),
                                                 "\" (from node_id)"));
  }
  return node.name();
}

}  // namespace evidencegraph::services
