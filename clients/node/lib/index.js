'use strict';
// Promise-based Node.js client for EvidenceGraph (evidencegraph.v1), on
// @grpc/grpc-js with the .proto files loaded at run time by @grpc/proto-loader.
//
//   const { connect } = require('evidencegraph-client');
//   const eg = connect('127.0.0.1:50051');
//   const claim = await eg.createNode({ claim: { statement: '...' } }, { nodeId: 'my-claim' });
//   for await (const node of eg.listNodes({ kind: 'NODE_KIND_STUDY' })) console.log(node.name);
//   eg.close();
//
// Messages are plain objects with camelCase fields, enums as their names
// ('EDGE_KIND_SUPPORTS'), int64 as Number, defaults filled in, and the name of
// the set oneof member in a virtual field (node.payload === 'claim').
// Every method takes {timeoutMs, metadata}; timeoutMs defaults to the
// client's (30 s) and Infinity means no deadline. Failures reject with the
// EvidenceGraphError subclass of their code (see errors.js).
const fs = require('node:fs');
const { once } = require('node:events');
const grpc = require('@grpc/grpc-js');
const protos = require('./protos');
const errors = require('./errors');
const { readImportRequests, toNdjsonLine } = require('./graph_io');

class EvidenceGraphClient {
  constructor(address = '127.0.0.1:50051', options = {}) {
    const loaded = protos.load(options);
    const pkg = grpc.loadPackageDefinition(loaded.packageDefinition).evidencegraph.v1;
    const credentials = options.credentials || grpc.credentials.createInsecure();
    this.root = loaded.root;
    this.timeoutMs = options.timeoutMs ?? 30000;
    this.graph = new pkg.GraphService(address, credentials, options.channelOptions || {});
    // One channel for both services.
    this.query = loaded.hasQueryService
      ? new pkg.QueryService(address, credentials, { channelOverride: this.graph.getChannel() })
      : null;
    this.types = {
      ImportGraphRequest: this.root.lookupType('evidencegraph.v1.ImportGraphRequest'),
    };
  }

  close() {
    this.graph.close();
  }

