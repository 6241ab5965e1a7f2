#include "storage/rocks_db.h"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "storage/request_records.h"
#include "storage/rocks_status.h"

namespace evidencegraph::storage {
namespace {

// Prefix extractor: the first tuple component, terminator included. The name
// is recorded in SST files; keep it stable or old files lose their filters.
class FirstComponentTransform : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "evidencegraph.FirstComponent.v1"; }

  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* end = memchr(key.data(), '\0', key.size());
    const size_t len = static_cast<const char*>(end) - key.data() + 1;
    return rocksdb::Slice(key.data(), len);
  }

  bool InDomain(const rocksdb::Slice& key) const override {
    return memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

// Adds the int64 counters of keys.h (EncodeCounter). Associative, so operands
// merge in any grouping; concurrent writers never conflict on a counter.
class Int64AddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  const char* Name() const override { return "evidencegraph.Int64Add.v1"; }

  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    int64_t sum = 0;
    if (existing != nullptr) {
      absl::StatusOr<int64_t> base =
          keys::DecodeCounter(absl::string_view(existing->data(), existing->size()));
      if (!base.ok()) return false;  // RocksDB reports Corruption to the reader.
      sum = *base;
    }
    absl::StatusOr<int64_t> delta =
        keys::DecodeCounter(absl::string_view(value.data(), value.size()));
    if (!delta.ok()) return false;
    // Two's complement wrap-around, like the uint64 the bytes really are.
    sum = static_cast<int64_t>(static_cast<uint64_t>(sum) +
                               static_cast<uint64_t>(*delta));
    *new_value = keys::EncodeCounter(sum);
    return true;
  }
};

void ChooseCompression(rocksdb::ColumnFamilyOptions* cf) {
  const std::vector<rocksdb::CompressionType> supported =
      rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType t) {
    return std::find(supported.begin(), supported.end(), t) != supported.end();
  };
  if (has(rocksdb::kLZ4Compression)) {
    cf->compression = rocksdb::kLZ4Compression;
  } else if (has(rocksdb::kSnappyCompression)) {
    cf->compression = rocksdb::kSnappyCompression;
  } else {
    cf->compression = rocksdb::kNoCompression;
  }
  if (has(rocksdb::kZSTD)) cf->bottommost_compression = rocksdb::kZSTD;
}

