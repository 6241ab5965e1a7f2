// Carneades argument evaluation structures (CAES; Gordon, Prakken & Walton,
// AI 171, 2007, in the formulation of Brewka & Gordon 2010), with the proof
// standards implemented generically. The claim verdict of verdict.h is a
// simplified, numeric instance of the same idea; this module evaluates
// structured pro/con arguments with premises and exceptions exactly.
//
// Definitions
//   - A literal is a statement or its negation. Each argument has premises,
//     exceptions (literals), one conclusion literal and a weight in [0, 1].
//   - An argument is applicable iff every premise is assumed or acceptable,
//     and no exception is assumed or acceptable.
//   - A literal L is acceptable iff its proof standard holds, where "pro" are
//     the applicable arguments concluding L and "con" those concluding its
//     complement, and max() of an empty set is 0:
//       scintilla                  some pro argument
//       preponderance              max pro > max con
//       clear and convincing       max pro > alpha and max pro - max con > beta
//       beyond reasonable doubt    clear and convincing and max con < gamma
//       dialectical validity       some pro argument and no con argument
//     Literals without an assigned standard use `default_standard`.
//   - The argument graph must be acyclic (no literal depends on itself):
//     otherwise INVALID_ARGUMENT naming a literal on the cycle.
// Thread-safety: pure function. Complexity linear in the size of the input.
#ifndef EVIDENCEGRAPH_REASONING_CARNEADES_H_
#define EVIDENCEGRAPH_REASONING_CARNEADES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::reasoning::carneades {

enum class ProofStandard : int {
  kScintilla = 0,
  kPreponderance,
  kClearAndConvincing,
  kBeyondReasonableDoubt,
  kDialecticalValidity,
};

struct Literal {
  std::string statement;
  bool negated = false;

  // "intent" or "¬intent".
  std::string ToString() const;
  Literal Complement() const { return Literal{statement, !negated}; }
};

struct Argument {
  std::string id;
  std::vector<Literal> premises;
  std::vector<Literal> exceptions;
  Literal conclusion;
  double weight = 0.0;  // [0, 1]
};

struct Caes {
  std::vector<Argument> arguments;
  std::vector<Literal> assumptions;
  // Keyed by Literal::ToString(); others use default_standard.
  absl::flat_hash_map<std::string, ProofStandard> standards;
  ProofStandard default_standard = ProofStandard::kScintilla;
  double alpha = 0.4;
  double beta = 0.3;
  double gamma = 0.2;
};

struct CaesResult {
  absl::flat_hash_map<std::string, bool> acceptable;  // every literal mentioned
  absl::flat_hash_map<std::string, bool> applicable;  // by argument id

  bool IsAcceptable(const Literal& literal) const;
  bool IsApplicable(absl::string_view argument_id) const;
};

// INVALID_ARGUMENT for duplicate or empty argument ids, empty statements,
// weights or thresholds outside [0, 1] or NaN, or a cyclic argument graph.
absl::StatusOr<CaesResult> Evaluate(const Caes& caes);

}  // namespace evidencegraph::reasoning::carneades

#endif  // EVIDENCEGRAPH_REASONING_CARNEADES_H_
