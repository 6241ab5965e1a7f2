// MirrorStore: the benchmark's in-process copy of the server's graph, for the
// storage floors. The same ImportGraph batches the server receives are
// loaded into a second database through storage::GraphStore::ImportBatch (so
// the bytes, options and layout are the server's own), in a temp folder; the
// raw floors then read it with plain RocksDB iterators and MultiGet, and the
// same BatchWrite operations are applied to it so it stays identical.
//
// Ownership: owns the store and the folder (removed by the destructor).
// Thread-safety: like storage::GraphStore (thread-safe); raw() is the
// RocksDB under it, for reads only.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_MIRROR_STORE_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_MIRROR_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "storage/graph_store.h"
#include "storage/rocks_db.h"

namespace evidencegraph::bench {

// A fresh temp folder under $TMPDIR (or /tmp), removed by its destructor.
class TempDir {
 public:
  static absl::StatusOr<std::unique_ptr<TempDir>> Make(const std::string& tag);
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

class MirrorStore {
 public:
  // `ingest_min_records`: GraphStoreOptions::import_ingest_min_records; 0
  // (the WriteBatch path) for the mirror of the benchmarks, whose WAL is the
  // WriteBatch floor.
  static absl::StatusOr<std::unique_ptr<MirrorStore>> Create(int64_t ingest_min_records = 0);
  ~MirrorStore();

  // ImportBatch of every batch; the seconds it took (in-process storage
  // import, no RPC).
  absl::StatusOr<double> Import(const std::vector<v1::ImportGraphRequest>& batches);

  storage::GraphStore& store() { return *store_; }
  const storage::RocksDb& raw() const { return *raw_; }

 private:
  MirrorStore() = default;
  std::unique_ptr<TempDir> dir_;
  storage::RocksDb* raw_ = nullptr;  // owned by store_
  std::unique_ptr<storage::GraphStore> store_;
};

// Options of every benchmark-side database: the server's defaults.
storage::GraphStoreOptions BenchStoreOptions(const std::string& path);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_MIRROR_STORE_H_
