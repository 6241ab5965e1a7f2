#!/usr/bin/python3
"""A fact-checker's session with EvidenceGraph.

Records a claim, two studies (one for, one against), an expert's critique of
the supporting study, then asks: does the claim hold, and why? And what if the
critique were left out? The explanation's picture is saved as Graphviz DOT.

    /usr/bin/python3 clients/python/examples/fact_check.py --addr 127.0.0.1:50051 --dot claim.dot
    dot -Tsvg claim.dot > claim.svg
"""
import argparse
import os
import secrets
import sys
from dataclasses import dataclass

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from evidencegraph import Client, pb  # noqa: E402


@dataclass
class FactCheck:
    """What run() created and learnt."""
    claim: str
    supporting_study: str
    refuting_study: str
    expert: str
    critique: str
    targets_edge: str
    explanation: object   # pb.ClaimExplanation with everything present
    what_if: object       # pb.ClaimExplanation without the critique
    dot_path: str


def verdict_name(value):
    return pb.Verdict.Name(value).removeprefix("VERDICT_").replace("_", " ").lower()


def record_evidence(eg: Client, suffix: str):
    """Creates the claim, the studies, the expert and the critique, with their edges."""
    claim = eg.create_node(pb.Node(
        display_title="Foam rolling speeds recovery",
        labels=["foam-rolling", "recovery"],
        claim=pb.Claim(statement="Foam rolling after hard exercise speeds the recovery of "
                                 "muscle strength.",
                       context="Recreational athletes, 24-72 h after eccentric exercise.")),
        node_id=f"foam-rolling-speeds-recovery-{suffix}")
    pro = eg.create_node(pb.Node(
        display_title="Small crossover trial (n=16)",
        study=pb.Study(
            citation=pb.Citation(title="Foam rolling and strength recovery after squats",
                                 venue="Journal of Example Sport Science", year=2015),
            design=pb.STUDY_DESIGN_RCT, population="16 trained men", sample_size=16,
            outcome="maximal voluntary contraction at 48 h", effect_size=8.0,
            effect_measure=pb.EFFECT_MEASURE_PERCENT_CHANGE, follow_up_days=3,
            finding=pb.FINDING_DIRECTION_POSITIVE)),
        node_id=f"foam-rolling-trial-{suffix}")
    con = eg.create_node(pb.Node(
        display_title="Systematic review of 21 trials",
        study=pb.Study(
            citation=pb.Citation(title="Foam rolling for recovery: a systematic review",
                                 venue="Example Reviews in Sport Medicine", year=2019),
            design=pb.STUDY_DESIGN_SYSTEMATIC_REVIEW, population="21 trials, 450 participants",
            sample_size=450, outcome="strength recovery", follow_up_days=3,
            finding=pb.FINDING_DIRECTION_NULL,
            grading=pb.StudyGrading(pooled_studies=21))),
        node_id=f"foam-rolling-review-{suffix}")
    eg.create_edge(pb.Edge(source=pro.name, kind=pb.EDGE_KIND_SUPPORTS, target=claim.name,
                           note="8% more strength at 48 h"))
    eg.create_edge(pb.Edge(source=con.name, kind=pb.EDGE_KIND_REFUTES, target=claim.name,
                           note="no effect on strength recovery across 21 trials"))
    expert = eg.create_node(pb.Node(
        expert=pb.Expert(full_name="Dana Reviewer", credentials="PhD",
                         affiliation="Example Institute of Sport", field="exercise physiology",
                         expertise=3)),
        node_id=f"dana-reviewer-{suffix}")
    critique = eg.create_node(pb.Node(
        display_title="Sixteen men cannot show an 8% effect",
        critique=pb.Critique(kind=pb.CRITIQUE_KIND_SMALL_SAMPLE, substantiated=True,
                             text="With 16 participants the confidence interval of an 8% "
                                  "difference includes no effect at all.")),
        node_id=f"small-sample-{suffix}")
    eg.create_edge(pb.Edge(source=expert.name, kind=pb.EDGE_KIND_AUTHORED, target=critique.name))
    targets = eg.create_edge(pb.Edge(source=critique.name, kind=pb.EDGE_KIND_TARGETS,
                                     target=pro.name, attack_type=pb.ATTACK_TYPE_UNDERMINE))
    return claim, pro, con, expert, critique, targets


def run(eg: Client, dot_path: str, suffix: str = "", out=print) -> FactCheck:
    """The whole session; `out` receives the lines a person would read."""
    suffix = suffix or secrets.token_hex(3)
    claim, pro, con, expert, critique, targets = record_evidence(eg, suffix)
    out(f"recorded {claim.name}, {pro.name}, {con.name}, {critique.name} (by {expert.name})")

    explanation = eg.explain_claim(claim.name, include_dot=True)
    out(f"\n{claim.name}: {verdict_name(explanation.verdict)} "
        f"(strength {explanation.strength:.2f}, P={explanation.pro:.2f}, N={explanation.con:.2f})")
    for side, items in (("for", explanation.supporting), ("against", explanation.refuting)):
        for item in items:
            out(f"  {side:7} {item.source}: base {item.base_score:.2f} -> {item.strength:.2f}")
            for reason in item.grading_reasons:
                out(f"            {reason}")
            for hit in item.critiques:
                authors = ", ".join(hit.author_display_names) or "no author"
                out(f"            hit by {hit.critique} ({authors})")
    out(f"  {explanation.summary}")

    what_if = eg.explain_claim(claim.name, without=[critique.name])
    w = what_if.what_if
    out(f"\nwithout {critique.name}: {verdict_name(what_if.verdict)} "
        f"(strength {what_if.strength:.2f}, {w.delta:+.2f} against "
        f"{verdict_name(w.baseline_verdict)} {w.baseline_strength:.2f}; "
        f"verdict {'changes' if w.verdict_changed else 'stays'})")

    with open(dot_path, "w", encoding="utf-8") as f:
        f.write(explanation.dot)
    out(f"\nexplanation graph saved to {dot_path} (render: dot -Tsvg {dot_path})")
    return FactCheck(claim.name, pro.name, con.name, expert.name, critique.name, targets.name,
                     explanation, what_if, dot_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default=os.environ.get("EVIDENCEGRAPH_ADDR", "127.0.0.1:50051"))
    parser.add_argument("--dot", default="fact_check.dot", help="where to save the DOT picture")
    parser.add_argument("--suffix", default="", help="id suffix (default: random)")
    args = parser.parse_args()
    with Client(args.addr, timeout=30) as eg:
        run(eg, args.dot, args.suffix)


if __name__ == "__main__":
    main()
