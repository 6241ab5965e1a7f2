// eg_bench_profile: one storage- or library-level operation of a workload,
// in process and repeated, for profilers (no RPC, no second process). Under
// callgrind only the measured loop is collected:
//
//   valgrind --tool=callgrind --collect-atstart=no
//       build/bench/service/eg_bench_profile --op=import --edges=20000
//   (one command line)
//   callgrind_annotate callgrind.out.<pid> | head -60
//
// Ops: import (GraphStore::ImportBatch of every batch; --import_batch
// records each, --ingest_min_records to take the SST ingest path),
// import_bulk (the same batches staged by one GraphStore::StartBulkImport
// session and committed with one ingest: ImportGraph's IMPORT_MODE_BULK),
// batchwrite (1000-op BatchWrites through the service's translation and GraphStore::Write),
// batchwrite_wire (the same plus the server's message work: parsing the request,
// into an arena unless --request_arena=false, and serialising the response),
// createnode, getnode (snapshot + GetNode), export (the ExportGraph
// stream's serialised messages, services/export_stream.h), export_parse (the
// message-building export it replaced: ListNodes/ListEdges pages moved into
// ExportGraphResponses and serialised, for comparison), findpaths (query::FindPaths between
// nodes three hops apart), traverse / rawbfs (query::Traversal, and the
// raw BFS floor, 3 hops from the same starts; unit: edge examined),
// traverse_serve (the same walks' Traverse messages as the server writes
// them, services/traverse_stream.h), traverse_proto (the same messages built
// as TraverseResponse objects and serialised, the former path),
// explain (query::ExplainStoredClaim on the most popular claim, the 10k cone
// of eg_bench's ExplainClaim row), explaincone / explainscore (its two halves:
// the cone loader alone, and the reasoning library scoring the loaded cone),
// explaindemo (ExplainStoredClaim plus serialising the answer on the demo
// graph, as the demo row asks it), rawcone (the raw read of the same cone,
// the read half of the row's floor). Prints the time per operation so the same
// binary also gives quick before/after figures without valgrind.
#include <chrono>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "bench/service/mirror_store.h"
#include "bench/service/raw_reads.h"
#include "bench/service/synthetic_data.h"
#include "bench/service/workload_support.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "query/evidence_cone.h"
#include "query/explain.h"
#include "query/paths.h"
#include "query/traverse.h"
#include "evidencegraph/v1/query_service.pb.h"
#include "reasoning/explain.h"
#include "services/arena_request_allocator.h"
#include "services/export_stream.h"
#include "services/traverse_stream.h"
#include "services/seed_loader.h"
#include "services/write_ops.h"
#include "tests/services/traverse_response.h"
#include "valgrind/callgrind.h"

ABSL_FLAG(std::string, op, "import",
          "import, import_bulk, batchwrite, batchwrite_wire, createnode, getnode, export, "
          "export_parse, findpaths, traverse, traverse_serve, traverse_proto, rawbfs, explain, "
          "explaincone, explainscore, explaindemo, rawcone");
ABSL_FLAG(std::string, demo_graph, EG_DEMO_GRAPH, "demo graph (--op=explaindemo)");
ABSL_FLAG(int, cone_max_nodes, 10000, "max_nodes of the explain ops' cone");
ABSL_FLAG(int64_t, edges, 20000, "graph size");
ABSL_FLAG(int64_t, count, 0, "operations to run (0: a default per op)");
ABSL_FLAG(int32_t, import_batch, 5000, "records per import batch (ImportGraph message)");
ABSL_FLAG(bool, request_arena, true,
          "batchwrite_wire: parse the request into the server's arena allocator "
          "(services/arena_request_allocator.h) instead of the heap");
ABSL_FLAG(int64_t, ingest_min_records, 0,
          "import batches creating at least this many records are ingested as SST files "
          "(the server's --import_ingest_min_records); 0 = always one WriteBatch");

namespace eb = evidencegraph::bench;
namespace v1 = evidencegraph::v1;
namespace storage = evidencegraph::storage;

