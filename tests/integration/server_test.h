// A test fixture over a fresh real server (TestServer::Start(), empty store),
// for the integration tests that drive it call by call, restarts included.
#ifndef EVIDENCEGRAPH_TESTS_INTEGRATION_SERVER_TEST_H_
#define EVIDENCEGRAPH_TESTS_INTEGRATION_SERVER_TEST_H_

#include <memory>
#include <string>
#include <utility>

#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/graph_fixtures.h"
#include "tests/integration/rpc_assertions.h"
#include "tests/integration/test_server.h"

namespace evidencegraph::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  // CreateNode with the whole request (request_id included). The stub is
  // taken per call: the channel changes on restart. The x-request-id
  // trailer goes to `request_id_trailer` when given.
  grpc::Status Create(const v1::CreateNodeRequest& request, v1::Node* out,
                      std::string* request_id_trailer = nullptr) {
    auto stub = server_->GraphStub();
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    grpc::Status status = stub->CreateNode(&ctx, request, out);
    if (request_id_trailer != nullptr) *request_id_trailer = Trailer(ctx, "x-request-id");
    return status;
  }

  std::unique_ptr<TestServer> server_;
};

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_INTEGRATION_SERVER_TEST_H_
