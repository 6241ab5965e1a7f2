#include "storage/keys.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/proto_wire.h"
#include "common/resource_names.h"
#include "common/status_macros.h"

namespace evidencegraph::storage::keys {
namespace {

constexpr char kTerminator = '\0';
constexpr uint8_t kIdempotencyVersion = 0x01;

constexpr char kFormatVersionTag[] = "format_version";
constexpr char kStatTag[] = "stat";
constexpr char kGuardTag[] = "guard";

absl::Status Corrupt(absl::string_view what, absl::string_view detail) {
  return MakeError(absl::StatusCode::kInternal, "STORAGE_CORRUPTION",
                   absl::StrCat("malformed ", what, ": ", detail));
}

// Printable form of raw key bytes for error messages (0x00 shown as "\0").
std::string Printable(absl::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes.substr(0, 200)) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0) {
      out += "\\0";
    } else if (u < 0x20 || u == 0x7f) {
      out += absl::StrCat("\\x", absl::Hex(u, absl::kZeroPad2));
    } else {
      out += c;
    }
  }
  if (bytes.size() > 200) out += "...";
  return out;
}

std::string Tuple2(absl::string_view a, absl::string_view b) {
  std::string key;
  key.reserve(a.size() + b.size() + 2);
  AppendComponent(&key, a);
  AppendComponent(&key, b);
  return key;
}

// Copies `part` to `out` and returns the position after its terminator
// (already in place: the key is created full of terminators).
char* PutComponent(char* out, absl::string_view part) {
  if (!part.empty()) std::memcpy(out, part.data(), part.size());
  return out + part.size() + 1;
}

// The edge keys of every import and write: one allocation and three copies
// rather than three appends (the same bytes as AppendComponent's).
std::string Tuple3(absl::string_view a, absl::string_view b,
                   absl::string_view c) {
  std::string key(a.size() + b.size() + c.size() + 3, kTerminator);
  PutComponent(PutComponent(PutComponent(key.data(), a), b), c);
  return key;
}

// Hot path of traversals: splits without allocating.
absl::StatusOr<EdgeTriple> DecodeEdgeKey(absl::string_view key, bool outgoing) {
  const absl::string_view what = outgoing ? "out_edges key" : "in_edges key";
  const size_t end0 = key.find(kTerminator);
  const size_t end1 = end0 == absl::string_view::npos
                          ? absl::string_view::npos
                          : key.find(kTerminator, end0 + 1);
  const size_t end2 = end1 == absl::string_view::npos
                          ? absl::string_view::npos
                          : key.find(kTerminator, end1 + 1);
  if (end2 == absl::string_view::npos || end2 + 1 != key.size()) {
    return Corrupt(what, absl::StrCat("expected 3 components in \"",
                                      Printable(key), "\""));
  }
  const absl::string_view first = key.substr(0, end0);
  const absl::string_view token = key.substr(end0 + 1, end1 - end0 - 1);
  const absl::string_view last = key.substr(end1 + 1, end2 - end1 - 1);
  const v1::EdgeKind kind = EdgeKindFromToken(token);
  if (kind == v1::EDGE_KIND_UNSPECIFIED) {
    return Corrupt(what, absl::StrCat("unknown edge kind \"", Printable(token),
                                      "\" in \"", Printable(key), "\""));
  }
  if (first.empty() || last.empty()) {
    return Corrupt(what, absl::StrCat("empty endpoint in \"", Printable(key), "\""));
  }
  if (outgoing) return EdgeTriple{first, kind, last};
  return EdgeTriple{last, kind, first};
}

absl::StatusOr<std::pair<absl::string_view, absl::string_view>> DecodePair(
    absl::string_view key, absl::string_view what) {
  absl::StatusOr<std::vector<absl::string_view>> parts = DecodeTuple(key, 2, what);
  if (!parts.ok()) return parts.status();
  return std::make_pair((*parts)[0], (*parts)[1]);
}

}  // namespace

absl::string_view FamilyName(Family family) {
  switch (family) {
    case Family::kDefault:
      return "default";
    case Family::kNodes:
      return "nodes";
    case Family::kOutEdges:
      return "out_edges";
    case Family::kInEdges:
      return "in_edges";
    case Family::kLabelIndex:
      return "label_index";
    case Family::kTermIndex:
      return "term_index";
    case Family::kIdempotency:
      return "idempotency";
    case Family::kMeta:
      return "meta";
  }
  return "unknown";
}

