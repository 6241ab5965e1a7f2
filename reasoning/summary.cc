#include "reasoning/summary.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace evidencegraph::reasoning {
namespace {

std::string JoinWithAnd(const std::vector<std::string>& parts) {
  if (parts.empty()) return "";
  if (parts.size() == 1) return parts[0];
  std::vector<std::string> head(parts.begin(), parts.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " and ", parts.back());
}

absl::string_view VerdictPhrase(Verdict v) {
  switch (v) {
    case Verdict::kHolds: return "holds";
    case Verdict::kDoesNotHold: return "does not hold";
    case Verdict::kContested: return "is contested";
    case Verdict::kInsufficientEvidence: return "lacks sufficient evidence";
  }
  return "cannot be judged";
}

// What an item is, in words: "Crane et al. 2012", "the assertion of X", ...
std::string ItemPhrase(const ExplanationItem& item) {
  switch (item.kind) {
    case ArgumentKind::kAssertion:
      return absl::StrCat("the assertion of ", item.label);
    case ArgumentKind::kCritique:
      return absl::StrCat("the critique ", item.label, " by ",
                          item.authors.empty() ? std::string("an unattributed critic")
                                               : JoinWithAnd(item.authors),
                          " (", CritiqueKindWords(item.critique_kind), ")");
    case ArgumentKind::kRelation:
      return absl::StrCat(item.pro ? "the support carried over from \"" : "the counterexample \"",
                          item.label, "\"");
    default:
      return item.label;
  }
}

// The weakening grading domains of an evidence item, without their signs:
// "imprecision: n=11 < 400; indirectness: surrogate outcome".
std::string Weaknesses(const ExplanationItem& item) {
  if (!item.grade.has_value()) return "";
  std::vector<std::string> parts;
  for (const GradeAdjustment& a : item.grade->adjustments) {
    if (a.points >= 0 || a.domain == GradeDomain::kDesign) continue;
    absl::string_view text = a.reason;
    size_t space = text.find(' ');
    if (space != absl::string_view::npos) text.remove_prefix(space + 1);
    parts.emplace_back(text);
    if (parts.size() == 3) break;
  }
  return absl::StrJoin(parts, "; ");
}

std::string DescribeSide(const std::vector<ExplanationItem>& items, bool pro) {
  if (items.empty()) {
    return pro ? "Nothing in the graph supports it." : "Nothing in the graph argues against it.";
  }
  const ExplanationItem& top = items.front();
  std::string s = absl::StrCat(
      pro ? (items.size() == 1 ? "Its only support, " : "Its strongest support, ")
          : (items.size() == 1 ? "The only argument against it, "
                               : "The strongest argument against it, "),
      ItemPhrase(top));
  if (top.kind == ArgumentKind::kRelation) {
    // A transfer has no base score of its own: say what it weighs.
    absl::StrAppendFormat(&s, " weighs %.2f", top.strength);
    if (items.size() > 1) {
      absl::StrAppend(&s, ", with ", items.size() - 1, " more ",
                      items.size() == 2 ? "item" : "items", pro ? " for it" : " against it");
    }
    return absl::StrCat(s, ".");
  }
  std::string weak = Weaknesses(top);
  absl::StrAppendFormat(&s, ", started at %.2f", top.base);
  if (!weak.empty()) absl::StrAppend(&s, " (", weak, ")");
  if (!top.critiques.empty() && top.strength < top.base - 0.005) {
    absl::StrAppendFormat(&s, " and fell to %.2f under critiques by %s", top.strength,
                          CritiqueAuthorsPhrase(top.critiques));
  } else if (!top.critiques.empty()) {
    absl::StrAppendFormat(&s, " and held at %.2f despite critiques by %s", top.strength,
                          CritiqueAuthorsPhrase(top.critiques));
  } else {
    absl::StrAppendFormat(&s, " and stands unchallenged at %.2f", top.strength);
  }
  if (items.size() > 1) {
    absl::StrAppend(&s, ", with ", items.size() - 1, " more ",
                    items.size() == 2 ? "item" : "items", pro ? " for it" : " against it");
  }
  absl::StrAppend(&s, ".");
  return s;
}

std::string Decisive(const ClaimExplanation& e) {
  const ContributionItem* best = nullptr;
  for (const ContributionItem& c : e.contributions) {
    if (!c.removal_computed) continue;
    if (best == nullptr || std::fabs(c.removal) > std::fabs(best->removal)) best = &c;
  }
  if (best == nullptr || std::fabs(best->removal) < 0.005) return "";
  return absl::StrFormat(
      "The most decisive item is %s (%s): without it the strength would be %.2f instead "
      "of %.2f.",
      best->label, ArgumentKindWords(best->kind), e.strength - best->removal, e.strength);
}

}  // namespace

std::string CritiqueAuthorsPhrase(const std::vector<CritiqueHit>& hits) {
  std::vector<std::string> parts;
  for (const CritiqueHit& h : hits) {
    std::string who = h.authors.empty() ? std::string("an unattributed critic")
                                        : JoinWithAnd(h.authors);
    parts.push_back(absl::StrCat(who, " (", CritiqueKindWords(h.kind), ")"));
  }
  return JoinWithAnd(parts);
}

std::string Summarize(const ClaimExplanation& e) {
  std::string first = absl::StrFormat(
      "\"%s\" %s (strength %.2f; evidence for %.2f, against %.2f",
      e.statement.empty() ? e.claim : e.statement, VerdictPhrase(e.verdict), e.strength,
      e.pro, e.con);
  if (e.certainty != CertaintyLevel::kNone) {
    absl::StrAppend(&first, "; ", CertaintyWords(e.certainty), " certainty");
  }
  if (e.unstable) absl::StrAppend(&first, "; the evaluation did not converge");
  absl::StrAppend(&first, ").");

  std::vector<std::string> sentences = {first, DescribeSide(e.evidence_for, true),
                                        DescribeSide(e.evidence_against, false)};
  if (e.what_if.has_value()) {
    const WhatIfOutcome& w = *e.what_if;
    sentences.push_back(absl::StrFormat(
        "Without %s the verdict %s %s (strength %.2f, baseline %.2f).",
        JoinWithAnd(w.removals),
        w.baseline_verdict == e.verdict ? "stays" : "changes from",
        w.baseline_verdict == e.verdict
            ? std::string(VerdictWords(e.verdict))
            : absl::StrCat(VerdictWords(w.baseline_verdict), " to ", VerdictWords(e.verdict)),
        e.strength, w.baseline_strength));
  } else {
    std::string d = Decisive(e);
    if (!d.empty()) sentences.push_back(std::move(d));
  }
  return absl::StrJoin(sentences, " ");
}

}  // namespace evidencegraph::reasoning
