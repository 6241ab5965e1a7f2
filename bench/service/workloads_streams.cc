// Streaming reads: ExportGraph against a raw full scan of the same families
// (read by a raw client that does not parse every message; see RawSlot),
// Traverse (1-3 hops) against a raw BFS with the same bounds from the same
// start vertices. Each also reports the serialisation floor (SerializeToString
// of an evenly spread sample of the messages received, timed warm and scaled
// to all of them by stream_floor.h),
// the client's parse time and the RPC stream floor (PingStream of the
// same message count and size) as details.
#include <grpcpp/support/byte_buffer.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/service/raw_reads.h"
#include "bench/service/rpc_slots.h"
#include "bench/service/stream_floor.h"
#include "bench/service/workloads.h"
#include "common/proto_wire.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"
#include "evidencegraph/v1/query_service.grpc.pb.h"

namespace evidencegraph::bench {
namespace {

using storage::keys::Family;

constexpr int kTraverseMaxNodes = 100000;  // the server's cap: long walks
constexpr int kTraverseStarts = 256;
constexpr int64_t kMaxTraversalsPerPhase = 200;

// Seconds to SerializeToString every message once.
template <typename Message>
double SerializeSeconds(const std::vector<Message>& messages) {
  if (messages.empty()) return kNaN;
  std::string out;
  const auto start = std::chrono::steady_clock::now();
  for (const Message& m : messages) {
    out.clear();
    m.SerializeToString(&out);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// An evenly spread sample of a stream's messages for the serialisation floor:
// every stride-th message, the stride doubling whenever the sample fills. The
// rest are parsed into the reader's one reused message and dropped, as a
// client that consumes the stream would: keeping (copying or taking) every
// message of an export cost the benchmark's client more than the server's
// whole export once the server stopped re-serialising, and the client's read
// loop paces the stream.
template <typename Message>
class StreamSample {
 public:
  static constexpr size_t kMax = 16;

  void Clear() {
    kept_.clear();
    seen_ = 0;
    stride_ = 1;
  }
  // Counts one message of the stream; true when it is to be sampled (Keep).
  bool Sampled() { return seen_++ % stride_ == 0; }
  // Takes `*m` (Swap) when it is sampled.
  void Offer(Message* m) {
    if (Sampled()) Keep(m);
  }
  // Takes `*m` (Swap), the message Sampled() just chose.
  void Keep(Message* m) {
    kept_.emplace_back().Swap(m);
    if (kept_.size() < 2 * kMax) return;
    for (size_t i = 0; i < kMax; ++i) kept_[i].Swap(&kept_[2 * i]);
    kept_.resize(kMax);
    stride_ *= 2;
  }
  const std::vector<Message>& kept() const { return kept_; }

 private:
  std::vector<Message> kept_;
  uint64_t seen_ = 0;
  uint64_t stride_ = 1;
};

// Seconds to parse every message once from its bytes into one reused
// message (what the benchmark's client does for each message it reads).
template <typename Message>
double ParseSeconds(const std::vector<Message>& messages) {
  if (messages.empty()) return kNaN;
  std::vector<std::string> bytes;
  for (const Message& m : messages) bytes.push_back(m.SerializeAsString());
  Message parsed;
  for (const std::string& b : bytes) parsed.ParseFromString(b);  // warm, as the client's message is
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& b : bytes) parsed.ParseFromString(b);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// What the client saw of one stream phase.
struct StreamTally {
  int64_t messages = 0;
  int64_t records = 0;
  int64_t bytes = 0;
  int64_t edges_scanned = 0;  // Traverse: from the last message of each call
  int64_t malformed = 0;      // raw reads whose bytes did not scan or parse
};

// The benchmark's raw reader: each stream message as the bytes gRPC
// delivers, never parsed except for the sample. Why: a client that parses
// every message into objects (an ExportGraphResponse holds hundreds of nodes
// and edges) spends longer on it than the server spends producing the
// stream, so it, not the server, set the pace (HTTP/2 flow control holds the
// server back to the reader's speed). The typed reader's time stays a detail.
using RawSlot = ServerStreamSlot<grpc::ByteBuffer, grpc::ByteBuffer>;

RawSlot::Invoke RawStreamInvoke(const std::shared_ptr<grpc::Channel>& channel,
                                const char* method_name) {
  auto method = std::make_shared<grpc::internal::RpcMethod>(
      method_name, grpc::internal::RpcMethod::SERVER_STREAMING, channel);
  return [channel, method](grpc::ClientContext* ctx, const grpc::ByteBuffer* request,
                           grpc::ClientReadReactor<grpc::ByteBuffer>* reactor) {
    grpc::internal::ClientCallbackReaderFactory<grpc::ByteBuffer>::Create(
        channel.get(), *method, ctx, request, reactor);
  };
}

grpc::ByteBuffer RequestBytes(const google::protobuf::Message& request) {
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// What the raw reader learns from one message's top-level fields without
// parsing it: how many entries `repeated_field` has, and the value of
// `varint_field` (0 when absent).
struct WireCounts {
  int64_t bytes = 0;
  int64_t repeated = 0;
  uint64_t varint = 0;
  bool ok = true;
};

WireCounts CountWire(const grpc::ByteBuffer& buffer, uint32_t repeated_field_a,
                     uint32_t repeated_field_b, uint32_t varint_field, std::string* scratch) {
  WireCounts counts;
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) {
    counts.ok = false;
    return counts;
  }
  scratch->clear();
  for (const grpc::Slice& slice : slices) {
    scratch->append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  counts.bytes = static_cast<int64_t>(scratch->size());
  absl::string_view in(*scratch);
  while (!in.empty()) {
    uint64_t tag = 0, value = 0;
    if (!wire::ReadVarint(&in, &tag)) break;
    const uint32_t field = static_cast<uint32_t>(tag >> 3);
    switch (tag & 7) {
      case wire::kVarint:
        if (!wire::ReadVarint(&in, &value)) break;
        if (field == varint_field) counts.varint = value;
        continue;
      case wire::kLengthDelimited:
        if (!wire::ReadVarint(&in, &value) || value > in.size()) break;
        in.remove_prefix(value);
        if (field == repeated_field_a || field == repeated_field_b) ++counts.repeated;
        continue;
      case wire::kFixed64:
        if (in.size() < 8) break;
        in.remove_prefix(8);
        continue;
      case wire::kFixed32:
        if (in.size() < 4) break;
        in.remove_prefix(4);
        continue;
      default:
        break;
    }
    counts.ok = false;
    break;
  }
  return counts;
}

}  // namespace

void RunExport(SizeRun& run) {
  Row row;
  row.workload = "ExportGraph";
  row.graph_edges = run.data.target_edges;
  row.floor = "Ping + raw full scan + serialise";
  row.rate_unit = "records/s";
  row.cpu_unit = "record";
  row.target = "<=2x, >=2M rec/s";
  auto stub = std::shared_ptr<v1::GraphService::Stub>(v1::GraphService::NewStub(run.server.channel()));
  const RawSlot::Invoke raw_export =
      RawStreamInvoke(run.server.channel(), "/evidencegraph.v1.GraphService/ExportGraph");
  std::vector<Phase> works;
  std::vector<double> ratios, raw_ratios, rates, scan_secs, serialise_secs, parse_secs,
      typed_secs, typed_ratios;
  auto tally = std::make_shared<StreamTally>();
  auto sample = std::make_shared<StreamSample<v1::ExportGraphResponse>>();
  auto scratch = std::make_shared<std::string>();
  for (int rep = 0; rep < run.config.reps; ++rep) {
    absl::StatusOr<double> ping = PingP50Seconds(run.server, run.config);
    if (!ping.ok()) {
      row.note = std::string(ping.status().message());
      break;
    }
    absl::StatusOr<Phase> floor = MeasureLocal([&]() -> absl::StatusOr<double> {
      absl::StatusOr<RawWork> work = RawScan(run.mirror.raw(), {Family::kNodes, Family::kOutEdges});
      if (!work.ok()) return work.status();
      return static_cast<double>(work->entries);
    }, /*min_seconds=*/0, /*max_runs=*/1);
    if (!PhaseOk(floor, row)) break;
    LoadOptions one;
    one.duration = absl::Hours(1);
    one.max_calls = 1;
    // The measured stream, read raw (see RawSlot): records counted from the
    // wire, a sample parsed for the serialisation floor.
    *tally = StreamTally();
    sample->Clear();
    std::vector<std::unique_ptr<CallSlot>> slots;
    slots.push_back(std::make_unique<RawSlot>(
        raw_export,
        [](int64_t, grpc::ByteBuffer* request) {
          *request = RequestBytes(v1::ExportGraphRequest());  // default batch size
        },
        [tally, sample, scratch](grpc::ByteBuffer* m) {
          const WireCounts counts = CountWire(*m, v1::ExportGraphResponse::kNodesFieldNumber,
                                              v1::ExportGraphResponse::kEdgesFieldNumber, 0,
                                              scratch.get());
          ++tally->messages;
          tally->records += counts.repeated;
          tally->bytes += counts.bytes;
          if (!counts.ok) ++tally->malformed;
          if (sample->Sampled()) {
            v1::ExportGraphResponse parsed;
            if (!parsed.ParseFromString(*scratch)) ++tally->malformed;
            sample->Keep(&parsed);
          }
        }));
    // The same stream read by a typed client that parses every message: a
    // detail (it is the reader's pace, not the server's).
    auto typed_records = std::make_shared<int64_t>(0);
    std::vector<std::unique_ptr<CallSlot>> typed_slots;
    typed_slots.push_back(
        std::make_unique<ServerStreamSlot<v1::ExportGraphRequest, v1::ExportGraphResponse>>(
            [stub](grpc::ClientContext* ctx, const v1::ExportGraphRequest* request,
                   grpc::ClientReadReactor<v1::ExportGraphResponse>* reactor) {
              stub->async()->ExportGraph(ctx, request, reactor);
            },
            [](int64_t, v1::ExportGraphRequest*) {},
            [typed_records](v1::ExportGraphResponse* m) {
              *typed_records += m->nodes_size() + m->edges_size();
            }));
    // Which read goes first alternates: the first stream after the floor's
    // scan runs colder.
    absl::StatusOr<Phase> typed;
    if (rep % 2 == 1) typed = RunServerPhase(run.server.pid(), one, typed_slots);
    absl::StatusOr<Phase> work = RunServerPhase(run.server.pid(), one, slots);
    if (!PhaseOk(work, row)) break;
    if (rep % 2 == 0) typed = RunServerPhase(run.server.pid(), one, typed_slots);
    if (tally->malformed > 0) {
      row.note = absl::StrCat(tally->malformed, " export messages did not parse");
      break;
    }
    work->units = static_cast<double>(tally->records);
    if (!PhaseOk(typed, row)) break;
    if (*typed_records != tally->records) {
      row.note = absl::StrCat("typed export read ", *typed_records, " records, raw ",
                              tally->records);
      break;
    }
    using Response = v1::ExportGraphResponse;
    const double serialise = SampledStreamSeconds(SerializeSeconds<Response>, sample->kept(),
                                                  tally->messages, tally->bytes);
    // Not in the floor: the typed client's own parsing.
    parse_secs.push_back(SampledStreamSeconds(ParseSeconds<Response>, sample->kept(),
                                              tally->messages, tally->bytes));
    const double floor_seconds = *ping + floor->seconds + serialise;
    ratios.push_back(work->seconds / floor_seconds);
    typed_ratios.push_back(typed->seconds / floor_seconds);
    typed_secs.push_back(typed->seconds);
    raw_ratios.push_back(work->seconds / floor->seconds);
    rates.push_back(work->units_per_second());
    scan_secs.push_back(floor->seconds);
    serialise_secs.push_back(serialise);
    works.push_back(*std::move(work));
  }
  if (!works.empty()) {
    SetRatio(row, ratios);
    row.rate = Median(rates);
    FillLatency(row, works);
    FillServer(row, works, /*per_unit=*/true);
    row.met = row.ratio <= 2.0 && row.rate >= 2e6;
    row.Detail("ratio_vs_raw_scan_only", Median(raw_ratios));
    row.Detail("raw_scan_seconds", Median(scan_secs));
    row.Detail("serialise_seconds", Median(serialise_secs));
    row.Detail("client_parse_seconds", Median(parse_secs));
    row.Detail("typed_client_seconds", Median(typed_secs));
    row.Detail("typed_client_ratio", Median(typed_ratios));
    row.Detail("messages", static_cast<double>(tally->messages));
    row.Detail("records", static_cast<double>(tally->records));
    row.Detail("bytes", static_cast<double>(tally->bytes));
    if (tally->messages > 0) {
      absl::StatusOr<Phase> stream = PingStreamPhase(
          run.server, static_cast<int>(tally->messages),
          static_cast<int>(std::min<int64_t>(tally->bytes / tally->messages, 1 << 20)), true);
      if (stream.ok()) row.Detail("rpc_stream_floor_seconds", stream->seconds);
      // performance.md's RPC floor for a stream (the ratio uses Ping, which
      // is below it: the stricter floor).
      absl::StatusOr<Phase> empty =
          PingStreamPhase(run.server, static_cast<int>(tally->messages), 0, true);
      if (empty.ok()) row.Detail("empty_stream_seconds", empty->seconds);
    }
  }
  run.report.Add(row);
}

void RunTraverse(SizeRun& run, int hops) {
  const std::string name = absl::StrCat("Traverse ", hops, hops == 1 ? " hop" : " hops");
  if (!run.query_service) {
    run.report.Add(Skipped(name, run.data.target_edges, "QueryService not served by this build"));
    return;
  }
  Row row;
  row.workload = name;
  row.graph_edges = run.data.target_edges;
  row.floor = "Ping + raw BFS + serialise";
  row.rate_unit = "edges/s";
  row.cpu_unit = "edge";
  row.target = "<=1.5x, >=1M edges/s";
  std::vector<std::string> starts;
  for (int i = 0; i < kTraverseStarts; ++i) {
    starts.push_back(run.data.node_names[Pick(i, run.data.node_names.size(), 11)]);
  }
  auto stub = std::shared_ptr<v1::QueryService::Stub>(v1::QueryService::NewStub(run.server.channel()));
  std::vector<Phase> works;
  std::vector<double> ratios, raw_ratios, rates, raw_entries, server_entries, raw_secs,
      serialise_secs, parse_secs, ping_secs;
  auto tally = std::make_shared<StreamTally>();
  auto sample = std::make_shared<StreamSample<v1::TraverseResponse>>();
  int64_t next_start = 0;
  for (int rep = 0; rep < run.config.reps; ++rep) {
    absl::StatusOr<double> ping = PingP50Seconds(run.server, run.config);
    if (!ping.ok()) {
      row.note = std::string(ping.status().message());
      break;
    }
    *tally = StreamTally();
    sample->Clear();
    const int64_t base = next_start;
    std::vector<std::unique_ptr<CallSlot>> slots;
    slots.push_back(std::make_unique<ServerStreamSlot<v1::TraverseRequest, v1::TraverseResponse>>(
        [stub](grpc::ClientContext* ctx, const v1::TraverseRequest* request,
               grpc::ClientReadReactor<v1::TraverseResponse>* reactor) {
          stub->async()->Traverse(ctx, request, reactor);
        },
        [&starts, base, hops](int64_t index, v1::TraverseRequest* request) {
          request->add_start(starts[(base + index) % starts.size()]);
          request->set_max_depth(hops);
          request->set_max_nodes(kTraverseMaxNodes);
        },
        [tally, sample](v1::TraverseResponse* m) {
          ++tally->messages;
          tally->records += m->vertices_size();
          tally->bytes += static_cast<int64_t>(m->ByteSizeLong());
          tally->edges_scanned += m->edges_scanned();  // set on the last message only
          sample->Offer(m);
        }));
    absl::StatusOr<Phase> work =
        RunServerPhase(run.server.pid(), PhaseLoad(run.config, kMaxTraversalsPerPhase), slots);
    if (!PhaseOk(work, row)) break;
    next_start += work->calls;
    work->units = static_cast<double>(tally->edges_scanned);
    // The same walks, raw, on the mirror.
    RawWork raw_total;
    absl::StatusOr<Phase> floor = MeasureLocal([&]() -> absl::StatusOr<double> {
      raw_total = RawWork();
      for (int64_t i = 0; i < work->calls; ++i) {
        absl::StatusOr<RawWork> walk =
            RawBfs(run.mirror.raw(), starts[(base + i) % starts.size()], hops, kTraverseMaxNodes);
        if (!walk.ok()) return walk.status();
        raw_total.entries += walk->entries;
        raw_total.vertices += walk->vertices;
      }
      return static_cast<double>(raw_total.entries);
    }, 0, 1);
    if (!PhaseOk(floor, row)) break;
    using Response = v1::TraverseResponse;
    const double serialise = SampledStreamSeconds(SerializeSeconds<Response>, sample->kept(),
                                                  tally->messages, tally->bytes);
    // Not in the floor: the client's own parsing (as for ExportGraph).
    parse_secs.push_back(SampledStreamSeconds(ParseSeconds<Response>, sample->kept(),
                                              tally->messages, tally->bytes));
    const double rpc = *ping * static_cast<double>(work->calls);
    ratios.push_back(work->seconds / (rpc + floor->seconds + serialise));
    raw_ratios.push_back(work->seconds / floor->seconds);
    raw_secs.push_back(floor->seconds / work->calls);
    serialise_secs.push_back(serialise / work->calls);
    ping_secs.push_back(*ping);
    rates.push_back(work->units_per_second());
    raw_entries.push_back(static_cast<double>(raw_total.entries));
    server_entries.push_back(static_cast<double>(tally->edges_scanned));
    works.push_back(*std::move(work));
  }
  if (!works.empty()) {
    SetRatio(row, ratios);
    row.rate = Median(rates);
    FillLatency(row, works);
    FillServer(row, works, /*per_unit=*/true);
    row.met = row.ratio <= 1.5 && row.rate >= 1e6;
    row.Detail("ratio_vs_raw_bfs_only", Median(raw_ratios));
    row.Detail("raw_bfs_us_per_call", Median(raw_secs) * 1e6);
    row.Detail("serialise_us_per_call", Median(serialise_secs) * 1e6);
    row.Detail("client_parse_seconds", Median(parse_secs));
    row.Detail("ping_p50_us", Median(ping_secs) * 1e6);
    row.Detail("server_edges_scanned_per_rep", Median(server_entries));
    row.Detail("raw_entries_per_rep", Median(raw_entries));
    row.Detail("vertices_per_message",
               tally->messages > 0 ? static_cast<double>(tally->records) / tally->messages : 0);
    row.Detail("calls_per_rep", static_cast<double>(works.back().calls));
  }
  run.report.Add(row);
}

}  // namespace evidencegraph::bench
