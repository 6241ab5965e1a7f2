// Summary: 2-4 plain sentences a journalist can quote, built from a finished
// ClaimExplanation.
//
//   1. the verdict, the strength, P vs N and the certainty;
//   2. the strongest support: what it is, why it is weak or strong (its
//      negative grading domains), and how far the critiques (by author and
//      kind) pulled it down;
//   3. the strongest argument against, with who made it when it is a critique;
//   4. the most decisive item by removal contribution ("without it the
//      strength would be ..."), or, for a what-if request, the change from the
//      baseline verdict.
// Thread-safety: pure function.
#ifndef EVIDENCEGRAPH_REASONING_SUMMARY_H_
#define EVIDENCEGRAPH_REASONING_SUMMARY_H_

#include <string>
#include <vector>

#include "reasoning/explain.h"

namespace evidencegraph::reasoning {

std::string Summarize(const ClaimExplanation& explanation);

// "David Gorski (wrong unit of analysis) and Paul Ingraham (misinterpreted
// data)": who made the critiques, for summaries and captions.
std::string CritiqueAuthorsPhrase(const std::vector<CritiqueHit>& hits);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_SUMMARY_H_
