#include "common/proto_wire.h"

namespace evidencegraph::wire {

bool ReadLongVarint(absl::string_view* in, uint64_t* value) {
  uint64_t result = 0;
  for (size_t i = 0; i < in->size() && i < 10; ++i) {
    const auto byte = static_cast<uint8_t>((*in)[i]);
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if (byte < 0x80) {
      in->remove_prefix(i + 1);
      *value = result;
      return true;
    }
  }
  return false;
}

bool IsWellFramed(absl::string_view bytes, uint32_t min_field) {
  while (!bytes.empty()) {
    uint64_t tag = 0;
    if (!ReadVarint(&bytes, &tag)) return false;
    const uint64_t field = tag >> 3;
    if (field < min_field || field == 0 || field > (uint64_t{1} << 29) - 1) return false;
    uint64_t skip = 0;
    switch (static_cast<uint32_t>(tag & 7)) {
      case kVarint: {
        uint64_t ignored = 0;
        if (!ReadVarint(&bytes, &ignored)) return false;
        continue;
      }
      case kFixed64:
        skip = 8;
        break;
      case kFixed32:
        skip = 4;
        break;
      case kLengthDelimited:
        if (!ReadVarint(&bytes, &skip)) return false;
        break;
      default:
        return false;
    }
    if (skip > bytes.size()) return false;
    bytes.remove_prefix(skip);
  }
  return true;
}

}  // namespace evidencegraph::wire