// --- Tuple encoding ---------------------------------------------------------

bool IsKeyComponent(absl::string_view component) {
  return component.find(kTerminator) == absl::string_view::npos;
}

void AppendComponent(std::string* key, absl::string_view component) {
  key->append(component.data(), component.size());
  key->push_back(kTerminator);
}

absl::StatusOr<std::vector<absl::string_view>> DecodeTuple(
    absl::string_view key, size_t expected, absl::string_view what) {
  std::vector<absl::string_view> parts;
  parts.reserve(expected);
  absl::string_view rest = key;
  while (!rest.empty()) {
    const size_t end = rest.find(kTerminator);
    if (end == absl::string_view::npos) {
      return Corrupt(what, absl::StrCat("unterminated component after ",
                                        parts.size(), " in \"", Printable(key),
                                        "\""));
    }
    parts.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  if (parts.size() != expected) {
    return Corrupt(what, absl::StrCat("expected ", expected, " components, found ",
                                      parts.size(), " in \"", Printable(key),
                                      "\""));
  }
  return parts;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(out.back());
    if (last != 0xff) {
      ++last;
      return out;
    }
    out.pop_back();
  }
  return out;
}

// --- nodes ------------------------------------------------------------------

std::string NodeKey(absl::string_view name) {
  std::string key;
  key.reserve(name.size() + 1);
  AppendComponent(&key, name);
  return key;
}

std::string CollectionPrefix(v1::NodeKind kind) {
  return absl::StrCat(CollectionOf(kind), "/");
}

absl::StatusOr<absl::string_view> DecodeNodeKey(absl::string_view key) {
  // Every listed or exported node passes here: the valid case does not
  // allocate; anything else takes the general path for its error.
  if (key.size() >= 2 && key.find(kTerminator) == key.size() - 1) {
    return key.substr(0, key.size() - 1);
  }
  absl::StatusOr<std::vector<absl::string_view>> parts =
      DecodeTuple(key, 1, "nodes key");
  if (!parts.ok()) return parts.status();
  if ((*parts)[0].empty()) return Corrupt("nodes key", "empty name");
  return (*parts)[0];
}

std::string EncodeNodeValue(const v1::Node& node) {
  return node.SerializeAsString();
}

absl::StatusOr<v1::Node> DecodeNodeValue(absl::string_view key_name,
                                         absl::string_view value) {
  v1::Node node;
  if (!node.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Corrupt("node value", absl::StrCat("cannot parse v1.Node of ", key_name));
  }
  if (node.name() != key_name) {
    return Corrupt("node value", absl::StrCat("key ", key_name, " holds node \"",
                                              Printable(node.name()), "\""));
  }
  return node;
}

// --- edges ------------------------------------------------------------------

std::string OutEdgeKey(absl::string_view source, v1::EdgeKind kind,
                       absl::string_view target) {
  return Tuple3(source, EdgeKindToken(kind), target);
}

std::string InEdgeKey(absl::string_view target, v1::EdgeKind kind,
                      absl::string_view source) {
  return Tuple3(target, EdgeKindToken(kind), source);
}

std::string EndpointPrefix(absl::string_view endpoint) {
  std::string key;
  AppendComponent(&key, endpoint);
  return key;
}

std::string EndpointKindPrefix(absl::string_view endpoint, v1::EdgeKind kind) {
  return Tuple2(endpoint, EdgeKindToken(kind));
}

absl::StatusOr<EdgeTriple> DecodeOutEdgeKey(absl::string_view key) {
  return DecodeEdgeKey(key, /*outgoing=*/true);
}

absl::StatusOr<EdgeTriple> DecodeInEdgeKey(absl::string_view key) {
  return DecodeEdgeKey(key, /*outgoing=*/false);
}

std::string EncodeEdgeValue(v1::Edge* edge) {
  // Move the identity out, serialise, move it back: the key carries it.
  std::string name = std::move(*edge->mutable_name());
  std::string source = std::move(*edge->mutable_source());
  std::string target = std::move(*edge->mutable_target());
  const v1::EdgeKind kind = edge->kind();
  edge->clear_name();
  edge->clear_source();
  edge->clear_target();
  edge->clear_kind();
  std::string value = edge->SerializeAsString();
  *edge->mutable_name() = std::move(name);
  *edge->mutable_source() = std::move(source);
  *edge->mutable_target() = std::move(target);
  edge->set_kind(kind);
  return value;
}

