// Page tokens of ListNodes / ListEdges: opaque to clients, stable under
// concurrent writes because they name a position in key order (the last key
// returned), not an offset.
//
// Token := base64url (no padding) of
//   0x01                   version
//   phase:u8               which scan of the list the key belongs to
//                          (ListEdges of a node: 0 outgoing, 1 incoming)
//   filter_hash:u64be      FNV-1a of the list's filters (FilterHash)
//   key_len:u32be key      last key returned, raw bytes of its family
//   check:u64be            FNV-1a of all the bytes above (salted)
// The check catches truncated or edited tokens, the filter hash a token
// reused with other filters; both are INVALID_ARGUMENT on field
// "page_token". The check is an integrity check, not a secret: tokens carry
// nothing a client could not list anyway.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_PAGE_TOKEN_H_
#define EVIDENCEGRAPH_STORAGE_PAGE_TOKEN_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::storage {

struct PageCursor {
  uint8_t phase = 0;
  std::string last_key;
};

// A stable hash of a list's filters; parts are length-delimited so
// ("ab", "c") and ("a", "bc") differ.
uint64_t FilterHash(std::initializer_list<absl::string_view> parts);

std::string EncodePageToken(uint64_t filter_hash, const PageCursor& cursor);

// The cursor of `token`, which must have been made for `filter_hash`.
absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token,
                                           uint64_t filter_hash);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_PAGE_TOKEN_H_
