// Specification of services/seed_loader.h against a real GraphStore in a
// temporary folder: lines become batches, errors name the line, and a
// malformed file writes nothing.
#include "services/seed_loader.h"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/services/status_assertions.h"
#include "tests/storage/storage_test_util.h"

#ifndef EG_DEMO_GRAPH
#error "EG_DEMO_GRAPH must name data/demo_graph.ndjson"
#endif

namespace evidencegraph::services {
namespace {

using ::evidencegraph::testing::IsError;

class SeedLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_.path();
    store_ = storage::testing::OpenStore(temp_.Sub("data"));
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override { store_.reset(); }
  bool Empty() { return *store_->IsEmpty(); }

  storage::testing::TempDir temp_;  // outlives store_ (declared first)
  std::string dir_;
  std::unique_ptr<storage::GraphStore> store_;
};

constexpr char kTwoLines[] =
    "# a comment\n"
    "\n"
    R"({"nodes":[{"name":"claims/c1","claim":{"statement":"one"}},)"
    R"({"name":"studies/s1","study":{"citation":{"title":"t"},"design":"STUDY_DESIGN_RCT"}}]})"
    "\n"
    R"({"edges":[{"source":"studies/s1","kind":"EDGE_KIND_SUPPORTS","target":"claims/c1"}]})"
    "\n";

TEST_F(SeedLoaderTest, EachLineIsOneBatchAndCommentsAreSkipped) {
  absl::StatusOr<SeedSummary> summary = LoadSeedText(kTwoLines, "<test>", *store_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->batches, 2);
  EXPECT_EQ(summary->nodes_created, 2);
  EXPECT_EQ(summary->edges_created, 1);
  EXPECT_TRUE(store_->Snapshot()->GetEdge("studies/s1/edges/supports/claims/c1").ok());
}

TEST_F(SeedLoaderTest, LoadingTwiceSkipsWhatExists) {
  ASSERT_TRUE(LoadSeedText(kTwoLines, "<test>", *store_).ok());
  absl::StatusOr<SeedSummary> again = LoadSeedText(kTwoLines, "<test>", *store_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->nodes_created, 0);
  EXPECT_EQ(again->nodes_skipped, 2);
  EXPECT_EQ(again->edges_skipped, 1);
}

TEST_F(SeedLoaderTest, TheDemoGraphLoads) {
  absl::StatusOr<SeedSummary> summary = LoadSeedFile(EG_DEMO_GRAPH, *store_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_GT(summary->nodes_created, 0);
  EXPECT_GT(summary->edges_created, 0);
  EXPECT_TRUE(store_->Snapshot()->GetNode("claims/massage-reduces-inflammation").ok());
}

TEST_F(SeedLoaderTest, BadJsonNamesTheLineAndWritesNothing) {
  const std::string text = std::string(kTwoLines) + "{\"nodes\": [\n";
  absl::Status status = LoadSeedText(text, "demo.ndjson", *store_).status();
  EXPECT_TRUE(IsError(status, absl::StatusCode::kInvalidArgument, "SEED_INVALID_JSON"));
  EXPECT_TRUE(absl::StrContains(status.message(), "demo.ndjson line 5")) << status;
  EXPECT_TRUE(Empty());
}

TEST_F(SeedLoaderTest, UnknownFieldsAreErrorsNotIgnored) {
  absl::Status status =
      LoadSeedText(R"({"nodes":[{"name":"claims/c","claim":{"statment":"typo"}}]})", "f",
                   *store_)
          .status();
  EXPECT_TRUE(IsError(status, absl::StatusCode::kInvalidArgument, "SEED_INVALID_JSON"));
  EXPECT_TRUE(Empty());
}

TEST_F(SeedLoaderTest, InvalidRecordNamesLineAndFieldAndWritesNothing) {
  const std::string text =
      std::string(kTwoLines) + R"({"nodes":[{"name":"claims/c2","claim":{}}]})" + "\n";
  absl::Status status = LoadSeedText(text, "demo.ndjson", *store_).status();
  EXPECT_TRUE(IsError(status, absl::StatusCode::kInvalidArgument, "INVALID_FIELD",
                      "nodes[0].claim.statement"));
  EXPECT_TRUE(absl::StrContains(status.message(), "demo.ndjson line 5")) << status;
  EXPECT_TRUE(Empty());
}

TEST_F(SeedLoaderTest, AnEdgeToANodeNoLineCreatesFailsAtItsLine) {
  const std::string text =
      std::string(kTwoLines) +
      R"({"edges":[{"source":"studies/ghost","kind":"EDGE_KIND_SUPPORTS","target":"claims/c1"}]})" +
      "\n";
  absl::Status status = LoadSeedText(text, "demo.ndjson", *store_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(status.message(), "line 5")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "studies/ghost")) << status;
}

TEST_F(SeedLoaderTest, AMissingFileIsNotFound) {
  EXPECT_TRUE(IsError(LoadSeedFile(dir_ + "/nope.ndjson", *store_).status(),
                      absl::StatusCode::kNotFound, "SEED_FILE_NOT_FOUND"));
}

}  // namespace
}  // namespace evidencegraph::services