absl::Status DecodeEdgeValue(const EdgeTriple& triple, absl::string_view value,
                             v1::Edge* edge) {
  if (!edge->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return Corrupt("edge value",
                   absl::StrCat("cannot parse v1.Edge of ",
                                MakeEdgeName(triple.source, triple.kind,
                                             triple.target)));
  }
  edge->set_name(MakeEdgeName(triple.source, triple.kind, triple.target));
  edge->set_source(std::string(triple.source));
  edge->set_kind(triple.kind);
  edge->set_target(std::string(triple.target));
  return absl::OkStatus();
}

// --- serialised records ----------------------------------------------------

namespace {

// v1.Node.name and v1.Edge's identity fields (resources.proto).
constexpr uint32_t kNodeNameField = 1;
constexpr uint32_t kEdgeNameField = 1;
constexpr uint32_t kEdgeSourceField = 2;
constexpr uint32_t kEdgeKindField = 3;
constexpr uint32_t kEdgeTargetField = 4;

// Proto3 leaves empty strings out.
void AppendStringField(std::string* out, uint32_t field, absl::string_view value) {
  if (value.empty()) return;
  wire::AppendLengthPrefix(out, field, value.size());
  out->append(value.data(), value.size());
}

}  // namespace

absl::StatusOr<SerializedRecord> SerializedNode(absl::string_view key_name,
                                                absl::string_view value,
                                                std::string* scratch) {
  absl::string_view rest = value;
  uint64_t tag = 0;
  uint64_t length = 0;
  if (wire::ReadVarint(&rest, &tag) &&
      tag == ((kNodeNameField << 3) | wire::kLengthDelimited) &&
      wire::ReadVarint(&rest, &length) && length == key_name.size() &&
      rest.substr(0, key_name.size()) == key_name &&
      wire::IsWellFramed(rest.substr(key_name.size()), kNodeNameField + 1)) {
    return SerializedRecord{"", value};
  }
  ASSIGN_OR_RETURN(const v1::Node node, DecodeNodeValue(key_name, value));
  scratch->clear();
  node.AppendToString(scratch);
  return SerializedRecord{*scratch, ""};
}

absl::StatusOr<SerializedRecord> SerializedEdge(const EdgeTriple& triple,
                                                absl::string_view value,
                                                std::string* scratch) {
  scratch->clear();
  if (wire::IsWellFramed(value, kEdgeTargetField + 1)) {
    // The name is built in place after its tag; its length prefix needs the
    // name's size first, which the name's pieces give.
    const size_t name_size = EdgeNameSize(triple.source, triple.kind, triple.target);
    wire::AppendLengthPrefix(scratch, kEdgeNameField, name_size);
    const size_t name_start = scratch->size();
    AppendEdgeName(scratch, triple.source, triple.kind, triple.target);
    if (scratch->size() - name_start == name_size) {
      AppendStringField(scratch, kEdgeSourceField, triple.source);
      if (triple.kind != v1::EDGE_KIND_UNSPECIFIED) {
        wire::AppendTag(scratch, kEdgeKindField, wire::kVarint);
        wire::AppendVarint(scratch, static_cast<uint64_t>(static_cast<int64_t>(triple.kind)));
      }
      AppendStringField(scratch, kEdgeTargetField, triple.target);
      return SerializedRecord{*scratch, value};
    }
    scratch->clear();
  }
  v1::Edge edge;
  RETURN_IF_ERROR(DecodeEdgeValue(triple, value, &edge));
  edge.AppendToString(scratch);
  return SerializedRecord{*scratch, ""};
}

// --- label_index ------------------------------------------------------------

std::string LabelKey(absl::string_view label, absl::string_view node_name) {
  return Tuple2(label, node_name);
}

std::string LabelPrefix(absl::string_view label) {
  std::string key;
  AppendComponent(&key, label);
  return key;
}

absl::StatusOr<std::pair<absl::string_view, absl::string_view>> DecodeLabelKey(
    absl::string_view key) {
  return DecodePair(key, "label_index key");
}

// --- term_index -------------------------------------------------------------

std::string TermKey(absl::string_view term, absl::string_view claim_name) {
  return Tuple2(term, claim_name);
}

std::string TermPrefix(absl::string_view term) {
  std::string key;
  AppendComponent(&key, term);
  return key;
}

