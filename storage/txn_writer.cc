#include "storage/txn_writer.h"

#include <limits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "storage/bounded_scan.h"
#include "storage/create_checks.h"
#include "storage/node_index.h"
#include "storage/record_stamps.h"
#include "storage/rocks_status.h"
#include "storage/status_context.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

// How many edges a refused delete counts before saying "more than".
constexpr size_t kEdgeCountCap = 10000;
// How many of them the message names.
constexpr size_t kEdgesNamed = 3;

absl::Status WithResource(absl::Status status, absl::string_view resource) {
  status.SetPayload(kResourcePayload, absl::Cord(resource));
  return status;
}

// "3 edges (a, b, c, ...)" for a refused delete.
template <typename Ids>
std::string DescribeEdges(const Ids& ids) {
  std::vector<std::string> names;
  for (size_t i = 0; i < ids.size() && i < kEdgesNamed; ++i) {
    names.push_back(ids[i].Name());
  }
  const std::string count = ids.size() > kEdgeCountCap
                                ? absl::StrCat("more than ", kEdgeCountCap)
                                : absl::StrCat(ids.size());
  return absl::StrCat(count, ids.size() == 1 ? " edge (" : " edges (",
                      absl::StrJoin(names, ", "),
                      ids.size() > kEdgesNamed ? ", ...)" : ")");
}

}  // namespace

absl::Status CheckEtag(absl::string_view name, absl::string_view expected,
                       absl::string_view current) {
  if (expected.empty() || expected == current) return absl::OkStatus();
  return WithResource(
      MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                absl::StrCat("etag mismatch for ", name, ": expected \"", expected,
                             "\" but the stored etag is \"", current,
                             "\"; re-read the resource and retry")),
      name);
}

std::string TxnWriter::EdgeId::Name() const {
  return MakeEdgeName(source, kind, target);
}

TxnWriter::TxnWriter(const RocksDb& db, rocksdb::Transaction* txn, absl::Time now,
                     bool cache_only)
    : db_(db), txn_(txn), now_(now), index_sink_(db, txn), postings_sink_(db, txn) {
  read_options_.snapshot = txn_->GetSnapshot();
  // RocksDB answers Incomplete instead of reading a block from a file.
  if (cache_only) read_options_.read_tier = rocksdb::kBlockCacheTier;
}

absl::StatusOr<v1::WriteResult> TxnWriter::Apply(const WriteOp& op) {
  return std::visit(
      [this](const auto& o) -> absl::StatusOr<v1::WriteResult> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateNodeOp>) return CreateNode(o);
        if constexpr (std::is_same_v<T, UpdateNodeOp>) return UpdateNode(o);
        if constexpr (std::is_same_v<T, DeleteNodeOp>) return DeleteNode(o);
        if constexpr (std::is_same_v<T, CreateEdgeOp>) return CreateEdge(o);
        if constexpr (std::is_same_v<T, UpdateEdgeOp>) return UpdateEdge(o);
        if constexpr (std::is_same_v<T, DeleteEdgeOp>) return DeleteEdge(o);
      },
      op);
}

// --- Nodes -------------------------------------------------------------------

absl::StatusOr<v1::WriteResult> TxnWriter::CreateNode(const CreateNodeOp& op) {
  RETURN_IF_ERROR(CheckNodeToCreate(op.node));
  v1::Node node = op.node;
  ASSIGN_OR_RETURN(const std::optional<std::string> existing,
                   ReadForUpdate(Family::kNodes, keys::NodeKey(node.name())));
  if (existing.has_value()) return AlreadyExists(node.name(), "node");

  StampNode(&node, now_, nullptr);
  RETURN_IF_ERROR(Put(Family::kNodes, keys::NodeKey(node.name()),
                      keys::EncodeNodeValue(node)));
  RETURN_IF_ERROR(UpdateNodeIndexes(nullptr, &node, postings_sink_));
  v1::WriteResult result;
  *result.mutable_node() = std::move(node);
  return result;
}

