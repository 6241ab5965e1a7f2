// storage/keys.h: the byte layouts. Encoded order equals tuple order, every
// layout round-trips, and malformed bytes give errors, never crashes.
#include "storage/keys.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/storage_test_util.h"

namespace evidencegraph::storage::keys {
namespace {

using ::evidencegraph::storage::testing::StatusIsReason;

using Tuple = std::vector<std::string>;

std::string Encode(const Tuple& tuple) {
  std::string key;
  for (const std::string& c : tuple) AppendComponent(&key, c);
  return key;
}

// Random tuples over a tiny alphabet (so prefixes and equal components are
// common) that includes the bytes around the terminator and 0xff.
Tuple RandomTuple(std::mt19937& rng, size_t components) {
  static const char kAlphabet[] = {'\x01', '/', '-', 'a', 'b', '\x7f', '\x80', '\xff'};
  std::uniform_int_distribution<int> length(0, 4);
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 1);
  Tuple tuple;
  for (size_t i = 0; i < components; ++i) {
    std::string c;
    for (int n = length(rng); n > 0; --n) c.push_back(kAlphabet[pick(rng)]);
    tuple.push_back(c);
  }
  return tuple;
}

TEST(KeysTest, EncodedByteOrderEqualsTupleOrder) {
  std::mt19937 rng(20261125);
  for (int i = 0; i < 20000; ++i) {
    const Tuple a = RandomTuple(rng, 3);
    const Tuple b = RandomTuple(rng, 3);
    // std::string compares bytes as unsigned char, like RocksDB's comparator.
    const int tuple_order = a < b ? -1 : (b < a ? 1 : 0);
    const int key_cmp = Encode(a).compare(Encode(b));
    const int key_order = key_cmp < 0 ? -1 : (key_cmp > 0 ? 1 : 0);
    ASSERT_EQ(tuple_order, key_order) << ::testing::PrintToString(a) << " vs "
                                      << ::testing::PrintToString(b);
  }
}

TEST(KeysTest, TuplesRoundTrip) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const Tuple t = RandomTuple(rng, 1 + i % 4);
    const std::string key = Encode(t);
    absl::StatusOr<std::vector<absl::string_view>> parts = DecodeTuple(key, t.size(), "test");
    ASSERT_TRUE(parts.ok()) << parts.status();
    ASSERT_EQ(parts->size(), t.size());
    for (size_t j = 0; j < t.size(); ++j) EXPECT_EQ((*parts)[j], t[j]);
  }
}

TEST(KeysTest, NodeKeysOfAKindShareTheCollectionPrefix) {
  const std::string prefix = CollectionPrefix(v1::NODE_KIND_CLAIM);
  EXPECT_EQ(prefix, "claims/");
  EXPECT_EQ(NodeKey("claims/a").rfind(prefix, 0), 0u);
  EXPECT_NE(NodeKey("critiques/a").rfind(prefix, 0), 0u);
  EXPECT_EQ(*DecodeNodeKey(NodeKey("claims/a")), "claims/a");
}

TEST(KeysTest, EdgeKeysRoundTripInBothDirections) {
  const std::string target = "studies/s/edges/supports/claims/c";  // an edge as target
  const std::string out = OutEdgeKey("critiques/k", v1::EDGE_KIND_TARGETS, target);
  const std::string in = InEdgeKey(target, v1::EDGE_KIND_TARGETS, "critiques/k");
  absl::StatusOr<EdgeTriple> from_out = DecodeOutEdgeKey(out);
  absl::StatusOr<EdgeTriple> from_in = DecodeInEdgeKey(in);
  ASSERT_TRUE(from_out.ok() && from_in.ok());
  for (const EdgeTriple& t : {*from_out, *from_in}) {
    EXPECT_EQ(t.source, "critiques/k");
    EXPECT_EQ(t.kind, v1::EDGE_KIND_TARGETS);
    EXPECT_EQ(t.target, target);
  }
  // Prefixes select one endpoint's edges, and one kind of them.
  EXPECT_EQ(out.rfind(EndpointPrefix("critiques/k"), 0), 0u);
  EXPECT_EQ(out.rfind(EndpointKindPrefix("critiques/k", v1::EDGE_KIND_TARGETS), 0), 0u);
  EXPECT_NE(out.rfind(EndpointKindPrefix("critiques/k", v1::EDGE_KIND_SUPPORTS), 0), 0u);
  EXPECT_EQ(in.rfind(EndpointPrefix(target), 0), 0u);
  // "claims/a" edges do not fall in the range of "claims/a-b" or vice versa.
  EXPECT_NE(OutEdgeKey("claims/a-b", v1::EDGE_KIND_CITES, "x/y").rfind(EndpointPrefix("claims/a"), 0),
            0u);
}

