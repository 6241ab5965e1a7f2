#include "storage/rocks_snapshot.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "storage/bounded_scan.h"
#include "storage/claim_search.h"
#include "storage/page_token.h"
#include "storage/rocks_status.h"
#include "storage/serialized_scan.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

// Counts the stored bytes a page has taken; admits an item while the page
// stays within max_bytes (0 = unbounded). The first item is always admitted,
// so every page makes progress.
class PageBudget {
 public:
  explicit PageBudget(size_t max_bytes) : max_bytes_(max_bytes) {}
  bool Admit(size_t bytes) {
    if (max_bytes_ != 0 && items_ > 0 && used_ + bytes > max_bytes_) return false;
    used_ += bytes;
    ++items_;
    return true;
  }

 private:
  size_t max_bytes_;
  size_t used_ = 0;
  size_t items_ = 0;
};

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

// The caller coerces page sizes; this only keeps a bad one harmless.
size_t PageSize(int requested) {
  if (requested <= 0) return kDefaultPageSize;
  return static_cast<size_t>(std::min(requested, kMaxPageSize));
}

absl::Status CheckNodeKind(v1::NodeKind kind) {
  if (kind != v1::NODE_KIND_UNSPECIFIED && CollectionOf(kind).empty()) {
    return InvalidField("kind", absl::StrCat("unknown node kind ", static_cast<int>(kind)));
  }
  return absl::OkStatus();
}

absl::Status CheckEdgeKind(v1::EdgeKind kind) {
  if (kind != v1::EDGE_KIND_UNSPECIFIED && EdgeKindToken(kind).empty()) {
    return InvalidField("kind", absl::StrCat("unknown edge kind ", static_cast<int>(kind)));
  }
  return absl::OkStatus();
}

// UNSPECIFIED means both; anything else unknown is refused.
absl::StatusOr<v1::EdgeDirection> NormalizeDirection(v1::EdgeDirection direction) {
  switch (direction) {
    case v1::EDGE_DIRECTION_UNSPECIFIED:
    case v1::EDGE_DIRECTION_BOTH:
      return v1::EDGE_DIRECTION_BOTH;
    case v1::EDGE_DIRECTION_OUTGOING:
    case v1::EDGE_DIRECTION_INCOMING:
      return direction;
    default:
      return InvalidField("direction",
                          absl::StrCat("unknown edge direction ", static_cast<int>(direction)));
  }
}

// A node name, or an edge name (edges are endpoints of TARGETS edges).
absl::Status CheckEndpoint(absl::string_view name, absl::string_view field) {
  if (LooksLikeEdgeName(name)) return ParseEdgeName(name, field).status();
  return ParseNodeName(name, field).status();
}

// Where a scan over [prefix, ...) resumes after `last_key` (empty: from the start).
std::string ResumeAt(const std::string& prefix, const std::string& last_key) {
  return std::max(prefix, last_key);
}

}  // namespace

RocksSnapshot::RocksSnapshot(const RocksDb& db, TargetedEdgeCache* targeted, bool memory_only)
    : db_(db), memory_only_(memory_only), snapshot_(db.db()), targeted_cache_(targeted) {
  read_options_.snapshot = snapshot_.snapshot();
  if (memory_only_) read_options_.read_tier = rocksdb::kBlockCacheTier;
}

uint64_t RocksSnapshot::revision() const {
  return snapshot_.snapshot()->GetSequenceNumber();
}

rocksdb::Iterator* RocksSnapshot::NewIterator(Family family,
                                              const rocksdb::ReadOptions& options) const {
  if (!memory_only_) return db_.db()->NewIterator(options, db_.cf(family));
  rocksdb::ReadOptions memory = options;
  memory.read_tier = rocksdb::kBlockCacheTier;
  return db_.db()->NewIterator(memory, db_.cf(family));
}

// --- Point reads ---------------------------------------------------------------

