// Specification of the node rules of services/validation.h, table-driven:
// each case breaks one rule of a valid node and names the field it expects.
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

v1::Node ValidClaim() {
  v1::Node n;
  n.mutable_claim()->set_statement("Massage reduces inflammation after intense exercise");
  n.add_labels("running");
  return n;
}

v1::Node ValidStudy() {
  v1::Node n;
  v1::Study* s = n.mutable_study();
  s->mutable_citation()->set_title("Massage therapy attenuates inflammatory signaling");
  s->mutable_citation()->set_year(2012);
  s->set_design(v1::STUDY_DESIGN_RCT);
  s->set_sample_size(11);
  s->set_effect_size(5);
  s->set_effect_measure(v1::EFFECT_MEASURE_COUNT);
  s->set_follow_up_days(0.1);
  s->set_finding(v1::FINDING_DIRECTION_POSITIVE);
  s->mutable_grading()->set_risk_of_bias(-1);
  v1::DomainOverride* o = s->mutable_grading()->add_overrides();
  o->set_domain(v1::GRADE_DOMAIN_IMPRECISION);
  o->set_points(-1);
  o->set_reason("n=11");
  return n;
}

v1::Node ValidExpert() {
  v1::Node n;
  n.mutable_expert()->set_full_name("David Gorski");
  n.mutable_expert()->set_expertise(3);
  n.mutable_expert()->add_conflicts_of_interest("none declared");
  return n;
}

v1::Node ValidCritique() {
  v1::Node n;
  n.mutable_critique()->set_kind(v1::CRITIQUE_KIND_SMALL_SAMPLE);
  n.mutable_critique()->set_text("Eleven participants cannot carry this conclusion.");
  return n;
}

v1::Node ValidSource() {
  v1::Node n;
  n.mutable_source()->set_title("Should runners get massages?");
  return n;
}

struct NodeCase {
  const char* name;
  std::function<v1::Node()> base;
  std::function<void(v1::Node&)> mutate;
  const char* field;  // "" = expected valid
  const char* reason = "INVALID_FIELD";
};
// Test names and failure messages show the case name, not its bytes.
void PrintTo(const NodeCase& c, std::ostream* os) { *os << c.name; }


class NodeRulesTest : public ::testing::TestWithParam<NodeCase> {};

TEST_P(NodeRulesTest, ChecksOneRule) {
  const NodeCase& c = GetParam();
  v1::Node node = c.base();
  c.mutate(node);
  absl::Status status = ValidateNodeContent(node, "node");
  if (std::string(c.field).empty()) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_TRUE(IsInvalid(status, c.field, c.reason));
  }
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

