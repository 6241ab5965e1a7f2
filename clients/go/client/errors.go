package client

import (
	"fmt"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Domain is the google.rpc.ErrorInfo domain of the server's errors.
const Domain = "evidencegraph.v1"

// FieldViolation is one google.rpc.BadRequest field violation: the request
// field (e.g. "node_id") and the rule it broke.
type FieldViolation struct {
	Field       string
	Description string
}

// Error is a failed RPC with the server's google.rpc details decoded. Every
// error returned by a Client call is an *Error; it also satisfies
// status.FromError / status.Code, so code written against plain gRPC errors
// keeps working.
type Error struct {
	Code            codes.Code
	Message         string
	Reason          string            // google.rpc.ErrorInfo.reason, UPPER_SNAKE_CASE
	ErrorDomain     string            // google.rpc.ErrorInfo.domain
	Metadata        map[string]string // google.rpc.ErrorInfo.metadata
	FieldViolations []FieldViolation  // google.rpc.BadRequest
	Resource        *errdetails.ResourceInfo
	Details         []interface{} // every detail message, decoded where the type is known

	status *status.Status
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	msg := e.Message
	if msg == "" {
		msg = "(no message)"
	}
	fmt.Fprintf(&b, "%s: %s", e.Code, msg)
	if e.Reason != "" {
		fmt.Fprintf(&b, " | reason=%s", e.Reason)
	}
	for _, v := range e.FieldViolations {
		fmt.Fprintf(&b, " | field %s: %s", v.Field, v.Description)
	}
	if e.Resource != nil {
		fmt.Fprintf(&b, " | resource=%s", e.Resource.ResourceName)
	}
	return b.String()
}

// GRPCStatus lets status.FromError and status.Code see the original status.
func (e *Error) GRPCStatus() *status.Status { return e.status }

// Violation returns the violation naming field, or nil.
func (e *Error) Violation(field string) *FieldViolation {
	for i := range e.FieldViolations {
		if e.FieldViolations[i].Field == field {
			return &e.FieldViolations[i]
		}
	}
	return nil
}

// AsError decodes any error carrying a gRPC status into an *Error. It returns
// nil for nil and the same *Error when given one.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		return e
	}
	st := status.Convert(err)
	e := &Error{Code: st.Code(), Message: st.Message(), status: st}
	for _, d := range st.Details() {
		e.Details = append(e.Details, d)
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			e.Reason, e.ErrorDomain, e.Metadata = d.Reason, d.Domain, d.Metadata
		case *errdetails.BadRequest:
			for _, v := range d.FieldViolations {
				e.FieldViolations = append(e.FieldViolations, FieldViolation{v.Field, v.Description})
			}
		case *errdetails.ResourceInfo:
			e.Resource = d
		}
	}
	return e
}

// wrap converts a non-nil RPC error into *Error and leaves nil (and io.EOF,
// which ends a stream) alone.
func wrap(err error) error {
	if err == nil || isEOF(err) {
		return err
	}
	return AsError(err)
}
