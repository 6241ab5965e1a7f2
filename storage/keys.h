// Every byte layout of the RocksDB graph store: column families, keys and
// values. Nothing else in the project builds or parses these bytes.
//
// Layouts are embedded in on-disk data: changing any of them requires bumping
// kFormatVersion (Open refuses a version it does not know).
//
// Tuple encoding (all keys)
//   key        := component+
//   component  := byte* 0x00            ; a string, then a terminator
// Resource names, labels, terms and request ids never contain 0x00 (callers
// check with IsKeyComponent at the boundary), so 0x00 sorts below every byte
// of a component and the bytewise order of encoded keys equals the
// lexicographic order of the tuples: a component that is a prefix of another
// sorts first, exactly as in the tuple order. A prefix of components is a
// prefix of bytes, which is what prefix scans and the prefix extractor use.
// There are no integer key components today; one would be a fixed-width
// big-endian field so that byte order is numeric order.
//
// Column families (opened together, "default" included but unused)
//   nodes        key   := name                        e.g. "claims/x\0"
//                value := v1::Node, serialised, complete (name, kind, times,
//                         etag included).
//                Node names start with their collection, so the nodes of one
//                kind are the keys starting with "claims/" (CollectionPrefix).
//   out_edges    key   := source kind_token target    ("studies/s\0supports\0claims/c\0")
//                value := v1::Edge, serialised WITHOUT name, source, kind and
//                         target (they are the key; DecodeEdgeValue restores
//                         them). The one copy of an edge's value. Those four
//                         are Edge's field numbers 1-4 and every other field
//                         is numbered above them, so the serialised Edge is
//                         the four identity fields followed by the value
//                         (SerializedEdge).
//   in_edges     key   := target kind_token source
//                value := empty.
//                kind_token is the lowercase EdgeKindToken ("supports"), so
//                one node's edges sort in edge-name order. A target may be an
//                edge name (a critique undercutting an inference), which
//                makes edges first-class endpoints in in_edges too.
//   label_index  key   := label node_name             value := empty
//   term_index   key   := term claim_name             value := posting
//                posting := tf:u32be doc_len:u32be    (8 bytes)
//                tf = occurrences of the term in the claim's indexed text,
//                doc_len = number of terms of that text (for BM25).
//   idempotency  key   := request_id
//                value := 0x01 create_micros:u64be fp_len:u32be fingerprint[fp_len]
//                         response                    ; serialised v1::BatchWriteResponse
//   meta         key   := "format_version"            value := version:u32be
//                key   := "stat" stat_name            value := counter
//                         counter := i64be (two's complement); the family's
//                         merge operator adds operands (Int64AddOperator).
//                         stat_name: "claim_docs" (indexed claims),
//                         "claim_terms" (sum of their doc_len).
//                key   := "guard" name                value := empty
//                         Written (untracked) whenever a transaction creates
//                         an edge at `name`, read with GetForUpdate by whoever
//                         deletes `name`: optimistic transactions only detect
//                         conflicts on keys, and this key turns "an edge was
//                         added to X while X was being deleted" into one.
//                         Writes that exclude every other writer (imports,
//                         create-only batches) need not write it.
//
// Decoding never trusts its input: malformed bytes give INTERNAL
// (reason "STORAGE_CORRUPTION") naming what was being decoded, never a crash.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_KEYS_H_
#define EVIDENCEGRAPH_STORAGE_KEYS_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/graph_service.pb.h"
#include "evidencegraph/v1/resources.pb.h"
#include "storage/serialized_record.h"