TEST(KeysTest, EdgeValueOmitsIdentityAndDecodingRestoresIt) {
  v1::Edge edge;
  edge.set_name("studies/s/edges/supports/claims/c");
  edge.set_source("studies/s");
  edge.set_kind(v1::EDGE_KIND_SUPPORTS);
  edge.set_target("claims/c");
  edge.set_note("n=11");
  const std::string before = edge.SerializeAsString();
  const std::string value = EncodeEdgeValue(&edge);
  EXPECT_EQ(edge.SerializeAsString(), before) << "encoding must leave the edge unchanged";
  EXPECT_EQ(value.find("studies/s"), std::string::npos);

  v1::Edge decoded;
  ASSERT_TRUE(DecodeEdgeValue({"studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c"}, value, &decoded).ok());
  EXPECT_EQ(decoded.SerializeAsString(), before);
}

TEST(KeysTest, MalformedKeysAndValuesAreCorruptionErrors) {
  const auto corrupt = StatusIsReason(absl::StatusCode::kInternal, "STORAGE_CORRUPTION");
  EXPECT_THAT(DecodeTuple(std::string("abc"), 1, "t"), corrupt);              // unterminated
  EXPECT_THAT(DecodeTuple(std::string("a\0b\0", 4), 1, "t"), corrupt);        // too many
  EXPECT_THAT(DecodeOutEdgeKey(std::string("a\0b\0", 4)), corrupt);           // too few
  EXPECT_THAT(DecodeOutEdgeKey(std::string("a\0nope\0b\0", 9)), corrupt);     // bad kind
  EXPECT_THAT(DecodeInEdgeKey(std::string("\0supports\0b\0", 12)), corrupt);  // empty endpoint
  EXPECT_THAT(DecodeNodeKey(""), corrupt);
  EXPECT_THAT(DecodePosting("short"), corrupt);
  EXPECT_THAT(DecodeCounter("1234567"), corrupt);
  EXPECT_THAT(DecodeFormatVersion(""), corrupt);
  EXPECT_THAT(DecodeIdempotencyRecord(""), corrupt);
  EXPECT_THAT(DecodeIdempotencyRecord(std::string("\x01\0\0", 3)), corrupt);
  EXPECT_THAT(DecodeNodeValue("claims/a", "\xff\xff\xff"), corrupt);
  v1::Edge edge;
  EXPECT_THAT(DecodeEdgeValue({"a/b", v1::EDGE_KIND_CITES, "c/d"}, "\xff\xff", &edge), corrupt);

  // Random garbage never crashes.
  std::mt19937 rng(99);
  for (int i = 0; i < 5000; ++i) {
    std::string junk(rng() % 24, '\0');
    for (char& c : junk) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng());
    (void)DecodeOutEdgeKey(junk);
    (void)DecodeLabelKey(junk);
    (void)DecodePosting(junk);
    (void)DecodeIdempotencyRecord(junk);
  }
}

// The bytes SerializedNode / SerializedEdge stand for.
std::string Joined(const absl::StatusOr<SerializedRecord>& record) {
  if (!record.ok()) return "<" + record.status().ToString() + ">";
  return std::string(record->head) + std::string(record->body);
}

v1::Node RichNode() {
  v1::Node node;
  node.set_name("studies/s1");
  node.set_display_title("A study \xc3\xa9");
  node.add_labels("x");
  node.add_labels("y");
  node.mutable_create_time()->set_seconds(1700000000);
  node.mutable_create_time()->set_nanos(123456789);
  node.set_etag("\"abc\"");
  node.set_kind(v1::NODE_KIND_STUDY);
  v1::Study* study = node.mutable_study();
  study->mutable_citation()->set_year(-3);  // negative: a 10-byte varint
  study->set_sample_size(0);                // explicit presence, zero
  study->set_effect_size(-0.0);
  study->mutable_grading()->set_risk_of_bias(-1);
  study->mutable_grading()->add_overrides()->set_points(-2);
  return node;
}

TEST(KeysTest, SerializedNodeIsTheStoredValueItself) {
  const v1::Node node = RichNode();
  const std::string value = EncodeNodeValue(node);
  std::string scratch;
  absl::StatusOr<SerializedRecord> record = SerializedNode(node.name(), value, &scratch);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->head.empty());
  EXPECT_EQ(record->body.data(), value.data()) << "handed out in place";
  EXPECT_EQ(Joined(record), DecodeNodeValue(node.name(), value)->SerializeAsString());
  EXPECT_EQ(record->size(), node.ByteSizeLong());
}

