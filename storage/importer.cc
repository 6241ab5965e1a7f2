#include "storage/importer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "google/protobuf/arena.h"
#include "rocksdb/write_batch.h"
#include "storage/keys.h"
#include "storage/merge_folding_sink.h"
#include "storage/multi_exists.h"
#include "storage/mutation_sink.h"
#include "storage/node_index.h"
#include "storage/record_stamps.h"
#include "storage/rocks_status.h"
#include "storage/sorted_writes.h"
#include "storage/sst_ingest.h"
#include "storage/status_context.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

// "nodes[3] claims/x: <message>", with the field payload (if any) made
// relative to the import message ("nodes[3].name").
absl::Status RecordError(const absl::Status& status, absl::string_view list, size_t index,
                         absl::string_view name) {
  const std::string record = absl::StrCat(list, "[", index, "]");
  absl::Status out = PrefixMessage(
      status, name.empty() ? absl::StrCat(record, ": ") : absl::StrCat(record, " ", name, ": "));
  if (std::optional<std::string> field = ErrorField(status); field.has_value()) {
    out.SetPayload(kFieldPayload, absl::Cord(absl::StrCat(record, ".", *field)));
  }
  return out;
}

struct EdgePlan {
  std::string name;
  std::string out_key;
  bool skip = false;
};

// Which keys exist in the store: MultiExists, unless a bulk import knows
// the store holds no record (StagedRecords::store_has_no_records).
// `Keys`: a vector of strings or of string views.
template <typename Keys>
absl::StatusOr<std::vector<bool>> StoreExists(const RocksDb& db, Family family,
                                              const Keys& keys, const StagedRecords* staged) {
  if (staged != nullptr && staged->store_has_no_records) {
    return std::vector<bool>(keys.size(), false);
  }
  return MultiExists(db, family, keys);
}

// After a staged batch: its new records join `staged`, and every endpoint of
// its new edges that is neither staged nor new came from the store, which the
// commit re-checks.
// The plans' out keys are moved into `staged` (the batch is done with them).
void RecordStaged(const std::vector<v1::Node>& nodes, const std::vector<bool>& node_exists,
                  const std::vector<v1::Edge>& edges, std::vector<EdgePlan>& plans,
                  StagedRecords& staged) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!node_exists[i]) staged.nodes.insert(nodes[i].name());
  }
  for (EdgePlan& plan : plans) {
    if (!plan.skip) staged.edges.insert(std::move(plan.out_key));
  }
  for (size_t j = 0; j < edges.size(); ++j) {
    if (plans[j].skip) continue;
    const v1::Edge& edge = edges[j];
    if (!staged.nodes.contains(edge.source())) staged.store_nodes.insert(edge.source());
    if (!LooksLikeEdgeName(edge.target())) {
      if (!staged.nodes.contains(edge.target())) staged.store_nodes.insert(edge.target());
      continue;
    }
    absl::StatusOr<EdgeName> target = ParseEdgeName(edge.target(), "target");
    if (!target.ok()) continue;  // checked before: cannot happen
    std::string key = keys::OutEdgeKey(target->source, target->kind, target->target);
    if (!staged.edges.contains(key)) staged.store_edges.insert(std::move(key));
  }
}