absl::StatusOr<std::optional<std::string>> RocksSnapshot::Get(
    Family family, const std::string& key) const {
  std::string value;
  const rocksdb::Status s = db_.db()->Get(read_options_, db_.cf(family), key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocks(s, absl::StrCat("reading ", keys::FamilyName(family)));
  return value;
}

absl::StatusOr<std::vector<std::string>> RocksSnapshot::GetAll(
    Family family, const std::vector<std::string>& keys, absl::string_view what) const {
  const size_t n = keys.size();
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  db_.db()->MultiGet(read_options_, db_.cf(family), n, slices.data(), values.data(),
                     statuses.data());
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (statuses[i].IsNotFound()) {
      return MakeError(absl::StatusCode::kInternal, "STORAGE_CORRUPTION",
                       absl::StrCat(what, " refers to a missing record in ",
                                    keys::FamilyName(family)));
    }
    RETURN_IF_ERROR(FromRocks(statuses[i], absl::StrCat("reading ", keys::FamilyName(family))));
    out.emplace_back(values[i].data(), values[i].size());
  }
  return out;
}

absl::StatusOr<v1::Node> RocksSnapshot::GetNode(absl::string_view name) const {
  RETURN_IF_ERROR(ParseNodeName(name, "name").status());
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Get(Family::kNodes, keys::NodeKey(name)));
  if (!value.has_value()) return NotFound(name, "node");
  return keys::DecodeNodeValue(name, *value);
}

absl::StatusOr<v1::Edge> RocksSnapshot::GetEdge(absl::string_view name) const {
  ASSIGN_OR_RETURN(const EdgeName parsed, ParseEdgeName(name, "name"));
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Get(Family::kOutEdges,
                       keys::OutEdgeKey(parsed.source, parsed.kind, parsed.target)));
  if (!value.has_value()) return NotFound(name, "edge");
  v1::Edge edge;
  RETURN_IF_ERROR(keys::DecodeEdgeValue({parsed.source, parsed.kind, parsed.target},
                                        *value, &edge));
  return edge;
}

absl::StatusOr<bool> RocksSnapshot::Exists(absl::string_view name) const {
  if (LooksLikeEdgeName(name)) {
    ASSIGN_OR_RETURN(const EdgeName parsed, ParseEdgeName(name, "name"));
    ASSIGN_OR_RETURN(const std::optional<std::string> value,
                     Get(Family::kOutEdges,
                         keys::OutEdgeKey(parsed.source, parsed.kind, parsed.target)));
    return value.has_value();
  }
  RETURN_IF_ERROR(ParseNodeName(name, "name").status());
  ASSIGN_OR_RETURN(const std::optional<std::string> value,
                   Get(Family::kNodes, keys::NodeKey(name)));
  return value.has_value();
}

absl::StatusOr<std::vector<std::optional<std::string>>> RocksSnapshot::MultiRead(
    Family family, const std::vector<std::string>& keys) const {
  const size_t n = keys.size();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&keys](size_t a, size_t b) { return keys[a] < keys[b]; });
  std::vector<rocksdb::Slice> slices;
  slices.reserve(n);
  for (size_t i : order) slices.emplace_back(keys[i]);
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  db_.db()->MultiGet(read_options_, db_.cf(family), n, slices.data(), values.data(),
                     statuses.data(), /*sorted_input=*/true);
  std::vector<std::optional<std::string>> out(n);
  for (size_t j = 0; j < n; ++j) {
    if (statuses[j].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocks(statuses[j], absl::StrCat("reading ", keys::FamilyName(family))));
    out[order[j]].emplace(values[j].data(), values[j].size());
  }
  return out;
}