INSTANTIATE_TEST_SUITE_P(
    Rules, NodeRulesTest,
    ::testing::Values(
        // Common fields.
        NodeCase{"valid_claim", ValidClaim, [](v1::Node&) {}, ""},
        NodeCase{"valid_study", ValidStudy, [](v1::Node&) {}, ""},
        NodeCase{"valid_expert", ValidExpert, [](v1::Node&) {}, ""},
        NodeCase{"valid_critique", ValidCritique, [](v1::Node&) {}, ""},
        NodeCase{"valid_source", ValidSource, [](v1::Node&) {}, ""},
        NodeCase{"payload_required", ValidClaim, [](v1::Node& n) { n.clear_payload(); },
                 "node.payload"},
        NodeCase{"title_500_ok", ValidClaim,
                 [](v1::Node& n) { n.set_display_title(std::string(500, 't')); }, ""},
        NodeCase{"title_over_500", ValidClaim,
                 [](v1::Node& n) { n.set_display_title(std::string(501, 't')); },
                 "node.display_title"},
        NodeCase{"label_charset_ok", ValidClaim,
                 [](v1::Node& n) { n.add_labels("a-b_c.d:e9"); }, ""},
        NodeCase{"label_uppercase", ValidClaim,
                 [](v1::Node& n) { n.set_labels(0, "Running"); }, "node.labels[0]"},
        NodeCase{"label_empty", ValidClaim, [](v1::Node& n) { n.add_labels(""); },
                 "node.labels[1]"},
        NodeCase{"label_too_long", ValidClaim,
                 [](v1::Node& n) { n.add_labels(std::string(64, 'a')); }, "node.labels[1]"},
        NodeCase{"label_duplicate", ValidClaim, [](v1::Node& n) { n.add_labels("running"); },
                 "node.labels[1]"},
        NodeCase{"too_many_labels", ValidClaim,
                 [](v1::Node& n) {
                   for (int i = 0; i < 64; ++i) n.add_labels("l" + std::to_string(i));
                 },
                 "node.labels"},
        // Claim.
        NodeCase{"statement_required", ValidClaim,
                 [](v1::Node& n) { n.mutable_claim()->clear_statement(); },
                 "node.claim.statement"},
        NodeCase{"statement_over_2000", ValidClaim,
                 [](v1::Node& n) { n.mutable_claim()->set_statement(std::string(2001, 's')); },
                 "node.claim.statement"},
        NodeCase{"statement_counts_code_points", ValidClaim,
                 [](v1::Node& n) {
                   std::string s;
                   for (int i = 0; i < 2000; ++i) s += "\xC3\xA9";  // 2000 x "é", 4000 bytes
                   n.mutable_claim()->set_statement(s);
                 },
                 ""},
        NodeCase{"context_over_cap", ValidClaim,
                 [](v1::Node& n) { n.mutable_claim()->set_context(std::string(10001, 'c')); },
                 "node.claim.context"},
        // Study.
        NodeCase{"citation_required", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->clear_citation(); },
                 "node.study.citation"},
        NodeCase{"citation_title_required", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_citation()->clear_title(); },
                 "node.study.citation.title"},
        NodeCase{"year_unknown_ok", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_citation()->set_year(0); }, ""},
        NodeCase{"year_1600_ok", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_citation()->set_year(1600); }, ""},
        NodeCase{"year_before_1600", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_citation()->set_year(1599); },
                 "node.study.citation.year"},
        NodeCase{"year_after_2200", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_citation()->set_year(2201); },
                 "node.study.citation.year"},
        NodeCase{"design_required", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->set_design(v1::STUDY_DESIGN_UNSPECIFIED); },
                 "node.study.design"},
        NodeCase{"design_unknown_value", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_design(static_cast<v1::StudyDesign>(99));
                 },
                 "node.study.design"},
        NodeCase{"sample_size_zero_ok", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->set_sample_size(0); }, ""},
        NodeCase{"sample_size_negative", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->set_sample_size(-1); },
                 "node.study.sample_size"},
        NodeCase{"effect_size_nan", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->set_effect_size(kNaN); },
                 "node.study.effect_size"},
        NodeCase{"effect_size_infinite", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->set_effect_size(kInf); },
                 "node.study.effect_size"},
        NodeCase{"ratio_effect_size_zero", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_effect_measure(v1::EFFECT_MEASURE_RISK_RATIO);
                   n.mutable_study()->set_effect_size(0);
                 },
                 "node.study.effect_size"},
        NodeCase{"ratio_below_one_is_fine", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_effect_measure(v1::EFFECT_MEASURE_HAZARD_RATIO);
                   n.mutable_study()->set_effect_size(0.4);
                 },
                 ""},
        NodeCase{"negative_percent_change_is_fine", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_effect_measure(v1::EFFECT_MEASURE_PERCENT_CHANGE);
                   n.mutable_study()->set_effect_size(-30);
                 },
                 ""},
        NodeCase{"odds_ratio_negative", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_effect_measure(v1::EFFECT_MEASURE_ODDS_RATIO);
                   n.mutable_study()->set_effect_size(-1.5);
                 },
                 "node.study.effect_size"},
        NodeCase{"effect_measure_unknown", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_effect_measure(static_cast<v1::EffectMeasure>(42));
                 },
                 "node.study.effect_measure"},
        NodeCase{"follow_up_negative", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->set_follow_up_days(-1); },
                 "node.study.follow_up_days"},
        NodeCase{"finding_unknown", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->set_finding(static_cast<v1::FindingDirection>(9));
                 },
                 "node.study.finding"},
        NodeCase{"risk_of_bias_minus_two_ok", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_grading()->set_risk_of_bias(-2); },
                 ""},
        NodeCase{"risk_of_bias_positive", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_grading()->set_risk_of_bias(1); },
                 "node.study.grading.risk_of_bias"},
        NodeCase{"risk_of_bias_minus_three", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_grading()->set_risk_of_bias(-3); },
                 "node.study.grading.risk_of_bias"},
        NodeCase{"inconsistency_out_of_range", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_grading()->set_inconsistency(-3); },
                 "node.study.grading.inconsistency"},
        NodeCase{"publication_bias_out_of_range", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->mutable_grading()->set_publication_bias(-2);
                 },
                 "node.study.grading.publication_bias"},
        NodeCase{"large_effect_out_of_range", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_grading()->set_large_effect(3); },
                 "node.study.grading.large_effect"},
        NodeCase{"pooled_studies_negative", ValidStudy,
                 [](v1::Node& n) { n.mutable_study()->mutable_grading()->set_pooled_studies(-1); },
                 "node.study.grading.pooled_studies"},
        NodeCase{"override_domain_required", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->mutable_grading()->mutable_overrides(0)->set_domain(
                       v1::GRADE_DOMAIN_UNSPECIFIED);
                 },
                 "node.study.grading.overrides[0].domain"},
        NodeCase{"override_points_outside_domain_range", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->mutable_grading()->mutable_overrides(0)->set_points(1);
                 },
                 "node.study.grading.overrides[0].points"},
        NodeCase{"override_reason_required", ValidStudy,
                 [](v1::Node& n) {
                   n.mutable_study()->mutable_grading()->mutable_overrides(0)->clear_reason();
                 },
                 "node.study.grading.overrides[0].reason"},
        NodeCase{"override_domain_twice", ValidStudy,
                 [](v1::Node& n) {
                   auto* g = n.mutable_study()->mutable_grading();
                   *g->add_overrides() = g->overrides(0);
                 },
                 "node.study.grading.overrides[1].domain"},
        // Expert.
        NodeCase{"full_name_required", ValidExpert,
                 [](v1::Node& n) { n.mutable_expert()->clear_full_name(); },
                 "node.expert.full_name"},
        NodeCase{"expertise_4_ok", ValidExpert,
                 [](v1::Node& n) { n.mutable_expert()->set_expertise(4); }, ""},
        NodeCase{"expertise_above_4", ValidExpert,
                 [](v1::Node& n) { n.mutable_expert()->set_expertise(5); },
                 "node.expert.expertise"},
        NodeCase{"expertise_negative", ValidExpert,
                 [](v1::Node& n) { n.mutable_expert()->set_expertise(-1); },
                 "node.expert.expertise"},
        NodeCase{"conflict_entry_empty", ValidExpert,
                 [](v1::Node& n) { n.mutable_expert()->set_conflicts_of_interest(0, ""); },
                 "node.expert.conflicts_of_interest[0]"},
        // Critique.
        NodeCase{"critique_kind_required", ValidCritique,
                 [](v1::Node& n) {
                   n.mutable_critique()->set_kind(v1::CRITIQUE_KIND_UNSPECIFIED);
                 },
                 "node.critique.kind"},
        NodeCase{"critique_text_required", ValidCritique,
                 [](v1::Node& n) { n.mutable_critique()->clear_text(); },
                 "node.critique.text"},
        NodeCase{"critique_text_over_5000", ValidCritique,
                 [](v1::Node& n) { n.mutable_critique()->set_text(std::string(5001, 'k')); },
                 "node.critique.text"},
        // Source.
        NodeCase{"source_title_required", ValidSource,
                 [](v1::Node& n) { n.mutable_source()->clear_title(); },
                 "node.source.title"},
        NodeCase{"source_published_over_cap", ValidSource,
                 [](v1::Node& n) { n.mutable_source()->set_published(std::string(101, '1')); },
                 "node.source.published"}),
    [](const ::testing::TestParamInfo<NodeCase>& info) { return std::string(info.param.name); });

