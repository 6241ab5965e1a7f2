// Tests of the Go client against a real evidencegraph-server. ctest runs them
// through tests/clients/with_server.py, which starts an empty server and sets
// EVIDENCEGRAPH_ADDR. TestImportDemoGraph needs a server without the demo graph.
package client_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"evidencegraph/client"
	pb "evidencegraph/v1"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var eg *client.Client

func TestMain(m *testing.M) {
	addr := os.Getenv("EVIDENCEGRAPH_ADDR")
	if addr == "" {
		fmt.Println("EVIDENCEGRAPH_ADDR not set; skipping the client tests (ctest sets it)")
		os.Exit(0)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	c, err := client.Dial(ctx, addr)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(1)
	}
	eg = c
	code := m.Run()
	c.Close()
	os.Exit(code)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func uid(t *testing.T) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func claim(statement string, labels ...string) *pb.Node {
	return &pb.Node{Labels: labels, Payload: &pb.Node_Claim{Claim: &pb.Claim{Statement: statement}}}
}

func tmpDir(t *testing.T) string {
	if d := os.Getenv("EVIDENCEGRAPH_TEST_TMP"); d != "" {
		return d
	}
	return t.TempDir()
}

func TestInvalidNodeIDNamesTheField(t *testing.T) {
	_, err := eg.Graph.CreateNode(ctx(t), &pb.CreateNodeRequest{Node: claim("Valid statement."), NodeId: "Not A Valid Id!"})
	e, ok := err.(*client.Error)
	if !ok {
		t.Fatalf("want *client.Error, got %T: %v", err, err)
	}
	if e.Code != codes.InvalidArgument || status.Code(err) != codes.InvalidArgument {
		t.Fatalf("want INVALID_ARGUMENT, got %v", e)
	}
	if e.ErrorDomain != client.Domain {
		t.Errorf("ErrorInfo domain = %q, want %q (%v)", e.ErrorDomain, client.Domain, e)
	}
	if !regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`).MatchString(e.Reason) {
		t.Errorf("ErrorInfo reason %q is not UPPER_SNAKE", e.Reason)
	}
	if v := e.Violation("node_id"); v == nil || v.Description == "" {
		t.Errorf("no field violation for node_id: %+v", e.FieldViolations)
	}
}

func TestNotFoundNamesTheResource(t *testing.T) {
	name := "claims/missing-" + uid(t)
	_, err := eg.Graph.GetNode(ctx(t), &pb.GetNodeRequest{Name: name})
	e := client.AsError(err)
	if e == nil || e.Code != codes.NotFound {
		t.Fatalf("want NOT_FOUND, got %v", err)
	}
	if e.Resource == nil || e.Resource.ResourceName != name {
		t.Errorf("ResourceInfo = %v, want resource_name %q", e.Resource, name)
	}
}

func TestListNodesFollowsPages(t *testing.T) {
	label := "page-" + uid(t)
	var want []string
	for i := 0; i < 7; i++ {
		n, err := eg.Graph.CreateNode(ctx(t), &pb.CreateNodeRequest{Node: claim(fmt.Sprintf("Claim %d.", i), label),
			NodeId: fmt.Sprintf("%s-%d", label, i)})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, n.Name)
	}
	sort.Strings(want)
	nodes, err := eg.ListNodes(ctx(t), &pb.ListNodesRequest{Label: label, PageSize: 3}).All()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range nodes {
		got = append(got, n.Name)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("listed %v, want %v", got, want)
	}
}

func TestExportReadsTheStreamToTheEnd(t *testing.T) {
	label := "export-" + uid(t)
	for i := 0; i < 5; i++ {
		if _, err := eg.Graph.CreateNode(ctx(t), &pb.CreateNodeRequest{Node: claim("Exported.", label),
			NodeId: fmt.Sprintf("%s-%d", label, i)}); err != nil {
			t.Fatal(err)
		}
	}
	stream, err := eg.Graph.ExportGraph(ctx(t), &pb.ExportGraphRequest{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var messages int
	revisions := map[uint64]bool{}
	exported := map[string]bool{}
	for {
		resp, err := stream.Recv()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("after %d messages: %v", messages, err)
			}
			break
		}
		messages++
		revisions[resp.Revision] = true
		for _, n := range resp.Nodes {
			exported[n.Name] = true
		}
	}
	if messages < 3 || len(revisions) != 1 {
		t.Errorf("got %d messages with revisions %v; want >= 3 with one revision", messages, revisions)
	}
	for i := 0; i < 5; i++ {
		if name := fmt.Sprintf("claims/%s-%d", label, i); !exported[name] {
			t.Errorf("%s not exported", name)
		}
	}
	var buf bytes.Buffer
	summary, err := eg.ExportNDJSON(ctx(t), &buf, 2)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != summary.Messages {
		t.Errorf("%d lines for %d messages", len(lines), summary.Messages)
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not JSON: %s", l)
		}
	}
}

func demoFile() string {
	if f := os.Getenv("EVIDENCEGRAPH_DEMO_FILE"); f != "" {
		return f
	}
	wd, _ := os.Getwd()
	return filepath.Join(wd, "..", "..", "..", "data", "demo_graph.ndjson")
}

func TestImportDemoGraph(t *testing.T) {
	records, err := client.ReadImportFile(demoFile())
	if err != nil {
		t.Fatal(err)
	}
	var nodes, edges int
	for _, r := range records {
		nodes += len(r.Request.Nodes)
		edges += len(r.Request.Edges)
	}
	var seen []client.ImportProgress
	resp, err := eg.ImportFile(ctx(t), demoFile(), client.ImportOptions{Progress: func(p client.ImportProgress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Failures) != 0 {
		t.Fatalf("import failures: %v", resp.Failures)
	}
	if int(resp.NodesCreated) != nodes || int(resp.EdgesCreated) != edges || int(resp.BatchesCommitted) != len(records) {
		t.Errorf("import = %v; want %d nodes, %d edges, %d batches", resp, nodes, edges, len(records))
	}
	if len(seen) != len(records) || seen[len(seen)-1].BytesRead != seen[len(seen)-1].TotalBytes {
		t.Errorf("progress %+v; want %d calls ending at the file size", seen, len(records))
	}
	n, err := eg.Graph.GetNode(ctx(t), &pb.GetNodeRequest{Name: "claims/massage-reduces-inflammation"})
	if err != nil || n.Kind != pb.NodeKind_NODE_KIND_CLAIM {
		t.Errorf("demo claim: %v, %v", n, err)
	}

	// Export and import back: everything skipped, nothing failed.
	path := filepath.Join(tmpDir(t), "go-roundtrip-"+uid(t)+".ndjson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	summary, err := eg.ExportNDJSON(ctx(t), f, 0)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	back, err := eg.ImportFile(ctx(t), path, client.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Failures) != 0 || back.NodesCreated != 0 || int(back.NodesSkipped) != summary.Nodes ||
		int(back.EdgesSkipped) != summary.Edges {
		t.Errorf("re-import = %v; want all %d nodes and %d edges skipped", back, summary.Nodes, summary.Edges)
	}
}

func TestMalformedLineIsReportedWithItsNumber(t *testing.T) {
	path := filepath.Join(tmpDir(t), "bad-"+uid(t)+".ndjson")
	if err := os.WriteFile(path, []byte("{\"nodes\":[]}\n# comment\n{\"nodes\": [ {\"nam\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := eg.ImportFile(ctx(t), path, client.ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), ":3:") {
		t.Errorf("want an error naming line 3, got %v", err)
	}
}

func TestExpiredDeadlineIsDeadlineExceeded(t *testing.T) {
	// A deadline already past when the call starts fails at once. (A deadline
	// of a few microseconds races the reply of a local server.)
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := eg.Graph.GetNode(expired, &pb.GetNodeRequest{Name: "claims/anything"})
	if status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("GetNode with an expired deadline: %v", err)
	}
	var buf bytes.Buffer
	if _, err := eg.ExportNDJSON(expired, &buf, 0); status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("ExportGraph with an expired deadline: %v", err)
	}
	if _, err := eg.Graph.GetNode(ctx(t), &pb.GetNodeRequest{Name: "claims/after-" + uid(t)}); status.Code(err) != codes.NotFound {
		t.Errorf("the client should work after a deadline: %v", err)
	}
}

func TestTinyDeadlineExpiresDuringACall(t *testing.T) {
	tiny, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	stream, err := eg.Graph.ImportGraph(tiny)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the client stream stays open past the deadline
	_, err = stream.CloseAndRecv()
	e := client.AsError(err)
	if e == nil || e.Code != codes.DeadlineExceeded {
		t.Errorf("ImportGraph open past its 200 ms deadline: %v", err)
	}
}
