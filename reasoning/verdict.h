// Verdict: Carneades-style proof standards on a claim's pro and con
// arguments (reasoning.md section 5).
//
//   P = 1 - prod(1 - s) over the claim's pro arguments, N likewise over con
//   (the DF-QuAD aggregation, used for the verdict whatever the semantics, so
//   alpha and beta always mean the same thing). In order:
//   1. holds                 P >= alpha and P - N >= beta
//   2. does not hold         N - P >= beta; or P < alpha and the claim offered
//                            something (a pro argument with tau > 0, or a
//                            transfer with strength > 0) and every pro argument
//                            lost at least half its tau to attacks (burden of
//                            proof not met; a transfer cannot be attacked, so
//                            one with strength > 0 never counts as defeated)
//   3. contested             P >= alpha and N >= alpha
//   4. insufficient evidence otherwise
//   An unstable evaluation caps "holds" / "does not hold" at "contested".
// Thread-safety: pure functions.
#ifndef EVIDENCEGRAPH_REASONING_VERDICT_H_
#define EVIDENCEGRAPH_REASONING_VERDICT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::reasoning {

enum class Verdict : int {
  kHolds = 0,
  kDoesNotHold = 1,
  kContested = 2,
  kInsufficientEvidence = 3,
};

// "holds", "does not hold", "contested", "insufficient evidence".
absl::string_view VerdictWords(Verdict verdict);

// Proof-standard thresholds; request parameters, echoed in every answer.
struct VerdictThresholds {
  double alpha = 0.4;  // minimum P (and N for "contested")
  double beta = 0.2;   // minimum margin between P and N
};

// INVALID_ARGUMENT unless both are finite and in [0, 1].
absl::Status ValidateThresholds(const VerdictThresholds& thresholds);

// One argument bearing directly on the claim.
struct SideArgument {
  double base = 0.0;      // tau (0 for transfers)
  double strength = 0.0;  // sigma
  bool transfer = false;  // a claim-relation transfer (never attacked)
};

enum class WinningSide : int { kNone = 0, kPro = 1, kCon = 2 };

struct VerdictOutcome {
  Verdict verdict = Verdict::kInsufficientEvidence;
  double pro = 0.0;  // P
  double con = 0.0;  // N
  WinningSide winner = WinningSide::kNone;
  bool burden_not_met = false;     // "does not hold" came from rule 2b
  bool capped_as_unstable = false; // the uncapped verdict was holds/does not hold
  std::string rule;                // the rule that fired, with its numbers
};

VerdictOutcome DecideVerdict(const std::vector<SideArgument>& pro,
                             const std::vector<SideArgument>& con, bool unstable,
                             const VerdictThresholds& thresholds);

}  // namespace evidencegraph::reasoning

#endif  // EVIDENCEGRAPH_REASONING_VERDICT_H_