namespace {

using Clock = std::chrono::steady_clock;

int Fail(const absl::Status& status) {
  std::cerr << "eg_bench_profile: " << status << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  evidencegraph::SetMinLogSeverity(evidencegraph::LogSeverity::kWarning);
  const std::string op = absl::GetFlag(FLAGS_op);
  const int64_t edges = absl::GetFlag(FLAGS_edges);
  int64_t count = absl::GetFlag(FLAGS_count);
  const eb::SyntheticData data =
      eb::MakeSyntheticData(op == "explaindemo" ? 0 : edges, 7, absl::GetFlag(FLAGS_import_batch));
  absl::StatusOr<std::unique_ptr<eb::MirrorStore>> mirror =
      eb::MirrorStore::Create(absl::GetFlag(FLAGS_ingest_min_records));
  if (!mirror.ok()) return Fail(mirror.status());
  storage::GraphStore& store = (*mirror)->store();

  auto import_all = [&]() -> absl::Status {
    for (const v1::ImportGraphRequest& batch : data.batches) {
      const std::vector<v1::Node> nodes(batch.nodes().begin(), batch.nodes().end());
      const std::vector<v1::Edge> edge_list(batch.edges().begin(), batch.edges().end());
      absl::Status s = store.ImportBatch(nodes, edge_list, false).status();
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  };

  int64_t done = 0;
  double seconds = 0;
  auto timed = [&](const std::function<absl::Status()>& body) -> absl::Status {
    const Clock::time_point start = Clock::now();
    CALLGRIND_TOGGLE_COLLECT;
    absl::Status s = body();
    CALLGRIND_TOGGLE_COLLECT;
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
    return s;
  };

  if (op == "import") {
    absl::Status s = timed(import_all);
    if (!s.ok()) return Fail(s);
    done = data.edges;
  } else if (op == "import_bulk") {
    // The whole graph as one IMPORT_MODE_BULK stream: staged, then one ingest.
    absl::Status s = timed([&]() -> absl::Status {
      ASSIGN_OR_RETURN(std::unique_ptr<storage::BulkImportSession> bulk,
                       store.StartBulkImport());
      for (const v1::ImportGraphRequest& batch : data.batches) {
        const std::vector<v1::Node> nodes(batch.nodes().begin(), batch.nodes().end());
        const std::vector<v1::Edge> edge_list(batch.edges().begin(), batch.edges().end());
        RETURN_IF_ERROR(bulk->Stage(nodes, edge_list, false).status());
      }
      const Clock::time_point staged = Clock::now();
      absl::Status committed = bulk->Commit(evidencegraph::NeverStop());
      std::cerr << "import_bulk: commit (merge, ingest) "
                << std::chrono::duration<double>(Clock::now() - staged).count() << " s\n";
      return committed;
    });
    if (!s.ok()) return Fail(s);
    done = data.edges;
  } else {
    if (absl::Status s = import_all(); !s.ok()) return Fail(s);
    if (op == "batchwrite" || op == "batchwrite_wire") {
      if (count == 0) count = 5;
      const bool wire = op == "batchwrite_wire";
      const bool arena = absl::GetFlag(FLAGS_request_arena);
      evidencegraph::services::ArenaRequestAllocator<v1::BatchWriteRequest,
                                                     v1::BatchWriteResponse>
          allocator;
      for (int64_t i = 0; i < count; ++i) {
        v1::BatchWriteRequest request;
        for (int n = 0; n < 250; ++n) {
          const std::string id = absl::StrCat("p", i, "-", n);
          auto* create = request.add_operations()->mutable_create_node();
          create->set_node_id(id);
          create->mutable_node()->mutable_study()->mutable_citation()->set_title("t");
          create->mutable_node()->mutable_study()->set_design(v1::STUDY_DESIGN_RCT);
          for (int j = 0; j < 3; ++j) {
            auto* e = request.add_operations()->mutable_create_edge()->mutable_edge();
            e->set_source(absl::StrCat("studies/", id));
            e->set_kind(v1::EDGE_KIND_SUPPORTS);
            e->set_target(data.claim_names[(eb::Pick(i * 250 + n, data.claim_names.size()) + j) %
                                           data.claim_names.size()]);
          }
        }
        const std::string bytes = wire ? request.SerializeAsString() : std::string();
        absl::Status s = timed([&]() -> absl::Status {
          if (!wire) {
            absl::StatusOr<storage::WriteRequest> write =
                evidencegraph::services::TranslateBatchWrite(request, 1000);
            if (!write.ok()) return write.status();
            return store.Write(*std::move(write)).status();  // as the service does
          }
          // As the server: parse (into the allocator's arena, or the heap),
          // translate, write, serialise the response, free both messages.
          grpc::MessageHolder<v1::BatchWriteRequest, v1::BatchWriteResponse>* holder =
              arena ? allocator.AllocateMessages() : nullptr;
          v1::BatchWriteRequest heap_request;
          v1::BatchWriteResponse heap_response;
          v1::BatchWriteRequest* parsed = arena ? holder->request() : &heap_request;
          v1::BatchWriteResponse* response = arena ? holder->response() : &heap_response;
          absl::Status status = parsed->ParseFromString(bytes)
                                    ? absl::OkStatus()
                                    : absl::InternalError("request does not parse");
          if (status.ok()) {
            absl::StatusOr<storage::WriteRequest> write =
                evidencegraph::services::TranslateBatchWrite(*parsed, 1000);
            absl::StatusOr<v1::BatchWriteResponse> written =
                write.ok() ? store.Write(*std::move(write)) : write.status();
            if (written.ok()) {
              *response = *std::move(written);
              const std::string out = response->SerializeAsString();
            }
            status = written.status();
          }
          if (holder != nullptr) holder->Release();
          return status;
        });
        if (!s.ok()) return Fail(s);
        done += 1000;
      }
    } else if (op == "createnode") {
      if (count == 0) count = 2000;
      for (int64_t i = 0; i < count; ++i) {
        v1::CreateNodeRequest request;
        request.set_node_id(absl::StrCat("cn-", i));
        request.mutable_node()->mutable_claim()->set_statement(
            absl::StrCat("Benchmark statement number ", i, " about recovery"));
        request.mutable_node()->add_labels("bench");
        absl::Status s = timed([&]() -> absl::Status {
          absl::StatusOr<storage::WriteOp> write_op =
              evidencegraph::services::TranslateCreateNode(request, "");
          if (!write_op.ok()) return write_op.status();
          absl::StatusOr<storage::WriteRequest> write = evidencegraph::services::SingleWrite(
              *std::move(write_op), "CreateNode", request, "");
          if (!write.ok()) return write.status();
          return store.Write(*write).status();
        });
        if (!s.ok()) return Fail(s);
        ++done;
      }
    } else if (op == "getnode") {
      if (count == 0) count = 20000;
      absl::Status s = timed([&]() -> absl::Status {
        for (int64_t i = 0; i < count; ++i) {
          absl::StatusOr<v1::Node> node =
              store.Snapshot()->GetNode(data.node_names[eb::Pick(i, data.node_names.size())]);
          if (!node.ok()) return node.status();
        }
        return absl::OkStatus();
      });
      if (!s.ok()) return Fail(s);
      done = count;
    } else if (op == "export") {
      if (count == 0) count = 3;
      for (int64_t i = 0; i < count; ++i) {
        absl::Status s = timed([&]() -> absl::Status {
          evidencegraph::services::ExportWriter writer(store, 500, 2u << 20);
          std::string message;
          v1::ExportGraphResponse counted;
          for (;;) {
            absl::StatusOr<bool> more = writer.Next(&message);
            if (!more.ok()) return more.status();
            if (!*more) return absl::OkStatus();
            CALLGRIND_TOGGLE_COLLECT;  // counting the records is not the export's work
            counted.ParseFromString(message);
            done += counted.nodes_size() + counted.edges_size();
            CALLGRIND_TOGGLE_COLLECT;
          }
        });
        if (!s.ok()) return Fail(s);
      }
    } else if (op == "export_parse") {
      if (count == 0) count = 3;
      for (int64_t i = 0; i < count; ++i) {
        absl::Status s = timed([&]() -> absl::Status {
          std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
          v1::ExportGraphResponse out;
          std::string bytes;
          auto flush = [&] { bytes.clear(); out.SerializeToString(&bytes); out.Clear(); };
          storage::NodeListQuery nq;
          nq.page_size = 500;
          do {
            absl::StatusOr<storage::NodePage> page = snapshot->ListNodes(nq);
            if (!page.ok()) return page.status();
            for (auto& n : page->nodes) { out.set_revision(snapshot->revision()); *out.add_nodes() = std::move(n); if (out.nodes_size() + out.edges_size() == 500) flush(); }
            done += static_cast<int64_t>(page->nodes.size());
            nq.page_token = page->next_page_token;
          } while (!nq.page_token.empty());
          storage::EdgeListQuery eq;
          eq.page_size = 500;
          do {
            absl::StatusOr<storage::EdgePage> page = snapshot->ListEdges(eq);
            if (!page.ok()) return page.status();
            for (auto& e : page->edges) { *out.add_edges() = std::move(e); if (out.nodes_size() + out.edges_size() == 500) flush(); }
            done += static_cast<int64_t>(page->edges.size());
            eq.page_token = page->next_page_token;
          } while (!eq.page_token.empty());
          flush();
          return absl::OkStatus();
        });
        if (!s.ok()) return Fail(s);
      }
    } else if (op == "findpaths") {
      if (count == 0) count = 50;
      std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
      for (int64_t i = 0; i < count; ++i) {
        // A study and a claim it supports' neighbour: usually 3 hops apart.
        const std::string& source = data.study_names[eb::Pick(i, data.study_names.size(), 5)];
        evidencegraph::query::FindPathsOptions options;
        options.source = source;
        options.target = data.study_names[eb::Pick(i, data.study_names.size(), 9)];
        options.max_length = 3;
        absl::Status s = timed([&]() -> absl::Status {
          return evidencegraph::query::FindPaths(*snapshot, options, nullptr).status();
        });
        if (!s.ok()) return Fail(s);
        ++done;
      }
    } else if (op == "traverse_serve") {
      // The Traverse stream's messages as served (services/traverse_stream.h).
      if (count == 0) count = 20;
      v1::TraverseResponse counted;  // outside the loop: its frees are not the walk's
      for (int64_t i = 0; i < count; ++i) {
        const std::string& start = data.node_names[eb::Pick(i, data.node_names.size(), 11)];
        absl::Status s = timed([&]() -> absl::Status {
          evidencegraph::query::TraverseOptions options;
          options.start = {start};
          options.max_depth = 3;
          options.max_nodes = 100000;
          evidencegraph::services::TraverseWriter writer(store, options);
          std::string bytes;
          for (;;) {
            absl::StatusOr<bool> more = writer.Next(nullptr, &bytes);
            if (!more.ok()) return more.status();
            if (!*more) break;
            CALLGRIND_TOGGLE_COLLECT;  // reading the count back is not the walk's work
            counted.ParseFromString(bytes);
            done += counted.edges_scanned();
            CALLGRIND_TOGGLE_COLLECT;
          }
          return absl::OkStatus();
        });
        if (!s.ok()) return Fail(s);
      }
    } else if (op == "traverse_proto") {
      // The walk with its responses built as TraverseResponse messages and
      // serialised, as the typed Traverse method sent them (for comparison).
      if (count == 0) count = 20;
      std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
      for (int64_t i = 0; i < count; ++i) {
        const std::string& start = data.node_names[eb::Pick(i, data.node_names.size(), 11)];
        absl::Status s = timed([&]() -> absl::Status {
          evidencegraph::query::TraverseOptions options;
          options.start = {start};
          options.max_depth = 3;
          options.max_nodes = 100000;
          absl::StatusOr<std::unique_ptr<evidencegraph::query::Traversal>> walk =
              evidencegraph::query::Traversal::Start(*snapshot, options);
          if (!walk.ok()) return walk.status();
          std::vector<evidencegraph::query::Visit> batch;
          std::string bytes;
          for (bool finished = false; !finished;) {
            absl::StatusOr<bool> next = (*walk)->NextBatch(nullptr, &batch);
            if (!next.ok()) return next.status();
            finished = *next;
            const v1::TraverseResponse out =
                evidencegraph::services::testing::TraverseResponseOf(batch, **walk, finished);
            bytes.clear();
            out.SerializeToString(&bytes);
          }
          done += (*walk)->edges_scanned();
          return absl::OkStatus();
        });
        if (!s.ok()) return Fail(s);
      }
    } else if (op == "traverse" || op == "rawbfs") {
      // Three hops from spread-out nodes, Traverse's cap on vertices; the
      // unit is an edge examined, so the two ops compare directly.
      if (count == 0) count = 20;
      std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
      for (int64_t i = 0; i < count; ++i) {
        const std::string& start = data.node_names[eb::Pick(i, data.node_names.size(), 11)];
        absl::Status s = timed([&]() -> absl::Status {
          if (op == "rawbfs") {
            absl::StatusOr<eb::RawWork> walk = eb::RawBfs((*mirror)->raw(), start, 3, 100000);
            if (!walk.ok()) return walk.status();
            done += walk->entries;
            return absl::OkStatus();
          }
          evidencegraph::query::TraverseOptions options;
          options.start = {start};
          options.max_depth = 3;
          options.max_nodes = 100000;
          absl::StatusOr<std::unique_ptr<evidencegraph::query::Traversal>> walk =
              evidencegraph::query::Traversal::Start(*snapshot, options);
          if (!walk.ok()) return walk.status();
          std::vector<evidencegraph::query::Visit> batch;
          while (true) {
            absl::StatusOr<bool> finished = (*walk)->NextBatch(nullptr, &batch);
            if (!finished.ok()) return finished.status();
            if (*finished) break;
          }
          done += (*walk)->edges_scanned();
          return absl::OkStatus();
        });
        if (!s.ok()) return Fail(s);
      }
    } else if (op == "explain" || op == "explaincone" || op == "explainscore" ||
               op == "rawcone") {
      // The cone eg_bench's "ExplainClaim 10k cone" row asks for.
      if (count == 0) count = 5;
      std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
      const std::string& claim = data.claim_names.front();
      v1::ExplainClaimRequest request;
      request.set_name(claim);
      request.set_max_depth(6);
      request.set_max_nodes(absl::GetFlag(FLAGS_cone_max_nodes));
      evidencegraph::query::ConeOptions cone_options;
      cone_options.claim = claim;
      cone_options.max_depth = request.max_depth();
      cone_options.max_nodes = request.max_nodes();
      absl::StatusOr<evidencegraph::query::EvidenceCone> cone =
          evidencegraph::query::LoadEvidenceCone(*snapshot, cone_options, nullptr);
      if (!cone.ok()) return Fail(cone.status());
      std::cout << "cone: " << cone->vertices << " vertices, " << cone->nodes.size()
                << " nodes, " << cone->edges.size() << " edges"
                << (cone->truncated ? ", truncated: " + cone->truncation_reason : "") << "\n";
      evidencegraph::reasoning::ExplainOptions options;
      options.max_paths = evidencegraph::query::kExplainMaxPaths.default_value;
      for (int64_t i = 0; i < count; ++i) {
        absl::Status s = timed([&]() -> absl::Status {
          if (op == "rawcone") {
            return eb::RawCone((*mirror)->raw(), claim, cone_options.max_depth,
                               cone_options.max_nodes)
                .status();
          }
          if (op == "explaincone") {
            return evidencegraph::query::LoadEvidenceCone(*snapshot, cone_options, nullptr)
                .status();
          }
          if (op == "explainscore") {
            return evidencegraph::reasoning::ExplainClaim(cone->graph, claim, options).status();
          }
          return evidencegraph::query::ExplainStoredClaim(*snapshot, request, nullptr).status();
        });
        if (!s.ok()) return Fail(s);
        ++done;
      }
    } else if (op == "explaindemo") {
      if (count == 0) count = 2000;
      absl::StatusOr<evidencegraph::services::SeedSummary> seeded =
          evidencegraph::services::LoadSeedFile(absl::GetFlag(FLAGS_demo_graph), store);
      if (!seeded.ok()) return Fail(seeded.status());
      v1::ExplainClaimRequest request;
      request.set_name("claims/massage-reduces-inflammation");
      std::string wire;
      for (int64_t i = 0; i < count; ++i) {
        absl::Status s = timed([&]() -> absl::Status {
          std::unique_ptr<storage::GraphSnapshot> snapshot = store.Snapshot();
          absl::StatusOr<v1::ClaimExplanation> explained =
              evidencegraph::query::ExplainStoredClaim(*snapshot, request, nullptr);
          if (!explained.ok()) return explained.status();
          wire.clear();
          explained->SerializeToString(&wire);
          return absl::OkStatus();
        });
        if (!s.ok()) return Fail(s);
        ++done;
      }
    } else {
      std::cerr << "eg_bench_profile: unknown --op " << op << "\n";
      return 2;
    }
  }
  std::cout << op << ": " << done << " units in " << seconds << " s = "
            << (seconds > 0 ? done / seconds : 0) << " /s, " << seconds * 1e6 / std::max<int64_t>(done, 1)
            << " us/unit\n";
  return 0;
}
