// Test support for query/: a real GraphStore in a fresh temporary folder,
// and terse builders for nodes and edges.
//
// Each TestStore owns its folder and deletes it on destruction. Writes go
// through GraphStore::ImportBatch, the same path the server's bulk import
// uses, so the tests read exactly what the server would store.
// Thread-safety: a TestStore is used from the test thread.
#ifndef EVIDENCEGRAPH_TESTS_QUERY_TEST_GRAPH_H_
#define EVIDENCEGRAPH_TESTS_QUERY_TEST_GRAPH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "evidencegraph/v1/resources.pb.h"
#include "storage/graph_store.h"

namespace evidencegraph::testing {

v1::Node ClaimNode(absl::string_view id, absl::string_view statement = "a claim");
v1::Node StudyNode(absl::string_view id, v1::StudyDesign design = v1::STUDY_DESIGN_RCT,
                   int64_t sample_size = 100);
v1::Node ExpertNode(absl::string_view id, absl::string_view full_name = "An Expert");
v1::Node CritiqueNode(absl::string_view id,
                      v1::CritiqueKind kind = v1::CRITIQUE_KIND_SMALL_SAMPLE);
v1::Node SourceNode(absl::string_view id);
// An edge `source` -kind-> `target` (attack type only for TARGETS).
v1::Edge MakeEdge(absl::string_view source, v1::EdgeKind kind, absl::string_view target,
                  v1::AttackType attack = v1::ATTACK_TYPE_UNSPECIFIED);
// The canonical name of that edge.
std::string EdgeNameOf(absl::string_view source, v1::EdgeKind kind,
                       absl::string_view target);

class TestStore {
 public:
  TestStore();
  ~TestStore();
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  storage::GraphStore& store() { return *store_; }
  std::unique_ptr<storage::GraphSnapshot> Snapshot() const { return store_->Snapshot(); }

  // Imports in one batch; fails the test on error.
  void Add(const std::vector<v1::Node>& nodes, const std::vector<v1::Edge>& edges = {});
  // Deletes a node (force: with its edges); fails the test on error.
  void DeleteNode(absl::string_view name);

 private:
  std::string dir_;
  std::unique_ptr<storage::GraphStore> store_;
};

}  // namespace evidencegraph::testing

#endif  // EVIDENCEGRAPH_TESTS_QUERY_TEST_GRAPH_H_
