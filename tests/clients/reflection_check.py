#!/usr/bin/python3
"""Server reflection works the way grpcurl uses it.

Lists the services through grpc.reflection.v1alpha, fetches every file
descriptor they need, builds message classes from those descriptors in a
fresh pool, and calls grpc.health.v1.Health/Check and
evidencegraph.v1.GraphService/ListNodes with them: no generated code and no
.proto file of the server is used. The reflection protocol's own schema is
the only thing known in advance (a descriptor set built from reflection.proto,
as grpcurl compiles it in).

    EVIDENCEGRAPH_ADDR=127.0.0.1:50051 \\
    EVIDENCEGRAPH_REFLECTION_PROTOSET=build/tests/clients/reflection_v1alpha.protoset \\
    /usr/bin/python3 tests/clients/reflection_check.py

The server is expected to hold the demo graph (ctest starts it with --seed_file).
The services expected are the three standard ones plus every `service` declared
in proto/evidencegraph/v1/*.proto.
"""
import glob
import os
import re
import unittest

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ADDR = os.environ.get("EVIDENCEGRAPH_ADDR")
PROTOSET = os.environ.get("EVIDENCEGRAPH_REFLECTION_PROTOSET")
REFLECTION_SERVICE = "grpc.reflection.v1alpha.ServerReflection"
TIMEOUT_S = 10


def _message_class(pool, full_name):
    desc = pool.FindMessageTypeByName(full_name)
    if hasattr(message_factory, "GetMessageClass"):  # protobuf >= 4.22
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


def expected_services():
    names = {REFLECTION_SERVICE, "grpc.health.v1.Health"}
    for path in glob.glob(os.path.join(REPO, "proto", "evidencegraph", "v1", "*.proto")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        package = re.search(r"^package\s+([\w.]+)\s*;", text, re.M).group(1)
        names.update(f"{package}.{s}" for s in re.findall(r"^service\s+(\w+)", text, re.M))
    return names


class Reflection:
    """A reflection client built from the protocol's descriptor set only."""

    def __init__(self, channel):
        pool = descriptor_pool.DescriptorPool()
        with open(PROTOSET, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
        for file_proto in fds.file:
            pool.Add(file_proto)
        self.Request = _message_class(pool, "grpc.reflection.v1alpha.ServerReflectionRequest")
        Response = _message_class(pool, "grpc.reflection.v1alpha.ServerReflectionResponse")
        self._call = channel.stream_stream(
            f"/{REFLECTION_SERVICE}/ServerReflectionInfo",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=Response.FromString)

    def ask(self, **fields):
        """One request on its own stream; returns the response, failing on error_response."""
        responses = list(self._call(iter([self.Request(**fields)]), timeout=TIMEOUT_S))
        if len(responses) != 1:
            raise AssertionError(f"expected one reflection response to {fields}, got {len(responses)}")
        response = responses[0]
        if response.HasField("error_response"):
            err = response.error_response
            raise AssertionError(f"reflection error for {fields}: {err.error_code} {err.error_message}")
        return response

    def services(self):
        return [s.name for s in self.ask(list_services="").list_services_response.service]

    def files_for_symbol(self, symbol):
        r = self.ask(file_containing_symbol=symbol)
        return [descriptor_pb2.FileDescriptorProto.FromString(b)
                for b in r.file_descriptor_response.file_descriptor_proto]

    def file_by_name(self, name):
        r = self.ask(file_by_filename=name)
        return [descriptor_pb2.FileDescriptorProto.FromString(b)
                for b in r.file_descriptor_response.file_descriptor_proto]


class ReflectionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not ADDR or not PROTOSET:
            raise unittest.SkipTest("EVIDENCEGRAPH_ADDR and EVIDENCEGRAPH_REFLECTION_PROTOSET "
                                    "must be set (ctest sets them)")
        cls.channel = grpc.insecure_channel(ADDR)
        grpc.channel_ready_future(cls.channel).result(timeout=TIMEOUT_S)
        cls.reflection = Reflection(cls.channel)
        cls.services = cls.reflection.services()
        # Fetch every file the services need, following dependencies the server
        # did not already send, then load them into a fresh pool in dependency order.
        files = {}
        for service in cls.services:
            for fp in cls.reflection.files_for_symbol(service):
                files.setdefault(fp.name, fp)
        missing = {d for fp in files.values() for d in fp.dependency} - files.keys()
        while missing:
            name = missing.pop()
            for fp in cls.reflection.file_by_name(name):
                files.setdefault(fp.name, fp)
            missing = {d for fp in files.values() for d in fp.dependency} - files.keys()
        cls.files = files
        cls.pool = descriptor_pool.DescriptorPool()
        added = set()

        def add(name):
            if name in added:
                return
            for dep in files[name].dependency:
                add(dep)
            cls.pool.Add(files[name])
            added.add(name)

        for name in sorted(files):
            add(name)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def call(self, service, method, request_fields):
        """Calls a unary method described only by the reflected descriptors."""
        method_desc = self.pool.FindServiceByName(service).FindMethodByName(method)
        Request = _message_class(self.pool, method_desc.input_type.full_name)
        Response = _message_class(self.pool, method_desc.output_type.full_name)
        request = json_format.ParseDict(request_fields, Request())
        stub = self.channel.unary_unary(f"/{service}/{method}",
                                        request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=Response.FromString)
        return stub(request, timeout=TIMEOUT_S)

    def test_lists_every_service(self):
        missing = expected_services() - set(self.services)
        self.assertFalse(missing, f"services not listed by reflection: {sorted(missing)}; "
                                  f"listed: {sorted(self.services)}")

    def test_every_service_and_method_resolves(self):
        for service in self.services:
            desc = self.pool.FindServiceByName(service)
            self.assertTrue(desc.methods, f"{service} has no methods")
            for m in desc.methods:
                # Building the classes proves the whole type closure was returned.
                _message_class(self.pool, m.input_type.full_name)
                _message_class(self.pool, m.output_type.full_name)

    def test_health_check_serving(self):
        response = self.call("grpc.health.v1.Health", "Check", {"service": ""})
        status_field = response.DESCRIPTOR.fields_by_name["status"]
        status = status_field.enum_type.values_by_number[response.status].name
        self.assertEqual(status, "SERVING")

    def test_list_nodes_by_reflection(self):
        response = self.call("evidencegraph.v1.GraphService", "ListNodes",
                             {"kind": "NODE_KIND_CLAIM", "pageSize": 3})
        as_json = json_format.MessageToDict(response, descriptor_pool=self.pool)
        nodes = as_json.get("nodes", [])
        self.assertEqual(len(nodes), 3, f"expected a page of 3 demo claims, got {as_json}")
        for node in nodes:
            self.assertTrue(node["name"].startswith("claims/"), node)
            self.assertEqual(node["kind"], "NODE_KIND_CLAIM")
            self.assertIn("statement", node["claim"])
        self.assertTrue(as_json.get("nextPageToken"), "the demo graph has more than 3 claims")

    def test_fetched_the_api_and_health_files(self):
        for name in ("evidencegraph/v1/resources.proto", "evidencegraph/v1/graph_service.proto",
                     "grpc/health/v1/health.proto", "google/protobuf/timestamp.proto"):
            self.assertIn(name, self.files, f"reflection did not return {name}")
        health = self.files["grpc/health/v1/health.proto"]
        self.assertIn("Health", [s.name for s in health.service])

if __name__ == "__main__":
    unittest.main(verbosity=2)