absl::StatusOr<std::vector<v1::Node>> RocksSnapshot::GetNodes(
    absl::Span<const std::string> names) const {
  std::vector<std::string> node_keys;
  node_keys.reserve(names.size());
  for (const std::string& name : names) {
    RETURN_IF_ERROR(ParseNodeName(name, "name").status());
    node_keys.push_back(keys::NodeKey(name));
  }
  ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> values,
                   MultiRead(Family::kNodes, node_keys));
  std::vector<v1::Node> out;
  out.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (!values[i].has_value()) return NotFound(names[i], "node");
    ASSIGN_OR_RETURN(v1::Node node, keys::DecodeNodeValue(names[i], *values[i]));
    out.push_back(std::move(node));
  }
  return out;
}

absl::StatusOr<std::vector<v1::Edge>> RocksSnapshot::GetEdges(
    absl::Span<const std::string> names) const {
  std::vector<EdgeName> parsed;
  parsed.reserve(names.size());
  std::vector<std::string> edge_keys;
  edge_keys.reserve(names.size());
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(EdgeName p, ParseEdgeName(name, "name"));
    edge_keys.push_back(keys::OutEdgeKey(p.source, p.kind, p.target));
    parsed.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> values,
                   MultiRead(Family::kOutEdges, edge_keys));
  std::vector<v1::Edge> out(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (!values[i].has_value()) return NotFound(names[i], "edge");
    RETURN_IF_ERROR(keys::DecodeEdgeValue({parsed[i].source, parsed[i].kind, parsed[i].target},
                                          *values[i], &out[i]));
  }
  return out;
}

// --- Lists ---------------------------------------------------------------------

absl::StatusOr<NodePage> RocksSnapshot::ListNodes(const NodeListQuery& query) const {
  RETURN_IF_ERROR(CheckNodeKind(query.kind));
  if (!query.label.empty() && !keys::IsKeyComponent(query.label)) {
    return InvalidField("label", "must not contain a NUL byte");
  }
  const uint64_t filter_hash =
      FilterHash({"nodes", absl::StrCat(static_cast<int>(query.kind)), query.label});
  std::string resume;
  if (!query.page_token.empty()) {
    ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query.page_token, filter_hash));
    resume = std::move(cursor.last_key);
  }
  if (!query.label.empty()) return ListNodesByLabel(query, filter_hash, resume);

  const size_t page_size = PageSize(query.page_size);
  const std::string prefix =
      query.kind == v1::NODE_KIND_UNSPECIFIED ? "" : keys::CollectionPrefix(query.kind);
  BoundedScan scan([&](const auto& ro) { return NewIterator(Family::kNodes, ro); },
                   read_options_.snapshot, ResumeAt(prefix, resume),
                   keys::PrefixSuccessor(prefix), /*total_order=*/true);
  scan.SkipIfAt(resume);
  NodePage page;
  std::string last;
  PageBudget budget(query.max_bytes);
  for (; scan.Valid(); scan.Next()) {
    if (page.nodes.size() == page_size || !budget.Admit(scan.value().size())) {
      page.next_page_token = EncodePageToken(filter_hash, {0, last});
      break;
    }
    ASSIGN_OR_RETURN(const absl::string_view name, keys::DecodeNodeKey(scan.key()));
    ASSIGN_OR_RETURN(v1::Node node, keys::DecodeNodeValue(name, scan.value()));
    page.nodes.push_back(std::move(node));
    last = std::string(scan.key());
  }
  RETURN_IF_ERROR(scan.status("listing nodes"));
  return page;
}

