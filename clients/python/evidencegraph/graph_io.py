"""The graph file format: evidencegraph.v1.ImportGraphRequest messages in proto3 JSON.

Two layouts are read:
  - NDJSON (.ndjson, .jsonl, or any file whose first record fits on one line):
    one ImportGraphRequest per line; blank lines and lines starting with '#'
    are skipped (data/demo_graph.ndjson is one);
  - JSON (.json): one ImportGraphRequest object, or an array of them.
Export writes NDJSON, one message per line, which imports back unchanged.
"""
import json
import os
from typing import Iterator, NamedTuple

from google.protobuf import json_format

from evidencegraph.v1 import graph_service_pb2


class ImportRecord(NamedTuple):
    """One parsed message with where it came from."""
    request: graph_service_pb2.ImportGraphRequest
    line: int          # 1-based line of the message (its first line for .json)
    bytes_read: int    # bytes of the file consumed so far


def _parse(obj, path, line):
    if not isinstance(obj, dict):
        raise ValueError(f"{path}:{line}: expected a JSON object (an ImportGraphRequest), "
                         f"got {type(obj).__name__}")
    try:
        return json_format.ParseDict(obj, graph_service_pb2.ImportGraphRequest())
    except json_format.ParseError as e:
        raise ValueError(f"{path}:{line}: not an ImportGraphRequest: {e}") from None


def _is_ndjson(path):
    ext = os.path.splitext(path)[1].lower()
    if ext in (".ndjson", ".jsonl"):
        return True
    if ext == ".json":
        return False
    with open(path, "rb") as f:
        for raw in f:
            text = raw.strip()
            if not text or text.startswith(b"#"):
                continue
            try:
                return isinstance(json.loads(text), dict)
            except ValueError:
                return False
    return True


def read_import_requests(path: str) -> Iterator[ImportRecord]:
    """Yields the ImportGraphRequest messages of a JSON or NDJSON file, lazily for NDJSON.

    Raises ValueError naming the file and line of the first malformed record.
    """
    if _is_ndjson(path):
        consumed = 0
        with open(path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                consumed += len(raw)
                text = raw.strip()
                if not text or text.startswith(b"#"):
                    continue
                try:
                    obj = json.loads(text)
                except ValueError as e:
                    raise ValueError(f"{path}:{number}: invalid JSON: {e}") from None
                yield ImportRecord(_parse(obj, path, number), number, consumed)
        return
    with open(path, "rb") as f:
        data = f.read()
    try:
        doc = json.loads(data)
    except ValueError as e:
        raise ValueError(f"{path}: invalid JSON: {e}") from None
    items = doc if isinstance(doc, list) else [doc]
    for index, obj in enumerate(items):
        # A .json file has no per-message lines; report the array index instead.
        yield ImportRecord(_parse(obj, f"{path}[{index}]", 1), 1,
                           len(data) if index == len(items) - 1 else 0)


def to_ndjson_line(response) -> str:
    """One ExportGraphResponse as an NDJSON line in the import format (no newline)."""
    request = graph_service_pb2.ImportGraphRequest(nodes=response.nodes, edges=response.edges)
    return json.dumps(json_format.MessageToDict(request), separators=(",", ":"),
                      ensure_ascii=False)
