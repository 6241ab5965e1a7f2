// Command factcheck is a fact-checker's session with EvidenceGraph: it records
// a claim, two studies (one for, one against) and an expert's critique of the
// supporting study; asks whether the claim holds and why; asks what if the
// critique were left out; and saves the explanation's picture as Graphviz DOT.
//
//	factcheck -addr 127.0.0.1:50051 -dot claim.dot
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"evidencegraph/client"
	pb "evidencegraph/v1"

	"google.golang.org/protobuf/proto"
)

// Result is what run created and learnt.
type Result struct {
	Claim, SupportingStudy, RefutingStudy, Expert, Critique, TargetsEdge string
	Explanation, WhatIf                                                  *pb.ClaimExplanation
	DotPath                                                              string
}

func verdictName(v pb.Verdict) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(v.String(), "VERDICT_"), "_", " "))
}

type recorder struct {
	ctx context.Context
	c   *client.Client
	err error
}

func (r *recorder) node(id string, n *pb.Node) string {
	if r.err != nil {
		return ""
	}
	created, err := r.c.Graph.CreateNode(r.ctx, &pb.CreateNodeRequest{Node: n, NodeId: id})
	if err != nil {
		r.err = fmt.Errorf("create %s: %w", id, err)
		return ""
	}
	return created.Name
}

func (r *recorder) edge(e *pb.Edge) string {
	if r.err != nil {
		return ""
	}
	created, err := r.c.Graph.CreateEdge(r.ctx, &pb.CreateEdgeRequest{Edge: e})
	if err != nil {
		r.err = fmt.Errorf("create edge %s -%s-> %s: %w", e.Source, e.Kind, e.Target, err)
		return ""
	}
	return created.Name
}

