// Package client is a small Go client for the EvidenceGraph API
// (evidencegraph.v1) on top of the generated stubs:
//
//	c, err := client.Dial(ctx, "127.0.0.1:50051")
//	defer c.Close()
//	node, err := c.Graph.GetNode(ctx, &pb.GetNodeRequest{Name: "claims/massage-reduces-doms"})
//	if e := client.AsError(err); e != nil && e.Code == codes.NotFound { ... e.Resource ... }
//	it := c.ListNodes(ctx, &pb.ListNodesRequest{Kind: pb.NodeKind_NODE_KIND_STUDY})
//	for it.Next() { fmt.Println(it.Item().Name) }
//
// What it adds: every call's error is an *Error with the google.rpc details
// decoded (interceptors on the connection, so the raw stubs get them too);
// paging iterators; import from JSON/NDJSON files with progress; export to
// NDJSON. A Client is safe for concurrent use; iterators are not.
package client

import (
	"context"
	"errors"
	"io"

	pb "evidencegraph/v1"

	"google.golang.org/grpc"
)

// Client holds one connection and the stubs of both services.
type Client struct {
	Conn  *grpc.ClientConn
	Graph pb.GraphServiceClient
	Query pb.QueryServiceClient
}

// Dial connects (lazily, unless grpc.WithBlock is given) to addr without TLS.
// Extra options are appended, e.g. grpc.WithTransportCredentials.
func Dial(ctx context.Context, addr string, opts ...grpc.DialOption) (*Client, error) {
	all := append([]grpc.DialOption{
		grpc.WithInsecure(),
		grpc.WithChainUnaryInterceptor(unaryErrors),
		grpc.WithChainStreamInterceptor(streamErrors),
	}, opts...)
	conn, err := grpc.DialContext(ctx, addr, all...)
	if err != nil {
		return nil, err
	}
	return New(conn), nil
}

// New wraps an existing connection. Errors are decoded only if the connection
// was made with this package's interceptors (Dial); use AsError otherwise.
func New(conn *grpc.ClientConn) *Client {
	return &Client{Conn: conn, Graph: pb.NewGraphServiceClient(conn), Query: pb.NewQueryServiceClient(conn)}
}

// Close closes the connection.
func (c *Client) Close() error { return c.Conn.Close() }

func unaryErrors(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return wrap(invoker(ctx, method, req, reply, cc, opts...))
}

func streamErrors(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
	streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	s, err := streamer(ctx, desc, cc, method, opts...)
	if err != nil {
		return nil, wrap(err)
	}
	return errorStream{s}, nil
}

// errorStream decodes the errors of a stream's calls.
type errorStream struct{ grpc.ClientStream }

func (s errorStream) SendMsg(m interface{}) error { return wrap(s.ClientStream.SendMsg(m)) }
func (s errorStream) RecvMsg(m interface{}) error { return wrap(s.ClientStream.RecvMsg(m)) }
func (s errorStream) CloseSend() error            { return wrap(s.ClientStream.CloseSend()) }

func isEOF(err error) bool { return errors.Is(err, io.EOF) }

// Iterator walks the items of a paginated list, fetching pages on demand.
type Iterator[T any] struct {
	fetch func(token string) ([]T, string, error)
	page  []T
	token string
	item  T
	err   error
	done  bool
}

// Next advances to the next item; false at the end or on error (see Err).
func (it *Iterator[T]) Next() bool {
	for len(it.page) == 0 {
		if it.done || it.err != nil {
			return false
		}
		it.page, it.token, it.err = it.fetch(it.token)
		if it.err != nil {
			return false
		}
		it.done = it.token == ""
	}
	it.item, it.page = it.page[0], it.page[1:]
	return true
}

// Item is the current item.
func (it *Iterator[T]) Item() T { return it.item }

// Err is the error that stopped the iteration, if any.
func (it *Iterator[T]) Err() error { return it.err }

// All drains the iterator.
func (it *Iterator[T]) All() ([]T, error) {
	var out []T
	for it.Next() {
		out = append(out, it.Item())
	}
	return out, it.Err()
}

// ListNodes iterates over every node matching req's filters (req.PageToken is ignored).
func (c *Client) ListNodes(ctx context.Context, req *pb.ListNodesRequest, opts ...grpc.CallOption) *Iterator[*pb.Node] {
	return &Iterator[*pb.Node]{fetch: func(token string) ([]*pb.Node, string, error) {
		r := &pb.ListNodesRequest{PageSize: req.PageSize, PageToken: token, Kind: req.Kind, Label: req.Label}
		resp, err := c.Graph.ListNodes(ctx, r, opts...)
		if err != nil {
			return nil, "", err
		}
		return resp.Nodes, resp.NextPageToken, nil
	}}
}

// ListEdges iterates over every edge matching req's filters (req.PageToken is ignored).
func (c *Client) ListEdges(ctx context.Context, req *pb.ListEdgesRequest, opts ...grpc.CallOption) *Iterator[*pb.Edge] {
	return &Iterator[*pb.Edge]{fetch: func(token string) ([]*pb.Edge, string, error) {
		r := &pb.ListEdgesRequest{PageSize: req.PageSize, PageToken: token, Node: req.Node,
			Direction: req.Direction, Kind: req.Kind}
		resp, err := c.Graph.ListEdges(ctx, r, opts...)
		if err != nil {
			return nil, "", err
		}
		return resp.Edges, resp.NextPageToken, nil
	}}
}

// SearchClaims iterates over every match of req, best first (req.PageToken is ignored).
func (c *Client) SearchClaims(ctx context.Context, req *pb.SearchClaimsRequest, opts ...grpc.CallOption) *Iterator[*pb.ClaimMatch] {
	return &Iterator[*pb.ClaimMatch]{fetch: func(token string) ([]*pb.ClaimMatch, string, error) {
		r := &pb.SearchClaimsRequest{Query: req.Query, PageSize: req.PageSize, PageToken: token,
			Label: req.Label, Verdict: req.Verdict, IncludeVerdict: req.IncludeVerdict}
		resp, err := c.Query.SearchClaims(ctx, r, opts...)
		if err != nil {
			return nil, "", err
		}
		return resp.Claims, resp.NextPageToken, nil
	}}
}
