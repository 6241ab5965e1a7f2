#include "tests/query/test_graph.h"

#include <stdlib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "gtest/gtest.h"

namespace evidencegraph::testing {

v1::Node ClaimNode(absl::string_view id, absl::string_view statement) {
  v1::Node node;
  node.set_name(absl::StrCat("claims/", id));
  node.mutable_claim()->set_statement(std::string(statement));
  return node;
}

v1::Node StudyNode(absl::string_view id, v1::StudyDesign design, int64_t sample_size) {
  v1::Node node;
  node.set_name(absl::StrCat("studies/", id));
  node.set_display_title(absl::StrCat("Study ", id));
  v1::Study* study = node.mutable_study();
  study->mutable_citation()->set_title(absl::StrCat("Title of ", id));
  study->set_design(design);
  study->set_sample_size(sample_size);
  study->set_follow_up_days(30);
  return node;
}

v1::Node ExpertNode(absl::string_view id, absl::string_view full_name) {
  v1::Node node;
  node.set_name(absl::StrCat("experts/", id));
  node.set_display_title(std::string(full_name));
  node.mutable_expert()->set_full_name(std::string(full_name));
  return node;
}

v1::Node CritiqueNode(absl::string_view id, v1::CritiqueKind kind) {
  v1::Node node;
  node.set_name(absl::StrCat("critiques/", id));
  node.mutable_critique()->set_kind(kind);
  node.mutable_critique()->set_text(absl::StrCat("Critique ", id));
  node.mutable_critique()->set_substantiated(true);
  return node;
}

v1::Node SourceNode(absl::string_view id) {
  v1::Node node;
  node.set_name(absl::StrCat("sources/", id));
  node.mutable_source()->set_title(absl::StrCat("Source ", id));
  return node;
}

v1::Edge MakeEdge(absl::string_view source, v1::EdgeKind kind, absl::string_view target,
                  v1::AttackType attack) {
  v1::Edge edge;
  edge.set_source(std::string(source));
  edge.set_kind(kind);
  edge.set_target(std::string(target));
  edge.set_attack_type(attack);
  return edge;
}

std::string EdgeNameOf(absl::string_view source, v1::EdgeKind kind,
                       absl::string_view target) {
  return MakeEdgeName(source, kind, target);
}

TestStore::TestStore() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "eg-query-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr) << "mkdtemp failed";
  dir_ = pattern;
  storage::GraphStoreOptions options;
  options.path = dir_ + "/db";
  options.block_cache_bytes = 16u << 20;
  options.write_buffer_bytes = 8u << 20;
  auto store = storage::GraphStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  if (store.ok()) store_ = *std::move(store);
}

TestStore::~TestStore() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void TestStore::Add(const std::vector<v1::Node>& nodes, const std::vector<v1::Edge>& edges) {
  auto result = store_->ImportBatch(nodes, edges, /*fail_on_conflict=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
}

void TestStore::DeleteNode(absl::string_view name) {
  storage::WriteRequest request;
  request.ops.push_back(storage::DeleteNodeOp{std::string(name), "", true});
  auto result = store_->Write(request);
  ASSERT_TRUE(result.ok()) << result.status();
}

}  // namespace evidencegraph::testing