absl::StatusOr<v1::WriteResult> TxnWriter::UpdateNode(const UpdateNodeOp& op) {
  RETURN_IF_ERROR(ParseNodeName(op.name, "node.name").status());
  ASSIGN_OR_RETURN(const std::optional<v1::Node> stored, ReadNode(op.name));
  if (!stored.has_value()) return NotFound(op.name, "node");
  RETURN_IF_ERROR(CheckEtag(op.name, op.expected_etag, stored->etag()));

  v1::Node updated = *stored;
  if (op.mutate) RETURN_IF_ERROR(op.mutate(updated));
  if (updated.name() != stored->name()) {
    return InvalidField("node.name", "a node cannot be renamed");
  }
  if (PayloadKind(updated) != PayloadKind(*stored)) {
    return InvalidField("node", absl::StrCat("the payload kind of ", op.name,
                                             " cannot change"));
  }
  RETURN_IF_ERROR(CheckLabelsEncodable(updated, "node.labels"));

  StampNode(&updated, now_, &*stored);
  RETURN_IF_ERROR(Put(Family::kNodes, keys::NodeKey(updated.name()),
                      keys::EncodeNodeValue(updated)));
  RETURN_IF_ERROR(UpdateNodeIndexes(&*stored, &updated, postings_sink_));
  v1::WriteResult result;
  *result.mutable_node() = std::move(updated);
  return result;
}

absl::StatusOr<v1::WriteResult> TxnWriter::DeleteNode(const DeleteNodeOp& op) {
  RETURN_IF_ERROR(ParseNodeName(op.name, "name").status());
  ASSIGN_OR_RETURN(const std::optional<v1::Node> stored, ReadNode(op.name));
  if (!stored.has_value()) return NotFound(op.name, "node");
  RETURN_IF_ERROR(CheckEtag(op.name, op.expected_etag, stored->etag()));

  // Track the guard before scanning, so an edge added concurrently at this
  // node makes the commit conflict instead of leaving it dangling.
  RETURN_IF_ERROR(LockAdjacency(op.name));
  const size_t limit = op.force ? std::numeric_limits<size_t>::max() : kEdgeCountCap + 1;
  ASSIGN_OR_RETURN(std::vector<EdgeId> edges,
                   EdgesAt(op.name, /*outgoing=*/true, /*incoming=*/true, limit));
  if (!edges.empty() && !op.force) {
    return WithResource(
        MakeError(absl::StatusCode::kFailedPrecondition, "NODE_HAS_EDGES",
                  absl::StrCat("node ", op.name, " has ", DescribeEdges(edges),
                               "; delete them first or set force")),
        op.name);
  }
  RETURN_IF_ERROR(RemoveEdges(std::move(edges)));
  RETURN_IF_ERROR(Delete(Family::kNodes, keys::NodeKey(op.name)));
  RETURN_IF_ERROR(Delete(Family::kMeta, keys::GuardKey(op.name)));
  RETURN_IF_ERROR(UpdateNodeIndexes(&*stored, nullptr, postings_sink_));
  v1::WriteResult result;
  result.set_deleted(op.name);
  return result;
}

// --- Edges -------------------------------------------------------------------

absl::StatusOr<v1::WriteResult> TxnWriter::CreateEdge(const CreateEdgeOp& op) {
  ASSIGN_OR_RETURN(std::string name, CheckEdgeToCreate(op.edge));
  v1::Edge edge = op.edge;
  edge.set_name(std::move(name));

  ASSIGN_OR_RETURN(const bool source_exists, EndpointExists(edge.source()));
  if (!source_exists) return MissingSource(edge, edge.name());
  ASSIGN_OR_RETURN(const bool target_exists, EndpointExists(edge.target()));
  if (!target_exists) return MissingTarget(edge, edge.name());
  const EdgeId id{edge.source(), edge.kind(), edge.target()};
  ASSIGN_OR_RETURN(const std::optional<std::string> existing,
                   ReadForUpdate(Family::kOutEdges,
                                 keys::OutEdgeKey(id.source, id.kind, id.target)));
  if (existing.has_value()) return AlreadyExists(edge.name(), "edge");

  StampEdge(&edge, now_, nullptr);
  RETURN_IF_ERROR(Put(Family::kOutEdges,
                      keys::OutEdgeKey(edge.source(), edge.kind(), edge.target()),
                      keys::EncodeEdgeValue(&edge)));
  // The reverse entry is untracked: only the writer of the out_edges key
  // (tracked above) ever writes it.
  RETURN_IF_ERROR(index_sink_.Put(
      Family::kInEdges, keys::InEdgeKey(edge.target(), edge.kind(), edge.source()), ""));
  RETURN_IF_ERROR(TouchAdjacency(edge.source()));
  RETURN_IF_ERROR(TouchAdjacency(edge.target()));
  v1::WriteResult result;
  *result.mutable_edge() = std::move(edge);
  return result;
}

