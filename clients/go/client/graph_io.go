package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	pb "evidencegraph/v1"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"
)

// Graph files hold evidencegraph.v1.ImportGraphRequest messages in proto3 JSON:
//   - NDJSON (.ndjson, .jsonl, or a file whose first record is one line): one
//     message per line; blank lines and lines starting with '#' are skipped;
//   - JSON (.json): one message, or an array of them.
// Export writes NDJSON, which imports back unchanged.

// ImportRecord is one message of a graph file.
type ImportRecord struct {
	Request   *pb.ImportGraphRequest
	Line      int   // 1-based line (1 for .json files)
	BytesRead int64 // bytes of the file consumed so far
}

// ReadImportFile parses a graph file into its messages. Errors name the file and line.
func ReadImportFile(path string) ([]ImportRecord, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if isNDJSON(path, data) {
		var out []ImportRecord
		var consumed int64
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 1<<20), 1<<30)
		for line := 1; sc.Scan(); line++ {
			consumed += int64(len(sc.Bytes())) + 1
			text := bytes.TrimSpace(sc.Bytes())
			if len(text) == 0 || text[0] == '#' {
				continue
			}
			req := &pb.ImportGraphRequest{}
			if err := protojson.Unmarshal(text, req); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
			if consumed > int64(len(data)) {
				consumed = int64(len(data))
			}
			out = append(out, ImportRecord{req, line, consumed})
		}
		return out, sc.Err()
	}
	var raw json.RawMessage = bytes.TrimSpace(data)
	items := []json.RawMessage{raw}
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	out := make([]ImportRecord, 0, len(items))
	for i, item := range items {
		req := &pb.ImportGraphRequest{}
		if err := protojson.Unmarshal(item, req); err != nil {
			return nil, fmt.Errorf("%s[%d]: %v", path, i, err)
		}
		out = append(out, ImportRecord{req, 1, 0})
	}
	if len(out) > 0 {
		out[len(out)-1].BytesRead = int64(len(data))
	}
	return out, nil
}

func isNDJSON(path string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ndjson", ".jsonl":
		return true
	case ".json":
		return false
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var obj map[string]json.RawMessage
		return json.Unmarshal(line, &obj) == nil
	}
	return true
}

// ImportProgress is reported after each message is sent.
type ImportProgress struct {
	Messages, Nodes, Edges int
	BytesRead, TotalBytes  int64
}

// ImportOptions tune Import and ImportFile.
type ImportOptions struct {
	OnConflict pb.ImportConflictPolicy // sent with the first message
	Progress   func(ImportProgress)    // optional
}

// Import streams the records to ImportGraph and returns the server's summary.
// Each message is committed by the server on its own.
func (c *Client) Import(ctx context.Context, records []ImportRecord, o ImportOptions, opts ...grpc.CallOption) (*pb.ImportGraphResponse, error) {
	stream, err := c.Graph.ImportGraph(ctx, opts...)
	if err != nil {
		return nil, err
	}
	var p ImportProgress
	if n := len(records); n > 0 {
		p.TotalBytes = records[n-1].BytesRead
	}
	for i, r := range records {
		req := r.Request
		if i == 0 && o.OnConflict != pb.ImportConflictPolicy_IMPORT_CONFLICT_POLICY_UNSPECIFIED {
			req.OnConflict = o.OnConflict
		}
		if err := stream.Send(req); err != nil {
			if isEOF(err) { // the server ended the call: its status says why
				_, err = stream.CloseAndRecv()
			}
			return nil, err
		}
		p.Messages++
		p.Nodes += len(req.Nodes)
		p.Edges += len(req.Edges)
		p.BytesRead = r.BytesRead
		if o.Progress != nil {
			o.Progress(p)
		}
	}
	return stream.CloseAndRecv()
}

// ImportFile reads a graph file (JSON or NDJSON) and imports it.
func (c *Client) ImportFile(ctx context.Context, path string, o ImportOptions, opts ...grpc.CallOption) (*pb.ImportGraphResponse, error) {
	records, err := ReadImportFile(path)
	if err != nil {
		return nil, err
	}
	return c.Import(ctx, records, o, opts...)
}

// ExportSummary says what ExportNDJSON wrote.
type ExportSummary struct {
	Messages, Nodes, Edges int
	Revision               uint64
}

// ExportNDJSON reads ExportGraph to the end and writes one import-format line per message.
func (c *Client) ExportNDJSON(ctx context.Context, w io.Writer, batchSize int32, opts ...grpc.CallOption) (ExportSummary, error) {
	var s ExportSummary
	stream, err := c.Graph.ExportGraph(ctx, &pb.ExportGraphRequest{BatchSize: batchSize}, opts...)
	if err != nil {
		return s, err
	}
	for {
		resp, err := stream.Recv()
		if isEOF(err) {
			return s, nil
		}
		if err != nil {
			return s, err
		}
		line, err := protojson.Marshal(&pb.ImportGraphRequest{Nodes: resp.Nodes, Edges: resp.Edges})
		if err != nil {
			return s, err
		}
		if _, err := w.Write(append(line, '\n')); err != nil {
			return s, err
		}
		s.Messages++
		s.Nodes += len(resp.Nodes)
		s.Edges += len(resp.Edges)
		s.Revision = resp.Revision
	}
}