absl::StatusOr<std::pair<absl::string_view, absl::string_view>> DecodeTermKey(
    absl::string_view key) {
  return DecodePair(key, "term_index key");
}

std::string EncodePosting(const Posting& posting) {
  std::string out;
  out.reserve(8);
  AppendU32(&out, posting.term_frequency);
  AppendU32(&out, posting.doc_length);
  return out;
}

absl::StatusOr<Posting> DecodePosting(absl::string_view value) {
  Posting posting;
  if (value.size() != 8 || !ReadU32(&value, &posting.term_frequency) ||
      !ReadU32(&value, &posting.doc_length)) {
    return Corrupt("posting", absl::StrCat("expected 8 bytes, found ", value.size()));
  }
  return posting;
}

// --- idempotency ------------------------------------------------------------

std::string IdempotencyKey(absl::string_view request_id) {
  std::string key;
  AppendComponent(&key, request_id);
  return key;
}

std::string EncodeIdempotencyRecord(const IdempotencyRecord& record) {
  std::string out;
  out.push_back(static_cast<char>(kIdempotencyVersion));
  AppendU64(&out, static_cast<uint64_t>(record.create_micros));
  AppendU32(&out, static_cast<uint32_t>(record.fingerprint.size()));
  out.append(record.fingerprint);
  record.response.AppendToString(&out);
  return out;
}

absl::StatusOr<int64_t> IdempotencyRecordCreateMicros(absl::string_view value) {
  if (value.empty() || static_cast<uint8_t>(value[0]) != kIdempotencyVersion) {
    return Corrupt("idempotency record", "unknown record version");
  }
  value.remove_prefix(1);
  uint64_t micros = 0;
  if (!ReadU64(&value, &micros)) return Corrupt("idempotency record", "truncated header");
  return static_cast<int64_t>(micros);
}

absl::StatusOr<IdempotencyRecord> DecodeIdempotencyRecord(
    absl::string_view value) {
  if (value.empty() || static_cast<uint8_t>(value[0]) != kIdempotencyVersion) {
    return Corrupt("idempotency record", "unknown record version");
  }
  value.remove_prefix(1);
  IdempotencyRecord record;
  uint64_t micros = 0;
  uint32_t fp_len = 0;
  if (!ReadU64(&value, &micros) || !ReadU32(&value, &fp_len) ||
      value.size() < fp_len) {
    return Corrupt("idempotency record", "truncated header");
  }
  record.create_micros = static_cast<int64_t>(micros);
  record.fingerprint = std::string(value.substr(0, fp_len));
  value.remove_prefix(fp_len);
  if (!record.response.ParseFromArray(value.data(),
                                      static_cast<int>(value.size()))) {
    return Corrupt("idempotency record", "cannot parse BatchWriteResponse");
  }
  return record;
}

// --- meta -------------------------------------------------------------------

std::string FormatVersionKey() {
  std::string key;
  AppendComponent(&key, kFormatVersionTag);
  return key;
}

std::string EncodeFormatVersion(uint32_t version) {
  std::string out;
  AppendU32(&out, version);
  return out;
}

absl::StatusOr<uint32_t> DecodeFormatVersion(absl::string_view value) {
  uint32_t version = 0;
  if (value.size() != 4 || !ReadU32(&value, &version)) {
    return Corrupt("format version", absl::StrCat("expected 4 bytes, found ",
                                                  value.size()));
  }
  return version;
}

std::string StatKey(absl::string_view stat_name) {
  return Tuple2(kStatTag, stat_name);
}

std::string EncodeCounter(int64_t value) {
  std::string out;
  AppendU64(&out, static_cast<uint64_t>(value));
  return out;
}

absl::StatusOr<int64_t> DecodeCounter(absl::string_view value) {
  uint64_t raw = 0;
  if (value.size() != 8 || !ReadU64(&value, &raw)) {
    return Corrupt("counter", absl::StrCat("expected 8 bytes, found ", value.size()));
  }
  return static_cast<int64_t>(raw);
}

std::string GuardKey(absl::string_view name) { return Tuple2(kGuardTag, name); }

// --- fixed-width integers ------------------------------------------------------

void AppendU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

void AppendU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

bool ReadU32(absl::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  uint32_t r = 0;
  for (int i = 0; i < 4; ++i) r = (r << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(4);
  *v = r;
  return true;
}

bool ReadU64(absl::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i) r = (r << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(8);
  *v = r;
  return true;
}

}  // namespace evidencegraph::storage::keys
