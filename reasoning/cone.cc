#include "reasoning/cone.h"

#include <algorithm>

namespace evidencegraph::reasoning {

ConeWalker::ConeWalker(const Qbaf& qbaf)
    : qbaf_(qbaf),
      stamp_(qbaf.num_arguments(), 0),
      component_stamp_(qbaf.num_components(), 0) {}

void ConeWalker::NextEpoch() {
  if (++epoch_ == 0) {  // wrapped: clear and start again
    std::fill(stamp_.begin(), stamp_.end(), 0);
    std::fill(component_stamp_.begin(), component_stamp_.end(), 0);
    epoch_ = 1;
  }
}

std::vector<int> ConeWalker::Ancestors(int target) {
  NextEpoch();
  queue_.clear();
  queue_.push_back(target);
  stamp_[target] = epoch_;
  for (size_t head = 0; head < queue_.size(); ++head) {
    for (int u : qbaf_.incoming_from(queue_[head])) {
      if (stamp_[u] != epoch_) {
        stamp_[u] = epoch_;
        queue_.push_back(u);
      }
    }
  }
  return queue_;
}

std::vector<int> ConeWalker::Downstream(absl::Span<const int> seeds,
                                        const std::vector<unsigned char>& within) {
  NextEpoch();
  queue_.clear();
  auto allowed = [&](int a) { return within.empty() || within[a] != 0; };
  for (int s : seeds) {
    if (allowed(s) && stamp_[s] != epoch_) {
      stamp_[s] = epoch_;
      queue_.push_back(s);
    }
  }
  for (size_t head = 0; head < queue_.size(); ++head) {
    for (int e : qbaf_.outgoing(queue_[head])) {
      int v = qbaf_.edge(e).to;
      if (allowed(v) && stamp_[v] != epoch_) {
        stamp_[v] = epoch_;
        queue_.push_back(v);
      }
    }
  }
  return queue_;
}

std::vector<int> ConeWalker::Components(absl::Span<const int> arguments) {
  NextEpoch();
  std::vector<int> out;
  for (int a : arguments) {
    int c = qbaf_.component_of(a);
    if (component_stamp_[c] != epoch_) {
      component_stamp_[c] = epoch_;
      out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace evidencegraph::reasoning
