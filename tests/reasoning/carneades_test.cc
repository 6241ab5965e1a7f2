// Carneades argument evaluation: the published example of reasoning.md
// section 8 and each proof standard.
#include "gtest/gtest.h"
#include "reasoning/carneades.h"

namespace evidencegraph::reasoning::carneades {
namespace {

Literal L(const char* s) { return Literal{s, false}; }
Literal Not(const char* s) { return Literal{s, true}; }

// Gordon, Prakken & Walton (2007): the murder example.
Caes MurderCase() {
  Caes c;
  c.arguments = {
      {"arg1", {L("kill"), L("intent")}, {}, L("murder"), 0.8},
      {"arg2", {L("witness")}, {L("unreliable")}, L("intent"), 0.3},
      {"arg3", {L("witness2")}, {L("unreliable2")}, Not("intent"), 0.8},
  };
  c.assumptions = {L("kill"), L("witness"), L("witness2"), L("unreliable2")};
  c.standards[L("intent").ToString()] = ProofStandard::kBeyondReasonableDoubt;
  c.alpha = 0.4;
  c.beta = 0.3;
  c.gamma = 0.2;
  return c;
}

TEST(CarneadesVectors, MurderExampleOnlyArg2IsApplicableAndNothingIsAcceptable) {
  auto r = Evaluate(MurderCase());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->IsApplicable("arg1"));
  EXPECT_TRUE(r->IsApplicable("arg2"));
  EXPECT_FALSE(r->IsApplicable("arg3"));  // its exception unreliable2 is assumed
  EXPECT_FALSE(r->IsAcceptable(L("intent")));
  EXPECT_FALSE(r->IsAcceptable(L("murder")));
  EXPECT_FALSE(r->IsAcceptable(Not("murder")));
}

TEST(CarneadesVectors, LoweringTheStandardOfIntentMakesMurderAcceptable) {
  Caes c = MurderCase();
  c.standards[L("intent").ToString()] = ProofStandard::kScintilla;
  auto r = Evaluate(c);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->IsAcceptable(L("intent")));
  EXPECT_TRUE(r->IsApplicable("arg1"));
  EXPECT_TRUE(r->IsAcceptable(L("murder")));
}

TEST(CarneadesStandards, EachStandardCompares) {
  // pro 0.7 and con 0.45 on "p"; thresholds alpha .4 beta .2 gamma .5.
  auto with = [](ProofStandard s) {
    Caes c;
    c.arguments = {{"pro", {}, {}, L("p"), 0.7}, {"con", {}, {}, Not("p"), 0.45}};
    c.standards[L("p").ToString()] = s;
    c.alpha = 0.4;
    c.beta = 0.2;
    c.gamma = 0.5;
    auto r = Evaluate(c);
    EXPECT_TRUE(r.ok());
    return r.ok() && r->IsAcceptable(L("p"));
  };
  EXPECT_TRUE(with(ProofStandard::kScintilla));
  EXPECT_TRUE(with(ProofStandard::kPreponderance));
  EXPECT_TRUE(with(ProofStandard::kClearAndConvincing));    // .7 > .4, .25 > .2
  EXPECT_TRUE(with(ProofStandard::kBeyondReasonableDoubt)); // con .45 < .5
  EXPECT_FALSE(with(ProofStandard::kDialecticalValidity));  // a con argument exists
}

TEST(CarneadesValidation, CyclesAndBadWeightsAreRejected) {
  Caes cycle;
  cycle.arguments = {{"a", {L("q")}, {}, L("p"), 0.5}, {"b", {L("p")}, {}, L("q"), 0.5}};
  EXPECT_EQ(Evaluate(cycle).status().code(), absl::StatusCode::kInvalidArgument);

  Caes weight;
  weight.arguments = {{"a", {}, {}, L("p"), 1.5}};
  EXPECT_EQ(Evaluate(weight).status().code(), absl::StatusCode::kInvalidArgument);

  Caes dup;
  dup.arguments = {{"a", {}, {}, L("p"), 0.5}, {"a", {}, {}, L("q"), 0.5}};
  EXPECT_EQ(Evaluate(dup).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace evidencegraph::reasoning::carneades
