// EvidenceGraph: the in-memory input of the reasoning engine.
//
// Contract
//   - Plain C++ structs mirroring, field for field, what the reasoning engine
//     needs from proto/evidencegraph/v1/resources.proto. The query service maps
//     v1::Node / v1::Edge onto them 1:1: same resource names, same enum
//     meanings (the enumerators below carry the proto numbers), same "unset"
//     semantics (std::optional where the proto field is `optional`).
//   - Nodes and edges are identified by their resource names exactly as in
//     the API ("studies/crane-2012",
//     "studies/crane-2012/edges/supports/claims/massage-changes-gene-expression").
//     An edge whose `name` is empty gets the canonical name from EdgeName().
//   - Nothing here validates: BuildArgumentGraph() (argument_graph.h) checks the
//     graph and reports the first problem as INVALID_ARGUMENT naming the item.
// Thread-safety: plain values; a const EvidenceGraph may be shared by threads.
// Ownership: the graph owns all its strings; the engine only reads it.
#ifndef EVIDENCEGRAPH_REASONING_EVIDENCE_GRAPH_H_
#define EVIDENCEGRAPH_REASONING_EVIDENCE_GRAPH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace evidencegraph::reasoning {

// v1.StudyDesign (same numbers).
enum class StudyDesign : int {
  kUnspecified = 0,
  kMetaAnalysis = 1,
  kSystematicReview = 2,
  kRct = 3,
  kControlledTrial = 4,
  kCohort = 5,
  kBeforeAfter = 6,
  kCaseControl = 7,
  kCrossSectional = 8,
  kCaseSeries = 9,
  kMechanistic = 10,
  kExpertOpinion = 11,
  kAnecdote = 12,
};

// v1.EffectMeasure (same numbers).
enum class EffectMeasure : int {
  kUnspecified = 0,
  kRiskRatio = 1,
  kOddsRatio = 2,
  kHazardRatio = 3,
  kMeanDifference = 4,
  kStandardizedMeanDifference = 5,
  kPercentChange = 6,
  kCount = 7,
  kOther = 8,
};

// v1.GradeDomain (same numbers).
enum class GradeDomain : int {
  kUnspecified = 0,
  kDesign = 1,
  kRiskOfBias = 2,
  kImprecision = 3,
  kIndirectness = 4,
  kFollowUp = 5,
  kInconsistency = 6,
  kPublicationBias = 7,
  kLargeEffect = 8,
  kDoseResponse = 9,
};

// v1.CritiqueKind (same numbers).
enum class CritiqueKind : int {
  kUnspecified = 0,
  kSmallSample = 1,
  kTrivialEffect = 2,
  kShortLivedEffect = 3,
  kMisinterpretedData = 4,
  kWrongUnitOfAnalysis = 5,
  kSurrogateOutcome = 6,
  kConfounding = 7,
  kConflictOfInterest = 8,
  kNotReplicated = 9,
  kPlaceboOrPerception = 10,
  kCounterexample = 11,
  kOther = 12,
};

// v1.EdgeKind (same numbers).
enum class EdgeKind : int {
  kUnspecified = 0,
  kSupports = 1,
  kRefutes = 2,
  kTargets = 3,
  kAuthored = 4,
  kAsserts = 5,
  kCites = 6,
  kAggregates = 7,
  kReports = 8,
  kSpecialises = 9,
  kGeneralises = 10,
};

// v1.AttackType (same numbers).
enum class AttackType : int {
  kUnspecified = 0,
  kUndermine = 1,
  kUndercut = 2,
  kRebut = 3,
};

// v1.Indirectness (same numbers).
enum class Indirectness : int {
  kUnspecified = 0,  // treated as direct
  kDirect = 1,
  kSurrogateOutcome = 2,
  kOtherPopulation = 3,
  kVeryIndirect = 4,
};

// v1.DomainOverride.
struct DomainOverride {
  GradeDomain domain = GradeDomain::kUnspecified;
  int points = 0;
  std::string reason;
  std::string reviewer;
};

// v1.ScoreOverride.
struct ScoreOverride {
  double base_score = 0.0;
  std::string reason;
  std::string reviewer;
};

// v1.StudyGrading: unset optionals mean "compute the default" (grading.h).
struct StudyGrading {
  std::optional<int> risk_of_bias;
  bool blinding_impossible = false;
  bool subjective_outcome = false;
  bool interval_crosses_benefit_and_harm = false;
  std::optional<int> inconsistency;
  std::optional<int> publication_bias;
  std::optional<int> large_effect;
  bool dose_response = false;
  std::vector<DomainOverride> overrides;
  int pooled_studies = 0;
};

// v1.LinkGrading (on SUPPORTS/REFUTES edges).
struct LinkGrading {
  Indirectness indirectness = Indirectness::kUnspecified;
  bool follow_up_shorter_than_claim = false;
  std::vector<DomainOverride> overrides;  // win over the study's overrides
  std::optional<ScoreOverride> score_override;
};

struct Claim {
  std::string name;  // "claims/{id}"
  std::string display_title;
  std::string statement;
};

struct Study {
  std::string name;  // "studies/{id}"
  std::string display_title;  // e.g. "Crane et al. 2012"; falls back to citation_title
  std::string citation_title;
  StudyDesign design = StudyDesign::kUnspecified;
  std::optional<int64_t> sample_size;
  std::optional<double> effect_size;
  EffectMeasure effect_measure = EffectMeasure::kUnspecified;
  std::optional<double> follow_up_days;
  StudyGrading grading;
};

struct Expert {
  std::string name;  // "experts/{id}"
  std::string display_title;
  std::string full_name;
  std::vector<std::string> conflicts_of_interest;
  std::optional<int> expertise;  // 0..4, unset = 2
  bool organisation = false;
};

struct Critique {
  std::string name;  // "critiques/{id}"
  std::string display_title;
  CritiqueKind kind = CritiqueKind::kUnspecified;
  std::string text;
  bool substantiated = false;
};

struct Source {
  std::string name;  // "sources/{id}"
  std::string display_title;
  std::string title;
};

struct Edge {
  std::string name;  // empty = EdgeName(source, kind, target)
  std::string source;
  EdgeKind kind = EdgeKind::kUnspecified;
  std::string target;  // a node name, or an edge name for UNDERCUT
  AttackType attack_type = AttackType::kUnspecified;
  std::optional<double> weight;  // [0, 1], unset = 1
  LinkGrading grading;
};

// The graph handed to the engine: usually a claim's neighbourhood read from
// one storage snapshot.
struct EvidenceGraph {
  std::vector<Claim> claims;
  std::vector<Study> studies;
  std::vector<Expert> experts;
  std::vector<Critique> critiques;
  std::vector<Source> sources;
  std::vector<Edge> edges;
};

// "supports", "targets", ... as used in edge names; "unspecified" for 0.
absl::string_view EdgeKindSegment(EdgeKind kind);
// "{source}/edges/{kind segment}/{target}".
std::string EdgeName(absl::string_view source, EdgeKind kind,
                     absl::string_view target);
// The edge's name, computed when empty.
std::string EdgeNameOf(const Edge& edge);

// Human words for enums, used in reasons, summaries and DOT.
absl::string_view StudyDesignWords(StudyDesign design);      // "randomised controlled trial"
absl::string_view CritiqueKindWords(CritiqueKind kind);      // "wrong unit of analysis"
absl::string_view AttackTypeWords(AttackType type);          // "undermine"
absl::string_view GradeDomainWords(GradeDomain domain);      // "risk of bias"

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_EVIDENCE_GRAPH_H_
