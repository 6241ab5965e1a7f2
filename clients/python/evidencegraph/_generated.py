"""Finds the protoc-generated modules (evidencegraph.v1.*_pb2, google.rpc.*_pb2).

The stubs are build products, not sources: the CMake build writes them to
<build>/tests/clients/python_gen. This module finds that directory, in order:

  1. $EVIDENCEGRAPH_PYTHON_GEN (set by ctest and by anyone using another place);
  2. build*/tests/clients/python_gen under the repository root (newest first).

Generate them by hand with:
  protoc -Iproto -I/usr/share/gocode/src/github.com/gogo/googleapis \\
    --python_out=OUT --grpc_python_out=OUT \\
    --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \\
    proto/evidencegraph/v1/*.proto google/rpc/status.proto google/rpc/error_details.proto
"""
import glob
import os

ENV_VAR = "EVIDENCEGRAPH_PYTHON_GEN"
_MARKER = os.path.join("evidencegraph", "v1", "graph_service_pb2.py")


def _repo_root():
    # clients/python/evidencegraph/_generated.py -> repository root
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))


def locate():
    """Returns the directory holding the generated modules, or raises ImportError."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        if os.path.isfile(os.path.join(explicit, _MARKER)):
            return os.path.abspath(explicit)
        raise ImportError(f"${ENV_VAR}={explicit} does not contain {_MARKER}")
    candidates = glob.glob(os.path.join(_repo_root(), "build*", "tests", "clients", "python_gen"))
    candidates = [c for c in candidates if os.path.isfile(os.path.join(c, _MARKER))]
    if candidates:
        return max(candidates, key=lambda c: os.path.getmtime(os.path.join(c, _MARKER)))
    raise ImportError(
        "EvidenceGraph Python stubs not found. Build them with "
        "`cmake --build build --target eg_python_stubs` (they land in "
        f"build/tests/clients/python_gen) or point ${ENV_VAR} at a directory "
        "generated as described in clients/python/evidencegraph/_generated.py.")
