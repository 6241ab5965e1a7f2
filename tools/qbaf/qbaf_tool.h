// eg-qbaf: evaluate a quantitative bipolar argumentation framework given as
// JSON, with the same library the server uses (reasoning.md section 9).
//
// Input (stdin):
//   {"semantics": "dfquad" | "qe" | "euler",          optional, default dfquad
//    "arguments": [{"id": "a", "base": 0.5}, ...],    required; ids unique, base in [0, 1]
//    "attacks":   [["c", "a"], ...],                  optional; [attacker, target]
//    "supports":  [["b", "a"], ...]}                  optional; [supporter, target]
// Output (stdout):
//   {"strengths": {"a": 0.41, ...}, "converged": true, "iterations": 3}
//   strengths in input order; iterations = rounds of the slowest cycle, 1 for
//   an acyclic framework, 0 for an empty one.
// Any other field, a wrong type, an unknown argument in an edge, a duplicate,
// a base outside [0, 1] -> one line on stderr naming the place and exit code 2.
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_TOOLS_QBAF_QBAF_TOOL_H_
#define EVIDENCEGRAPH_TOOLS_QBAF_QBAF_TOOL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reasoning/evaluator.h"
#include "reasoning/qbaf.h"
#include "reasoning/semantics.h"
#include "tools/qbaf/json.h"

namespace evidencegraph::qbaf_tool {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 1;

struct Request {
  reasoning::Semantics semantics = reasoning::Semantics::kDfQuad;
  reasoning::Qbaf qbaf;
};

// INVALID_ARGUMENT naming the offending place ("attacks[3][1]: ...").
absl::StatusOr<Request> ParseRequest(const json::Value& document);

// The output document for an evaluation of `qbaf`.
std::string FormatResult(const reasoning::Qbaf& qbaf, const reasoning::Evaluation& evaluation);

// The whole tool minus I/O: fills `out` (stdout text) or `err` (stderr text)
// and returns the exit code.
int Run(absl::string_view input, std::string& out, std::string& err);

}  // namespace evidencegraph::qbaf_tool

#endif  // EVIDENCEGRAPH_TOOLS_QBAF_QBAF_TOOL_H_