absl::StatusOr<NodePage> RocksSnapshot::ListNodesByLabel(const NodeListQuery& query,
                                                         uint64_t filter_hash,
                                                         const std::string& resume) const {
  const size_t page_size = PageSize(query.page_size);
  // Label keys sort by node name, so a kind is a name prefix after the label.
  std::string prefix = keys::LabelPrefix(query.label);
  if (query.kind != v1::NODE_KIND_UNSPECIFIED) prefix += keys::CollectionPrefix(query.kind);
  BoundedScan scan([&](const auto& ro) { return NewIterator(Family::kLabelIndex, ro); },
                   read_options_.snapshot, ResumeAt(prefix, resume),
                   keys::PrefixSuccessor(prefix), /*total_order=*/false);
  scan.SkipIfAt(resume);
  NodePage page;
  std::vector<std::string> node_keys;
  std::vector<std::string> names;
  std::string last;
  for (; scan.Valid(); scan.Next()) {
    if (names.size() == page_size) {
      page.next_page_token = EncodePageToken(filter_hash, {0, last});
      break;
    }
    ASSIGN_OR_RETURN(const auto label_and_name, keys::DecodeLabelKey(scan.key()));
    names.emplace_back(label_and_name.second);
    node_keys.push_back(keys::NodeKey(label_and_name.second));
    last = std::string(scan.key());
  }
  RETURN_IF_ERROR(scan.status("listing nodes by label"));
  ASSIGN_OR_RETURN(const std::vector<std::string> values,
                   GetAll(Family::kNodes, node_keys,
                          absl::StrCat("label index \"", query.label, "\"")));
  PageBudget budget(query.max_bytes);
  for (size_t i = 0; i < values.size(); ++i) {
    if (!budget.Admit(values[i].size())) {
      page.next_page_token =
          EncodePageToken(filter_hash, {0, keys::LabelKey(query.label, names[i - 1])});
      break;
    }
    ASSIGN_OR_RETURN(v1::Node node, keys::DecodeNodeValue(names[i], values[i]));
    page.nodes.push_back(std::move(node));
  }
  return page;
}

