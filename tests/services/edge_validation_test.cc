// Specification of the edge rules of services/validation.h: endpoint kinds
// per edge kind, attack types, self-loops, field caps, grading; and whole
// import batches.
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "services/validation.h"
#include "tests/services/status_assertions.h"

namespace evidencegraph::services {
namespace {

using ::evidencegraph::testing::IsInvalid;

constexpr char kStudy[] = "studies/crane-2012";
constexpr char kStudy2[] = "studies/uci-2007";
constexpr char kClaim[] = "claims/massage-reduces-inflammation";
constexpr char kClaim2[] = "claims/massage-helps-runners";
constexpr char kExpert[] = "experts/paul-ingraham";
constexpr char kCritique[] = "critiques/ingraham-sample-size";
constexpr char kCritique2[] = "critiques/gorski-single-genes";
constexpr char kSource[] = "sources/breaking-muscle";
const std::string kSupportsEdge =
    std::string(kStudy) + "/edges/supports/" + kClaim;
const std::string kRefutesEdge = std::string(kStudy) + "/edges/refutes/" + kClaim;
const std::string kAssertsEdge = std::string(kExpert) + "/edges/asserts/" + kClaim;
const std::string kTargetsEdge =
    std::string(kCritique2) + "/edges/targets/" + kStudy;

struct EndpointCase {
  const char* name;
  std::string source;
  v1::EdgeKind kind;
  std::string target;
  v1::AttackType attack;
  const char* field;  // "" = valid; else the sub-field after "edge."
  const char* reason = "EDGE_ENDPOINT_KIND";
};
// Test names and failure messages show the case name, not its bytes.
void PrintTo(const EndpointCase& c, std::ostream* os) { *os << c.name; }


class EndpointRulesTest : public ::testing::TestWithParam<EndpointCase> {};

TEST_P(EndpointRulesTest, FollowsTheKindsRule) {
  const EndpointCase& c = GetParam();
  v1::Edge edge;
  edge.set_source(c.source);
  edge.set_kind(c.kind);
  edge.set_target(c.target);
  edge.set_attack_type(c.attack);
  absl::Status status = ValidateEdge(edge, "edge");
  if (std::string(c.field).empty()) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_TRUE(IsInvalid(status, std::string("edge.") + c.field, c.reason));
  }
}

constexpr v1::AttackType kNone = v1::ATTACK_TYPE_UNSPECIFIED;
constexpr v1::AttackType kUndermine = v1::ATTACK_TYPE_UNDERMINE;
constexpr v1::AttackType kUndercut = v1::ATTACK_TYPE_UNDERCUT;
constexpr v1::AttackType kRebut = v1::ATTACK_TYPE_REBUT;

INSTANTIATE_TEST_SUITE_P(
    Kinds, EndpointRulesTest,
    ::testing::Values(
        EndpointCase{"supports_study_claim", kStudy, v1::EDGE_KIND_SUPPORTS, kClaim, kNone, ""},
        EndpointCase{"supports_from_expert", kExpert, v1::EDGE_KIND_SUPPORTS, kClaim, kNone,
                     "source"},
        EndpointCase{"supports_to_study", kStudy, v1::EDGE_KIND_SUPPORTS, kStudy2, kNone,
                     "target"},
        EndpointCase{"refutes_study_claim", kStudy, v1::EDGE_KIND_REFUTES, kClaim, kNone, ""},
        EndpointCase{"refutes_to_edge", kStudy2, v1::EDGE_KIND_REFUTES, kSupportsEdge, kNone,
                     "target"},
        EndpointCase{"targets_undermine_study", kCritique, v1::EDGE_KIND_TARGETS, kStudy,
                     kUndermine, ""},
        EndpointCase{"targets_undermine_critique", kCritique, v1::EDGE_KIND_TARGETS,
                     kCritique2, kUndermine, ""},
        EndpointCase{"targets_rebut_claim", kCritique, v1::EDGE_KIND_TARGETS, kClaim, kRebut,
                     ""},
        EndpointCase{"targets_undercut_supports", kCritique, v1::EDGE_KIND_TARGETS,
                     kSupportsEdge, kUndercut, ""},
        EndpointCase{"targets_undercut_refutes", kCritique, v1::EDGE_KIND_TARGETS,
                     kRefutesEdge, kUndercut, ""},
        EndpointCase{"targets_undercut_asserts", kCritique, v1::EDGE_KIND_TARGETS,
                     kAssertsEdge, kUndercut, ""},
        EndpointCase{"targets_a_targets_edge", kCritique, v1::EDGE_KIND_TARGETS, kTargetsEdge,
                     kUndercut, "target"},
        EndpointCase{"targets_an_expert", kCritique, v1::EDGE_KIND_TARGETS, kExpert,
                     kUndermine, "target"},
        EndpointCase{"targets_from_study", kStudy, v1::EDGE_KIND_TARGETS, kClaim, kRebut,
                     "source"},
        EndpointCase{"rebut_on_study", kCritique, v1::EDGE_KIND_TARGETS, kStudy, kRebut,
                     "attack_type", "ATTACK_TYPE_MISMATCH"},
        EndpointCase{"undermine_on_claim", kCritique, v1::EDGE_KIND_TARGETS, kClaim,
                     kUndermine, "attack_type", "ATTACK_TYPE_MISMATCH"},
        EndpointCase{"undermine_on_edge", kCritique, v1::EDGE_KIND_TARGETS, kSupportsEdge,
                     kUndermine, "attack_type", "ATTACK_TYPE_MISMATCH"},
        EndpointCase{"undercut_on_study", kCritique, v1::EDGE_KIND_TARGETS, kStudy, kUndercut,
                     "attack_type", "ATTACK_TYPE_MISMATCH"},
        EndpointCase{"targets_without_attack", kCritique, v1::EDGE_KIND_TARGETS, kStudy, kNone,
                     "attack_type", "ATTACK_TYPE_MISMATCH"},
        EndpointCase{"attack_on_supports", kStudy, v1::EDGE_KIND_SUPPORTS, kClaim, kRebut,
                     "attack_type", "ATTACK_TYPE_MISMATCH"},
        EndpointCase{"authored_study", kExpert, v1::EDGE_KIND_AUTHORED, kStudy, kNone, ""},
        EndpointCase{"authored_critique", kExpert, v1::EDGE_KIND_AUTHORED, kCritique, kNone, ""},
        EndpointCase{"authored_source", kExpert, v1::EDGE_KIND_AUTHORED, kSource, kNone, ""},
        EndpointCase{"authored_claim", kExpert, v1::EDGE_KIND_AUTHORED, kClaim, kNone, "target"},
        EndpointCase{"authored_by_study", kStudy, v1::EDGE_KIND_AUTHORED, kStudy2, kNone,
                     "source"},
        EndpointCase{"asserts_claim", kExpert, v1::EDGE_KIND_ASSERTS, kClaim, kNone, ""},
        EndpointCase{"asserts_study", kExpert, v1::EDGE_KIND_ASSERTS, kStudy, kNone, "target"},
        EndpointCase{"cites_study", kStudy, v1::EDGE_KIND_CITES, kStudy2, kNone, ""},
        EndpointCase{"cites_from_claim", kClaim, v1::EDGE_KIND_CITES, kStudy, kNone, "source"},
        EndpointCase{"aggregates_study", kStudy, v1::EDGE_KIND_AGGREGATES, kStudy2, kNone, ""},
        EndpointCase{"aggregates_claim", kStudy, v1::EDGE_KIND_AGGREGATES, kClaim, kNone,
                     "target"},
        EndpointCase{"reports_claim", kSource, v1::EDGE_KIND_REPORTS, kClaim, kNone, ""},
        EndpointCase{"reports_study", kSource, v1::EDGE_KIND_REPORTS, kStudy, kNone, "target"},
        EndpointCase{"specialises_claims", kClaim, v1::EDGE_KIND_SPECIALISES, kClaim2, kNone,
                     ""},
        EndpointCase{"generalises_claims", kClaim2, v1::EDGE_KIND_GENERALISES, kClaim, kNone,
                     ""},
        EndpointCase{"specialises_study", kClaim, v1::EDGE_KIND_SPECIALISES, kStudy, kNone,
                     "target"},
        EndpointCase{"self_loop", kStudy, v1::EDGE_KIND_CITES, kStudy, kNone, "target",
                     "SELF_LOOP"},
        EndpointCase{"kind_required", kStudy, v1::EDGE_KIND_UNSPECIFIED, kClaim, kNone, "kind",
                     "INVALID_FIELD"},
        EndpointCase{"kind_unknown", kStudy, static_cast<v1::EdgeKind>(99), kClaim, kNone,
                     "kind", "INVALID_FIELD"},
        EndpointCase{"source_required", "", v1::EDGE_KIND_SUPPORTS, kClaim, kNone, "source",
                     "INVALID_FIELD"},
        EndpointCase{"source_not_a_name", "crane", v1::EDGE_KIND_SUPPORTS, kClaim, kNone,
                     "source", "INVALID_FIELD"},
        EndpointCase{"source_is_an_edge", kSupportsEdge, v1::EDGE_KIND_CITES, kStudy, kNone,
                     "source", "INVALID_FIELD"},
        EndpointCase{"target_required", kStudy, v1::EDGE_KIND_SUPPORTS, "", kNone, "target",
                     "INVALID_FIELD"},
        EndpointCase{"target_unknown_collection", kStudy, v1::EDGE_KIND_SUPPORTS, "papers/x",
                     kNone, "target", "INVALID_FIELD"}),
    [](const ::testing::TestParamInfo<EndpointCase>& info) {
      return std::string(info.param.name);
    });

v1::Edge ValidSupports() {
  v1::Edge e;
  e.set_source(kStudy);
  e.set_kind(v1::EDGE_KIND_SUPPORTS);
  e.set_target(kClaim);
  e.set_weight(0.5);
  e.mutable_grading()->set_indirectness(v1::INDIRECTNESS_SURROGATE_OUTCOME);
  return e;
}

struct FieldCase {
  const char* name;
  std::function<void(v1::Edge&)> mutate;
  const char* field;  // "" = valid
};
// Test names and failure messages show the case name, not its bytes.
void PrintTo(const FieldCase& c, std::ostream* os) { *os << c.name; }


class EdgeFieldRulesTest : public ::testing::TestWithParam<FieldCase> {};

TEST_P(EdgeFieldRulesTest, ChecksOneRule) {
  v1::Edge edge = ValidSupports();
  GetParam().mutate(edge);
  absl::Status status = ValidateEdge(edge, "edge");
  if (std::string(GetParam().field).empty()) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_TRUE(IsInvalid(status, GetParam().field));
  }
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    Fields, EdgeFieldRulesTest,
    ::testing::Values(
        FieldCase{"valid", [](v1::Edge&) {}, ""},
        FieldCase{"weight_0_ok", [](v1::Edge& e) { e.set_weight(0); }, ""},
        FieldCase{"weight_1_ok", [](v1::Edge& e) { e.set_weight(1); }, ""},
        FieldCase{"weight_negative", [](v1::Edge& e) { e.set_weight(-0.01); }, "edge.weight"},
        FieldCase{"weight_above_1", [](v1::Edge& e) { e.set_weight(1.01); }, "edge.weight"},
        FieldCase{"weight_nan", [](v1::Edge& e) { e.set_weight(kNaN); }, "edge.weight"},
        FieldCase{"note_over_cap", [](v1::Edge& e) { e.set_note(std::string(5001, 'n')); },
                  "edge.note"},
        FieldCase{"provenance_over_cap",
                  [](v1::Edge& e) { e.set_provenance(std::string(2001, 'p')); },
                  "edge.provenance"},
        FieldCase{"name_matching_ok",
                  [](v1::Edge& e) { e.set_name(std::string(kStudy) + "/edges/supports/" + kClaim); },
                  ""},
        FieldCase{"name_mismatch", [](v1::Edge& e) { e.set_name("studies/x/edges/supports/claims/y"); },
                  "edge.name"},
        FieldCase{"grading_on_cites",
                  [](v1::Edge& e) {
                    e.set_kind(v1::EDGE_KIND_CITES);
                    e.set_target(kStudy2);
                  },
                  "edge.grading"},
        FieldCase{"indirectness_unknown",
                  [](v1::Edge& e) {
                    e.mutable_grading()->set_indirectness(static_cast<v1::Indirectness>(9));
                  },
                  "edge.grading.indirectness"},
        FieldCase{"score_override_above_1",
                  [](v1::Edge& e) {
                    e.mutable_grading()->mutable_score_override()->set_base_score(1.5);
                    e.mutable_grading()->mutable_score_override()->set_reason("r");
                  },
                  "edge.grading.score_override.base_score"},
        FieldCase{"score_override_nan",
                  [](v1::Edge& e) {
                    e.mutable_grading()->mutable_score_override()->set_base_score(kNaN);
                    e.mutable_grading()->mutable_score_override()->set_reason("r");
                  },
                  "edge.grading.score_override.base_score"},
        FieldCase{"score_override_reason_required",
                  [](v1::Edge& e) {
                    e.mutable_grading()->mutable_score_override()->set_base_score(0.3);
                  },
                  "edge.grading.score_override.reason"},
        FieldCase{"link_override_points_out_of_range",
                  [](v1::Edge& e) {
                    auto* o = e.mutable_grading()->add_overrides();
                    o->set_domain(v1::GRADE_DOMAIN_LARGE_EFFECT);
                    o->set_points(-1);
                    o->set_reason("no");
                  },
                  "edge.grading.overrides[0].points"}),
    [](const ::testing::TestParamInfo<FieldCase>& info) { return std::string(info.param.name); });

