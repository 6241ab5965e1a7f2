package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"evidencegraph/client"
	pb "evidencegraph/v1"
)

// TestFactCheckFlow runs the example's session against the server at
// EVIDENCEGRAPH_ADDR (ctest starts one) and checks what it learnt.
func TestFactCheckFlow(t *testing.T) {
	addr := os.Getenv("EVIDENCEGRAPH_ADDR")
	if addr == "" {
		t.Skip("EVIDENCEGRAPH_ADDR not set (ctest sets it)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dot := filepath.Join(t.TempDir(), "fact_check.dot")
	var out bytes.Buffer
	r, err := run(ctx, c, dot, "", &out)
	if err != nil {
		t.Fatalf("%v\noutput so far:\n%s", err, out.String())
	}
	t.Log("\n" + out.String())

	e := r.Explanation
	if e.Name != r.Claim || e.Verdict == pb.Verdict_VERDICT_UNSPECIFIED || e.Strength < 0 || e.Strength > 1 {
		t.Errorf("explanation of %s: name %s, verdict %v, strength %v", r.Claim, e.Name, e.Verdict, e.Strength)
	}
	sources := func(items []*pb.EvidenceItem) string {
		var s []string
		for _, i := range items {
			s = append(s, i.Source)
		}
		return strings.Join(s, ",")
	}
	if !strings.Contains(sources(e.Supporting), r.SupportingStudy) || !strings.Contains(sources(e.Refuting), r.RefutingStudy) {
		t.Errorf("supporting [%s], refuting [%s]", sources(e.Supporting), sources(e.Refuting))
	}
	hit := false
	for _, i := range e.Supporting {
		for _, h := range i.Critiques {
			hit = hit || h.Critique == r.Critique
		}
	}
	if !hit {
		t.Errorf("the critique %s does not hit the supporting study", r.Critique)
	}
	if e.Summary == "" {
		t.Error("no summary")
	}

	w := r.WhatIf.WhatIf
	if w == nil || len(w.Without) != 1 || w.Without[0] != r.Critique {
		t.Fatalf("what_if = %v, want without [%s]", w, r.Critique)
	}
	if math.Abs(w.BaselineStrength-e.Strength) > 1e-9 || w.BaselineVerdict != e.Verdict {
		t.Errorf("baseline %v/%v differs from the explanation %v/%v", w.BaselineVerdict, w.BaselineStrength, e.Verdict, e.Strength)
	}
	if w.Delta <= 0 {
		t.Errorf("removing a critique of the supporting study must strengthen the claim; delta = %v", w.Delta)
	}
	data, err := os.ReadFile(dot)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\s*(strict\s+)?digraph\b`).Match(data) || !bytes.Contains(data, []byte(r.Claim)) {
		t.Errorf("DOT file is not a digraph naming %s:\n%s", r.Claim, data)
	}
}
