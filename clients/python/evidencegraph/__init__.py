"""Python client for the EvidenceGraph gRPC API (evidencegraph.v1).

    from evidencegraph import Client, pb, errors

    with Client("127.0.0.1:50051") as eg:
        claim = eg.create_node(pb.Node(claim=pb.Claim(statement="...")), node_id="my-claim")
        for node in eg.list_nodes(kind=pb.NODE_KIND_STUDY):
            print(node.name)

What it adds to the generated stubs:
  - errors.EvidenceGraphError and one subclass per status code (errors.NotFound,
    errors.InvalidArgument, ...) carrying the decoded google.rpc details:
    reason/domain (ErrorInfo), field violations (BadRequest), resource (ResourceInfo);
  - list_nodes / list_edges / search_claims as iterators that follow page tokens;
  - import_graph from a JSON or NDJSON file with progress, export_to_ndjson;
  - a default deadline on every call.

`pb` holds every message and enum of evidencegraph.v1; the raw stubs are
`Client.graph` and `Client.query`.
"""
import os
import sys

from . import _generated

_GEN_DIR = _generated.locate()
# The generated code lives in the same top-level package name ("evidencegraph.v1"),
# so the build directory's evidencegraph/ joins this package's search path, and the
# build directory itself joins sys.path for google.rpc.
__path__.append(os.path.join(_GEN_DIR, "evidencegraph"))  # noqa: F821 (package __path__)
if _GEN_DIR not in sys.path:
    sys.path.append(_GEN_DIR)

from . import pb  # noqa: E402
from . import errors  # noqa: E402
from .client import Client, ImportProgress, ExportSummary  # noqa: E402
from .graph_io import read_import_requests  # noqa: E402

__all__ = ["Client", "ImportProgress", "ExportSummary", "errors", "pb", "read_import_requests"]
