"""Typed errors with the server's google.rpc error details decoded.

The server sends a google.rpc.Status in the `grpc-status-details-bin` trailer.
from_rpc_error() turns a grpc.RpcError into the EvidenceGraphError subclass of
its status code, with:

    reason, domain, error_metadata   from google.rpc.ErrorInfo
    field_violations                 from google.rpc.BadRequest
    resource                         from google.rpc.ResourceInfo
    details                          every detail message, decoded when known

    try:
        eg.get_node("claims/nope")
    except errors.NotFound as e:
        print(e.resource.resource_name, e.reason)
"""
from typing import List, NamedTuple, Optional

import grpc

from google.rpc import error_details_pb2, status_pb2

DETAILS_TRAILER = "grpc-status-details-bin"
DOMAIN = "evidencegraph.v1"


class FieldViolation(NamedTuple):
    """One google.rpc.BadRequest.FieldViolation: the request field and the rule broken."""
    field: str
    description: str


class Resource(NamedTuple):
    """google.rpc.ResourceInfo: the resource an error is about."""
    resource_type: str
    resource_name: str
    owner: str
    description: str


class EvidenceGraphError(Exception):
    """An RPC failed. `code` is a grpc.StatusCode; subclasses exist per code."""

    code = grpc.StatusCode.UNKNOWN

    def __init__(self, message: str, *, code: Optional[grpc.StatusCode] = None,
                 reason: str = "", domain: str = "", error_metadata=None,
                 field_violations: List[FieldViolation] = (),
                 resource: Optional[Resource] = None, details=()):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.reason = reason
        self.domain = domain
        self.error_metadata = dict(error_metadata or {})
        self.field_violations = list(field_violations)
        self.resource = resource
        self.details = list(details)

    def violation(self, field: str) -> Optional[FieldViolation]:
        """The violation naming `field`, if any."""
        return next((v for v in self.field_violations if v.field == field), None)

    def __str__(self):
        parts = [f"{self.code.name}: {self.message}"]
        if self.reason:
            parts.append(f"reason={self.reason}")
        for v in self.field_violations:
            parts.append(f"field {v.field}: {v.description}")
        if self.resource is not None:
            parts.append(f"resource={self.resource.resource_name}")
        return " | ".join(parts)


def _subclass(name, code):
    cls = type(name, (EvidenceGraphError,), {"code": code, "__doc__": f"Status {code.name}."})
    globals()[name] = cls
    return cls


# One class per canonical code, e.g. errors.InvalidArgument, errors.NotFound.
_BY_CODE = {code: _subclass(code.name.title().replace("_", ""), code)
            for code in grpc.StatusCode if code != grpc.StatusCode.OK}
Cancelled = _BY_CODE[grpc.StatusCode.CANCELLED]
InvalidArgument = _BY_CODE[grpc.StatusCode.INVALID_ARGUMENT]
DeadlineExceeded = _BY_CODE[grpc.StatusCode.DEADLINE_EXCEEDED]
NotFound = _BY_CODE[grpc.StatusCode.NOT_FOUND]
AlreadyExists = _BY_CODE[grpc.StatusCode.ALREADY_EXISTS]
PermissionDenied = _BY_CODE[grpc.StatusCode.PERMISSION_DENIED]
ResourceExhausted = _BY_CODE[grpc.StatusCode.RESOURCE_EXHAUSTED]
FailedPrecondition = _BY_CODE[grpc.StatusCode.FAILED_PRECONDITION]
Aborted = _BY_CODE[grpc.StatusCode.ABORTED]
Unimplemented = _BY_CODE[grpc.StatusCode.UNIMPLEMENTED]
Internal = _BY_CODE[grpc.StatusCode.INTERNAL]
Unavailable = _BY_CODE[grpc.StatusCode.UNAVAILABLE]
Unauthenticated = _BY_CODE[grpc.StatusCode.UNAUTHENTICATED]

# Detail messages we know how to unpack from google.protobuf.Any.
_DETAIL_TYPES = {
    cls.DESCRIPTOR.full_name: cls
    for cls in (error_details_pb2.ErrorInfo, error_details_pb2.BadRequest,
                error_details_pb2.ResourceInfo, error_details_pb2.PreconditionFailure,
                error_details_pb2.QuotaFailure, error_details_pb2.RetryInfo,
                error_details_pb2.DebugInfo, error_details_pb2.RequestInfo,
                error_details_pb2.Help, error_details_pb2.LocalizedMessage)
}


def _status_from_trailers(err) -> Optional[status_pb2.Status]:
    trailers = err.trailing_metadata() if hasattr(err, "trailing_metadata") else None
    for key, value in trailers or ():
        if key == DETAILS_TRAILER:
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


def from_rpc_error(err: grpc.RpcError) -> EvidenceGraphError:
    """Translates a grpc.RpcError (a grpc.Call) into its typed EvidenceGraphError."""
    code = err.code() if hasattr(err, "code") else grpc.StatusCode.UNKNOWN
    message = err.details() if hasattr(err, "details") else str(err)
    message = message or f"(no message; status {code.name})"
    kwargs = {"details": []}
    status = _status_from_trailers(err)
    if status is not None:
        for any_msg in status.details:
            type_name = any_msg.TypeName()
            cls = _DETAIL_TYPES.get(type_name)
            if cls is None:
                kwargs["details"].append(any_msg)
                continue
            detail = cls()
            any_msg.Unpack(detail)
            kwargs["details"].append(detail)
            if isinstance(detail, error_details_pb2.ErrorInfo):
                kwargs.update(reason=detail.reason, domain=detail.domain,
                              error_metadata=dict(detail.metadata))
            elif isinstance(detail, error_details_pb2.BadRequest):
                kwargs.setdefault("field_violations", []).extend(
                    FieldViolation(v.field, v.description) for v in detail.field_violations)
            elif isinstance(detail, error_details_pb2.ResourceInfo):
                kwargs["resource"] = Resource(detail.resource_type, detail.resource_name,
                                              detail.owner, detail.description)
    cls = _BY_CODE.get(code, EvidenceGraphError)
    return cls(message, code=code, **kwargs)
