// Output-only fields of stored records: kind, create/update time and etag.
//
// Etag: "{revision}-{hash}", e.g. "3-9f2c01ab". The revision counts the
// writes of the resource since it was created (1 on create); the hash (32
// bits of FNV-1a over name, revision and update time) makes a deleted and
// re-created resource, whose revision restarts at 1, get a different etag.
// Clients treat etags as opaque; only this file reads them.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_RECORD_STAMPS_H_
#define EVIDENCEGRAPH_STORAGE_RECORD_STAMPS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "evidencegraph/v1/resources.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace evidencegraph::storage {

// 64-bit FNV-1a: a stable hash (unlike absl::Hash, identical across runs and
// builds), for etags and page tokens.
inline constexpr uint64_t kFnvOffset = 14695981039346656037ull;
uint64_t Fnv1a64(absl::string_view data, uint64_t hash = kFnvOffset);

google::protobuf::Timestamp ToTimestamp(absl::Time time);

// The revision in an etag made here; 0 for anything else.
int64_t EtagRevision(absl::string_view etag);

// The etag of the write after `previous_etag` (empty: a create).
std::string NextEtag(absl::string_view name, absl::string_view previous_etag,
                     const google::protobuf::Timestamp& update_time);

// Stamps a record being written at `now`. `previous` is the stored record on
// update (its create_time is kept, its etag revision continued), null on create.
void StampNode(v1::Node* node, absl::Time now, const v1::Node* previous);
void StampEdge(v1::Edge* edge, absl::Time now, const v1::Edge* previous);

// Stamps an imported record: create/update times it carries are kept (an
// export re-imported keeps its history); missing ones become `now`. The etag
// is always fresh (revision 1): etags belong to the store that made them.
void StampImportedNode(v1::Node* node, absl::Time now);
void StampImportedEdge(v1::Edge* edge, absl::Time now);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_RECORD_STAMPS_H_
