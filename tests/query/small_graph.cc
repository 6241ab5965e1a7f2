#include "tests/query/small_graph.h"

namespace evidencegraph::testing {

std::string CraneSupportsGenes() {
  return EdgeNameOf("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/genes");
}
std::string CraneSupportsInflammation() {
  return EdgeNameOf("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/inflammation");
}

void AddSmallGraph(TestStore& store) {
  store.Add(
      {ClaimNode("genes", "Massage changes gene expression in muscle"),
       ClaimNode("inflammation", "Massage reduces inflammation after exercise"),
       ClaimNode("injuries", "Massage prevents running injuries"),
       ClaimNode("doms", "Massage reduces delayed onset muscle soreness"),
       StudyNode("crane", v1::STUDY_DESIGN_RCT, 11),
       StudyNode("review", v1::STUDY_DESIGN_SYSTEMATIC_REVIEW, 400),
       ExpertNode("crane", "Justin Crane"), ExpertNode("gorski", "David Gorski"),
       ExpertNode("ingraham", "Paul Ingraham"),
       CritiqueNode("single-genes", v1::CRITIQUE_KIND_WRONG_UNIT_OF_ANALYSIS),
       CritiqueNode("negative", v1::CRITIQUE_KIND_MISINTERPRETED_DATA),
       CritiqueNode("perception", v1::CRITIQUE_KIND_PLACEBO_OR_PERCEPTION),
       SourceNode("article")},
      {MakeEdge("experts/crane", v1::EDGE_KIND_AUTHORED, "studies/crane"),
       MakeEdge("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/genes"),
       MakeEdge("studies/crane", v1::EDGE_KIND_SUPPORTS, "claims/inflammation"),
       MakeEdge("studies/review", v1::EDGE_KIND_REFUTES, "claims/inflammation"),
       MakeEdge("experts/gorski", v1::EDGE_KIND_AUTHORED, "critiques/single-genes"),
       MakeEdge("experts/ingraham", v1::EDGE_KIND_AUTHORED, "critiques/negative"),
       MakeEdge("critiques/negative", v1::EDGE_KIND_TARGETS, "studies/crane",
                v1::ATTACK_TYPE_UNDERMINE),
       MakeEdge("critiques/perception", v1::EDGE_KIND_TARGETS, "claims/injuries",
                v1::ATTACK_TYPE_REBUT),
       MakeEdge("claims/doms", v1::EDGE_KIND_SPECIALISES, "claims/injuries"),
       MakeEdge("sources/article", v1::EDGE_KIND_REPORTS, "claims/genes")});
  // Undercuts target edges, which must exist first.
  store.Add({}, {MakeEdge("critiques/single-genes", v1::EDGE_KIND_TARGETS,
                          CraneSupportsGenes(), v1::ATTACK_TYPE_UNDERCUT),
                 MakeEdge("critiques/single-genes", v1::EDGE_KIND_TARGETS,
                          CraneSupportsInflammation(), v1::ATTACK_TYPE_UNDERCUT)});
}

}  // namespace evidencegraph::testing