  // Resolves when the channel is connected.
  waitForReady(timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      this.graph.waitForReady(Date.now() + timeoutMs, (err) =>
        err ? reject(new errors.UnavailableError(`server not reachable: ${err.message}`,
                                                 { code: grpc.status.UNAVAILABLE, cause: err }))
            : resolve());
    });
  }

  // -- plumbing --------------------------------------------------------------

  _callOptions(opts = {}) {
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    return Number.isFinite(timeoutMs) ? { deadline: new Date(Date.now() + timeoutMs) } : {};
  }

  _metadata(opts = {}) {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(opts.metadata || {})) md.set(k, v);
    return md;
  }

  _error(err) {
    return errors.fromServiceError(err, this.root);
  }

  _unary(client, method, request, opts) {
    return new Promise((resolve, reject) => {
      client[method](request, this._metadata(opts), this._callOptions(opts), (err, response) =>
        err ? reject(this._error(err)) : resolve(response));
    });
  }

  async* _serverStream(client, method, request, opts) {
    const call = client[method](request, this._metadata(opts), this._callOptions(opts));
    try {
      for await (const message of call) yield message;
    } catch (err) {
      throw this._error(err);
    } finally {
      call.cancel(); // no-op when finished; stops the stream if the caller broke out early
    }
  }

  async* _pages(client, method, request, opts) {
    let pageToken = '';
    do {
      const page = await this._unary(client, method, { ...request, pageToken }, opts);
      yield page;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  _queryClient() {
    if (!this.query) {
      throw new errors.UnimplementedError('query_service.proto not found in the proto directory',
                                          { code: grpc.status.UNIMPLEMENTED });
    }
    return this.query;
  }

  // -- nodes -----------------------------------------------------------------

  getNode(name, opts) {
    return this._unary(this.graph, 'getNode', { name }, opts);
  }

  createNode(node, { nodeId = '', requestId = '', ...opts } = {}) {
    return this._unary(this.graph, 'createNode', { node, nodeId, requestId }, opts);
  }

  updateNode(node, { updateMask = [], ...opts } = {}) {
    return this._unary(this.graph, 'updateNode', { node, updateMask: { paths: updateMask } }, opts);
  }

  async deleteNode(name, { etag = '', force = false, ...opts } = {}) {
    await this._unary(this.graph, 'deleteNode', { name, etag, force }, opts);
  }

  // Every node matching {kind, label}, fetching pages of pageSize lazily.
  async* listNodes({ kind, label = '', pageSize = 0 } = {}, opts) {
    for await (const page of this._pages(this.graph, 'listNodes', { kind, label, pageSize }, opts)) {
      yield* page.nodes;
    }
  }

  // -- edges -----------------------------------------------------------------

  getEdge(name, opts) {
    return this._unary(this.graph, 'getEdge', { name }, opts);
  }

  createEdge(edge, { requestId = '', ...opts } = {}) {
    return this._unary(this.graph, 'createEdge', { edge, requestId }, opts);
  }

  updateEdge(edge, { updateMask = [], ...opts } = {}) {
    return this._unary(this.graph, 'updateEdge', { edge, updateMask: { paths: updateMask } }, opts);
  }

  async deleteEdge(name, { etag = '', force = false, ...opts } = {}) {
    await this._unary(this.graph, 'deleteEdge', { name, etag, force }, opts);
  }

  // Every edge matching {node, direction, kind}, fetching pages lazily.
  async* listEdges({ node = '', direction, kind, pageSize = 0 } = {}, opts) {
    const request = { node, direction, kind, pageSize };
    for await (const page of this._pages(this.graph, 'listEdges', request, opts)) {
      yield* page.edges;
    }
  }

  batchWrite(operations, { requestId = '', ...opts } = {}) {
    return this._unary(this.graph, 'batchWrite', { operations, requestId }, opts);
  }

  // -- bulk ------------------------------------------------------------------

  // Streams a graph file (path of a JSON/NDJSON file) or an (async) iterable of
  // ImportGraphRequest objects to ImportGraph; resolves to ImportGraphResponse.
  // onProgress({messages, nodes, edges, bytesRead, totalBytes}) follows each
  // message written. Each message is committed on its own by the server, so a
  // failure part-way (a malformed line included) leaves earlier ones imported.
  async importGraph(source, { onConflict, onProgress, ...opts } = {}) {
    const progress = { messages: 0, nodes: 0, edges: 0, bytesRead: 0, totalBytes: 0 };
    let records;
    if (typeof source === 'string') {
      progress.totalBytes = (await fs.promises.stat(source)).size;
      records = readImportRequests(this.types.ImportGraphRequest, source);
    } else {
      records = (async function* wrap() {
        for await (const request of source) yield { request, bytesRead: 0 };
      })();
    }
    let call;
    const done = new Promise((resolve, reject) => {
      call = this.graph.importGraph(this._metadata(opts), this._callOptions(opts),
                                    (err, response) => (err ? reject(err) : resolve(response)));
    });
    // Settles when the call ends early (deadline, cancellation, server error),
    // so a slow source does not keep a dead call waiting.
    const ended = done.then(() => ({ ended: true }), () => ({ ended: true }));
    const iterator = records[Symbol.asyncIterator]();
    let localError = null;
    try {
      for (;;) {
        const step = await Promise.race([iterator.next(), ended]);
        if (step.ended || step.done) break;
        const { request, bytesRead } = step.value;
        const message = progress.messages === 0 && onConflict ? { ...request, onConflict } : request;
        if (!call.write(message)) await Promise.race([once(call, 'drain'), ended]);
        progress.messages += 1;
        progress.nodes += (request.nodes || []).length;
        progress.edges += (request.edges || []).length;
        progress.bytesRead = bytesRead;
        if (onProgress) onProgress({ ...progress });
      }
      call.end();
    } catch (err) {
      localError = err;
      call.cancel();
    } finally {
      iterator.return?.().catch(() => {}); // close the file; do not wait for a stalled source
    }
    try {
      const response = await done;
      if (localError) throw localError;
      return response;
    } catch (err) {
      throw localError || this._error(err);
    }
  }

  // The whole graph from one snapshot, as an async iterable of ExportGraphResponse.
  exportGraph({ batchSize = 0 } = {}, opts) {
    return this._serverStream(this.graph, 'exportGraph', { batchSize }, opts);
  }

  // Writes the graph as NDJSON (the import format) to a path or a writable stream.
  async exportToNdjson(destination, { batchSize = 0, ...opts } = {}) {
    const out = typeof destination === 'string' ? fs.createWriteStream(destination) : destination;
    const summary = { messages: 0, nodes: 0, edges: 0, revision: 0 };
    try {
      for await (const response of this.exportGraph({ batchSize }, opts)) {
        if (!out.write(toNdjsonLine(this.types.ImportGraphRequest, response) + '\n')) {
          await once(out, 'drain');
        }
        summary.messages += 1;
        summary.nodes += response.nodes.length;
        summary.edges += response.edges.length;
        summary.revision = response.revision;
      }
    } finally {
      if (typeof destination === 'string') {
        out.end();
        await once(out, 'close');
      }
    }
    return summary;
  }

  // -- queries ---------------------------------------------------------------

  // ExplainClaim; other ExplainClaimRequest fields (semantics, thresholds, ...) go in `fields`.
  explainClaim(name, { without = [], includeDot = false, timeoutMs, metadata, ...fields } = {}) {
    return this._unary(this._queryClient(), 'explainClaim',
                       { name, without, includeDot, ...fields }, { timeoutMs, metadata });
  }

  // Every ClaimMatch for `query`, best first, fetching pages lazily.
  async* searchClaims(query, { timeoutMs, metadata, ...fields } = {}) {
    const pages = this._pages(this._queryClient(), 'searchClaims', { query, ...fields },
                              { timeoutMs, metadata });
    for await (const page of pages) yield* page.claims;
  }

  // Traverse as an async iterable of TraverseResponse batches.
  traverse(start, { timeoutMs, metadata, ...fields } = {}) {
    return this._serverStream(this._queryClient(), 'traverse', { start, ...fields },
                              { timeoutMs, metadata });
  }

  findPaths(source, target, { timeoutMs, metadata, ...fields } = {}) {
    return this._unary(this._queryClient(), 'findPaths', { source, target, ...fields },
                       { timeoutMs, metadata });
  }

  getSubgraph(name, { timeoutMs, metadata, ...fields } = {}) {
    return this._unary(this._queryClient(), 'getSubgraph', { name, ...fields },
                       { timeoutMs, metadata });
  }
}

function connect(address, options) {
  return new EvidenceGraphClient(address, options);
}

module.exports = { connect, EvidenceGraphClient, errors, grpc };