func run(ctx context.Context, c *client.Client, dotPath, suffix string, out io.Writer) (*Result, error) {
	if suffix == "" {
		b := make([]byte, 3)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		suffix = hex.EncodeToString(b)
	}
	r := &recorder{ctx: ctx, c: c}
	res := &Result{DotPath: dotPath}
	res.Claim = r.node("foam-rolling-speeds-recovery-"+suffix, &pb.Node{
		DisplayTitle: "Foam rolling speeds recovery",
		Labels:       []string{"foam-rolling", "recovery"},
		Payload: &pb.Node_Claim{Claim: &pb.Claim{
			Statement: "Foam rolling after hard exercise speeds the recovery of muscle strength.",
			Context:   "Recreational athletes, 24-72 h after eccentric exercise.",
		}},
	})
	res.SupportingStudy = r.node("foam-rolling-trial-"+suffix, &pb.Node{
		DisplayTitle: "Small crossover trial (n=16)",
		Payload: &pb.Node_Study{Study: &pb.Study{
			Citation: &pb.Citation{Title: "Foam rolling and strength recovery after squats",
				Venue: "Journal of Example Sport Science", Year: 2015},
			Design: pb.StudyDesign_STUDY_DESIGN_RCT, Population: "16 trained men",
			SampleSize: proto.Int64(16), Outcome: "maximal voluntary contraction at 48 h",
			EffectSize: proto.Float64(8), EffectMeasure: pb.EffectMeasure_EFFECT_MEASURE_PERCENT_CHANGE,
			FollowUpDays: proto.Float64(3), Finding: pb.FindingDirection_FINDING_DIRECTION_POSITIVE,
		}},
	})
	res.RefutingStudy = r.node("foam-rolling-review-"+suffix, &pb.Node{
		DisplayTitle: "Systematic review of 21 trials",
		Payload: &pb.Node_Study{Study: &pb.Study{
			Citation: &pb.Citation{Title: "Foam rolling for recovery: a systematic review",
				Venue: "Example Reviews in Sport Medicine", Year: 2019},
			Design: pb.StudyDesign_STUDY_DESIGN_SYSTEMATIC_REVIEW, Population: "21 trials, 450 participants",
			SampleSize: proto.Int64(450), Outcome: "strength recovery", FollowUpDays: proto.Float64(3),
			Finding: pb.FindingDirection_FINDING_DIRECTION_NULL,
			Grading: &pb.StudyGrading{PooledStudies: 21},
		}},
	})
	r.edge(&pb.Edge{Source: res.SupportingStudy, Kind: pb.EdgeKind_EDGE_KIND_SUPPORTS, Target: res.Claim,
		Note: "8% more strength at 48 h"})
	r.edge(&pb.Edge{Source: res.RefutingStudy, Kind: pb.EdgeKind_EDGE_KIND_REFUTES, Target: res.Claim,
		Note: "no effect on strength recovery across 21 trials"})
	res.Expert = r.node("dana-reviewer-"+suffix, &pb.Node{
		Payload: &pb.Node_Expert{Expert: &pb.Expert{FullName: "Dana Reviewer", Credentials: "PhD",
			Affiliation: "Example Institute of Sport", Field: "exercise physiology",
			Expertise: proto.Int32(3)}},
	})
	res.Critique = r.node("small-sample-"+suffix, &pb.Node{
		DisplayTitle: "Sixteen men cannot show an 8% effect",
		Payload: &pb.Node_Critique{Critique: &pb.Critique{
			Kind: pb.CritiqueKind_CRITIQUE_KIND_SMALL_SAMPLE, Substantiated: true,
			Text: "With 16 participants the confidence interval of an 8% difference includes no effect at all.",
		}},
	})
	r.edge(&pb.Edge{Source: res.Expert, Kind: pb.EdgeKind_EDGE_KIND_AUTHORED, Target: res.Critique})
	res.TargetsEdge = r.edge(&pb.Edge{Source: res.Critique, Kind: pb.EdgeKind_EDGE_KIND_TARGETS,
		Target: res.SupportingStudy, AttackType: pb.AttackType_ATTACK_TYPE_UNDERMINE})
	if r.err != nil {
		return nil, r.err
	}
	fmt.Fprintf(out, "recorded %s, %s, %s, %s (by %s)\n", res.Claim, res.SupportingStudy,
		res.RefutingStudy, res.Critique, res.Expert)

	e, err := c.Query.ExplainClaim(ctx, &pb.ExplainClaimRequest{Name: res.Claim, IncludeDot: true})
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", res.Claim, err)
	}
	res.Explanation = e
	fmt.Fprintf(out, "\n%s: %s (strength %.2f, P=%.2f, N=%.2f)\n", res.Claim, verdictName(e.Verdict),
		e.Strength, e.Pro, e.Con)
	for _, side := range []struct {
		name  string
		items []*pb.EvidenceItem
	}{{"for", e.Supporting}, {"against", e.Refuting}} {
		for _, item := range side.items {
			fmt.Fprintf(out, "  %-7s %s: base %.2f -> %.2f\n", side.name, item.Source, item.BaseScore, item.Strength)
			for _, reason := range item.GradingReasons {
				fmt.Fprintf(out, "            %s\n", reason)
			}
			for _, hit := range item.Critiques {
				fmt.Fprintf(out, "            hit by %s (%s)\n", hit.Critique, strings.Join(hit.AuthorDisplayNames, ", "))
			}
		}
	}
	fmt.Fprintf(out, "  %s\n", e.Summary)

	w, err := c.Query.ExplainClaim(ctx, &pb.ExplainClaimRequest{Name: res.Claim, Without: []string{res.Critique}})
	if err != nil {
		return nil, fmt.Errorf("explain %s without %s: %w", res.Claim, res.Critique, err)
	}
	res.WhatIf = w
	changes := "stays"
	if w.WhatIf.GetVerdictChanged() {
		changes = "changes"
	}
	fmt.Fprintf(out, "\nwithout %s: %s (strength %.2f, %+.2f against %s %.2f; verdict %s)\n", res.Critique,
		verdictName(w.Verdict), w.Strength, w.WhatIf.GetDelta(), verdictName(w.WhatIf.GetBaselineVerdict()),
		w.WhatIf.GetBaselineStrength(), changes)

	if err := os.WriteFile(dotPath, []byte(e.Dot), 0o644); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "\nexplanation graph saved to %s (render: dot -Tsvg %s)\n", dotPath, dotPath)
	return res, nil
}

func main() {
	addr := flag.String("addr", envOr("EVIDENCEGRAPH_ADDR", "127.0.0.1:50051"), "server address")
	dot := flag.String("dot", "fact_check.dot", "where to save the DOT picture")
	suffix := flag.String("suffix", "", "id suffix (default: random)")
	timeout := flag.Duration("timeout", 30*time.Second, "deadline of the whole session")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	c, err := client.Dial(ctx, *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if _, err := run(ctx, c, *dot, *suffix, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
