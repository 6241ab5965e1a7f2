// Protobuf wire-format primitives, for code that assembles or checks
// serialised messages as bytes instead of going through message objects
// (ExportGraph frames stored records straight into its responses).
//
//   field  := tag payload          tag := varint(field_number << 3 | wire_type)
//   wire types: 0 varint, 1 fixed64, 2 length-delimited (varint length +
//   bytes), 5 fixed32; 3 and 4 (groups) are not used by proto3 messages.
//
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_COMMON_PROTO_WIRE_H_
#define EVIDENCEGRAPH_COMMON_PROTO_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace evidencegraph::wire {

inline constexpr uint32_t kVarint = 0;
inline constexpr uint32_t kFixed64 = 1;
inline constexpr uint32_t kLengthDelimited = 2;
inline constexpr uint32_t kFixed32 = 5;

// Appends `value` as a base-128 varint (1-10 bytes).
inline void AppendVarint(std::string* out, uint64_t value) {
  char buf[10];
  size_t n = 0;
  while (value >= 0x80) {
    buf[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  buf[n++] = static_cast<char>(value);
  out->append(buf, n);
}

inline void AppendTag(std::string* out, uint32_t field, uint32_t wire_type) {
  AppendVarint(out, (static_cast<uint64_t>(field) << 3) | wire_type);
}

// The tag and length of a length-delimited field of `length` bytes; the
// caller appends the bytes.
inline void AppendLengthPrefix(std::string* out, uint32_t field, size_t length) {
  AppendTag(out, field, kLengthDelimited);
  AppendVarint(out, length);
}

// ReadVarint's general case (any length).
bool ReadLongVarint(absl::string_view* in, uint64_t* value);

// Reads a varint from the front of `*in` and advances past it; false (and
// `*in` unspecified) when it is truncated or longer than 10 bytes. Inline for
// the one-byte case (tags and short lengths: most varints of a record).
inline bool ReadVarint(absl::string_view* in, uint64_t* value) {
  if (!in->empty() && static_cast<uint8_t>(in->front()) < 0x80) {
    *value = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    return true;
  }
  return ReadLongVarint(in, value);
}

// True when `bytes` is a sequence of well-formed fields of wire types 0, 1, 2
// or 5 whose field numbers are all >= `min_field` (>= 1), every length inside
// `bytes`. Only the top level is checked: nested messages are not walked.
bool IsWellFramed(absl::string_view bytes, uint32_t min_field);

}  // namespace evidencegraph::wire

#endif  // EVIDENCEGRAPH_COMMON_PROTO_WIRE_H_