absl::StatusOr<EdgePage> RocksSnapshot::ListEdges(const EdgeListQuery& query) const {
  RETURN_IF_ERROR(CheckEdgeKind(query.kind));
  ASSIGN_OR_RETURN(const v1::EdgeDirection direction, NormalizeDirection(query.direction));
  if (!query.node.empty()) RETURN_IF_ERROR(CheckEndpoint(query.node, "node"));
  const uint64_t filter_hash =
      FilterHash({"edges", query.node,
                  absl::StrCat(query.node.empty() ? 0 : static_cast<int>(direction)),
                  absl::StrCat(static_cast<int>(query.kind))});
  std::optional<PageCursor> cursor;
  if (!query.page_token.empty()) {
    ASSIGN_OR_RETURN(cursor, DecodePageToken(query.page_token, filter_hash));
  }
  if (query.node.empty()) {
    return ListAllEdges(query, filter_hash, cursor ? cursor->last_key : "");
  }

  // Phase 0 reads out_edges (values in place), phase 1 in_edges (values
  // fetched from out_edges with one MultiGet at the end).
  std::vector<uint8_t> phases;
  if (direction != v1::EDGE_DIRECTION_INCOMING) phases.push_back(0);
  if (direction != v1::EDGE_DIRECTION_OUTGOING) phases.push_back(1);
  if (cursor && std::find(phases.begin(), phases.end(), cursor->phase) == phases.end()) {
    return InvalidField("page_token", "is not a token returned by this list (bad phase)",
                        "INVALID_PAGE_TOKEN");
  }
  const std::string prefix = query.kind == v1::EDGE_KIND_UNSPECIFIED
                                 ? keys::EndpointPrefix(query.node)
                                 : keys::EndpointKindPrefix(query.node, query.kind);
  const size_t page_size = PageSize(query.page_size);
  EdgePage page;
  std::vector<std::string> pending_keys;  // out_edges keys of incoming edges
  std::vector<size_t> pending_slots;      // their places in page.edges
  bool full = false;
  PageBudget budget(query.max_bytes);
  for (const uint8_t phase : phases) {
    if (cursor && phase < cursor->phase) continue;
    const std::string resume = cursor && phase == cursor->phase ? cursor->last_key : "";
    const Family family = phase == 0 ? Family::kOutEdges : Family::kInEdges;
    BoundedScan scan([&](const auto& ro) { return NewIterator(family, ro); },
                     read_options_.snapshot, ResumeAt(prefix, resume),
                     keys::PrefixSuccessor(prefix), /*total_order=*/false);
    scan.SkipIfAt(resume);
    std::string last;  // empty = resume at the start of this phase
    for (; scan.Valid(); scan.Next()) {
      // Incoming edges' values are fetched below; their budget is checked there.
      if (page.edges.size() == page_size ||
          (phase == 0 && !budget.Admit(scan.value().size()))) {
        page.next_page_token = EncodePageToken(filter_hash, {phase, last});
        full = true;
        break;
      }
      if (phase == 0) {
        ASSIGN_OR_RETURN(const keys::EdgeTriple t, keys::DecodeOutEdgeKey(scan.key()));
        v1::Edge& edge = page.edges.emplace_back();
        RETURN_IF_ERROR(keys::DecodeEdgeValue(t, scan.value(), &edge));
      } else {
        ASSIGN_OR_RETURN(const keys::EdgeTriple t, keys::DecodeInEdgeKey(scan.key()));
        pending_keys.push_back(keys::OutEdgeKey(t.source, t.kind, t.target));
        pending_slots.push_back(page.edges.size());
        page.edges.emplace_back();
      }
      last = std::string(scan.key());
    }
    RETURN_IF_ERROR(scan.status(absl::StrCat("listing the edges of ", query.node)));
    if (full) break;
  }
  ASSIGN_OR_RETURN(const std::vector<std::string> values,
                   GetAll(Family::kOutEdges, pending_keys,
                          absl::StrCat("an in_edges entry of ", query.node)));
  for (size_t i = 0; i < values.size(); ++i) {
    ASSIGN_OR_RETURN(const keys::EdgeTriple t, keys::DecodeOutEdgeKey(pending_keys[i]));
    if (!budget.Admit(values[i].size())) {
      // Stop before this incoming edge; resume after the previous item, which
      // is either the previous incoming edge or the last outgoing one.
      page.edges.resize(pending_slots[i]);
      if (i > 0) {
        ASSIGN_OR_RETURN(const keys::EdgeTriple prev,
                         keys::DecodeOutEdgeKey(pending_keys[i - 1]));
        page.next_page_token = EncodePageToken(
            filter_hash, {1, keys::InEdgeKey(prev.target, prev.kind, prev.source)});
      } else {
        const v1::Edge& prev = page.edges.back();
        page.next_page_token = EncodePageToken(
            filter_hash, {0, keys::OutEdgeKey(prev.source(), prev.kind(), prev.target())});
      }
      break;
    }
    RETURN_IF_ERROR(keys::DecodeEdgeValue(t, values[i], &page.edges[pending_slots[i]]));
  }
  return page;
}

absl::StatusOr<EdgePage> RocksSnapshot::ListAllEdges(const EdgeListQuery& query,
                                                     uint64_t filter_hash,
                                                     const std::string& resume) const {
  // No index by kind: a kind filter skips non-matching keys (without decoding
  // their values).
  const size_t page_size = PageSize(query.page_size);
  BoundedScan scan([&](const auto& ro) { return NewIterator(Family::kOutEdges, ro); },
                   read_options_.snapshot, resume, "", /*total_order=*/true);
  scan.SkipIfAt(resume);
  EdgePage page;
  std::string last;
  PageBudget budget(query.max_bytes);
  for (; scan.Valid(); scan.Next()) {
    ASSIGN_OR_RETURN(const keys::EdgeTriple t, keys::DecodeOutEdgeKey(scan.key()));
    if (query.kind != v1::EDGE_KIND_UNSPECIFIED && t.kind != query.kind) continue;
    if (page.edges.size() == page_size || !budget.Admit(scan.value().size())) {
      page.next_page_token = EncodePageToken(filter_hash, {0, last});
      break;
    }
    RETURN_IF_ERROR(keys::DecodeEdgeValue(t, scan.value(), &page.edges.emplace_back()));
    last = std::string(scan.key());
  }
  RETURN_IF_ERROR(scan.status("listing edges"));
  return page;
}

