#include "reasoning/carneades.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace evidencegraph::reasoning::carneades {
namespace {

bool InUnit(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

bool StandardHolds(ProofStandard standard, const std::vector<double>& pro,
                   const std::vector<double>& con, const Caes& caes) {
  double max_pro = 0.0, max_con = 0.0;
  for (double w : pro) max_pro = std::max(max_pro, w);
  for (double w : con) max_con = std::max(max_con, w);
  bool clear = max_pro > caes.alpha && max_pro - max_con > caes.beta;
  switch (standard) {
    case ProofStandard::kScintilla: return !pro.empty();
    case ProofStandard::kPreponderance: return max_pro > max_con;
    case ProofStandard::kClearAndConvincing: return clear;
    case ProofStandard::kBeyondReasonableDoubt: return clear && max_con < caes.gamma;
    case ProofStandard::kDialecticalValidity: return !pro.empty() && con.empty();
  }
  return false;
}

}  // namespace

std::string Literal::ToString() const {
  return negated ? absl::StrCat("¬", statement) : statement;
}

bool CaesResult::IsAcceptable(const Literal& literal) const {
  auto it = acceptable.find(literal.ToString());
  return it != acceptable.end() && it->second;
}

bool CaesResult::IsApplicable(absl::string_view argument_id) const {
  auto it = applicable.find(argument_id);
  return it != applicable.end() && it->second;
}

absl::StatusOr<CaesResult> Evaluate(const Caes& caes) {
  if (!InUnit(caes.alpha) || !InUnit(caes.beta) || !InUnit(caes.gamma)) {
    return InvalidField("alpha/beta/gamma", "must be numbers in [0, 1]");
  }
  // Literal ids: every literal mentioned, and its complement.
  absl::flat_hash_map<std::string, int> literal_id;
  std::vector<Literal> literals;
  auto intern = [&](const Literal& l) {
    auto [it, added] = literal_id.emplace(l.ToString(), static_cast<int>(literals.size()));
    if (added) literals.push_back(l);
    return it->second;
  };
  absl::flat_hash_set<std::string> ids;
  for (size_t i = 0; i < caes.arguments.size(); ++i) {
    const Argument& a = caes.arguments[i];
    std::string field = absl::StrCat("arguments[", i, "]");
    if (a.id.empty() || !ids.insert(a.id).second) {
      return InvalidField(absl::StrCat(field, ".id"), "must be non-empty and unique");
    }
    if (!InUnit(a.weight)) {
      return InvalidField(absl::StrCat("argument \"", a.id, "\" weight"), "must be in [0, 1]");
    }
    for (const std::vector<Literal>* list : {&a.premises, &a.exceptions}) {
      for (const Literal& l : *list) {
        if (l.statement.empty()) {
          return InvalidField(absl::StrCat("argument \"", a.id, "\""), "has an empty statement");
        }
        intern(l);
        intern(l.Complement());
      }
    }
    if (a.conclusion.statement.empty()) {
      return InvalidField(absl::StrCat("argument \"", a.id, "\" conclusion"), "is empty");
    }
    intern(a.conclusion);
    intern(a.conclusion.Complement());
  }
  absl::flat_hash_set<std::string> assumed;
  for (const Literal& l : caes.assumptions) {
    intern(l);
    intern(l.Complement());
    assumed.insert(l.ToString());
  }

  // Dependency graph: nodes [0, L) literals, [L, L + A) arguments.
  const int num_literals = static_cast<int>(literals.size());
  const int n = num_literals + static_cast<int>(caes.arguments.size());
  std::vector<std::vector<int>> deps(n);
  std::vector<std::vector<int>> pro(num_literals);  // argument indices concluding it
  for (size_t i = 0; i < caes.arguments.size(); ++i) {
    const Argument& a = caes.arguments[i];
    int node = num_literals + static_cast<int>(i);
    for (const Literal& l : a.premises) deps[node].push_back(literal_id.at(l.ToString()));
    for (const Literal& l : a.exceptions) deps[node].push_back(literal_id.at(l.ToString()));
    int c = literal_id.at(a.conclusion.ToString());
    int nc = literal_id.at(a.conclusion.Complement().ToString());
    pro[c].push_back(static_cast<int>(i));
    deps[c].push_back(node);
    deps[nc].push_back(node);
  }

  // Iterative post-order DFS; a grey node met again closes a cycle.
  std::vector<unsigned char> colour(n, 0);  // 0 white, 1 grey, 2 black
  std::vector<int> order;
  order.reserve(n);
  std::vector<std::pair<int, size_t>> stack;
  for (int root = 0; root < n; ++root) {
    if (colour[root] != 0) continue;
    stack.emplace_back(root, 0);
    colour[root] = 1;
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next < deps[v].size()) {
        int w = deps[v][next++];
        if (colour[w] == 1) {
          int lit = w < num_literals ? w : v;
          std::string where = lit < num_literals
                                  ? absl::StrCat("statement \"", literals[lit].ToString(), "\"")
                                  : absl::StrCat("argument \"", caes.arguments[w - num_literals].id, "\"");
          return InvalidField(where, "depends on itself: Carneades arguments must be acyclic");
        }
        if (colour[w] == 0) {
          colour[w] = 1;
          stack.emplace_back(w, 0);  // invalidates v/next; loop re-reads back()
        }
        continue;
      }
      colour[v] = 2;
      order.push_back(v);
      stack.pop_back();
    }
  }

  std::vector<unsigned char> acceptable(num_literals, 0), applicable(caes.arguments.size(), 0);
  auto holds = [&](const Literal& l) {
    return assumed.contains(l.ToString()) || acceptable[literal_id.at(l.ToString())];
  };
  for (int v : order) {
    if (v >= num_literals) {
      const Argument& a = caes.arguments[v - num_literals];
      bool ok = std::all_of(a.premises.begin(), a.premises.end(), holds) &&
                std::none_of(a.exceptions.begin(), a.exceptions.end(), holds);
      applicable[v - num_literals] = ok;
      continue;
    }
    int complement = literal_id.at(literals[v].Complement().ToString());
    std::vector<double> pro_w, con_w;
    for (int a : pro[v]) {
      if (applicable[a]) pro_w.push_back(caes.arguments[a].weight);
    }
    for (int a : pro[complement]) {
      if (applicable[a]) con_w.push_back(caes.arguments[a].weight);
    }
    auto it = caes.standards.find(literals[v].ToString());
    ProofStandard standard = it == caes.standards.end() ? caes.default_standard : it->second;
    acceptable[v] = StandardHolds(standard, pro_w, con_w, caes);
  }

  CaesResult result;
  for (int l = 0; l < num_literals; ++l) {
    result.acceptable.emplace(literals[l].ToString(), acceptable[l] != 0);
  }
  for (size_t i = 0; i < caes.arguments.size(); ++i) {
    result.applicable.emplace(caes.arguments[i].id, applicable[i] != 0);
  }
  return result;
}

}  // namespace evidencegraph::reasoning::carneades