TEST(KeysTest, SerializedEdgeIsTheParsedEdgeSerialised) {
  for (const v1::EdgeKind kind : {v1::EDGE_KIND_SUPPORTS, v1::EDGE_KIND_TARGETS,
                                  v1::EDGE_KIND_GENERALISES}) {
    v1::Edge edge;
    edge.set_source("critiques/k");
    edge.set_kind(kind);
    // Long enough for a two-byte length prefix of the name.
    edge.set_target("claims/" + std::string(200, 'c'));
    edge.set_weight(0);
    edge.set_note("note");
    edge.mutable_grading()->add_overrides()->set_points(-1);
    edge.mutable_update_time()->set_seconds(5);
    edge.set_etag("e");
    const std::string value = EncodeEdgeValue(&edge);
    const EdgeTriple triple{edge.source(), kind, edge.target()};
    v1::Edge decoded;
    ASSERT_TRUE(DecodeEdgeValue(triple, value, &decoded).ok());
    std::string scratch;
    absl::StatusOr<SerializedRecord> record = SerializedEdge(triple, value, &scratch);
    ASSERT_TRUE(record.ok()) << record.status();
    EXPECT_EQ(record->body.data(), value.data()) << "the value is handed out in place";
    EXPECT_EQ(Joined(record), decoded.SerializeAsString()) << kind;
    EXPECT_EQ(record->size(), decoded.ByteSizeLong());
  }
}

TEST(KeysTest, SerializedRecordsOfOddValuesEqualTheParsePath) {
  std::string scratch;
  // Unknown fields (a newer client's) are kept and stay where they were.
  v1::Node node = RichNode();
  node.MergeFromString(std::string("\xf8\x06\x07", 3));  // field 111, varint 7
  const std::string node_value = EncodeNodeValue(node);
  EXPECT_EQ(Joined(SerializedNode(node.name(), node_value, &scratch)),
            DecodeNodeValue(node.name(), node_value)->SerializeAsString());

  // An edge value carrying one of the identity fields (only damage does
  // that) is parsed: the key's identity wins, as in DecodeEdgeValue.
  const EdgeTriple triple{"studies/s", v1::EDGE_KIND_SUPPORTS, "claims/c"};
  v1::Edge stray;
  stray.set_note("n");
  stray.set_source("studies/other");
  const std::string edge_value = stray.SerializeAsString();
  v1::Edge decoded;
  ASSERT_TRUE(DecodeEdgeValue(triple, edge_value, &decoded).ok());
  EXPECT_EQ(Joined(SerializedEdge(triple, edge_value, &scratch)), decoded.SerializeAsString());

  // An unknown field numbered below 5 with another wire type (not a known
  // field to the parser) is kept where it was too.
  v1::Edge unknown_low;
  unknown_low.MergeFromString(std::string("\x1a\x01x", 3));  // field 3, bytes
  const std::string low_value = unknown_low.SerializeAsString();
  ASSERT_TRUE(DecodeEdgeValue(triple, low_value, &decoded).ok());
  EXPECT_EQ(Joined(SerializedEdge(triple, low_value, &scratch)), decoded.SerializeAsString());

  // An empty edge value: only the identity.
  ASSERT_TRUE(DecodeEdgeValue(triple, "", &decoded).ok());
  EXPECT_EQ(Joined(SerializedEdge(triple, "", &scratch)), decoded.SerializeAsString());
}

TEST(KeysTest, SerializedRecordsOfDamagedValuesAreCorruptionErrors) {
  const auto corrupt = StatusIsReason(absl::StatusCode::kInternal, "STORAGE_CORRUPTION");
  std::string scratch;
  const std::string value = EncodeNodeValue(RichNode());
  EXPECT_THAT(SerializedNode("studies/other", value, &scratch), corrupt);  // names another node
  EXPECT_THAT(SerializedNode("studies/s1", value.substr(0, value.size() - 3), &scratch),
              corrupt);  // truncated
  EXPECT_THAT(SerializedNode("studies/s1", "", &scratch), corrupt);
  EXPECT_THAT(SerializedNode("claims/a", "\xff\xff\xff", &scratch), corrupt);
  const EdgeTriple triple{"a/b", v1::EDGE_KIND_CITES, "c/d"};
  EXPECT_THAT(SerializedEdge(triple, "\xff\xff", &scratch), corrupt);
  EXPECT_THAT(SerializedEdge(triple, std::string("\x3a\x05" "ab"), &scratch), corrupt);  // note, cut short

  // Garbage never crashes, and whatever the parse path accepts is handed out
  // (the checks are framing only: bytes no serialiser wrote, such as fields
  // out of order, may differ from their re-serialisation; the store holds
  // serialiser output only).
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string junk(rng() % 24, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    v1::Edge parsed;
    if (DecodeEdgeValue(triple, junk, &parsed).ok()) {
      EXPECT_TRUE(SerializedEdge(triple, junk, &scratch).ok()) << i;
    }
    v1::Node node;
    if (node.ParseFromString(junk) && node.name() == "a/b") {
      EXPECT_TRUE(SerializedNode("a/b", junk, &scratch).ok()) << i;
    }
    (void)SerializedNode("a/b", junk, &scratch);
  }
}

