#include "storage/bulk_import.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <queue>
#include <system_error>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/sst_file_reader.h"
#include "storage/multi_exists.h"
#include "storage/rocks_status.h"
#include "storage/sst_ingest.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;
using Entry = SortedWrites::Entry;

// Keys per MultiGet of the commit's re-check (bounds its memory).
constexpr size_t kCheckChunk = 1 << 16;

absl::Status Conflict(absl::string_view record, absl::string_view what) {
  absl::Status status =
      MakeError(absl::StatusCode::kAborted, "IMPORT_CONFLICT",
                absl::StrCat("a concurrent write ", what, " ", record,
                             " while the bulk import was staged; nothing was imported"));
  status.SetPayload(kResourcePayload, absl::Cord(record));
  return status;
}

// Calls `fn(index)` for each key of `keys` (sorted here) whose existence in
// `family` is `found`; stops at the first error `fn` returns.
template <typename Fn>
absl::Status ForEachWithExistence(const RocksDb& db, Family family,
                                  std::vector<std::string> keys, bool found, Fn fn) {
  std::sort(keys.begin(), keys.end());  // MultiGet is cheapest on sorted keys
  for (size_t begin = 0; begin < keys.size(); begin += kCheckChunk) {
    const size_t end = std::min(keys.size(), begin + kCheckChunk);
    std::vector<absl::string_view> part(keys.begin() + begin, keys.begin() + end);
    ASSIGN_OR_RETURN(const std::vector<bool> exists, MultiExists(db, family, part));
    for (size_t k = 0; k < part.size(); ++k) {
      if (exists[k] == found) RETURN_IF_ERROR(fn(part[k]));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> FamilyIsEmpty(const RocksDb& db, Family family) {
  rocksdb::ReadOptions options;
  options.total_order_seek = true;  // across prefixes
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(family)));
  it->SeekToFirst();
  RETURN_IF_ERROR(FromRocks(it->status(), "checking whether the store is empty"));
  return !it->Valid();
}

std::string EdgeNameOfKey(absl::string_view out_key) {
  absl::StatusOr<keys::EdgeTriple> triple = keys::DecodeOutEdgeKey(out_key);
  if (!triple.ok()) return "an edge";
  return MakeEdgeName(triple->source, triple->kind, triple->target);
}

}  // namespace

absl::StatusOr<std::unique_ptr<BulkImport>> BulkImport::Start(const RocksDb& db,
                                                              size_t chunk_bytes) {
  static std::atomic<uint64_t> next_id{0};
  // Noted before any check reads the store: a write after it shows as a
  // moved sequence number at commit.
  const rocksdb::SequenceNumber start = db.db()->GetLatestSequenceNumber();
  // Checked after noting the sequence: a write in between makes it look
  // non-empty or moves the sequence, both safe.
  ASSIGN_OR_RETURN(const bool nodes_empty, FamilyIsEmpty(db, Family::kNodes));
  ASSIGN_OR_RETURN(const bool edges_empty, FamilyIsEmpty(db, Family::kOutEdges));
  std::string dir = absl::StrCat(db.ingest_dir(), "/bulk-",
                                 next_id.fetch_add(1, std::memory_order_relaxed));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR",
                     absl::StrCat("creating ", dir, ": ", ec.message()));
  }
  return std::unique_ptr<BulkImport>(
      new BulkImport(db, std::max<size_t>(1, chunk_bytes), start, nodes_empty && edges_empty,
                     std::move(dir)));
}

BulkImport::BulkImport(const RocksDb& db, size_t chunk_bytes, rocksdb::SequenceNumber start,
                       bool started_empty, std::string dir)
    : db_(db),
      chunk_bytes_(chunk_bytes),
      start_sequence_(start),
      checked_sequence_(start),
      started_empty_(started_empty),
      dir_(std::move(dir)) {}

