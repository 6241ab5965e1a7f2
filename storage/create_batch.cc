#include "storage/create_batch.h"

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "storage/create_checks.h"
#include "storage/keys.h"
#include "storage/multi_exists.h"
#include "storage/mutation_sink.h"
#include "storage/node_index.h"
#include "storage/record_stamps.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

// The keys one op reads and writes, built once in the checking pass, with
// their slots in the family's Presence.
struct OpKeys {
  std::string key;         // nodes key, or out_edges key of the edge
  std::string edge_name;   // edges only
  std::string source_key;  // edges only: nodes key of the source
  std::string target_key;  // edges only: nodes or out_edges key of the target
  bool target_is_edge = false;
  uint32_t key_slot = 0;
  uint32_t source_slot = 0;
  uint32_t target_slot = 0;
};

// Whether each key of one family exists, seeded from the store and updated
// as earlier ops create: the overlay through which op i sees ops 0..i-1.
// Keys are hashed once, when added; the checks then use their slots. The
// views point into the OpKeys, which do not move once built.
class Presence {
 public:
  void Reserve(size_t n) {
    slots_.reserve(n);
    keys_.reserve(n);
  }
  // The slot of `key`, added (as absent) on first sight.
  uint32_t Add(absl::string_view key) {
    const auto [it, added] = slots_.try_emplace(key, static_cast<uint32_t>(keys_.size()));
    if (added) keys_.push_back(key);
    return it->second;
  }
  // Every key's existence from the store, in one sorted MultiGet.
  absl::Status Fill(const RocksDb& db, Family family) {
    ASSIGN_OR_RETURN(exists_, MultiExists(db, family, absl::MakeConstSpan(keys_)));
    return absl::OkStatus();
  }
  bool exists(uint32_t slot) const { return exists_[slot]; }
  void set_exists(uint32_t slot) { exists_[slot] = true; }

 private:
  absl::flat_hash_map<absl::string_view, uint32_t> slots_;
  std::vector<absl::string_view> keys_;  // by slot
  std::vector<bool> exists_;             // by slot, once filled
};

}  // namespace

bool IsCreateOnly(absl::Span<const WriteOp> ops) {
  for (const WriteOp& op : ops) {
    if (!std::holds_alternative<CreateNodeOp>(op) && !std::holds_alternative<CreateEdgeOp>(op)) {
      return false;
    }
  }
  return true;
}

