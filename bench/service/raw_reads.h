// Storage read floors: what a request reads, replayed with plain RocksDB on
// the mirror (bench/service/mirror_store.h), warm cache, no snapshot
// bookkeeping, no protobuf decoding unless the request decodes too.
//
//   RawBfs          breadth-first walk over out_edges + in_edges prefixes
//                   (both directions, every kind), with Traverse's bounds:
//                   the floor of Traverse ("raw iterator replay").
//   RawMeet         bidirectional BFS between two vertices, expanding the
//                   smaller frontier until they meet: the floor of FindPaths
//                   ("raw replay of both frontiers").
//   RawCone         the evidence cone's reads: incoming edges of everything
//                   reached (and claim-claim relations both ways), then one
//                   MultiGet of the node values and one of the edge values:
//                   the read half of ExplainClaim's floor.
//   RawScan         a full scan of families (ExportGraph's floor).
//   RawPostings     the term-index prefixes of a query, plus a MultiGet of
//                   the claims a page returned (SearchClaims' floor).
//   RawGets         point reads of node keys (GetNode's storage part).
// Every function returns what it touched, so callers can check that the
// floor did the same work as the server.
// Thread-safety: stateless functions; RocksDB reads are thread-safe.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_RAW_READS_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_RAW_READS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/keys.h"
#include "storage/rocks_db.h"

namespace evidencegraph::bench {

struct RawWork {
  int64_t vertices = 0;  // vertices reached (walks) / records read
  int64_t entries = 0;   // keys read by iterators (edges scanned)
  int64_t bytes = 0;     // key + value bytes touched
  bool truncated = false;
  int distance = 0;      // RawMeet: hops between the two, 0 = not within bounds
};

absl::StatusOr<RawWork> RawBfs(const storage::RocksDb& db, const std::string& start,
                               int max_depth, int max_nodes);

absl::StatusOr<RawWork> RawMeet(const storage::RocksDb& db, const std::string& source,
                                const std::string& target, int max_length);

absl::StatusOr<RawWork> RawCone(const storage::RocksDb& db, const std::string& claim,
                                int max_depth, int max_nodes);

absl::StatusOr<RawWork> RawScan(const storage::RocksDb& db,
                                const std::vector<storage::keys::Family>& families);

absl::StatusOr<RawWork> RawPostings(const storage::RocksDb& db, const std::string& query,
                                    const std::vector<std::string>& claims);

absl::StatusOr<RawWork> RawGets(const storage::RocksDb& db, const std::vector<std::string>& nodes);

// Neighbours of `vertex` (both directions, every kind), for choosing
// workload inputs (e.g. FindPaths pairs at a given distance).
absl::StatusOr<std::vector<std::string>> RawNeighbours(const storage::RocksDb& db,
                                                       const std::string& vertex);

// The same with the iterators kept between calls (many lookups).
class RawNeighbourReader {
 public:
  explicit RawNeighbourReader(const storage::RocksDb& db);
  ~RawNeighbourReader();
  // Up to `limit` neighbours (the count stops there: degree checks need no more).
  absl::StatusOr<std::vector<std::string>> Neighbours(const std::string& vertex,
                                                      size_t limit = SIZE_MAX);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_RAW_READS_H_