// Both entry points: `staged` and `bulk_sink` are set together (a bulk
// import stages) or both null (the batch is written here).
absl::StatusOr<ImportBatchResult> ImportBatchImpl(
    const RocksDb& db, const std::vector<v1::Node>& nodes,
    const std::vector<v1::Edge>& edges, bool fail_on_conflict, absl::Time now,
    int64_t ingest_min_records, StagedRecords* staged, MutationSink* bulk_sink) {
  ImportBatchResult result;

  // 1. Nodes: well formed, once each.
  absl::flat_hash_map<absl::string_view, size_t> batch_nodes;
  batch_nodes.reserve(nodes.size());
  std::vector<std::string> node_keys;
  node_keys.reserve(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const v1::Node& node = nodes[i];
    absl::StatusOr<NodeName> parsed = ParseNodeName(node.name(), "name");
    if (!parsed.ok()) return RecordError(parsed.status(), "nodes", i, node.name());
    if (PayloadKind(node) != parsed->kind) {
      return RecordError(InvalidField("payload", absl::StrCat("must be set and be a ",
                                                              CollectionOf(parsed->kind),
                                                              " payload")),
                         "nodes", i, node.name());
    }
    if (absl::Status s = CheckLabelsEncodable(node, "labels"); !s.ok()) {
      return RecordError(s, "nodes", i, node.name());
    }
    auto [it, inserted] = batch_nodes.emplace(node.name(), i);
    if (!inserted) {
      return RecordError(InvalidField("name", absl::StrCat("duplicate of nodes[", it->second,
                                                           "] in the same batch"),
                                      "DUPLICATE_RECORD"),
                         "nodes", i, node.name());
    }
    node_keys.push_back(keys::NodeKey(node.name()));
  }

  // 2a. Existing nodes: skip or refuse.
  ASSIGN_OR_RETURN(std::vector<bool> node_exists,
                   StoreExists(db, Family::kNodes, node_keys, staged));
  if (staged != nullptr) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (staged->nodes.contains(nodes[i].name())) node_exists[i] = true;
    }
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!node_exists[i]) continue;
    if (fail_on_conflict) {
      return RecordError(AlreadyExists(nodes[i].name(), "node"), "nodes", i, nodes[i].name());
    }
    ++result.nodes_skipped;
  }

  // 1b. Edges: well formed, once each.
  std::vector<EdgePlan> plans(edges.size());
  absl::flat_hash_map<absl::string_view, size_t> batch_edges;
  batch_edges.reserve(edges.size());
  // Views into `plans`, whose keys are final once made (no copy per edge).
  std::vector<absl::string_view> edge_keys;
  edge_keys.reserve(edges.size());
  for (size_t j = 0; j < edges.size(); ++j) {
    const v1::Edge& edge = edges[j];
    if (EdgeKindToken(edge.kind()).empty()) {
      return RecordError(InvalidField("kind", "must be a known edge kind"), "edges", j, "");
    }
    if (absl::Status s = ParseNodeName(edge.source(), "source").status(); !s.ok()) {
      return RecordError(s, "edges", j, "");
    }
    const bool target_is_edge = LooksLikeEdgeName(edge.target());
    absl::Status target_ok = target_is_edge ? ParseEdgeName(edge.target(), "target").status()
                                            : ParseNodeName(edge.target(), "target").status();
    if (!target_ok.ok()) return RecordError(target_ok, "edges", j, "");
    plans[j].name = MakeEdgeName(edge.source(), edge.kind(), edge.target());
    plans[j].out_key = keys::OutEdgeKey(edge.source(), edge.kind(), edge.target());
    edge_keys.push_back(plans[j].out_key);
  }
  // Names are final now: views into `plans` stay valid.
  for (size_t j = 0; j < edges.size(); ++j) {
    auto [it, inserted] = batch_edges.emplace(plans[j].name, j);
    if (!inserted) {
      return RecordError(InvalidField("name", absl::StrCat("duplicate of edges[", it->second,
                                                           "] in the same batch"),
                                      "DUPLICATE_RECORD"),
                         "edges", j, plans[j].name);
    }
  }

  // 2b. Existing edges: skip or refuse.
  ASSIGN_OR_RETURN(std::vector<bool> edge_exists,
                   StoreExists(db, Family::kOutEdges, edge_keys, staged));
  if (staged != nullptr) {
    for (size_t j = 0; j < edges.size(); ++j) {
      if (staged->edges.contains(plans[j].out_key)) edge_exists[j] = true;
    }
  }
  for (size_t j = 0; j < edges.size(); ++j) {
    if (!edge_exists[j]) continue;
    if (fail_on_conflict) {
      return RecordError(AlreadyExists(plans[j].name, "edge"), "edges", j, plans[j].name);
    }
    plans[j].skip = true;
    ++result.edges_skipped;
  }

  // 3. Endpoints not in the batch must be in the store: one MultiGet per
  // family over the distinct names.
  absl::flat_hash_map<absl::string_view, bool> outside_nodes;  // name -> exists
  absl::flat_hash_map<absl::string_view, bool> outside_edges;
  for (size_t j = 0; j < edges.size(); ++j) {
    if (plans[j].skip) continue;
    if (!batch_nodes.contains(edges[j].source())) outside_nodes.emplace(edges[j].source(), false);
    const std::string& target = edges[j].target();
    if (LooksLikeEdgeName(target)) {
      if (!batch_edges.contains(target)) outside_edges.emplace(target, false);
    } else if (!batch_nodes.contains(target)) {
      outside_nodes.emplace(target, false);
    }
  }
  {
    std::vector<absl::string_view> names;
    std::vector<std::string> lookup;
    for (auto& [name, exists] : outside_nodes) {
      if (staged != nullptr && staged->nodes.contains(name)) {
        exists = true;
        continue;
      }
      names.push_back(name);
      lookup.push_back(keys::NodeKey(name));
    }
    ASSIGN_OR_RETURN(const std::vector<bool> found,
                     StoreExists(db, Family::kNodes, lookup, staged));
    for (size_t k = 0; k < names.size(); ++k) outside_nodes[names[k]] = found[k];
  }
  {
    std::vector<absl::string_view> names;
    std::vector<std::string> lookup;
    for (auto& [name, exists] : outside_edges) {
      ASSIGN_OR_RETURN(const EdgeName parsed, ParseEdgeName(name, "target"));
      std::string key = keys::OutEdgeKey(parsed.source, parsed.kind, parsed.target);
      if (staged != nullptr && staged->edges.contains(key)) {
        exists = true;
        continue;
      }
      names.push_back(name);
      lookup.push_back(std::move(key));
    }
    ASSIGN_OR_RETURN(const std::vector<bool> found,
                     StoreExists(db, Family::kOutEdges, lookup, staged));
    for (size_t k = 0; k < names.size(); ++k) outside_edges[names[k]] = found[k];
  }
  for (size_t j = 0; j < edges.size(); ++j) {
    if (plans[j].skip) continue;
    const v1::Edge& edge = edges[j];
    if (auto it = outside_nodes.find(edge.source()); it != outside_nodes.end() && !it->second) {
      return RecordError(NotFound(edge.source(), "source node"), "edges", j, plans[j].name);
    }
    const bool target_is_edge = LooksLikeEdgeName(edge.target());
    const auto& outside = target_is_edge ? outside_edges : outside_nodes;
    if (auto it = outside.find(edge.target()); it != outside.end() && !it->second) {
      return RecordError(NotFound(edge.target(), target_is_edge ? "target edge" : "target node"),
                         "edges", j, plans[j].name);
    }
  }

  // 4. One atomic write: one WriteBatch, or SST files ingested in one step.
  const int64_t created = static_cast<int64_t>(nodes.size()) - result.nodes_skipped +
                          static_cast<int64_t>(edges.size()) - result.edges_skipped;
  if (created == 0) return result;
  // Emits every write of the batch into `sink`, the same for both paths.
  auto emit = [&](MutationSink& sink) -> absl::Status {
    // Scratch records on an arena: the copy into one clears it, which on the
    // heap frees its submessages (timestamps, payload) only for the copy and
    // the stamp to allocate them again, a few malloc/free per record; on the
    // arena those are bump allocations, freed at once with the batch.
    google::protobuf::Arena arena;
    v1::Node& node = *google::protobuf::Arena::CreateMessage<v1::Node>(&arena);
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (node_exists[i]) continue;
      node = nodes[i];
      StampImportedNode(&node, now);
      // Owned puts: the bulk path's sink keeps the strings without a copy.
      RETURN_IF_ERROR(
          sink.PutOwned(Family::kNodes, std::move(node_keys[i]), keys::EncodeNodeValue(node)));
      RETURN_IF_ERROR(UpdateNodeIndexes(nullptr, &node, sink));
      ++result.nodes_created;
    }
    // Keys go into the batch in key order, per family: memtable inserts then
    // follow each other (and the per-prefix insert hint of the edge families).
    // A bulk import's sink sorts its whole chunk anyway: no sort here.
    const bool sink_sorts = bulk_sink != nullptr;
    std::vector<size_t> order;
    order.reserve(edges.size());
    for (size_t j = 0; j < edges.size(); ++j) {
      if (!plans[j].skip) order.push_back(j);
    }
    if (!sink_sorts) {
      std::sort(order.begin(), order.end(),
                [&](size_t a, size_t b) { return plans[a].out_key < plans[b].out_key; });
    }
    std::vector<std::string> in_keys;
    in_keys.reserve(order.size());
    v1::Edge& edge = *google::protobuf::Arena::CreateMessage<v1::Edge>(&arena);
    for (const size_t j : order) {
      edge = edges[j];
      edge.set_name(plans[j].name);
      StampImportedEdge(&edge, now);
      // The key stays in `plans` (the staged names): only the value is given away.
      RETURN_IF_ERROR(sink_sorts ? sink.PutOwned(Family::kOutEdges, plans[j].out_key,
                                                 keys::EncodeEdgeValue(&edge))
                                 : sink.Put(Family::kOutEdges, plans[j].out_key,
                                            keys::EncodeEdgeValue(&edge)));
      in_keys.push_back(keys::InEdgeKey(edge.target(), edge.kind(), edge.source()));
      ++result.edges_created;
    }
    if (!sink_sorts) std::sort(in_keys.begin(), in_keys.end());
    for (std::string& key : in_keys) {
      RETURN_IF_ERROR(sink.PutOwned(Family::kInEdges, std::move(key), ""));
    }
    return absl::OkStatus();
  };
  if (bulk_sink != nullptr) {
    RETURN_IF_ERROR(emit(*bulk_sink));
    RecordStaged(nodes, node_exists, edges, plans, *staged);
  } else if (ingest_min_records > 0 && created >= ingest_min_records) {
    // SST files hold each key once: the counter operands of the batch are
    // folded into one per counter (same sum when read).
    SortedWrites writes;
    writes.Reserve(Family::kNodes, nodes.size());
    writes.Reserve(Family::kOutEdges, edges.size());
    writes.Reserve(Family::kInEdges, edges.size());
    MergeFoldingSink folding(writes);
    RETURN_IF_ERROR(emit(folding));
    RETURN_IF_ERROR(folding.Flush());
    RETURN_IF_ERROR(writes.Finish());
    RETURN_IF_ERROR(IngestSortedWrites(db, writes));
  } else {
    rocksdb::WriteBatch batch;
    BatchSink sink(db, &batch);
    RETURN_IF_ERROR(emit(sink));
    RETURN_IF_ERROR(
        FromRocks(db.db()->Write(db.write_options(), &batch), "writing an import batch"));
  }
  return result;
}

}  // namespace

absl::StatusOr<ImportBatchResult> ImportBatchExclusive(
    const RocksDb& db, const std::vector<v1::Node>& nodes,
    const std::vector<v1::Edge>& edges, bool fail_on_conflict, absl::Time now,
    int64_t ingest_min_records) {
  return ImportBatchImpl(db, nodes, edges, fail_on_conflict, now, ingest_min_records, nullptr,
                         nullptr);
}

absl::StatusOr<ImportBatchResult> StageImportBatch(
    const RocksDb& db, const std::vector<v1::Node>& nodes,
    const std::vector<v1::Edge>& edges, bool fail_on_conflict, absl::Time now,
    StagedRecords& staged, MutationSink& sink) {
  return ImportBatchImpl(db, nodes, edges, fail_on_conflict, now, 0, &staged, &sink);
}

}  // namespace evidencegraph::storage