namespace evidencegraph::storage::keys {

// The on-disk format this build reads and writes.
inline constexpr uint32_t kFormatVersion = 1;

// Column families, in the order they are opened.
enum class Family : int {
  kDefault = 0,
  kNodes,
  kOutEdges,
  kInEdges,
  kLabelIndex,
  kTermIndex,
  kIdempotency,
  kMeta,
};
inline constexpr int kFamilyCount = 8;
inline constexpr std::array<Family, kFamilyCount> kAllFamilies = {
    Family::kDefault,    Family::kNodes,     Family::kOutEdges,
    Family::kInEdges,    Family::kLabelIndex, Family::kTermIndex,
    Family::kIdempotency, Family::kMeta};

// The RocksDB column family name ("default", "nodes", ...).
absl::string_view FamilyName(Family family);

// Names of the search statistics counters in meta.
inline constexpr char kStatClaimDocs[] = "claim_docs";
inline constexpr char kStatClaimTerms[] = "claim_terms";

// --- Tuple encoding ---------------------------------------------------------

// True if `component` may be a key component (contains no 0x00).
bool IsKeyComponent(absl::string_view component);

// Appends `component` and its terminator. Precondition: IsKeyComponent.
void AppendComponent(std::string* key, absl::string_view component);

// Splits `key` into exactly `expected` components (views into `key`).
// INTERNAL (STORAGE_CORRUPTION) naming `what` when the key is malformed.
absl::StatusOr<std::vector<absl::string_view>> DecodeTuple(
    absl::string_view key, size_t expected, absl::string_view what);

// The smallest key greater than every key starting with `prefix`: the
// exclusive upper bound of a prefix scan. Empty when no such key exists
// (prefix of 0xff bytes only): scan to the end.
std::string PrefixSuccessor(absl::string_view prefix);

// --- nodes ------------------------------------------------------------------

std::string NodeKey(absl::string_view name);
// The raw byte prefix of the keys of one kind's nodes ("claims/").
std::string CollectionPrefix(v1::NodeKind kind);
// The node name in a nodes key.
absl::StatusOr<absl::string_view> DecodeNodeKey(absl::string_view key);

std::string EncodeNodeValue(const v1::Node& node);
absl::StatusOr<v1::Node> DecodeNodeValue(absl::string_view key_name,
                                         absl::string_view value);

// --- out_edges / in_edges ---------------------------------------------------

// An edge's identity; views into a key or into caller-owned strings.
struct EdgeTriple {
  absl::string_view source;
  v1::EdgeKind kind;
  absl::string_view target;
};

std::string OutEdgeKey(absl::string_view source, v1::EdgeKind kind,
                       absl::string_view target);
std::string InEdgeKey(absl::string_view target, v1::EdgeKind kind,
                      absl::string_view source);
// Prefix of all edges at `endpoint` (out_edges: from it; in_edges: to it).
std::string EndpointPrefix(absl::string_view endpoint);
// Prefix of the edges of one kind at `endpoint`.
std::string EndpointKindPrefix(absl::string_view endpoint, v1::EdgeKind kind);

absl::StatusOr<EdgeTriple> DecodeOutEdgeKey(absl::string_view key);
absl::StatusOr<EdgeTriple> DecodeInEdgeKey(absl::string_view key);

// Serialises `edge` without name/source/kind/target. The fields are moved out
// and back, so `edge` is unchanged on return (and no copy is made).
std::string EncodeEdgeValue(v1::Edge* edge);
// Parses an out_edges value into `edge` and restores the identity fields
// (name built with MakeEdgeName) from `triple`.
absl::Status DecodeEdgeValue(const EdgeTriple& triple, absl::string_view value,
                             v1::Edge* edge);

// --- serialised records (ExportGraph) ---------------------------------------
//
// A stored record as the exact bytes SerializeToString gives for the message
// DecodeNodeValue / DecodeEdgeValue return, without building that message.
// Values are written by protobuf's serialiser, and re-serialising a parsed
// serialiser output gives the same bytes (no map fields in Node or Edge), so:
//   node: the value itself, once its first field is the key's name and its
//         top-level fields are well framed;
//   edge: name, source, kind and target serialised into *scratch (head), then
//         the value (body), once its top-level fields are well framed and
//         numbered above 4.
// A value that does not pass those checks (possible only through damage) is
// parsed and re-serialised into *scratch instead: the same bytes the parse
// path gives, or its STORAGE_CORRUPTION error. Nested messages are not
// checked on the fast path (a damaged nested field reaches the client, whose
// parser rejects it). The result views `value` and *scratch: valid until
// either changes.
absl::StatusOr<SerializedRecord> SerializedNode(absl::string_view key_name,
                                                absl::string_view value,
                                                std::string* scratch);
absl::StatusOr<SerializedRecord> SerializedEdge(const EdgeTriple& triple,
                                                absl::string_view value,
                                                std::string* scratch);

// --- label_index ------------------------------------------------------------

std::string LabelKey(absl::string_view label, absl::string_view node_name);
std::string LabelPrefix(absl::string_view label);
// {label, node name}.
absl::StatusOr<std::pair<absl::string_view, absl::string_view>> DecodeLabelKey(
    absl::string_view key);

// --- term_index -------------------------------------------------------------

struct Posting {
  uint32_t term_frequency = 0;
  uint32_t doc_length = 0;
};

std::string TermKey(absl::string_view term, absl::string_view claim_name);
std::string TermPrefix(absl::string_view term);
// {term, claim name}.
absl::StatusOr<std::pair<absl::string_view, absl::string_view>> DecodeTermKey(
    absl::string_view key);
std::string EncodePosting(const Posting& posting);
absl::StatusOr<Posting> DecodePosting(absl::string_view value);

// --- idempotency ------------------------------------------------------------

struct IdempotencyRecord {
  int64_t create_micros = 0;
  std::string fingerprint;
  v1::BatchWriteResponse response;
};

std::string IdempotencyKey(absl::string_view request_id);
std::string EncodeIdempotencyRecord(const IdempotencyRecord& record);
absl::StatusOr<IdempotencyRecord> DecodeIdempotencyRecord(
    absl::string_view value);
// Only the record's create_micros (its header), without parsing the response.
absl::StatusOr<int64_t> IdempotencyRecordCreateMicros(absl::string_view value);

// --- meta -------------------------------------------------------------------

std::string FormatVersionKey();
std::string EncodeFormatVersion(uint32_t version);
absl::StatusOr<uint32_t> DecodeFormatVersion(absl::string_view value);

std::string StatKey(absl::string_view stat_name);
std::string EncodeCounter(int64_t value);
absl::StatusOr<int64_t> DecodeCounter(absl::string_view value);

std::string GuardKey(absl::string_view name);

// --- fixed-width integers (big-endian) ---------------------------------------

void AppendU32(std::string* out, uint32_t v);
void AppendU64(std::string* out, uint64_t v);
// Reads from the front of `*in` and advances it; false when too short.
bool ReadU32(absl::string_view* in, uint32_t* v);
bool ReadU64(absl::string_view* in, uint64_t* v);

}  // namespace evidencegraph::storage::keys

#endif  // EVIDENCEGRAPH_STORAGE_KEYS_H_