rocksdb::ColumnFamilyOptions FamilyOptions(
    keys::Family family, const GraphStoreOptions& options,
    const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_bytes;
  // Optimistic transactions validate tracked keys against memtables: the
  // families holding tracked keys keep one memtable of history after a flush,
  // so transactions spanning a flush do not fail with TryAgain. The others
  // (in_edges, label_index, term_index) are only written untracked.
  switch (family) {
    case keys::Family::kNodes:
    case keys::Family::kOutEdges:
    case keys::Family::kIdempotency:
    case keys::Family::kMeta:
      cf.max_write_buffer_size_to_maintain =
          static_cast<int64_t>(options.write_buffer_bytes);
      break;
    default:
      break;
  }
  ChooseCompression(&cf);

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.format_version = 5;
  // Filters and indexes in ~4 KiB partitions behind a small top-level block
  // pinned in the cache. Why: a whole-file filter grows with the file (1.2
  // MiB for the out_edges file of a 1M-edge graph) while the LRU cache is
  // split into shards (64 of 1 MiB at 64 MiB), and a block larger than its
  // shard is never kept: every seek into that file re-read and re-checksummed
  // the whole filter (on 1M edges a 3-hop FindPaths took 15 s, ~80% of it
  // there). Partitions are cached like data blocks, whatever the file size.
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;

  switch (family) {
    case keys::Family::kOutEdges:
    case keys::Family::kInEdges:
    case keys::Family::kLabelIndex:
    case keys::Family::kTermIndex:
      // Scanned by first component ("edges of X", "postings of t").
      cf.prefix_extractor = std::make_shared<FirstComponentTransform>();
      cf.memtable_prefix_bloom_size_ratio = 0.05;
      // Imports and cascades write runs of keys under one first component
      // (one source's edges): a per-prefix insert hint skips most of the
      // skiplist search for them.
      cf.memtable_insert_with_hint_prefix_extractor = cf.prefix_extractor;
      table.whole_key_filtering = true;  // edge point lookups use it too
      // "Does this edge exist?" (every import and edge create asks it, and
      // the answer is almost always no) skips the memtable skiplist search.
      if (family == keys::Family::kOutEdges) cf.memtable_whole_key_filtering = true;
      break;
    case keys::Family::kMeta:
      cf.merge_operator = std::make_shared<Int64AddOperator>();
      break;
    case keys::Family::kDefault:
      cf.write_buffer_size = 1u << 20;  // unused
      break;
    case keys::Family::kNodes:
      // Same for "does this node exist?" on creates and imports.
      cf.memtable_prefix_bloom_size_ratio = 0.05;
      cf.memtable_whole_key_filtering = true;
      break;
    case keys::Family::kIdempotency:
      if (options.request_id_retention > absl::ZeroDuration() &&
          options.request_id_retention != absl::InfiniteDuration()) {
        cf.compaction_filter_factory = NewExpiredRecordFilterFactory(options.request_id_retention);
        // Files nothing else compacts are rewritten (and their expired
        // records dropped) about once per retention, at most daily.
        cf.periodic_compaction_seconds = static_cast<uint64_t>(std::max<int64_t>(
            absl::ToInt64Seconds(options.request_id_retention), 24 * 3600));
      }
      break;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDb>> RocksDb::Open(
    const GraphStoreOptions& options) {
  if (options.path.empty()) {
    return InvalidField("path", "the database folder is required");
  }
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1u << 20;
  db_options.keep_log_file_num = 5;

  // An existing database must not hold families this build does not know:
  // they would be written by a newer format that Open cannot reason about.
  std::vector<std::string> existing;
  const rocksdb::Status listed =
      rocksdb::DB::ListColumnFamilies(db_options, options.path, &existing);
  if (listed.ok()) {
    for (const std::string& name : existing) {
      const bool known = std::any_of(
          keys::kAllFamilies.begin(), keys::kAllFamilies.end(),
          [&](keys::Family f) { return keys::FamilyName(f) == name; });
      if (!known) {
        return MakeError(absl::StatusCode::kFailedPrecondition,
                         "STORAGE_FORMAT_UNSUPPORTED",
                         absl::StrCat("database at ", options.path,
                                      " has unknown column family \"", name,
                                      "\" (written by a newer version?)"));
      }
    }
  }

  std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (keys::Family family : keys::kAllFamilies) {
    descriptors.emplace_back(std::string(keys::FamilyName(family)),
                             FamilyOptions(family, options, cache));
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::OptimisticTransactionDB* raw = nullptr;
  // Commit validation locks the buckets of the keys a transaction wrote.
  // RocksDB's default of 2^20 buckets is 48 MiB of mutexes, allocated and
  // touched at open: most of an idle server's memory. 2^14 buckets keep
  // collisions between the few concurrent commits of a worker pool rare
  // (a collision only serialises two validations; it is never incorrect).
  rocksdb::OptimisticTransactionDBOptions occ_options;
  occ_options.occ_lock_buckets = 1u << 14;
  const rocksdb::Status opened = rocksdb::OptimisticTransactionDB::Open(
      db_options, occ_options, options.path, descriptors, &handles, &raw);
  if (!opened.ok()) {
    return FromRocks(opened, absl::StrCat("opening ", options.path));
  }
  std::unique_ptr<RocksDb> out(new RocksDb());  // private constructor
  out->db_.reset(raw);
  out->path_ = options.path;
  out->write_options_.sync = options.sync_writes;
  for (size_t i = 0; i < handles.size(); ++i) out->handles_[i] = handles[i];
  RETURN_IF_ERROR(out->CheckFormatVersion());
  out->ingest_dir_ = absl::StrCat(options.path, "/ingest");
  std::error_code ec;
  std::filesystem::remove_all(out->ingest_dir_, ec);
  if (!ec) std::filesystem::create_directories(out->ingest_dir_, ec);
  if (ec) {
    return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR",
                     absl::StrCat("preparing ", out->ingest_dir_, ": ", ec.message()));
  }
  return out;
}

RocksDb::~RocksDb() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle*& handle : handles_) {
    if (handle == nullptr) continue;
    const rocksdb::Status s = db_->DestroyColumnFamilyHandle(handle);
    if (!s.ok()) {
      EG_LOG(WARNING) << "closing column family: " << s.ToString();
    }
    handle = nullptr;
  }
  const rocksdb::Status s = db_->Close();
  if (!s.ok()) {
    EG_LOG(WARNING) << "closing " << path_ << ": " << s.ToString();
  }
  db_.reset();
}

absl::Status RocksDb::CheckFormatVersion() {
  std::string value;
  const rocksdb::Status got = db()->Get(rocksdb::ReadOptions(), cf(keys::Family::kMeta),
                                        keys::FormatVersionKey(), &value);
  if (got.ok()) {
    ASSIGN_OR_RETURN(const uint32_t version, keys::DecodeFormatVersion(value));
    if (version != keys::kFormatVersion) {
      return MakeError(absl::StatusCode::kFailedPrecondition,
                       "STORAGE_FORMAT_UNSUPPORTED",
                       absl::StrCat("database at ", path_, " has storage format version ",
                                    version, "; this build reads version ",
                                    keys::kFormatVersion));
    }
    return absl::OkStatus();
  }
  if (!got.IsNotFound()) return FromRocks(got, "reading the format version");

  // No version: a new database, unless it already holds nodes.
  std::unique_ptr<rocksdb::Iterator> it(
      db()->NewIterator(rocksdb::ReadOptions(), cf(keys::Family::kNodes)));
  it->SeekToFirst();
  if (it->Valid()) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "STORAGE_FORMAT_UNSUPPORTED",
                     absl::StrCat("database at ", path_,
                                  " holds nodes but no format version"));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "checking for existing nodes"));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(db()->Put(sync, cf(keys::Family::kMeta), keys::FormatVersionKey(),
                             keys::EncodeFormatVersion(keys::kFormatVersion)),
                   "recording the format version");
}

absl::Status RocksDb::Checkpoint(const std::string& dir) const {
  if (dir.empty()) return InvalidField("dir", "the checkpoint folder is required");
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    return AlreadyExists(dir, "checkpoint folder");
  }
  rocksdb::Checkpoint* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw),
                            "creating a checkpoint object"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  return FromRocks(checkpoint->CreateCheckpoint(dir),
                   absl::StrCat("writing checkpoint ", dir));
}

}  // namespace evidencegraph::storage