absl::StatusOr<v1::WriteResult> TxnWriter::UpdateEdge(const UpdateEdgeOp& op) {
  ASSIGN_OR_RETURN(EdgeName parsed, ParseEdgeName(op.name, "edge.name"));
  const EdgeId id{std::move(parsed.source), parsed.kind, std::move(parsed.target)};
  ASSIGN_OR_RETURN(const std::optional<v1::Edge> stored, ReadEdge(id));
  if (!stored.has_value()) return NotFound(op.name, "edge");
  RETURN_IF_ERROR(CheckEtag(op.name, op.expected_etag, stored->etag()));

  v1::Edge updated = *stored;
  if (op.mutate) RETURN_IF_ERROR(op.mutate(updated));
  if (updated.name() != stored->name() || updated.source() != stored->source() ||
      updated.kind() != stored->kind() || updated.target() != stored->target()) {
    return InvalidField("edge", absl::StrCat("the source, kind and target of ",
                                             op.name, " cannot change"));
  }
  StampEdge(&updated, now_, &*stored);
  RETURN_IF_ERROR(Put(Family::kOutEdges, keys::OutEdgeKey(id.source, id.kind, id.target),
                      keys::EncodeEdgeValue(&updated)));
  v1::WriteResult result;
  *result.mutable_edge() = std::move(updated);
  return result;
}

absl::StatusOr<v1::WriteResult> TxnWriter::DeleteEdge(const DeleteEdgeOp& op) {
  ASSIGN_OR_RETURN(EdgeName parsed, ParseEdgeName(op.name, "name"));
  EdgeId id{std::move(parsed.source), parsed.kind, std::move(parsed.target)};
  ASSIGN_OR_RETURN(const std::optional<v1::Edge> stored, ReadEdge(id));
  if (!stored.has_value()) return NotFound(op.name, "edge");
  RETURN_IF_ERROR(CheckEtag(op.name, op.expected_etag, stored->etag()));

  if (!op.force) {
    RETURN_IF_ERROR(LockAdjacency(op.name));
    ASSIGN_OR_RETURN(const std::vector<EdgeId> targeting,
                     EdgesAt(op.name, /*outgoing=*/false, /*incoming=*/true,
                             kEdgeCountCap + 1));
    if (!targeting.empty()) {
      return WithResource(
          MakeError(absl::StatusCode::kFailedPrecondition, "EDGE_IS_TARGETED",
                    absl::StrCat("edge ", op.name, " is the target of ",
                                 DescribeEdges(targeting),
                                 "; delete them first or set force")),
          op.name);
    }
  }
  std::vector<EdgeId> edges;
  edges.push_back(std::move(id));
  RETURN_IF_ERROR(RemoveEdges(std::move(edges)));
  v1::WriteResult result;
  result.set_deleted(op.name);
  return result;
}

absl::Status TxnWriter::RemoveEdges(std::vector<EdgeId> edges) {
  // A worklist rather than recursion: edges targeting edges may chain.
  absl::flat_hash_set<std::string> removed;
  while (!edges.empty()) {
    EdgeId edge = std::move(edges.back());
    edges.pop_back();
    std::string name = edge.Name();
    if (!removed.insert(name).second) continue;  // reached twice (self loops)

    RETURN_IF_ERROR(LockAdjacency(name));
    ASSIGN_OR_RETURN(std::vector<EdgeId> targeting,
                     EdgesAt(name, /*outgoing=*/false, /*incoming=*/true,
                             std::numeric_limits<size_t>::max()));
    for (EdgeId& t : targeting) edges.push_back(std::move(t));

    RETURN_IF_ERROR(
        Delete(Family::kOutEdges, keys::OutEdgeKey(edge.source, edge.kind, edge.target)));
    RETURN_IF_ERROR(index_sink_.Delete(Family::kInEdges,
                                       keys::InEdgeKey(edge.target, edge.kind, edge.source)));
    RETURN_IF_ERROR(Delete(Family::kMeta, keys::GuardKey(name)));
  }
  return absl::OkStatus();
}

// --- Reads and writes through the transaction ----------------------------------