TEST(ImportBatchTest, ValidBatchHasNoErrors) {
  v1::ImportGraphRequest batch;
  v1::Node* claim = batch.add_nodes();
  claim->set_name(kClaim);
  claim->mutable_claim()->set_statement("Massage reduces inflammation");
  *batch.add_edges() = ValidSupports();
  EXPECT_TRUE(ValidateImportBatch(batch, 100).empty());
}

TEST(ImportBatchTest, ReportsEveryInvalidRecordByName) {
  v1::ImportGraphRequest batch;
  v1::Node* good = batch.add_nodes();
  good->set_name(kClaim);
  good->mutable_claim()->set_statement("ok");
  v1::Node* bad = batch.add_nodes();
  bad->set_name(kClaim2);
  bad->mutable_claim();  // statement missing
  v1::Node* unnamed = batch.add_nodes();
  unnamed->mutable_claim()->set_statement("no name");
  v1::Edge* edge = batch.add_edges();
  *edge = ValidSupports();
  edge->set_target(kStudy2);  // supports must target a claim

  std::vector<RecordError> errors = ValidateImportBatch(batch, 100);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].record, kClaim2);
  EXPECT_TRUE(IsInvalid(errors[0].status, "nodes[1].claim.statement"));
  EXPECT_EQ(errors[1].record, "nodes[2]");
  EXPECT_TRUE(IsInvalid(errors[1].status, "nodes[2].name"));
  EXPECT_EQ(errors[2].record, std::string(kStudy) + "/edges/supports/" + kStudy2);
  EXPECT_TRUE(IsInvalid(errors[2].status, "edges[0].target", "EDGE_ENDPOINT_KIND"));
}

TEST(ImportBatchTest, RecordCapCountsNodesAndEdges) {
  v1::ImportGraphRequest batch;
  for (int i = 0; i < 3; ++i) {
    v1::Node* n = batch.add_nodes();
    n->set_name("claims/c" + std::to_string(i));
    n->mutable_claim()->set_statement("s");
  }
  *batch.add_edges() = ValidSupports();
  EXPECT_TRUE(ValidateImportBatch(batch, 4).empty());
  std::vector<RecordError> errors = ValidateImportBatch(batch, 3);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(::evidencegraph::testing::IsError(
      errors[0].status, absl::StatusCode::kInvalidArgument, "BATCH_TOO_LARGE"));
}

}  // namespace
}  // namespace evidencegraph::services
