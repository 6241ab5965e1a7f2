// Test support for the storage tests: temporary database folders, record
// builders and status matchers.
#ifndef EVIDENCEGRAPH_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
#define EVIDENCEGRAPH_TESTS_STORAGE_STORAGE_TEST_UTIL_H_

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/graph_store.h"

namespace evidencegraph::storage::testing {

// A fresh folder under TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "eg-storage-test-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Options of a small test store in `path` (tests adjust single fields).
inline GraphStoreOptions TestStoreOptions(const std::string& path) {
  GraphStoreOptions options;
  options.path = path;
  options.block_cache_bytes = 8u << 20;
  options.write_buffer_bytes = 4u << 20;
  return options;
}

inline std::unique_ptr<GraphStore> OpenStore(const GraphStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<GraphStore>> store = GraphStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(store).value() : nullptr;
}

inline std::unique_ptr<GraphStore> OpenStore(const std::string& path) {
  return OpenStore(TestStoreOptions(path));
}

// --- Records ------------------------------------------------------------------

inline v1::Node Claim(const std::string& id, const std::string& statement,
                      std::vector<std::string> labels = {}) {
  v1::Node node;
  node.set_name("claims/" + id);
  node.mutable_claim()->set_statement(statement);
  for (std::string& label : labels) node.add_labels(std::move(label));
  return node;
}

inline v1::Node Study(const std::string& id, std::vector<std::string> labels = {}) {
  v1::Node node;
  node.set_name("studies/" + id);
  node.mutable_study()->mutable_citation()->set_title("Study " + id);
  node.mutable_study()->set_design(v1::STUDY_DESIGN_RCT);
  for (std::string& label : labels) node.add_labels(std::move(label));
  return node;
}

inline v1::Node Critique(const std::string& id) {
  v1::Node node;
  node.set_name("critiques/" + id);
  node.mutable_critique()->set_kind(v1::CRITIQUE_KIND_SMALL_SAMPLE);
  node.mutable_critique()->set_text("too small");
  return node;
}

inline v1::Node Expert(const std::string& id) {
  v1::Node node;
  node.set_name("experts/" + id);
  node.mutable_expert()->set_full_name("Expert " + id);
  return node;
}

inline v1::Edge Edge(const std::string& source, v1::EdgeKind kind, const std::string& target) {
  v1::Edge edge;
  edge.set_source(source);
  edge.set_kind(kind);
  edge.set_target(target);
  if (kind == v1::EDGE_KIND_TARGETS) {
    edge.set_attack_type(LooksLikeEdgeName(target) ? v1::ATTACK_TYPE_UNDERCUT
                                                   : v1::ATTACK_TYPE_UNDERMINE);
  }
  return edge;
}

inline std::string EdgeNameOf(const v1::Edge& edge) {
  return MakeEdgeName(edge.source(), edge.kind(), edge.target());
}

// --- Requests -----------------------------------------------------------------

inline WriteRequest Request(std::vector<WriteOp> ops, std::string request_id = "",
                            std::string fingerprint = "") {
  WriteRequest request;
  request.ops = std::move(ops);
  request.request_id = std::move(request_id);
  request.fingerprint = std::move(fingerprint);
  return request;
}

inline absl::StatusOr<v1::BatchWriteResponse> WriteOne(GraphStore& store, WriteOp op) {
  std::vector<WriteOp> ops;
  ops.push_back(std::move(op));
  return store.Write(Request(std::move(ops)));
}

inline absl::StatusOr<v1::Node> CreateNode(GraphStore& store, const v1::Node& node) {
  absl::StatusOr<v1::BatchWriteResponse> r = WriteOne(store, CreateNodeOp{node});
  if (!r.ok()) return r.status();
  return r->results(0).node();
}

inline absl::StatusOr<v1::Edge> CreateEdge(GraphStore& store, const v1::Edge& edge) {
  absl::StatusOr<v1::BatchWriteResponse> r = WriteOne(store, CreateEdgeOp{edge});
  if (!r.ok()) return r.status();
  return r->results(0).edge();
}

// --- Matchers -------------------------------------------------------------------

inline absl::Status ToStatus(const absl::Status& s) { return s; }
template <typename T>
absl::Status ToStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER_P(StatusIs, code, "") {
  const absl::Status status = ::evidencegraph::storage::testing::ToStatus(arg);
  if (status.code() == code) return true;
  *result_listener << "status is " << status;
  return false;
}

MATCHER_P2(StatusIsReason, code, reason, "") {
  const absl::Status status = ::evidencegraph::storage::testing::ToStatus(arg);
  const std::optional<std::string> got = ErrorReason(status);
  if (status.code() == code && got.has_value() && *got == reason) return true;
  *result_listener << "status is " << status << " with reason "
                   << got.value_or("<none>");
  return false;
}

}  // namespace evidencegraph::storage::testing

#endif  // EVIDENCEGRAPH_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
