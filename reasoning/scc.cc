#include "reasoning/scc.h"

#include <algorithm>
#include <utility>

namespace evidencegraph::reasoning {

SccResult StronglyConnectedComponents(absl::Span<const int> out_offsets,
                                      absl::Span<const int> out_targets) {
  const int n = out_offsets.empty() ? 0 : static_cast<int>(out_offsets.size()) - 1;
  SccResult result;
  result.component_of.assign(n, -1);

  std::vector<int> index(n, -1);
  std::vector<int> low(n, 0);
  std::vector<unsigned char> on_stack(n, 0);
  std::vector<int> tarjan_stack;
  // Explicit call stack: (node, position of the next successor to visit).
  std::vector<std::pair<int, int>> calls;
  int next_index = 0;
  int tarjan_components = 0;  // numbered in completion order: sinks first

  for (int root = 0; root < n; ++root) {
    if (index[root] != -1) continue;
    index[root] = low[root] = next_index++;
    tarjan_stack.push_back(root);
    on_stack[root] = 1;
    calls.emplace_back(root, out_offsets[root]);
    while (!calls.empty()) {
      auto& [v, pos] = calls.back();
      if (pos < out_offsets[v + 1]) {
        int w = out_targets[pos++];
        if (index[w] == -1) {
          index[w] = low[w] = next_index++;
          tarjan_stack.push_back(w);
          on_stack[w] = 1;
          calls.emplace_back(w, out_offsets[w]);  // may invalidate v/pos
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      int done = v;
      calls.pop_back();
      if (low[done] == index[done]) {
        int w;
        do {
          w = tarjan_stack.back();
          tarjan_stack.pop_back();
          on_stack[w] = 0;
          result.component_of[w] = tarjan_components;
        } while (w != done);
        ++tarjan_components;
      }
      if (!calls.empty()) {
        int parent = calls.back().first;
        low[parent] = std::min(low[parent], low[done]);
      }
    }
  }

  // Tarjan completes a component after everything reachable from it, so
  // reversing the completion order gives a topological order.
  result.num_components = tarjan_components;
  for (int& c : result.component_of) c = tarjan_components - 1 - c;

  result.offsets.assign(tarjan_components + 1, 0);
  for (int v = 0; v < n; ++v) ++result.offsets[result.component_of[v] + 1];
  for (int c = 0; c < tarjan_components; ++c) {
    result.offsets[c + 1] += result.offsets[c];
  }
  result.members.resize(n);
  std::vector<int> fill(result.offsets.begin(), result.offsets.end() - 1);
  for (int v = 0; v < n; ++v) result.members[fill[result.component_of[v]]++] = v;

  result.cyclic.assign(tarjan_components, 0);
  for (int c = 0; c < tarjan_components; ++c) {
    if (result.offsets[c + 1] - result.offsets[c] > 1) result.cyclic[c] = 1;
  }
  for (int v = 0; v < n; ++v) {
    for (int p = out_offsets[v]; p < out_offsets[v + 1]; ++p) {
      if (out_targets[p] == v) result.cyclic[result.component_of[v]] = 1;
    }
  }
  return result;
}

}  // namespace evidencegraph::reasoning
