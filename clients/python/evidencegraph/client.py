"""Client: the EvidenceGraph services behind Pythonic methods.

Thread-safety: a Client may be shared by threads (gRPC channels and stubs are
thread-safe); iterators returned by its methods belong to one thread.

Every method takes `timeout` (seconds; None = no deadline) and uses the
client's default otherwise. Failures raise errors.EvidenceGraphError
subclasses, never grpc.RpcError.
"""
import os
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

import grpc
from google.protobuf import field_mask_pb2

from . import errors, graph_io, pb
from evidencegraph.v1 import graph_service_pb2_grpc

try:
    from evidencegraph.v1 import query_service_pb2_grpc
except ModuleNotFoundError:  # the build predates query_service.proto
    query_service_pb2_grpc = None

_DEFAULT = object()


@dataclass
class ImportProgress:
    """Passed to the import_graph progress callback after each message is handed to gRPC."""
    messages: int = 0
    nodes: int = 0
    edges: int = 0
    bytes_read: int = 0
    total_bytes: int = 0   # 0 when the input is not a file

    @property
    def fraction(self) -> Optional[float]:
        return self.bytes_read / self.total_bytes if self.total_bytes else None


@dataclass
class ExportSummary:
    """What export_to_ndjson wrote."""
    messages: int = 0
    nodes: int = 0
    edges: int = 0
    revision: int = 0