TEST(KeysTest, SerializedEdgesOfRandomEdgesEqualTheParsePath) {
  std::mt19937 rng(11);
  std::string scratch;
  for (int i = 0; i < 2000; ++i) {
    v1::Edge edge;
    edge.set_source("studies/s" + std::to_string(rng() % 1000));
    edge.set_kind(static_cast<v1::EdgeKind>(1 + rng() % 10));
    edge.set_target("claims/" + std::string(rng() % 300, 'c'));
    if (rng() % 2) edge.set_attack_type(static_cast<v1::AttackType>(rng() % 4));
    if (rng() % 2) edge.set_weight(static_cast<double>(rng() % 100) / 7 - 5);
    if (rng() % 2) edge.set_note(std::string(rng() % 200, 'n'));
    if (rng() % 2) edge.mutable_grading()->set_follow_up_shorter_than_claim(true);
    if (rng() % 2) edge.mutable_create_time()->set_nanos(static_cast<int32_t>(rng() % 999999999));
    if (rng() % 4 == 0) edge.MergeFromString(std::string("\xa8\x1f\x01", 3));
    const EdgeTriple triple{edge.source(), edge.kind(), edge.target()};
    const std::string value = EncodeEdgeValue(&edge);
    v1::Edge decoded;
    ASSERT_TRUE(DecodeEdgeValue(triple, value, &decoded).ok());
    ASSERT_EQ(Joined(SerializedEdge(triple, value, &scratch)), decoded.SerializeAsString()) << i;
  }
}

TEST(KeysTest, ValuesRoundTrip) {
  absl::StatusOr<Posting> posting = DecodePosting(EncodePosting({3, 70000}));
  ASSERT_TRUE(posting.ok());
  EXPECT_EQ(posting->term_frequency, 3u);
  EXPECT_EQ(posting->doc_length, 70000u);

  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1} << 40, INT64_MIN}) {
    EXPECT_EQ(*DecodeCounter(EncodeCounter(v)), v);
  }
  EXPECT_EQ(*DecodeFormatVersion(EncodeFormatVersion(kFormatVersion)), kFormatVersion);

  IdempotencyRecord record;
  record.create_micros = 1234567;
  record.fingerprint = std::string("fp\0with nul", 11);
  record.response.add_results()->set_deleted("claims/x");
  absl::StatusOr<IdempotencyRecord> decoded =
      DecodeIdempotencyRecord(EncodeIdempotencyRecord(record));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->create_micros, record.create_micros);
  EXPECT_EQ(decoded->fingerprint, record.fingerprint);
  EXPECT_EQ(decoded->response.SerializeAsString(), record.response.SerializeAsString());
}

TEST(KeysTest, PrefixSuccessorBoundsExactlyThePrefix) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
  const std::string prefix = EndpointPrefix("claims/a");
  const std::string limit = PrefixSuccessor(prefix);
  EXPECT_LT(OutEdgeKey("claims/a", v1::EDGE_KIND_SUPPORTS, "z/z"), limit);
  EXPECT_GE(OutEdgeKey("claims/a-b", v1::EDGE_KIND_SUPPORTS, "z/z"), limit);
  EXPECT_GE(OutEdgeKey("claims/a/edges/x", v1::EDGE_KIND_SUPPORTS, "z/z"), limit);
}

TEST(KeysTest, MetaKeysAreDistinct) {
  const std::vector<std::string> keys = {FormatVersionKey(), StatKey(kStatClaimDocs),
                                         StatKey(kStatClaimTerms), GuardKey("claims/a")};
  for (size_t i = 0; i < keys.size(); ++i) {
    for (size_t j = i + 1; j < keys.size(); ++j) EXPECT_NE(keys[i], keys[j]);
  }
}

}  // namespace
}  // namespace evidencegraph::storage::keys
