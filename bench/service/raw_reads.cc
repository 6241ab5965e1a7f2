#include "bench/service/raw_reads.h"

#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "storage/text_terms.h"

namespace evidencegraph::bench {
namespace {

using storage::keys::Family;

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

absl::string_view View(const rocksdb::Slice& s) { return absl::string_view(s.data(), s.size()); }

// One iterator per edge family, reused for every prefix: a Seek per vertex
// and Next per entry, bounded by the prefix extractor (first component).
class AdjacencyReader {
 public:
  explicit AdjacencyReader(const storage::RocksDb& db) {
    rocksdb::ReadOptions options;
    options.prefix_same_as_start = true;
    out_.reset(db.db()->NewIterator(options, db.cf(Family::kOutEdges)));
    in_.reset(db.db()->NewIterator(options, db.cf(Family::kInEdges)));
  }

  // Calls visit(neighbour, edge kind, outgoing) for each edge at `vertex`;
  // visit returns false to stop.
  template <typename Visit>
  absl::Status ForEach(absl::string_view vertex, bool outgoing_too, bool incoming_too,
                       RawWork* work, Visit visit) {
    const std::string prefix = storage::keys::EndpointPrefix(vertex);
    for (const bool outgoing : {true, false}) {
      if ((outgoing && !outgoing_too) || (!outgoing && !incoming_too)) continue;
      rocksdb::Iterator* it = outgoing ? out_.get() : in_.get();
      for (it->Seek(prefix); it->Valid(); it->Next()) {
        const absl::string_view key = View(it->key());
        ++work->entries;
        work->bytes += static_cast<int64_t>(key.size() + it->value().size());
        absl::StatusOr<storage::keys::EdgeTriple> t =
            outgoing ? storage::keys::DecodeOutEdgeKey(key) : storage::keys::DecodeInEdgeKey(key);
        if (!t.ok()) return t.status();
        if (!visit(outgoing ? t->target : t->source, t->kind, outgoing, *t)) {
          return absl::OkStatus();
        }
      }
      if (absl::Status s = FromRocks(it->status(), "adjacency scan"); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<rocksdb::Iterator> out_;
  std::unique_ptr<rocksdb::Iterator> in_;
};

// MultiGet of `keys` in `family`; counts values and bytes.
absl::Status MultiRead(const storage::RocksDb& db, Family family,
                       const std::vector<std::string>& keys, RawWork* work) {
  const size_t n = keys.size();
  if (n == 0) return absl::OkStatus();
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  db.db()->MultiGet(rocksdb::ReadOptions(), db.cf(family), n, slices.data(), values.data(),
                    statuses.data());
  for (size_t i = 0; i < n; ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (absl::Status s = FromRocks(statuses[i], "MultiGet"); !s.ok()) return s;
    ++work->vertices;
    work->bytes += static_cast<int64_t>(values[i].size());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RawWork> RawBfs(const storage::RocksDb& db, const std::string& start,
                               int max_depth, int max_nodes) {
  RawWork work;
  AdjacencyReader reader(db);
  absl::flat_hash_set<std::string> seen = {start};
  std::vector<std::string> frontier = {start};
  std::vector<std::string> next;
  work.vertices = 1;
  for (int depth = 0; depth < max_depth && !frontier.empty() && !work.truncated; ++depth) {
    for (const std::string& vertex : frontier) {
      absl::Status s = reader.ForEach(
          vertex, true, true, &work,
          [&](absl::string_view neighbour, v1::EdgeKind, bool, const auto&) {
            if (seen.contains(neighbour)) return true;
            if (work.vertices >= max_nodes) {
              work.truncated = true;
              return false;
            }
            seen.emplace(neighbour);
            next.emplace_back(neighbour);
            ++work.vertices;
            return true;
          });
      if (!s.ok()) return s;
      if (work.truncated) break;
    }
    frontier.swap(next);
    next.clear();
  }
  return work;
}

absl::StatusOr<RawWork> RawMeet(const storage::RocksDb& db, const std::string& source,
                                const std::string& target, int max_length) {
  RawWork work;
  AdjacencyReader reader(db);
  // Distance from each side; a vertex seen from both sides joins them.
  absl::flat_hash_map<std::string, int> dist[2];
  std::vector<std::string> frontier[2] = {{source}, {target}};
  dist[0][source] = 0;
  dist[1][target] = 0;
  int depth[2] = {0, 0};
  while (depth[0] + depth[1] < max_length && !frontier[0].empty() && !frontier[1].empty()) {
    const int side = frontier[0].size() <= frontier[1].size() ? 0 : 1;
    std::vector<std::string> next;
    int best = 0;
    for (const std::string& vertex : frontier[side]) {
      ++work.vertices;
      absl::Status s = reader.ForEach(
          vertex, true, true, &work,
          [&](absl::string_view neighbour, v1::EdgeKind, bool, const auto&) {
            if (dist[side].contains(neighbour)) return true;
            dist[side].emplace(neighbour, depth[side] + 1);
            if (auto other = dist[1 - side].find(neighbour); other != dist[1 - side].end()) {
              const int length = depth[side] + 1 + other->second;
              if (best == 0 || length < best) best = length;
            }
            next.emplace_back(neighbour);
            return true;
          });
      if (!s.ok()) return s;
    }
    ++depth[side];
    frontier[side].swap(next);
    if (best != 0) {
      work.distance = best;
      break;
    }
  }
  return work;
}

absl::StatusOr<RawWork> RawCone(const storage::RocksDb& db, const std::string& claim,
                                int max_depth, int max_nodes) {
  RawWork work;
  AdjacencyReader reader(db);
  absl::flat_hash_set<std::string> seen = {claim};
  std::vector<std::string> node_keys = {storage::keys::NodeKey(claim)};
  std::vector<std::string> edge_keys;
  std::vector<std::string> frontier = {claim};
  std::vector<std::string> next;
  for (int depth = 0; depth < max_depth && !frontier.empty() && !work.truncated; ++depth) {
    for (const std::string& vertex : frontier) {
      // Everything pointing at the vertex bears on it; claims also relate to
      // more general and more special claims both ways.
      const bool is_claim = absl::StartsWith(vertex, "claims/") && !LooksLikeEdgeName(vertex);
      absl::Status s = reader.ForEach(
          vertex, is_claim, true, &work,
          [&](absl::string_view neighbour, v1::EdgeKind kind, bool outgoing,
              const storage::keys::EdgeTriple& t) {
            if (outgoing && kind != v1::EDGE_KIND_SPECIALISES &&
                kind != v1::EDGE_KIND_GENERALISES) {
              return true;
            }
            edge_keys.push_back(storage::keys::OutEdgeKey(t.source, t.kind, t.target));
            // An inference into a claim is a vertex of its own: the critiques
            // that undercut it point at its edge name.
            if (is_claim && !outgoing &&
                (kind == v1::EDGE_KIND_SUPPORTS || kind == v1::EDGE_KIND_REFUTES ||
                 kind == v1::EDGE_KIND_ASSERTS)) {
              std::string link = MakeEdgeName(t.source, t.kind, t.target);
              if (seen.insert(link).second) next.push_back(std::move(link));
            }
            if (seen.contains(neighbour)) return true;
            if (static_cast<int64_t>(seen.size()) >= max_nodes) {
              work.truncated = true;
              return false;
            }
            seen.emplace(neighbour);
            next.emplace_back(neighbour);
            if (!LooksLikeEdgeName(neighbour)) {
              node_keys.push_back(storage::keys::NodeKey(neighbour));
            }
            return true;
          });
      if (!s.ok()) return s;
      if (work.truncated) break;
    }
    frontier.swap(next);
    next.clear();
  }
  if (absl::Status s = MultiRead(db, Family::kNodes, node_keys, &work); !s.ok()) return s;
  if (absl::Status s = MultiRead(db, Family::kOutEdges, edge_keys, &work); !s.ok()) return s;
  return work;
}

absl::StatusOr<RawWork> RawScan(const storage::RocksDb& db, const std::vector<Family>& families) {
  RawWork work;
  for (Family family : families) {
    rocksdb::ReadOptions options;
    options.total_order_seek = true;
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(family)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++work.entries;
      work.bytes += static_cast<int64_t>(it->key().size() + it->value().size());
    }
    if (absl::Status s = FromRocks(it->status(), "full scan"); !s.ok()) return s;
  }
  return work;
}

absl::StatusOr<RawWork> RawPostings(const storage::RocksDb& db, const std::string& query,
                                    const std::vector<std::string>& claims) {
  RawWork work;
  rocksdb::ReadOptions options;
  options.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(
      db.db()->NewIterator(options, db.cf(Family::kTermIndex)));
  absl::flat_hash_set<std::string> terms;
  for (std::string& term : storage::TextTerms(query)) terms.insert(std::move(term));
  for (const std::string& term : terms) {
    for (it->Seek(storage::keys::TermPrefix(term)); it->Valid(); it->Next()) {
      ++work.entries;
      work.bytes += static_cast<int64_t>(it->key().size() + it->value().size());
    }
    if (absl::Status s = FromRocks(it->status(), "postings scan"); !s.ok()) return s;
  }
  std::vector<std::string> keys;
  keys.reserve(claims.size());
  for (const std::string& claim : claims) keys.push_back(storage::keys::NodeKey(claim));
  if (absl::Status s = MultiRead(db, Family::kNodes, keys, &work); !s.ok()) return s;
  return work;
}

absl::StatusOr<RawWork> RawGets(const storage::RocksDb& db, const std::vector<std::string>& nodes) {
  RawWork work;
  std::string value;
  for (const std::string& node : nodes) {
    const rocksdb::Status s = db.db()->Get(rocksdb::ReadOptions(), db.cf(Family::kNodes),
                                           storage::keys::NodeKey(node), &value);
    if (s.IsNotFound()) continue;
    if (absl::Status st = FromRocks(s, "Get"); !st.ok()) return st;
    ++work.vertices;
    work.bytes += static_cast<int64_t>(value.size());
  }
  return work;
}

absl::StatusOr<std::vector<std::string>> RawNeighbours(const storage::RocksDb& db,
                                                       const std::string& vertex) {
  RawWork work;
  AdjacencyReader reader(db);
  std::vector<std::string> out;
  absl::Status s = reader.ForEach(vertex, true, true, &work,
                                  [&](absl::string_view neighbour, v1::EdgeKind, bool,
                                      const auto&) {
                                    out.emplace_back(neighbour);
                                    return true;
                                  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace evidencegraph::bench

namespace evidencegraph::bench {

class RawNeighbourReader::Impl {
 public:
  explicit Impl(const storage::RocksDb& db) : reader(db) {}
  AdjacencyReader reader;
};

RawNeighbourReader::RawNeighbourReader(const storage::RocksDb& db)
    : impl_(std::make_unique<Impl>(db)) {}
RawNeighbourReader::~RawNeighbourReader() = default;

absl::StatusOr<std::vector<std::string>> RawNeighbourReader::Neighbours(const std::string& vertex,
                                                                        size_t limit) {
  RawWork work;
  std::vector<std::string> out;
  absl::Status s = impl_->reader.ForEach(vertex, true, true, &work,
                                         [&](absl::string_view neighbour, v1::EdgeKind, bool,
                                             const auto&) {
                                           out.emplace_back(neighbour);
                                           return out.size() < limit;
                                         });
  if (!s.ok()) return s;
  return out;
}

}  // namespace evidencegraph::bench
