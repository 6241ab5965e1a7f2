'use strict';
// The Node client against a real evidencegraph-server (node --test).
// ctest runs it through tests/clients/with_server.py, which starts an empty
// server and sets EVIDENCEGRAPH_ADDR; by hand:
//   EVIDENCEGRAPH_ADDR=127.0.0.1:50051 node --test   (in clients/node)
// test('import the demo graph') needs a server without the demo graph.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { connect, errors } = require('../lib');
const { run } = require('../examples/fact_check');

const ADDR = process.env.EVIDENCEGRAPH_ADDR;
const DEMO = process.env.EVIDENCEGRAPH_DEMO_FILE ||
  path.resolve(__dirname, '..', '..', '..', 'data', 'demo_graph.ndjson');
const TMP = process.env.EVIDENCEGRAPH_TEST_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'eg-node-'));
const uid = () => crypto.randomBytes(4).toString('hex');
const claimNode = (statement, extra = {}) => ({ claim: { statement }, ...extra });

async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('EvidenceGraph Node client', { skip: !ADDR && 'EVIDENCEGRAPH_ADDR not set' }, () => {
  let eg;
  before(async () => {
    eg = connect(ADDR, { timeoutMs: 30000 });
    await eg.waitForReady(15000);
  });
  after(() => eg && eg.close());

  it('runs the fact-checker flow: explain, what-if without the critique, DOT', async () => {
    const lines = [];
    const dotPath = path.join(TMP, 'fact_check_node.dot');
    const r = await run(eg, dotPath, { suffix: uid(), out: (l) => lines.push(l) });
    const e = r.explanation;
    assert.equal(e.name, r.claim);
    assert.notEqual(e.verdict, 'VERDICT_UNSPECIFIED', 'no verdict computed');
    assert.ok(e.strength >= 0 && e.strength <= 1, `strength out of range: ${e.strength}`);
    assert.ok(e.supporting.some((i) => i.source === r.supportingStudy), 'supporting study missing');
    assert.ok(e.refuting.some((i) => i.source === r.refutingStudy), 'refuting study missing');
    const hits = e.supporting.flatMap((i) => i.critiques.map((h) => h.critique));
    assert.ok(hits.includes(r.critique), `critique not among hits: ${hits}`);
    assert.ok(e.summary, 'explanation has no summary');

    const w = r.whatIf.whatIf;
    assert.deepEqual(w.without, [r.critique]);
    assert.ok(Math.abs(w.baselineStrength - e.strength) < 1e-9, 'baseline strength differs');
    assert.equal(w.baselineVerdict, e.verdict);
    assert.ok(w.delta > 0, `removing a critique of the supporting study must help: ${w.delta}`);

    const dot = fs.readFileSync(dotPath, 'utf8');
    assert.match(dot, /^\s*(strict\s+)?digraph\b/, 'DOT file is not a digraph');
    assert.ok(dot.includes(r.claim), 'DOT does not mention the claim');
  });

  it('rejects a bad node id with INVALID_ARGUMENT naming node_id', async () => {
    await assert.rejects(eg.createNode(claimNode('Valid statement.'), { nodeId: 'Not A Valid Id!' }),
      (err) => {
        assert.ok(err instanceof errors.InvalidArgumentError, `got ${err.name}: ${err.message}`);
        assert.equal(err.codeName, 'INVALID_ARGUMENT');
        assert.equal(err.domain, 'evidencegraph.v1', 'ErrorInfo missing or wrong');
        assert.match(err.reason, /^[A-Z][A-Z0-9_]*$/);
        const v = err.violation('node_id');
        assert.ok(v, `no field violation for node_id: ${JSON.stringify(err.fieldViolations)}`);
        assert.ok(v.description);
        return true;
      });
  });

  it('NOT_FOUND names the resource', async () => {
    const name = `claims/missing-${uid()}`;
    await assert.rejects(eg.getNode(name), (err) => {
      assert.ok(err instanceof errors.NotFoundError, `got ${err.name}`);
      assert.ok(err.resource, 'no ResourceInfo');
      assert.equal(err.resource.resourceName, name);
      return true;
    });
  });

  it('pages through listNodes', async () => {
    const label = `page-${uid()}`;
    const names = [];
    for (let i = 0; i < 7; i++) {
      names.push((await eg.createNode(claimNode(`Claim ${i}.`, { labels: [label] }),
                                      { nodeId: `${label}-${i}` })).name);
    }
    names.sort();
    const listed = (await collect(eg.listNodes({ label, pageSize: 3 }))).map((n) => n.name);
    assert.deepEqual(listed, names);
  });

  it('reads ExportGraph to the end', async () => {
    const label = `export-${uid()}`;
    for (let i = 0; i < 5; i++) {
      await eg.createNode(claimNode(`Exported ${i}.`, { labels: [label] }), { nodeId: `${label}-${i}` });
    }
    const responses = await collect(eg.exportGraph({ batchSize: 2 }));
    assert.ok(responses.length >= 3, `5+ nodes in batches of 2 need 3+ messages, got ${responses.length}`);
    assert.equal(new Set(responses.map((r) => r.revision)).size, 1, 'revision changed mid-stream');
    const exported = new Set(responses.flatMap((r) => r.nodes.map((n) => n.name)));
    for (let i = 0; i < 5; i++) assert.ok(exported.has(`claims/${label}-${i}`));
    const file = path.join(TMP, `export-${uid()}.ndjson`);
    const summary = await eg.exportToNdjson(file, { batchSize: 2 });
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, summary.messages);
    assert.ok(summary.nodes >= exported.size);
  });

  it('imports the demo graph through the client stream', async () => {
    const expected = { nodes: 0, edges: 0, messages: 0 };
    for (const line of fs.readFileSync(DEMO, 'utf8').split('\n')) {
      if (!line.trim() || line.trim().startsWith('#')) continue;
      const obj = JSON.parse(line);
      expected.nodes += (obj.nodes || []).length;
      expected.edges += (obj.edges || []).length;
      expected.messages += 1;
    }
    const seen = [];
    const response = await eg.importGraph(DEMO, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(response.failures, []);
    assert.equal(response.nodesCreated, expected.nodes);
    assert.equal(response.edgesCreated, expected.edges);
    assert.equal(response.batchesCommitted, expected.messages);
    assert.equal(seen.length, expected.messages);
    assert.equal(seen.at(-1).nodes, expected.nodes);
    const node = await eg.getNode('claims/massage-reduces-inflammation');
    assert.equal(node.kind, 'NODE_KIND_CLAIM');

    // Export and import back: everything is skipped, nothing fails.
    const file = path.join(TMP, `roundtrip-${uid()}.ndjson`);
    const summary = await eg.exportToNdjson(file);
    const back = await eg.importGraph(file);
    assert.deepEqual(back.failures, []);
    assert.equal(back.nodesCreated, 0);
    assert.equal(back.nodesSkipped, summary.nodes);
    assert.equal(back.edgesSkipped, summary.edges);
  });

  it('reports a malformed line of a graph file with its line number', async () => {
    const file = path.join(TMP, `bad-${uid()}.ndjson`);
    fs.writeFileSync(file, '{"nodes":[]}\n# comment\n{"nodes": [ {"nam\n');
    await assert.rejects(eg.importGraph(file), /:3: invalid JSON/);
  });

  it('an expired deadline gives DEADLINE_EXCEEDED at once', async () => {
    // A deadline of a few microseconds races the reply of a local server; one
    // already past when the call starts fails deterministically.
    await assert.rejects(eg.getNode('claims/anything', { timeoutMs: -1000 }),
                         errors.DeadlineExceededError);
    await assert.rejects(collect(eg.exportGraph({}, { timeoutMs: -1000 })),
                         errors.DeadlineExceededError);
    await assert.rejects(eg.getNode(`claims/after-${uid()}`), errors.NotFoundError);
  });

  it('a tiny deadline expires during an open call', async () => {
    async function* stalled() {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // stream stays open past the deadline
      yield {};
    }
    const started = Date.now();
    await assert.rejects(eg.importGraph(stalled(), { timeoutMs: 200 }), errors.DeadlineExceededError);
    assert.ok(Date.now() - started < 900, 'the call should end at its deadline');
  });
});
