// Cones of a Qbaf: what an argument depends on (ancestors) and what depends
// on a set of arguments (downstream), as the component lists the evaluator
// takes. This is what lets a what-if or a contribution recompute only the
// part of the graph a change can reach.
//
// ConeWalker keeps its scratch arrays between calls (epoch-stamped), so the
// hot loops of contribution computations allocate nothing per walk.
// Thread-safety: a ConeWalker is single-threaded; make one per thread.
// Ownership: borrows the Qbaf, which must outlive the walker.
#ifndef EVIDENCEGRAPH_REASONING_CONE_H_
#define EVIDENCEGRAPH_REASONING_CONE_H_

#include <vector>

#include "absl/types/span.h"
#include "reasoning/qbaf.h"

namespace evidencegraph::reasoning {

class ConeWalker {
 public:
  explicit ConeWalker(const Qbaf& qbaf);

  // `target` and every argument with a path of edges to it.
  std::vector<int> Ancestors(int target);

  // Every argument reachable from `seeds` (seeds included), restricted to
  // arguments with within[a] != 0 (pass an empty vector for no restriction).
  std::vector<int> Downstream(absl::Span<const int> seeds,
                              const std::vector<unsigned char>& within);

  // Sorted, distinct component ids of `arguments`: the evaluation order.
  std::vector<int> Components(absl::Span<const int> arguments);

 private:
  void NextEpoch();

  const Qbaf& qbaf_;
  std::vector<unsigned> stamp_;
  std::vector<unsigned> component_stamp_;
  unsigned epoch_ = 0;
  std::vector<int> queue_;
};

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_CONE_H_
