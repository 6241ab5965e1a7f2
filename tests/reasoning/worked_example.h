// The worked example of reasoning.md section 7 (seed article "massage for
// runners"), built in memory. Shared by every test that needs a realistic
// evidence graph; the demo data in data/ carries the same ids and inputs.
// Thread-safety: returns a fresh value.
#ifndef EVIDENCEGRAPH_TESTS_REASONING_WORKED_EXAMPLE_H_
#define EVIDENCEGRAPH_TESTS_REASONING_WORKED_EXAMPLE_H_

#include "reasoning/evidence_graph.h"

namespace evidencegraph::reasoning::testing {

inline constexpr char kC1[] = "claims/massage-reduces-inflammation";
inline constexpr char kC2[] = "claims/massage-changes-gene-expression";
inline constexpr char kC3[] = "claims/massage-reduces-doms";
inline constexpr char kC4[] = "claims/exercise-changes-gene-expression-more";
inline constexpr char kC5[] = "claims/massage-stimulates-parasympathetic";
inline constexpr char kC6[] = "claims/massage-prevents-running-injuries";

inline constexpr char kS1[] = "studies/crane-2012";
inline constexpr char kS2[] = "studies/uci-exercise-2007";
inline constexpr char kS3[] = "studies/massage-review-2008";
inline constexpr char kS4[] = "studies/doms-massage-2005";
inline constexpr char kS5[] = "studies/miami-massage-2009";

inline constexpr char kIngraham[] = "experts/paul-ingraham";
inline constexpr char kGorski[] = "experts/david-gorski";
inline constexpr char kCrane[] = "experts/justin-crane";
inline constexpr char kRoose[] = "experts/rajam-roose";
inline constexpr char kNg[] = "experts/nick-ng";
inline constexpr char kProponents[] = "experts/massage-proponents";

inline constexpr char kCraneNegative[] = "critiques/ingraham-crane-negative";
inline constexpr char kSingleGenes[] = "critiques/gorski-single-genes";
inline constexpr char kDomsEffect[] = "critiques/ingraham-doms-effect";
inline constexpr char kPerception[] = "critiques/roose-perception";

inline constexpr char kSource[] = "sources/massage-for-runners";

EvidenceGraph WorkedExample();

}  // namespace evidencegraph::reasoning::testing

#endif  // EVIDENCEGRAPH_TESTS_REASONING_WORKED_EXAMPLE_H_