// --- Scans -----------------------------------------------------------------------

namespace {

// A memory-only snapshot's full scan: refused (it would read the disk).
class NotInMemoryScan final : public SerializedScan {
 public:
  absl::StatusOr<bool> Read(absl::FunctionRef<bool(const SerializedRecord&)>) override {
    return NotInMemoryError("scanning a whole family");
  }
};

}  // namespace

std::unique_ptr<SerializedScan> RocksSnapshot::ScanSerializedNodes() const {
  if (memory_only_) return std::make_unique<NotInMemoryScan>();
  return std::make_unique<RocksSerializedScan>(db_, read_options_.snapshot, Family::kNodes);
}

std::unique_ptr<SerializedScan> RocksSnapshot::ScanSerializedEdges() const {
  if (memory_only_) return std::make_unique<NotInMemoryScan>();
  return std::make_unique<RocksSerializedScan>(db_, read_options_.snapshot, Family::kOutEdges);
}

absl::Status RocksSnapshot::ScanNodes(
    absl::FunctionRef<bool(const v1::Node&)> visit) const {
  BoundedScan scan([&](const auto& ro) { return NewIterator(Family::kNodes, ro); },
                   read_options_.snapshot, "", "", /*total_order=*/true);
  for (; scan.Valid(); scan.Next()) {
    ASSIGN_OR_RETURN(const absl::string_view name, keys::DecodeNodeKey(scan.key()));
    ASSIGN_OR_RETURN(const v1::Node node, keys::DecodeNodeValue(name, scan.value()));
    if (!visit(node)) break;
  }
  return scan.status("scanning nodes");
}

absl::Status RocksSnapshot::ScanEdges(
    absl::FunctionRef<bool(const v1::Edge&)> visit) const {
  BoundedScan scan([&](const auto& ro) { return NewIterator(Family::kOutEdges, ro); },
                   read_options_.snapshot, "", "", /*total_order=*/true);
  v1::Edge edge;
  for (; scan.Valid(); scan.Next()) {
    ASSIGN_OR_RETURN(const keys::EdgeTriple t, keys::DecodeOutEdgeKey(scan.key()));
    edge.Clear();
    RETURN_IF_ERROR(keys::DecodeEdgeValue(t, scan.value(), &edge));
    if (!visit(edge)) break;
  }
  return scan.status("scanning edges");
}

