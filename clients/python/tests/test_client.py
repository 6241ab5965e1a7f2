"""The Python client against a real evidencegraph-server.

Run by ctest through tests/clients/with_server.py, which starts the server
(empty, --seed=false) and sets EVIDENCEGRAPH_ADDR:

    EVIDENCEGRAPH_ADDR=127.0.0.1:50051 /usr/bin/python3 -m unittest discover -s clients/python/tests

Every test uses its own ids, so the suite also runs against a server in use,
except test_import_demo_graph, which needs a server without the demo graph.
"""
import io
import json
import os
import secrets
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))

from evidencegraph import Client, errors, pb  # noqa: E402
import fact_check  # noqa: E402

ADDR = os.environ.get("EVIDENCEGRAPH_ADDR")
DEMO = os.environ.get("EVIDENCEGRAPH_DEMO_FILE", os.path.join(REPO, "data", "demo_graph.ndjson"))
TMP = os.environ.get("EVIDENCEGRAPH_TEST_TMP") or tempfile.mkdtemp(prefix="eg-py-")


def setUpModule():
    if not ADDR:
        raise unittest.SkipTest("EVIDENCEGRAPH_ADDR not set (ctest sets it; see the module doc)")


def uid():
    return secrets.token_hex(4)


def claim_node(statement, **fields):
    return pb.Node(claim=pb.Claim(statement=statement), **fields)


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.eg = Client(ADDR, timeout=30)
        cls.eg.wait_ready(timeout=15)

    @classmethod
    def tearDownClass(cls):
        cls.eg.close()

    # -- the fact-checker's flow -------------------------------------------

    def test_fact_check_flow(self):
        if not pb.HAS_QUERY_SERVICE:
            self.skipTest("query_service.proto not generated")
        lines = []
        dot_path = os.path.join(TMP, "fact_check.dot")
        result = fact_check.run(self.eg, dot_path, suffix=uid(), out=lines.append)

        baseline = result.explanation
        self.assertEqual(baseline.name, result.claim)
        self.assertNotEqual(baseline.verdict, pb.VERDICT_UNSPECIFIED, "no verdict computed")
        self.assertGreaterEqual(baseline.strength, 0.0)
        self.assertLessEqual(baseline.strength, 1.0)
        self.assertIn(result.supporting_study, [i.source for i in baseline.supporting])
        self.assertIn(result.refuting_study, [i.source for i in baseline.refuting])
        hits = [h.critique for i in baseline.supporting for h in i.critiques]
        self.assertIn(result.critique, hits, "the critique should hit the supporting study")
        self.assertTrue(baseline.summary, "explanation has no summary")

        what_if = result.what_if.what_if
        self.assertEqual(list(what_if.without), [result.critique])
        self.assertAlmostEqual(what_if.baseline_strength, baseline.strength, places=9)
        self.assertEqual(what_if.baseline_verdict, baseline.verdict)
        self.assertAlmostEqual(what_if.delta, result.what_if.strength - baseline.strength, places=9)
        self.assertGreater(what_if.delta, 0.0,
                           "removing a critique of the supporting study must strengthen the claim")

        with open(dot_path, encoding="utf-8") as f:
            dot = f.read()
        self.assertRegex(dot, r"^\s*(strict\s+)?digraph\b", "DOT file is not a digraph")
        self.assertIn(result.claim, dot)
        self.assertTrue(any("without" in line for line in lines))

    # -- errors with details -------------------------------------------------

    def test_invalid_node_id_names_the_field(self):
        with self.assertRaises(errors.InvalidArgument) as ctx:
            self.eg.create_node(claim_node("Valid statement."), node_id="Not A Valid Id!")
        e = ctx.exception
        self.assertEqual(e.code.name, "INVALID_ARGUMENT")
        self.assertEqual(e.domain, "evidencegraph.v1", f"ErrorInfo missing or wrong: {e!r}")
        self.assertRegex(e.reason, r"^[A-Z][A-Z0-9_]*$", "ErrorInfo.reason is not UPPER_SNAKE")
        self.assertIsNotNone(e.violation("node_id"),
                             f"no BadRequest field violation for node_id: {e.field_violations}")
        self.assertTrue(e.violation("node_id").description)

    def test_missing_statement_names_the_field(self):
        with self.assertRaises(errors.InvalidArgument) as ctx:
            self.eg.create_node(claim_node(""), node_id=f"empty-{uid()}")
        fields = [v.field for v in ctx.exception.field_violations]
        self.assertIn("node.claim.statement", fields)

    def test_not_found_names_the_resource(self):
        name = f"claims/missing-{uid()}"
        with self.assertRaises(errors.NotFound) as ctx:
            self.eg.get_node(name)
        e = ctx.exception
        self.assertIsNotNone(e.resource, f"no ResourceInfo in {e!r}")
        self.assertEqual(e.resource.resource_name, name)
        self.assertEqual(e.domain, "evidencegraph.v1")
        self.assertIn(name, str(e))

    def test_already_exists(self):
        node_id = f"twice-{uid()}"
        self.eg.create_node(claim_node("Said twice."), node_id=node_id)
        with self.assertRaises(errors.AlreadyExists) as ctx:
            self.eg.create_node(claim_node("Said twice."), node_id=node_id)
        self.assertEqual(ctx.exception.resource.resource_name, f"claims/{node_id}")

    # -- pagination ----------------------------------------------------------

    def test_list_nodes_follows_pages(self):
        label = f"page-{uid()}"
        names = sorted(self.eg.create_node(claim_node(f"Claim {i}.", labels=[label]),
                                           node_id=f"{label}-{i}").name for i in range(7))
        first = self.eg.graph.ListNodes(pb.ListNodesRequest(label=label, page_size=3), timeout=10)
        self.assertEqual(len(first.nodes), 3)
        self.assertTrue(first.next_page_token, "a 3-node page of 7 should have a next page")
        listed = [n.name for n in self.eg.list_nodes(label=label, page_size=3)]
        self.assertEqual(listed, names, "pages must add up to every node once, in name order")
        self.assertEqual([n.name for n in self.eg.list_nodes(label=label)], names)

    def test_list_edges_of_a_node(self):
        s = uid()
        claim = self.eg.create_node(claim_node("Edges claim."), node_id=f"edges-{s}")
        studies = [self.eg.create_node(pb.Node(study=pb.Study(
            citation=pb.Citation(title=f"Study {i}"), design=pb.STUDY_DESIGN_COHORT)),
            node_id=f"edges-study-{i}-{s}") for i in range(3)]
        for st in studies:
            self.eg.create_edge(pb.Edge(source=st.name, kind=pb.EDGE_KIND_SUPPORTS,
                                        target=claim.name))
        incoming = list(self.eg.list_edges(node=claim.name, direction=pb.EDGE_DIRECTION_INCOMING,
                                           page_size=2))
        self.assertEqual(sorted(e.source for e in incoming), sorted(st.name for st in studies))
        self.assertTrue(all(e.kind == pb.EDGE_KIND_SUPPORTS for e in incoming))

    # -- streams -------------------------------------------------------------

    def test_export_reads_the_stream_to_the_end(self):
        label = f"export-{uid()}"
        for i in range(5):
            self.eg.create_node(claim_node(f"Exported {i}.", labels=[label]), node_id=f"{label}-{i}")
        responses = list(self.eg.export_graph(batch_size=2))
        self.assertGreaterEqual(len(responses), 3, "5+ nodes in batches of 2 need 3+ messages")
        self.assertEqual(len({r.revision for r in responses}), 1,
                         "every message of one export carries the same revision")
        for r in responses:
            self.assertLessEqual(len(r.nodes) + len(r.edges), 2)
        nodes = [n.name for r in responses for n in r.nodes]
        self.assertEqual(len(nodes), len(set(nodes)), "a node was exported twice")
        listed = {n.name for n in self.eg.list_nodes(page_size=1000)}
        self.assertTrue(listed <= set(nodes), f"missing from export: {listed - set(nodes)}")
        seen_edge = False
        for r in responses:  # nodes first, then edges
            if r.edges:
                seen_edge = True
            self.assertFalse(seen_edge and r.nodes, "a node came after an edge")

        out = io.StringIO()
        summary = self.eg.export_to_ndjson(out, batch_size=2)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), summary.messages)
        self.assertGreaterEqual(summary.nodes, len(listed))
        for line in lines:
            self.assertIsInstance(json.loads(line), dict)

    def test_import_demo_graph(self):
        expected = {"nodes": 0, "edges": 0, "messages": 0}
        with open(DEMO, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.lstrip().startswith("#"):
                    obj = json.loads(line)
                    expected["nodes"] += len(obj.get("nodes", []))
                    expected["edges"] += len(obj.get("edges", []))
                    expected["messages"] += 1
        seen = []
        response = self.eg.import_graph(
            DEMO, progress=lambda p: seen.append((p.messages, p.nodes, p.edges, p.fraction)))
        self.assertEqual(list(response.failures), [], "demo graph import reported failures")
        self.assertEqual(response.nodes_created, expected["nodes"])
        self.assertEqual(response.edges_created, expected["edges"])
        self.assertEqual(response.batches_committed, expected["messages"])
        self.assertEqual(response.batches_failed, 0)
        self.assertEqual(len(seen), expected["messages"], "one progress call per message")
        self.assertEqual(seen[-1][:3], (expected["messages"], expected["nodes"], expected["edges"]))
        self.assertAlmostEqual(seen[-1][3], 1.0)
        node = self.eg.get_node("claims/massage-reduces-inflammation")
        self.assertEqual(node.kind, pb.NODE_KIND_CLAIM)

        # A second import skips everything; an export imports back unchanged.
        again = self.eg.import_graph(DEMO)
        self.assertEqual((again.nodes_created, again.edges_created), (0, 0))
        self.assertEqual(again.nodes_skipped, expected["nodes"])
        self.assertEqual(again.edges_skipped, expected["edges"])
        exported = os.path.join(TMP, "export.ndjson")
        summary = self.eg.export_to_ndjson(exported)
        back = self.eg.import_graph(exported)
        self.assertEqual(list(back.failures), [])
        self.assertEqual((back.nodes_created, back.edges_created), (0, 0))
        self.assertEqual(back.nodes_skipped, summary.nodes)
        self.assertEqual(back.edges_skipped, summary.edges)

    def test_import_reports_a_malformed_line(self):
        path = os.path.join(TMP, f"bad-{uid()}.ndjson")
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"nodes":[]}\n# comment\n{"nodes": [ {"nam\n')
        with self.assertRaisesRegex(ValueError, r":3: invalid JSON"):
            self.eg.import_graph(path)

    def test_import_invalid_record_is_reported_not_written(self):
        s = uid()
        batch = pb.ImportGraphRequest(nodes=[
            pb.Node(name=f"claims/ok-{s}", claim=pb.Claim(statement="Fine.")),
            pb.Node(name=f"claims/bad-{s}", claim=pb.Claim(statement="")),
        ])
        response = self.eg.import_graph([batch])
        self.assertEqual(response.batches_failed, 1)
        self.assertEqual(response.nodes_created, 0, "a rejected batch must write nothing")
        self.assertTrue(response.failures)
        self.assertEqual(response.failures[0].message_index, 0)
        with self.assertRaises(errors.NotFound):
            self.eg.get_node(f"claims/ok-{s}")

    def test_bulk_import_lands_together(self):
        s = uid()
        batches = [
            pb.ImportGraphRequest(nodes=[pb.Node(name=f"claims/bulk-{s}",
                                                 claim=pb.Claim(statement="Bulk."))]),
            pb.ImportGraphRequest(
                nodes=[pb.Node(name=f"studies/bulk-{s}",
                               study=pb.Study(citation=pb.Citation(title="t", year=2020),
                                              design=pb.STUDY_DESIGN_RCT, sample_size=10,
                                              finding=pb.FINDING_DIRECTION_POSITIVE))],
                edges=[pb.Edge(source=f"studies/bulk-{s}", kind=pb.EDGE_KIND_SUPPORTS,
                               target=f"claims/bulk-{s}")]),
        ]
        response = self.eg.import_graph(batches, bulk=True)
        self.assertEqual(list(response.failures), [])
        self.assertEqual((response.nodes_created, response.edges_created), (2, 1))
        self.assertEqual(response.batches_committed, 2, "the commit marker is not a batch")
        self.assertEqual(self.eg.get_node(f"claims/bulk-{s}").kind, pb.NODE_KIND_CLAIM)

    def test_bulk_import_failing_part_way_writes_nothing(self):
        s = uid()

        def source():
            yield pb.ImportGraphRequest(nodes=[pb.Node(name=f"claims/half-{s}",
                                                       claim=pb.Claim(statement="Half."))])
            raise ValueError("the source broke")

        with self.assertRaisesRegex(ValueError, "the source broke"):
            self.eg.import_graph(source(), bulk=True)
        with self.assertRaises(errors.NotFound):
            self.eg.get_node(f"claims/half-{s}")

    # -- deadlines -----------------------------------------------------------

    def test_expired_deadline_is_deadline_exceeded(self):
        # A deadline already past when the call starts fails at once, for
        # unary and streaming calls alike. (A deadline of a few microseconds
        # races the reply from a local server, so it is not used here.)
        with self.assertRaises(errors.DeadlineExceeded):
            self.eg.get_node("claims/anything", timeout=-1)
        with self.assertRaises(errors.DeadlineExceeded):
            list(self.eg.export_graph(timeout=-1))
        # The client still works afterwards.
        with self.assertRaises(errors.NotFound):
            self.eg.get_node(f"claims/after-deadline-{uid()}", timeout=10)

    def test_tiny_deadline_expires_during_a_call(self):
        def stalled():
            time.sleep(1.0)  # the client stream stays open past the deadline
            yield pb.ImportGraphRequest()

        started = time.monotonic()
        with self.assertRaises(errors.DeadlineExceeded):
            self.eg.import_graph(stalled(), timeout=0.2)
        self.assertLess(time.monotonic() - started, 0.9,
                        "the call should end at its deadline, not when the stream resumes")

if __name__ == "__main__":
    unittest.main(verbosity=2)
