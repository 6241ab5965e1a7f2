#include "bench/service/mirror_store.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "storage/rocks_graph_store.h"

namespace evidencegraph::bench {

absl::StatusOr<std::unique_ptr<TempDir>> TempDir::Make(const std::string& tag) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/eg-bench-", tag, "-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp: ", std::strerror(errno)));
  }
  return std::unique_ptr<TempDir>(new TempDir(pattern));
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

storage::GraphStoreOptions BenchStoreOptions(const std::string& path) {
  storage::GraphStoreOptions options;  // the server's defaults (64 MiB cache, ...)
  options.path = path;
  // The mirror's imports are the WriteBatch floor (read back from its WAL):
  // they must not be ingested as files.
  options.import_ingest_min_records = 0;
  return options;
}

absl::StatusOr<std::unique_ptr<MirrorStore>> MirrorStore::Create(int64_t ingest_min_records) {
  std::unique_ptr<MirrorStore> mirror(new MirrorStore());
  absl::StatusOr<std::unique_ptr<TempDir>> dir = TempDir::Make("mirror");
  if (!dir.ok()) return dir.status();
  mirror->dir_ = *std::move(dir);
  storage::GraphStoreOptions options = BenchStoreOptions(mirror->dir_->path() + "/db");
  options.import_ingest_min_records = ingest_min_records;
  absl::StatusOr<std::unique_ptr<storage::RocksDb>> db = storage::RocksDb::Open(options);
  if (!db.ok()) return db.status();
  mirror->raw_ = db->get();
  mirror->store_ = std::make_unique<storage::RocksGraphStore>(*std::move(db), options);
  return mirror;
}

MirrorStore::~MirrorStore() {
  store_.reset();  // closes the database before the folder goes
}

absl::StatusOr<double> MirrorStore::Import(const std::vector<v1::ImportGraphRequest>& batches) {
  const auto start = std::chrono::steady_clock::now();
  for (const v1::ImportGraphRequest& batch : batches) {
    const std::vector<v1::Node> nodes(batch.nodes().begin(), batch.nodes().end());
    const std::vector<v1::Edge> edges(batch.edges().begin(), batch.edges().end());
    absl::StatusOr<storage::ImportBatchResult> result =
        store_->ImportBatch(nodes, edges, /*fail_on_conflict=*/false);
    if (!result.ok()) return result.status();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace evidencegraph::bench