namespace {

// StageCreates with `Op` = const WriteOp (records copied into the response)
// or WriteOp (records moved there: the caller gave the request away).
template <typename Op>
absl::Status Stage(const RocksDb& db, absl::Span<Op> ops, absl::Time now, StagedCreates* out,
                   size_t* failed_op) {
  constexpr bool kMove = !std::is_const_v<Op>;
  *failed_op = ops.size();  // until an op fails: storage errors name none
  // 1. The checks that need no store, up to the first op failing them (its
  // error stands unless an earlier op fails on the store), and every key
  // the ops before it read.
  std::vector<OpKeys> op_keys(ops.size());
  size_t checked = ops.size();
  absl::Status check_failure;
  Presence nodes, out_edges;
  nodes.Reserve(ops.size() * 2);
  out_edges.Reserve(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    OpKeys& k = op_keys[i];
    if (const CreateNodeOp* create = std::get_if<CreateNodeOp>(&ops[i])) {
      check_failure = CheckNodeToCreate(create->node);
      if (!check_failure.ok()) {
        checked = i;
        break;
      }
      k.key = keys::NodeKey(create->node.name());
      k.key_slot = nodes.Add(k.key);
      continue;
    }
    const v1::Edge& edge = std::get<CreateEdgeOp>(ops[i]).edge;
    absl::StatusOr<std::string> name = CheckEdgeToCreate(edge);
    if (!name.ok()) {
      check_failure = name.status();
      checked = i;
      break;
    }
    k.edge_name = *std::move(name);
    k.key = keys::OutEdgeKey(edge.source(), edge.kind(), edge.target());
    k.source_key = keys::NodeKey(edge.source());
    k.target_is_edge = LooksLikeEdgeName(edge.target());
    if (k.target_is_edge) {
      ASSIGN_OR_RETURN(const EdgeName target, ParseEdgeName(edge.target()));
      k.target_key = keys::OutEdgeKey(target.source, target.kind, target.target);
      k.target_slot = out_edges.Add(k.target_key);
    } else {
      k.target_key = keys::NodeKey(edge.target());
      k.target_slot = nodes.Add(k.target_key);
    }
    k.key_slot = out_edges.Add(k.key);
    k.source_slot = nodes.Add(k.source_key);
  }

  // 2. The store's answer for every key at once.
  RETURN_IF_ERROR(nodes.Fill(db, Family::kNodes));
  RETURN_IF_ERROR(out_edges.Fill(db, Family::kOutEdges));

  // 3. The ops in order against store + overlay, staging each write.
  BatchSink sink(db, &out->batch);
  out->response.mutable_results()->Reserve(static_cast<int>(checked));
  auto fail = [failed_op](size_t i, absl::Status status) {
    *failed_op = i;
    return status;
  };
  for (size_t i = 0; i < checked; ++i) {
    const OpKeys& k = op_keys[i];
    if (auto* create = std::get_if<CreateNodeOp>(&ops[i])) {
      if (nodes.exists(k.key_slot)) return fail(i, AlreadyExists(create->node.name(), "node"));
      nodes.set_exists(k.key_slot);
      v1::Node* node = out->response.add_results()->mutable_node();
      if constexpr (kMove) {
        *node = std::move(create->node);
      } else {
        *node = create->node;
      }
      StampNode(node, now, nullptr);
      RETURN_IF_ERROR(sink.Put(Family::kNodes, k.key, keys::EncodeNodeValue(*node)));
      RETURN_IF_ERROR(UpdateNodeIndexes(nullptr, node, sink));
      continue;
    }
    auto& edge = std::get<CreateEdgeOp>(ops[i]).edge;
    if (!nodes.exists(k.source_slot)) return fail(i, MissingSource(edge, k.edge_name));
    const Presence& targets = k.target_is_edge ? out_edges : nodes;
    if (!targets.exists(k.target_slot)) return fail(i, MissingTarget(edge, k.edge_name));
    if (out_edges.exists(k.key_slot)) return fail(i, AlreadyExists(k.edge_name, "edge"));
    out_edges.set_exists(k.key_slot);
    v1::Edge* stored = out->response.add_results()->mutable_edge();
    if constexpr (kMove) {
      *stored = std::move(edge);
    } else {
      *stored = edge;
    }
    // Translated edges arrive named; the check's name is set only otherwise.
    if (stored->name() != k.edge_name) stored->set_name(k.edge_name);
    StampEdge(stored, now, nullptr);
    RETURN_IF_ERROR(sink.Put(Family::kOutEdges, k.key, keys::EncodeEdgeValue(stored)));
    RETURN_IF_ERROR(sink.Put(
        Family::kInEdges, keys::InEdgeKey(stored->target(), stored->kind(), stored->source()),
        ""));
  }
  if (checked < ops.size()) return fail(checked, check_failure);
  return absl::OkStatus();
}

}  // namespace

absl::Status StageCreates(const RocksDb& db, absl::Span<const WriteOp> ops, absl::Time now,
                          StagedCreates* out, size_t* failed_op) {
  return Stage(db, ops, now, out, failed_op);
}

absl::Status StageOwnedCreates(const RocksDb& db, absl::Span<WriteOp> ops, absl::Time now,
                               StagedCreates* out, size_t* failed_op) {
  return Stage(db, ops, now, out, failed_op);
}

}  // namespace evidencegraph::storage