absl::Status RocksSnapshot::ForEachAdjacent(
    absl::string_view name, v1::EdgeDirection direction, v1::EdgeKind kind,
    absl::FunctionRef<bool(const Adjacency&)> visit) const {
  // Hot path of traversals: the name is only checked to be encodable.
  if (name.empty() || !keys::IsKeyComponent(name)) {
    return InvalidField("name", "must be a non-empty node or edge name");
  }
  RETURN_IF_ERROR(CheckEdgeKind(kind));
  ASSIGN_OR_RETURN(const v1::EdgeDirection normalized, NormalizeDirection(direction));
  const std::string prefix = kind == v1::EDGE_KIND_UNSPECIFIED
                                 ? keys::EndpointPrefix(name)
                                 : keys::EndpointKindPrefix(name, kind);
  for (const bool outgoing : {true, false}) {
    if (outgoing && normalized == v1::EDGE_DIRECTION_INCOMING) continue;
    if (!outgoing && normalized == v1::EDGE_DIRECTION_OUTGOING) continue;
    bool stopped = false;
    absl::Status decoded;
    RETURN_IF_ERROR(ScanAdjacency(
        outgoing ? kOutCursor : kInCursor, outgoing ? Family::kOutEdges : Family::kInEdges,
        prefix,
        [&](absl::string_view key) {
          absl::StatusOr<keys::EdgeTriple> t =
              outgoing ? keys::DecodeOutEdgeKey(key) : keys::DecodeInEdgeKey(key);
          if (!t.ok()) {
            decoded = t.status();
            return false;
          }
          const Adjacency adjacency{outgoing ? t->target : t->source, t->kind, outgoing};
          stopped = !visit(adjacency);
          return !stopped;
        },
        name));
    RETURN_IF_ERROR(decoded);
    if (stopped) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> RocksSnapshot::IsEdgeTargeted(absl::string_view source,
                                                   v1::EdgeKind kind,
                                                   absl::string_view target) const {
  if (!targeted_looked_up_ && targeted_cache_ != nullptr) {
    targeted_looked_up_ = true;
    targeted_ = targeted_cache_->Get(revision());
    probe_budget_ = targeted_cache_->BuildThreshold();
  }
  // Building the set reads a whole family: never on a memory-only snapshot.
  if (targeted_ == nullptr && targeted_cache_ != nullptr && probes_ >= probe_budget_ &&
      !memory_only_) {
    ASSIGN_OR_RETURN(targeted_,
                     TargetedEdgeSet::Build(db_, read_options_.snapshot, revision()));
    targeted_cache_->Publish(targeted_);
  }
  if (targeted_ != nullptr) return targeted_->Contains(source, kind, target, &lookup_scratch_);
  ++probes_;
  const std::string edge_name = MakeEdgeName(source, kind, target);
  if (!keys::IsKeyComponent(edge_name)) {
    return InvalidField("name", "must be a non-empty node or edge name");
  }
  bool found = false;
  RETURN_IF_ERROR(ScanAdjacency(kProbeCursor, Family::kInEdges,
                                keys::EndpointKindPrefix(edge_name, v1::EDGE_KIND_TARGETS),
                                [&found](absl::string_view) {
                                  found = true;
                                  return false;
                                },
                                edge_name));
  return found;
}

absl::Status RocksSnapshot::ScanAdjacency(
    Cursor slot, Family family, const std::string& prefix,
    absl::FunctionRef<bool(absl::string_view key)> visit, absl::string_view name) const {
  AdjacencyCursor& cursor = cursors_[slot];
  if (cursor.busy) {  // nested inside a scan of the same family
    BoundedScan scan([&](const auto& ro) { return NewIterator(family, ro); },
                     read_options_.snapshot, prefix, keys::PrefixSuccessor(prefix),
                     /*total_order=*/false);
    for (; scan.Valid(); scan.Next()) {
      if (!visit(scan.key())) break;
    }
    return scan.status(absl::StrCat("reading the adjacency of ", name));
  }
  cursor.limit = keys::PrefixSuccessor(prefix);
  cursor.limit_slice = rocksdb::Slice(cursor.limit);
  if (cursor.it == nullptr) {
    rocksdb::ReadOptions options;
    options.snapshot = read_options_.snapshot;
    // Bounded like BoundedScan: the bound object stays, its bytes change
    // before every Seek (RocksDB re-reads it on Seek).
    options.iterate_upper_bound = &cursor.limit_slice;
    cursor.it.reset(NewIterator(family, options));
  }
  cursor.busy = true;
  rocksdb::Iterator* it = cursor.it.get();
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (key.compare(cursor.limit_slice) >= 0) break;
    if (!visit(absl::string_view(key.data(), key.size()))) break;
  }
  cursor.busy = false;
  const rocksdb::Status status = it->status();
  if (status.ok()) return absl::OkStatus();
  cursor.it.reset();  // start the next scan on a fresh iterator
  return FromRocks(status, absl::StrCat("reading the adjacency of ", name));
}

absl::StatusOr<std::vector<SearchHit>> RocksSnapshot::SearchClaims(
    absl::string_view query, int offset, int limit) const {
  if (memory_only_) return NotInMemoryError("searching claims");
  return storage::SearchClaims(db_, read_options_.snapshot, query, offset, limit);
}

}  // namespace evidencegraph::storage
