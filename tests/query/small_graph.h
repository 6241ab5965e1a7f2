// The small hand-made graph the query unit tests share: a slice of the
// massage example, with one undermine, two undercuts and one rebuttal.
//
//   experts/crane   -authored-> studies/crane
//   studies/crane   -supports-> claims/genes, claims/inflammation
//   studies/review  -refutes->  claims/inflammation
//   experts/gorski  -authored-> critiques/single-genes
//   critiques/single-genes -targets(undercut)-> crane->genes, crane->inflammation
//   experts/ingraham -authored-> critiques/negative
//   critiques/negative -targets(undermine)-> studies/crane
//   critiques/perception -targets(rebut)-> claims/injuries
//   claims/doms -specialises-> claims/injuries
//   sources/article -reports-> claims/genes
#ifndef EVIDENCEGRAPH_TESTS_QUERY_SMALL_GRAPH_H_
#define EVIDENCEGRAPH_TESTS_QUERY_SMALL_GRAPH_H_

#include <string>

#include "tests/query/test_graph.h"

namespace evidencegraph::testing {

// Edge names used by the tests.
std::string CraneSupportsGenes();
std::string CraneSupportsInflammation();

// Fills `store` with the graph above.
void AddSmallGraph(TestStore& store);

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_QUERY_SMALL_GRAPH_H_
