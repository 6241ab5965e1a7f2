// Query workloads: FindPaths against a raw bidirectional BFS, ExplainClaim on
// a large evidence cone against a raw read of the cone plus the reasoning
// library's scoring of it, SearchClaims against a raw replay of the query's
// postings and the page's node reads. Every floor replays the same inputs as
// the calls it is compared with.
#include <chrono>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "bench/service/raw_reads.h"
#include "bench/service/rpc_slots.h"
#include "bench/service/workloads.h"
#include "common/resource_names.h"
#include "evidencegraph/v1/query_service.grpc.pb.h"
#include "query/evidence_cone.h"
#include "query/explain.h"
#include "reasoning/explain.h"

namespace evidencegraph::bench {
namespace {

constexpr int kPathLength = 3;
constexpr int kPathPairs = 48;
constexpr int kConeMaxDepth = 6;
constexpr int kConeMaxNodes = 10000;
constexpr int64_t kMaxExplainsPerPhase = 30;
constexpr int kSearchPage = 50;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Pair {
  std::string source;
  std::string target;
};

// Pairs of nodes exactly kPathLength hops apart (both directions, every
// kind), each of moderate degree (2-40: "degree ~10"), found on the mirror.
// Bounded: a source whose 3-hop ball passes kMaxBall vertices is skipped
// (popular claims have thousands of neighbours), and the search stops after
// kMaxReads adjacency reads whatever it found.
std::vector<Pair> ChoosePathPairs(const SizeRun& run) {
  constexpr size_t kMaxBall = 3000;
  constexpr int64_t kMaxReads = 100000;
  RawNeighbourReader reader(run.mirror.raw());
  int64_t reads = 0;
  auto neighbours = [&](const std::string& v, size_t limit) {
    ++reads;
    absl::StatusOr<std::vector<std::string>> n = reader.Neighbours(v, limit);
    return n.ok() ? *std::move(n) : std::vector<std::string>();
  };
  auto moderate = [&](const std::string& v) {
    const size_t d = neighbours(v, 41).size();
    return d >= 2 && d <= 40;
  };
  std::vector<Pair> pairs;
  for (int attempt = 0; attempt < 4000 && static_cast<int>(pairs.size()) < kPathPairs &&
                        reads < kMaxReads;
       ++attempt) {
    const std::string& source = run.data.study_names[Pick(attempt, run.data.study_names.size(), 23)];
    if (!moderate(source)) continue;
    absl::flat_hash_set<std::string> seen = {source};
    std::vector<std::string> level = {source};
    bool too_big = false;
    for (int depth = 0; depth < kPathLength && !too_big; ++depth) {
      std::vector<std::string> next;
      for (const std::string& v : level) {
        for (std::string& n : neighbours(v, kMaxBall + 1)) {
          if (seen.insert(n).second) next.push_back(std::move(n));
        }
        if (seen.size() > kMaxBall) {
          too_big = true;
          break;
        }
      }
      level.swap(next);
    }
    if (too_big) continue;
    for (int tries = 0; tries < 20 && !level.empty(); ++tries) {
      const std::string& target = level[Pick(tries, level.size(), attempt)];
      if (LooksLikeEdgeName(target)) continue;
      if (moderate(target)) {
        pairs.push_back({source, target});
        break;
      }
    }
  }
  return pairs;
}

}  // namespace

void RunFindPaths(SizeRun& run) {
  const std::string name = "FindPaths 3 hops";
  if (!run.query_service) {
    run.report.Add(Skipped(name, run.data.target_edges, "QueryService not served by this build"));
    return;
  }
  Row row;
  row.workload = name;
  row.graph_edges = run.data.target_edges;
  row.floor = "Ping + raw bidirectional BFS";
  row.rate_unit = "calls/s";
  row.target = "<=2x, p50<10ms";
  const std::vector<Pair> pairs = ChoosePathPairs(run);
  if (pairs.empty()) {
    run.report.Add(Skipped(name, run.data.target_edges, "no pair 3 hops apart found"));
    return;
  }
  row.Detail("pairs", static_cast<double>(pairs.size()));
  auto stub = std::shared_ptr<v1::QueryService::Stub>(v1::QueryService::NewStub(run.server.channel()));
  auto found = std::make_shared<int64_t>(0);
  std::vector<Phase> works;
  std::vector<double> ratios, rates;
  std::vector<double> raw_ratios;
  int64_t next = 0;
  for (int rep = 0; rep < run.config.reps; ++rep) {
    absl::StatusOr<double> ping = PingP50Seconds(run.server, run.config);
    if (!ping.ok()) {
      row.note = std::string(ping.status().message());
      break;
    }
    const int64_t base = next;
    std::vector<std::unique_ptr<CallSlot>> slots;
    slots.push_back(std::make_unique<UnarySlot<v1::FindPathsRequest, v1::FindPathsResponse>>(
        [stub](grpc::ClientContext* ctx, const v1::FindPathsRequest* request,
               v1::FindPathsResponse* response, std::function<void(grpc::Status)> done) {
          stub->async()->FindPaths(ctx, request, response, std::move(done));
        },
        [&pairs, base](int64_t index, v1::FindPathsRequest* request) {
          const Pair& pair = pairs[(base + index) % pairs.size()];
          request->set_source(pair.source);
          request->set_target(pair.target);
          request->set_max_length(kPathLength);
        },
        [found](const v1::FindPathsResponse& r) { *found += r.paths_size() > 0 ? 1 : 0; }));
    absl::StatusOr<Phase> work = RunServerPhase(run.server.pid(), PhaseLoad(run.config), slots);
    if (!PhaseOk(work, row)) break;
    next += work->calls;
    absl::StatusOr<Phase> floor = MeasureLocal([&]() -> absl::StatusOr<double> {
      for (int64_t i = 0; i < work->calls; ++i) {
        const Pair& pair = pairs[(base + i) % pairs.size()];
        absl::StatusOr<RawWork> meet = RawMeet(run.mirror.raw(), pair.source, pair.target, kPathLength);
        if (!meet.ok()) return meet.status();
      }
      return static_cast<double>(work->calls);
    }, 0, 1);
    if (!PhaseOk(floor, row)) break;
    ratios.push_back(work->seconds / (*ping * work->calls + floor->seconds));
    raw_ratios.push_back(work->seconds / floor->seconds);
    rates.push_back(work->units_per_second());
    works.push_back(*std::move(work));
  }
  if (!works.empty()) {
    SetRatio(row, ratios);
    row.rate = Median(rates);
    FillLatency(row, works);
    FillServer(row, works);
    row.met = row.ratio <= 2.0 && row.p50_us < 10'000;
    row.Detail("ratio_vs_raw_only", Median(raw_ratios));
    row.Detail("calls_with_a_path", static_cast<double>(*found));
  }
  run.report.Add(row);
}

void RunExplainCone(SizeRun& run) {
  const std::string name = "ExplainClaim 10k cone";
  if (!run.query_service) {
    run.report.Add(Skipped(name, run.data.target_edges, "QueryService not served by this build"));
    return;
  }
  Row row;
  row.workload = name;
  row.graph_edges = run.data.target_edges;
  row.floor = "Ping + raw cone read + scoring";
  row.rate_unit = "calls/s";
  row.target = "<=1.5x, p50<60ms";
  const std::string claim = run.data.claim_names.front();  // the most popular claim
  auto stub = std::shared_ptr<v1::QueryService::Stub>(v1::QueryService::NewStub(run.server.channel()));
  auto cone_size = std::make_shared<int64_t>(0);
  std::vector<Phase> works;
  std::vector<double> ratios, rates, raw_read, scoring, library;
  RawWork raw_work;
  for (int rep = 0; rep < run.config.reps; ++rep) {
    absl::StatusOr<double> ping = PingP50Seconds(run.server, run.config);
    if (!ping.ok()) {
      row.note = std::string(ping.status().message());
      break;
    }
    std::vector<std::unique_ptr<CallSlot>> slots;
    slots.push_back(std::make_unique<UnarySlot<v1::ExplainClaimRequest, v1::ClaimExplanation>>(
        [stub](grpc::ClientContext* ctx, const v1::ExplainClaimRequest* request,
               v1::ClaimExplanation* response, std::function<void(grpc::Status)> done) {
          stub->async()->ExplainClaim(ctx, request, response, std::move(done));
        },
        [&claim](int64_t, v1::ExplainClaimRequest* request) {
          request->set_name(claim);
          request->set_max_depth(kConeMaxDepth);
          request->set_max_nodes(kConeMaxNodes);
        },
        [cone_size](const v1::ClaimExplanation& r) { *cone_size = r.cone_size(); }));
    absl::StatusOr<Phase> work =
        RunServerPhase(run.server.pid(), PhaseLoad(run.config, kMaxExplainsPerPhase), slots);
    if (!PhaseOk(work, row)) break;
    // Floor, part 1: the cone's reads, raw.
    absl::StatusOr<Phase> read = MeasureLocal([&]() -> absl::StatusOr<double> {
      absl::StatusOr<RawWork> cone = RawCone(run.mirror.raw(), claim, kConeMaxDepth, kConeMaxNodes);
      if (!cone.ok()) return cone.status();
      raw_work = *cone;
      return 1.0;
    }, 0, 1);
    if (!PhaseOk(read, row)) break;
    // Floor, part 2: scoring the same cone with the reasoning library (the
    // cone loaded once, outside the clock).
    std::unique_ptr<storage::GraphSnapshot> snapshot = run.mirror.store().Snapshot();
    query::ConeOptions cone_options;
    cone_options.claim = claim;
    cone_options.max_depth = kConeMaxDepth;
    cone_options.max_nodes = kConeMaxNodes;
    absl::StatusOr<query::EvidenceCone> cone = query::LoadEvidenceCone(*snapshot, cone_options, nullptr);
    if (!cone.ok()) {
      row.note = absl::StrCat("cone: ", cone.status().message());
      break;
    }
    reasoning::ExplainOptions options;
    options.max_paths = query::kExplainMaxPaths.default_value;
    const auto scoring_start = std::chrono::steady_clock::now();
    absl::StatusOr<reasoning::ClaimExplanation> scored =
        reasoning::ExplainClaim(cone->graph, claim, options);
    const double scoring_seconds = SecondsSince(scoring_start);
    if (!scored.ok()) {
      row.note = absl::StrCat("scoring: ", scored.status().message());
      break;
    }
    // For the breakdown: the whole library call in process (cone loader,
    // scoring, proto mapping), no RPC.
    v1::ExplainClaimRequest request;
    request.set_name(claim);
    request.set_max_depth(kConeMaxDepth);
    request.set_max_nodes(kConeMaxNodes);
    const auto library_start = std::chrono::steady_clock::now();
    absl::StatusOr<v1::ClaimExplanation> in_process =
        query::ExplainStoredClaim(*snapshot, request, nullptr);
    library.push_back(SecondsSince(library_start));
    const double floor_seconds = *ping + read->seconds + scoring_seconds;
    ratios.push_back(work->p50_us() / 1e6 / floor_seconds);
    rates.push_back(work->units_per_second());
    raw_read.push_back(read->seconds);
    scoring.push_back(scoring_seconds);
    works.push_back(*std::move(work));
  }
  if (!works.empty()) {
    SetRatio(row, ratios);
    row.rate = Median(rates);
    FillLatency(row, works);
    FillServer(row, works);
    row.met = row.ratio <= 1.5 && row.p50_us < 60'000;
    row.Detail("cone_size", static_cast<double>(*cone_size));
    row.Detail("raw_cone_vertices", static_cast<double>(raw_work.vertices));
    row.Detail("raw_cone_entries", static_cast<double>(raw_work.entries));
    row.Detail("raw_read_ms", Median(raw_read) * 1e3);
    row.Detail("scoring_ms", Median(scoring) * 1e3);
    row.Detail("in_process_library_ms", Median(library) * 1e3);
  }
  run.report.Add(row);
}

void RunSearchClaims(SizeRun& run) {
  const std::string name = "SearchClaims";
  if (!run.query_service) {
    run.report.Add(Skipped(name, run.data.target_edges, "QueryService not served by this build"));
    return;
  }
  Row row;
  row.workload = name;
  row.graph_edges = run.data.target_edges;
  row.floor = "Ping + raw postings + MultiGet";
  row.rate_unit = "calls/s";
  row.target = "";
  // Queries in the synthetic statements' vocabulary ("Intervention 17
  // changes outcome 42 in population 9"): two rare terms and a common one.
  std::vector<std::string> queries;
  for (int i = 0; i < 64; ++i) {
    queries.push_back(absl::StrCat("intervention ", 10 + (i * 37) % 987, " outcome ",
                                   10 + (i * 13) % 79));
  }
  auto stub = std::shared_ptr<v1::QueryService::Stub>(v1::QueryService::NewStub(run.server.channel()));
  // Each call's page, for the floor's MultiGet.
  auto pages = std::make_shared<std::vector<std::vector<std::string>>>();
  std::vector<Phase> works;
  std::vector<double> ratios, rates;
  std::vector<double> raw_ratios;
  for (int rep = 0; rep < run.config.reps; ++rep) {
    absl::StatusOr<double> ping = PingP50Seconds(run.server, run.config);
    if (!ping.ok()) {
      row.note = std::string(ping.status().message());
      break;
    }
    pages->clear();
    std::vector<std::unique_ptr<CallSlot>> slots;
    slots.push_back(std::make_unique<UnarySlot<v1::SearchClaimsRequest, v1::SearchClaimsResponse>>(
        [stub](grpc::ClientContext* ctx, const v1::SearchClaimsRequest* request,
               v1::SearchClaimsResponse* response, std::function<void(grpc::Status)> done) {
          stub->async()->SearchClaims(ctx, request, response, std::move(done));
        },
        [&queries](int64_t index, v1::SearchClaimsRequest* request) {
          request->set_query(queries[index % queries.size()]);
          request->set_page_size(kSearchPage);
        },
        [pages](const v1::SearchClaimsResponse& r) {
          std::vector<std::string>& page = pages->emplace_back();
          for (const v1::ClaimMatch& m : r.claims()) page.push_back(m.claim().name());
        }));
    absl::StatusOr<Phase> work = RunServerPhase(run.server.pid(), PhaseLoad(run.config), slots);
    if (!PhaseOk(work, row)) break;
    absl::StatusOr<Phase> floor = MeasureLocal([&]() -> absl::StatusOr<double> {
      for (size_t i = 0; i < pages->size(); ++i) {
        absl::StatusOr<RawWork> w =
            RawPostings(run.mirror.raw(), queries[i % queries.size()], (*pages)[i]);
        if (!w.ok()) return w.status();
      }
      return static_cast<double>(pages->size());
    }, 0, 1);
    if (!PhaseOk(floor, row)) break;
    ratios.push_back(work->seconds / (*ping * work->calls + floor->seconds));
    raw_ratios.push_back(work->seconds / floor->seconds);
    rates.push_back(work->units_per_second());
    works.push_back(*std::move(work));
  }
  if (!works.empty()) {
    SetRatio(row, ratios);
    row.rate = Median(rates);
    FillLatency(row, works);
    FillServer(row, works);
    row.Detail("ratio_vs_raw_only", Median(raw_ratios));
  }
  run.report.Add(row);
}

}  // namespace evidencegraph::bench