absl::StatusOr<std::optional<std::string>> TxnWriter::ReadForUpdate(
    Family family, const std::string& key) {
  std::string value;
  const rocksdb::Status s =
      txn_->GetForUpdate(read_options_, db_.cf(family), key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (s.IsIncomplete()) would_block_ = true;
  if (!s.ok()) {
    return FromRocks(s, absl::StrCat("reading ", keys::FamilyName(family)));
  }
  return value;
}

absl::StatusOr<std::optional<v1::Node>> TxnWriter::ReadNode(absl::string_view name) {
  ASSIGN_OR_RETURN(std::optional<std::string> value,
                   ReadForUpdate(Family::kNodes, keys::NodeKey(name)));
  if (!value.has_value()) return std::nullopt;
  ASSIGN_OR_RETURN(v1::Node node, keys::DecodeNodeValue(name, *value));
  return node;
}

absl::StatusOr<std::optional<v1::Edge>> TxnWriter::ReadEdge(const EdgeId& id) {
  ASSIGN_OR_RETURN(std::optional<std::string> value,
                   ReadForUpdate(Family::kOutEdges,
                                 keys::OutEdgeKey(id.source, id.kind, id.target)));
  if (!value.has_value()) return std::nullopt;
  v1::Edge edge;
  RETURN_IF_ERROR(
      keys::DecodeEdgeValue({id.source, id.kind, id.target}, *value, &edge));
  return edge;
}

absl::StatusOr<bool> TxnWriter::EndpointExists(absl::string_view name) {
  if (LooksLikeEdgeName(name)) {
    ASSIGN_OR_RETURN(const EdgeName parsed, ParseEdgeName(name));
    ASSIGN_OR_RETURN(const std::optional<std::string> value,
                     ReadForUpdate(Family::kOutEdges,
                                   keys::OutEdgeKey(parsed.source, parsed.kind,
                                                    parsed.target)));
    return value.has_value();
  }
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   ReadForUpdate(Family::kNodes, keys::NodeKey(name)));
  return value.has_value();
}

absl::StatusOr<std::vector<TxnWriter::EdgeId>> TxnWriter::EdgesAt(
    absl::string_view name, bool outgoing, bool incoming, size_t limit) {
  std::vector<EdgeId> out;
  const std::string prefix = keys::EndpointPrefix(name);
  for (const bool out_family : {true, false}) {
    if (out_family ? !outgoing : !incoming) continue;
    const Family family = out_family ? Family::kOutEdges : Family::kInEdges;
    BoundedScan scan(
        [&](const rocksdb::ReadOptions& ro) {
          return txn_->GetIterator(ro, db_.cf(family));
        },
        read_options_.snapshot, prefix, keys::PrefixSuccessor(prefix),
        /*total_order=*/false);
    for (; scan.Valid() && out.size() < limit; scan.Next()) {
      ASSIGN_OR_RETURN(const keys::EdgeTriple t,
                       out_family ? keys::DecodeOutEdgeKey(scan.key())
                                  : keys::DecodeInEdgeKey(scan.key()));
      out.push_back(EdgeId{std::string(t.source), t.kind, std::string(t.target)});
    }
    RETURN_IF_ERROR(scan.status(absl::StrCat("scanning the edges of ", name)));
  }
  return out;
}

absl::Status TxnWriter::LockAdjacency(absl::string_view name) {
  return ReadForUpdate(Family::kMeta, keys::GuardKey(name)).status();
}

absl::Status TxnWriter::TouchAdjacency(absl::string_view name) {
  // Untracked: two writers adding edges at one node must not conflict with
  // each other, only with a delete of the node (which tracks the guard).
  // Once per transaction: a BatchWrite of many edges at one claim would
  // otherwise re-put the same guard for each (each Put searches the
  // transaction's indexed batch).
  if (!touched_.emplace(name).second) return absl::OkStatus();
  return index_sink_.Put(Family::kMeta, keys::GuardKey(name), "");
}

absl::Status TxnWriter::Put(Family family, absl::string_view key,
                            absl::string_view value) {
  return FromRocks(txn_->Put(db_.cf(family), ToSlice(key), ToSlice(value)),
                   absl::StrCat("writing ", keys::FamilyName(family)));
}

absl::Status TxnWriter::Delete(Family family, absl::string_view key) {
  return FromRocks(txn_->Delete(db_.cf(family), ToSlice(key)),
                   absl::StrCat("deleting from ", keys::FamilyName(family)));
}

}  // namespace evidencegraph::storage