BulkImport::~BulkImport() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::StatusOr<ImportBatchResult> BulkImport::Stage(const std::vector<v1::Node>& nodes,
                                                    const std::vector<v1::Edge>& edges,
                                                    bool fail_on_conflict, absl::Time now) {
  if (prepared_) {
    return MakeError(absl::StatusCode::kInternal, "INTERNAL",
                     "the bulk import is already being committed");
  }
  staged_.store_has_no_records =
      started_empty_ && db_.db()->GetLatestSequenceNumber() == start_sequence_;
  ASSIGN_OR_RETURN(ImportBatchResult result,
                   StageImportBatch(db_, nodes, edges, fail_on_conflict, now, staged_,
                                    folding_));
  staged_records_ += result.nodes_created + result.edges_created;
  if (chunk_.bytes() >= chunk_bytes_) RETURN_IF_ERROR(Spill());
  return result;
}

absl::Status BulkImport::Spill() {
  RETURN_IF_ERROR(chunk_.Finish());
  for (Family family : keys::kAllFamilies) {
    const std::vector<Entry>& entries = chunk_.entries(family);
    if (entries.empty()) continue;
    // Merge operands are folded apart (folding_); a chunk holds puts only, so
    // MergeFamily can read it back as plain values.
    for (const Entry& e : entries) {
      if (e.op != SortedWrites::Op::kPut) {
        return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR",
                         "a bulk import staged a write that is not a put");
      }
    }
    std::string path =
        absl::StrCat(dir_, "/", keys::FamilyName(family), "-", chunks_spilled_, ".sst");
    RETURN_IF_ERROR(WriteImportFile(db_, family, entries, path));
    chunk_files_[static_cast<int>(family)].push_back(std::move(path));
  }
  ++chunks_spilled_;
  chunk_.Clear();
  return absl::OkStatus();
}