class Client:
    """A connection to one EvidenceGraph server.

        with Client("127.0.0.1:50051", timeout=10) as eg:
            node = eg.get_node("claims/massage-reduces-doms")
    """

    def __init__(self, target: str = "127.0.0.1:50051", *, timeout: Optional[float] = 30.0,
                 channel: Optional[grpc.Channel] = None,
                 credentials: Optional[grpc.ChannelCredentials] = None,
                 options: Sequence = (), metadata: Sequence = ()):
        if channel is None:
            channel = (grpc.secure_channel(target, credentials, options) if credentials
                       else grpc.insecure_channel(target, options))
        self._channel = channel
        self._timeout = timeout
        self._metadata = tuple(metadata)
        self.graph = graph_service_pb2_grpc.GraphServiceStub(channel)
        self.query = (query_service_pb2_grpc.QueryServiceStub(channel)
                      if query_service_pb2_grpc else None)

    # -- lifecycle ---------------------------------------------------------

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def wait_ready(self, timeout: float = 10.0):
        """Blocks until the channel is connected; raises errors.Unavailable otherwise."""
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            raise errors.Unavailable(f"server not reachable within {timeout} s") from None

    # -- plumbing ----------------------------------------------------------

    def _deadline(self, timeout):
        return self._timeout if timeout is _DEFAULT else timeout

    def _unary(self, method, request, timeout):
        try:
            return method(request, timeout=self._deadline(timeout), metadata=self._metadata)
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from None

    def _stream(self, method, request, timeout):
        call = method(request, timeout=self._deadline(timeout), metadata=self._metadata)
        try:
            for response in call:
                yield response
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from None
        finally:
            call.cancel()  # no-op when finished; stops the stream if the caller quit early

    def _query_stub(self):
        if self.query is None:
            raise errors.Unimplemented("this client was built without query_service.proto")
        return self.query

    # -- nodes -------------------------------------------------------------

    def get_node(self, name: str, *, timeout=_DEFAULT) -> pb.Node:
        return self._unary(self.graph.GetNode, pb.GetNodeRequest(name=name), timeout)

    def create_node(self, node: pb.Node, node_id: str = "", *, request_id: str = "",
                    timeout=_DEFAULT) -> pb.Node:
        request = pb.CreateNodeRequest(node=node, node_id=node_id, request_id=request_id)
        return self._unary(self.graph.CreateNode, request, timeout)

    def update_node(self, node: pb.Node, update_mask: Sequence[str] = (), *,
                    timeout=_DEFAULT) -> pb.Node:
        request = pb.UpdateNodeRequest(node=node,
                                       update_mask=field_mask_pb2.FieldMask(paths=update_mask))
        return self._unary(self.graph.UpdateNode, request, timeout)

    def delete_node(self, name: str, *, etag: str = "", force: bool = False, timeout=_DEFAULT):
        self._unary(self.graph.DeleteNode,
                    pb.DeleteNodeRequest(name=name, etag=etag, force=force), timeout)

    def list_nodes(self, *, kind: int = 0, label: str = "", page_size: int = 0,
                   timeout=_DEFAULT) -> Iterator[pb.Node]:
        """Every node matching the filters, fetching pages lazily (`timeout` is per page)."""
        request = pb.ListNodesRequest(kind=kind, label=label, page_size=page_size)
        for page in self._pages(self.graph.ListNodes, request, timeout):
            yield from page.nodes

    # -- edges -------------------------------------------------------------

    def get_edge(self, name: str, *, timeout=_DEFAULT) -> pb.Edge:
        return self._unary(self.graph.GetEdge, pb.GetEdgeRequest(name=name), timeout)

    def create_edge(self, edge: pb.Edge, *, request_id: str = "", timeout=_DEFAULT) -> pb.Edge:
        return self._unary(self.graph.CreateEdge,
                           pb.CreateEdgeRequest(edge=edge, request_id=request_id), timeout)

    def update_edge(self, edge: pb.Edge, update_mask: Sequence[str] = (), *,
                    timeout=_DEFAULT) -> pb.Edge:
        request = pb.UpdateEdgeRequest(edge=edge,
                                       update_mask=field_mask_pb2.FieldMask(paths=update_mask))
        return self._unary(self.graph.UpdateEdge, request, timeout)

    def delete_edge(self, name: str, *, etag: str = "", force: bool = False, timeout=_DEFAULT):
        self._unary(self.graph.DeleteEdge,
                    pb.DeleteEdgeRequest(name=name, etag=etag, force=force), timeout)

    def list_edges(self, *, node: str = "", direction: int = 0, kind: int = 0,
                   page_size: int = 0, timeout=_DEFAULT) -> Iterator[pb.Edge]:
        """Every edge matching the filters, fetching pages lazily (`timeout` is per page)."""
        request = pb.ListEdgesRequest(node=node, direction=direction, kind=kind,
                                      page_size=page_size)
        for page in self._pages(self.graph.ListEdges, request, timeout):
            yield from page.edges

    def batch_write(self, operations: Iterable[pb.WriteOperation], *, request_id: str = "",
                    timeout=_DEFAULT) -> pb.BatchWriteResponse:
        request = pb.BatchWriteRequest(operations=list(operations), request_id=request_id)
        return self._unary(self.graph.BatchWrite, request, timeout)

    def _pages(self, method, request, timeout):
        """Yields response pages, following next_page_token until it is empty."""
        while True:
            page = self._unary(method, request, timeout)
            yield page
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    # -- bulk --------------------------------------------------------------

    def import_graph(self, source: Union[str, os.PathLike, Iterable[pb.ImportGraphRequest]], *,
                     on_conflict: int = 0, bulk: bool = False,
                     progress: Optional[Callable[[ImportProgress], None]] = None,
                     timeout=_DEFAULT) -> pb.ImportGraphResponse:
        """Streams a graph file (JSON/NDJSON path) or ImportGraphRequest messages to ImportGraph.

        By default each message is committed by the server on its own, so a
        failure part-way (including a malformed line, raised as ValueError)
        leaves the earlier messages imported. With `bulk=True` the stream is
        sent in IMPORT_MODE_BULK and ended with the `commit` marker: accepted
        messages become visible together at the end, and a failure part-way
        writes nothing. `progress` is called after each message is sent, on
        the gRPC thread that reads the requests.
        """
        state = ImportProgress()
        if isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            state.total_bytes = os.path.getsize(path)
            records = ((r.request, r.bytes_read) for r in graph_io.read_import_requests(path))
        else:
            records = ((r, 0) for r in source)
        failure = []

        def requests():
            try:
                for request, bytes_read in records:
                    if state.messages == 0 and (on_conflict or bulk):
                        first = pb.ImportGraphRequest()
                        first.CopyFrom(request)
                        first.on_conflict = on_conflict
                        if bulk:
                            first.mode = pb.IMPORT_MODE_BULK
                        request = first  # the caller's message stays as it was
                    yield request
                    state.messages += 1
                    state.nodes += len(request.nodes)
                    state.edges += len(request.edges)
                    state.bytes_read = bytes_read
                    if progress:
                        progress(state)
                if bulk:
                    # The marker the server commits on (an empty one is not a batch).
                    marker = pb.ImportGraphRequest(commit=True)
                    if state.messages == 0:
                        marker.mode = pb.IMPORT_MODE_BULK
                        marker.on_conflict = on_conflict
                    yield marker
            except Exception as e:  # reported after gRPC cancels the call
                failure.append(e)
                raise

        try:
            return self.graph.ImportGraph(requests(), timeout=self._deadline(timeout),
                                          metadata=self._metadata)
        except grpc.RpcError as e:
            if failure:
                raise failure[0] from None
            raise errors.from_rpc_error(e) from None

    def export_graph(self, *, batch_size: int = 0,
                     timeout=_DEFAULT) -> Iterator[pb.ExportGraphResponse]:
        """The whole graph from one snapshot: batches of nodes, then of edges."""
        return self._stream(self.graph.ExportGraph, pb.ExportGraphRequest(batch_size=batch_size),
                            timeout)

    def export_to_ndjson(self, destination, *, batch_size: int = 0,
                         timeout=_DEFAULT) -> ExportSummary:
        """Writes the graph as NDJSON (the import format) to a path or a text file object."""
        if isinstance(destination, (str, os.PathLike)):
            with open(destination, "w", encoding="utf-8") as f:
                return self.export_to_ndjson(f, batch_size=batch_size, timeout=timeout)
        summary = ExportSummary()
        for response in self.export_graph(batch_size=batch_size, timeout=timeout):
            destination.write(graph_io.to_ndjson_line(response) + "\n")
            summary.messages += 1
            summary.nodes += len(response.nodes)
            summary.edges += len(response.edges)
            summary.revision = response.revision
        return summary

    # -- queries -----------------------------------------------------------

    def explain_claim(self, name: str, *, without: Sequence[str] = (),
                      include_dot: bool = False, timeout=_DEFAULT, **fields):
        """ExplainClaim; extra keyword arguments are ExplainClaimRequest fields
        (semantics, thresholds, max_depth, ...)."""
        request = pb.ExplainClaimRequest(name=name, without=list(without),
                                         include_dot=include_dot, **fields)
        return self._unary(self._query_stub().ExplainClaim, request, timeout)

    def search_claims(self, query: str, *, page_size: int = 0, timeout=_DEFAULT, **fields):
        """Every pb.ClaimMatch for `query`, best first, fetching pages lazily."""
        request = pb.SearchClaimsRequest(query=query, page_size=page_size, **fields)
        for page in self._pages(self._query_stub().SearchClaims, request, timeout):
            yield from page.claims

    def traverse(self, start: Sequence[str], *, timeout=_DEFAULT, **fields):
        """Traverse as an iterator of pb.TraverseResponse batches."""
        request = pb.TraverseRequest(start=list(start), **fields)
        return self._stream(self._query_stub().Traverse, request, timeout)

    def find_paths(self, source: str, target: str, *, timeout=_DEFAULT, **fields):
        request = pb.FindPathsRequest(source=source, target=target, **fields)
        return self._unary(self._query_stub().FindPaths, request, timeout)

    def get_subgraph(self, name: str, *, timeout=_DEFAULT, **fields):
        request = pb.GetSubgraphRequest(name=name, **fields)
        return self._unary(self._query_stub().GetSubgraph, request, timeout)