TEST(NamedNodeTest, NameIsRequiredAndParsed) {
  v1::Node node = ValidClaim();
  EXPECT_TRUE(IsInvalid(ValidateNamedNode(node, "nodes[2]"), "nodes[2].name"));
  node.set_name("claims/Not_Valid");
  EXPECT_TRUE(IsInvalid(ValidateNamedNode(node, "nodes[2]"), "nodes[2].name"));
  node.set_name("claims/ok-1");
  EXPECT_TRUE(ValidateNamedNode(node, "nodes[2]").ok());
}

TEST(NamedNodeTest, CollectionMustMatchThePayload) {
  v1::Node node = ValidClaim();
  node.set_name("studies/crane-2012");
  EXPECT_TRUE(IsInvalid(ValidateNamedNode(node, "n"), "n.name", "KIND_MISMATCH"));
}

TEST(NamedNodeTest, ContentRulesApplyWithThePrefix) {
  v1::Node node = ValidClaim();
  node.set_name("claims/x");
  node.mutable_claim()->clear_statement();
  EXPECT_TRUE(IsInvalid(ValidateNamedNode(node, "nodes[0]"), "nodes[0].claim.statement"));
}

TEST(ResolveCreateNodeNameTest, NodeIdBuildsTheName) {
  EXPECT_EQ(*ResolveCreateNodeName(ValidClaim(), "my-claim", ""), "claims/my-claim");
  EXPECT_EQ(*ResolveCreateNodeName(ValidStudy(), "crane-2012", ""), "studies/crane-2012");
}