absl::Status BulkImport::Prepare() {
  if (prepared_) {
    return MakeError(absl::StatusCode::kInternal, "INTERNAL",
                     "the bulk import was already prepared");
  }
  prepared_ = true;
  if (chunk_.size() > 0) RETURN_IF_ERROR(Spill());
  SortedWrites tail;
  RETURN_IF_ERROR(folding_.FlushTo(tail));
  RETURN_IF_ERROR(tail.Finish());
  for (Family family : keys::kAllFamilies) {
    ASSIGN_OR_RETURN(std::string path, MergeFamily(family, tail.entries(family)));
    if (!path.empty()) final_files_.emplace_back(family, std::move(path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> BulkImport::MergeFamily(Family family,
                                                    const std::vector<Entry>& tail) {
  std::vector<std::string>& inputs = chunk_files_[static_cast<int>(family)];
  if (inputs.empty() && tail.empty()) return std::string();
  if (inputs.size() == 1 && tail.empty()) return inputs.front();
  const std::string path = absl::StrCat(dir_, "/", keys::FamilyName(family), ".sst");
  if (inputs.empty()) {
    RETURN_IF_ERROR(WriteImportFile(db_, family, tail, path));
    return path;
  }

  // K-way merge of the chunk files (puts) and the tail (folded operands).
  const std::string what = absl::StrCat("merging import files of ", keys::FamilyName(family));
  const rocksdb::Options options = db_.db()->GetOptions(db_.cf(family));
  rocksdb::ReadOptions read;
  read.fill_cache = false;  // read once: keep the store's block cache
  read.readahead_size = 2u << 20;
  std::vector<std::unique_ptr<rocksdb::SstFileReader>> readers;
  std::vector<std::unique_ptr<rocksdb::Iterator>> its;
  for (const std::string& input : inputs) {
    auto reader = std::make_unique<rocksdb::SstFileReader>(options);
    RETURN_IF_ERROR(FromRocks(reader->Open(input), what));
    its.emplace_back(reader->NewIterator(read));
    its.back()->SeekToFirst();
    RETURN_IF_ERROR(FromRocks(its.back()->status(), what));
    readers.push_back(std::move(reader));
  }
  auto greater = [&](size_t a, size_t b) { return its[a]->key().compare(its[b]->key()) > 0; };
  std::priority_queue<size_t, std::vector<size_t>, decltype(greater)> heap(greater);
  for (size_t i = 0; i < its.size(); ++i) {
    if (its[i]->Valid()) heap.push(i);
  }
  ImportFileWriter writer(db_, family);
  RETURN_IF_ERROR(writer.Open(path));
  std::string last;
  bool any = false;
  auto add = [&](SortedWrites::Op op, absl::string_view key,
                 absl::string_view value) -> absl::Status {
    if (any && key == last) {
      return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR",
                       absl::StrCat("a bulk import stages a key of ",
                                    keys::FamilyName(family), " twice"));
    }
    any = true;
    last.assign(key.data(), key.size());
    return writer.Add(op, key, value);
  };
  size_t t = 0;
  while (!heap.empty() || t < tail.size()) {
    if (heap.empty() ||
        (t < tail.size() && absl::string_view(tail[t].key) <
                                absl::string_view(its[heap.top()]->key().data(),
                                                  its[heap.top()]->key().size()))) {
      RETURN_IF_ERROR(add(tail[t].op, tail[t].key, tail[t].value));
      ++t;
      continue;
    }
    const size_t i = heap.top();
    heap.pop();
    rocksdb::Iterator& it = *its[i];
    RETURN_IF_ERROR(add(SortedWrites::Op::kPut, absl::string_view(it.key().data(), it.key().size()),
                        absl::string_view(it.value().data(), it.value().size())));
    it.Next();
    if (it.Valid()) {
      heap.push(i);
    } else {
      RETURN_IF_ERROR(FromRocks(it.status(), what));
    }
  }
  RETURN_IF_ERROR(writer.Finish());
  its.clear();
  readers.clear();
  for (const std::string& input : inputs) {  // disk space: only the merged file stays
    std::error_code ignored;
    std::filesystem::remove(input, ignored);
  }
  inputs.clear();
  return path;
}

absl::Status BulkImport::CheckAgainstStore() {
  ++full_checks_;
  {
    std::vector<std::string> node_keys;
    node_keys.reserve(staged_.nodes.size());
    for (const std::string& name : staged_.nodes) node_keys.push_back(keys::NodeKey(name));
    RETURN_IF_ERROR(ForEachWithExistence(
        db_, Family::kNodes, std::move(node_keys), true, [](absl::string_view key) {
          absl::StatusOr<absl::string_view> name = keys::DecodeNodeKey(key);
          return Conflict(name.ok() ? *name : "a node", "created");
        }));
  }
  RETURN_IF_ERROR(ForEachWithExistence(
      db_, Family::kOutEdges, std::vector<std::string>(staged_.edges.begin(), staged_.edges.end()),
      true, [](absl::string_view key) { return Conflict(EdgeNameOfKey(key), "created"); }));
  {
    std::vector<std::string> node_keys;
    node_keys.reserve(staged_.store_nodes.size());
    for (const std::string& name : staged_.store_nodes) node_keys.push_back(keys::NodeKey(name));
    RETURN_IF_ERROR(ForEachWithExistence(
        db_, Family::kNodes, std::move(node_keys), false, [](absl::string_view key) {
          absl::StatusOr<absl::string_view> name = keys::DecodeNodeKey(key);
          return Conflict(name.ok() ? *name : "a node", "deleted");
        }));
  }
  return ForEachWithExistence(
      db_, Family::kOutEdges,
      std::vector<std::string>(staged_.store_edges.begin(), staged_.store_edges.end()), false,
      [](absl::string_view key) { return Conflict(EdgeNameOfKey(key), "deleted"); });
}

absl::Status BulkImport::Precheck() {
  if (!prepared_) {
    return MakeError(absl::StatusCode::kInternal, "INTERNAL",
                     "the bulk import was not prepared");
  }
  // Noted before the check reads the store: a write during or after it moves
  // the sequence past `seen`, and CommitExclusive then checks again.
  const rocksdb::SequenceNumber seen = db_.db()->GetLatestSequenceNumber();
  if (seen == checked_sequence_) return absl::OkStatus();
  RETURN_IF_ERROR(CheckAgainstStore());
  checked_sequence_ = seen;
  return absl::OkStatus();
}

absl::Status BulkImport::CommitExclusive() {
  if (!prepared_) {
    return MakeError(absl::StatusCode::kInternal, "INTERNAL",
                     "the bulk import was not prepared");
  }
  // With writers excluded the sequence cannot move: equal to the one checked
  // at means the check still holds.
  if (db_.db()->GetLatestSequenceNumber() != checked_sequence_) {
    RETURN_IF_ERROR(CheckAgainstStore());
  }
  return IngestImportFiles(db_, final_files_);
}

}  // namespace evidencegraph::storage