TEST(ResolveCreateNodeNameTest, NeitherGivenMeansGenerate) {
  EXPECT_EQ(*ResolveCreateNodeName(ValidClaim(), "", ""), "");
}

TEST(ResolveCreateNodeNameTest, NameAloneIsAccepted) {
  v1::Node node = ValidExpert();
  node.set_name("experts/gorski");
  EXPECT_EQ(*ResolveCreateNodeName(node, "", ""), "experts/gorski");
}

TEST(ResolveCreateNodeNameTest, InvalidIdsAreRejected) {
  for (const char* id : {"Upper", "-lead", "has space", "under_score",
                         "a234567890123456789012345678901234567890123456789012345678901234"}) {
    EXPECT_TRUE(IsInvalid(ResolveCreateNodeName(ValidClaim(), id, "").status(), "node_id"))
        << id;
  }
  EXPECT_TRUE(IsInvalid(
      ResolveCreateNodeName(ValidClaim(), "Bad", "operations[1].create_node.").status(),
      "operations[1].create_node.node_id"));
}

TEST(ResolveCreateNodeNameTest, NameMustAgreeWithNodeIdAndPayload) {
  v1::Node node = ValidClaim();
  node.set_name("claims/other");
  EXPECT_TRUE(IsInvalid(ResolveCreateNodeName(node, "mine", "").status(), "node.name"));
  node.set_name("studies/mine");
  EXPECT_TRUE(
      IsInvalid(ResolveCreateNodeName(node, "mine", "").status(), "node.name", "KIND_MISMATCH"));
}

TEST(ResolveCreateNodeNameTest, PayloadIsRequired) {
  v1::Node node;
  EXPECT_TRUE(IsInvalid(ResolveCreateNodeName(node, "x", "").status(), "node.payload"));
}

TEST(LabelTest, RulesOfOneLabel) {
  EXPECT_TRUE(ValidateLabel("inflammation", "label").ok());
  EXPECT_TRUE(ValidateLabel("grade:low", "label").ok());
  EXPECT_TRUE(IsInvalid(ValidateLabel("", "label"), "label"));
  EXPECT_TRUE(IsInvalid(ValidateLabel("a b", "label"), "label"));
  EXPECT_TRUE(IsInvalid(ValidateLabel(std::string(64, 'x'), "label"), "label"));
}

TEST(IdempotencyKeyTest, EmptyOrPrintableAsciiUpTo128) {
  EXPECT_TRUE(ValidateIdempotencyKey("", "request_id").ok());
  EXPECT_TRUE(ValidateIdempotencyKey("retry-7f", "request_id").ok());
  EXPECT_TRUE(IsInvalid(ValidateIdempotencyKey(std::string(129, 'r'), "request_id"),
                        "request_id"));
  EXPECT_TRUE(IsInvalid(ValidateIdempotencyKey("tab\there", "request_id"), "request_id"));
}

}  // namespace
}  // namespace evidencegraph::services
