#include "storage/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "storage/keys.h"
#include "storage/record_stamps.h"

namespace evidencegraph::storage {
namespace {

constexpr uint8_t kTokenVersion = 0x01;
// Salt of the check, so a token is not valid just because some FNV of its
// bytes matches.
constexpr absl::string_view kCheckSalt = "evidencegraph.page_token.v1";
constexpr size_t kHeaderBytes = 1 + 1 + 8 + 4;
constexpr size_t kCheckBytes = 8;
// Keys are names (bounded by the API); anything bigger is not ours.
constexpr uint32_t kMaxKeyBytes = 64 * 1024;

uint64_t Check(absl::string_view bytes) {
  return Fnv1a64(bytes, Fnv1a64(kCheckSalt));
}

absl::Status BadToken(absl::string_view rule) {
  return InvalidField("page_token", rule, "INVALID_PAGE_TOKEN");
}

}  // namespace

uint64_t FilterHash(std::initializer_list<absl::string_view> parts) {
  uint64_t h = kFnvOffset;
  for (absl::string_view part : parts) {
    std::string length;
    keys::AppendU32(&length, static_cast<uint32_t>(part.size()));
    h = Fnv1a64(length, h);
    h = Fnv1a64(part, h);
  }
  return h;
}

std::string EncodePageToken(uint64_t filter_hash, const PageCursor& cursor) {
  std::string raw;
  raw.reserve(kHeaderBytes + cursor.last_key.size() + kCheckBytes);
  raw.push_back(static_cast<char>(kTokenVersion));
  raw.push_back(static_cast<char>(cursor.phase));
  keys::AppendU64(&raw, filter_hash);
  keys::AppendU32(&raw, static_cast<uint32_t>(cursor.last_key.size()));
  raw.append(cursor.last_key);
  keys::AppendU64(&raw, Check(raw));
  std::string token;
  absl::WebSafeBase64Escape(raw, &token);
  return token;
}

absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token,
                                           uint64_t filter_hash) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    return BadToken("is not a token returned by this list (not base64url)");
  }
  if (raw.size() < kHeaderBytes + kCheckBytes) {
    return BadToken("is not a token returned by this list (too short)");
  }
  absl::string_view body(raw.data(), raw.size() - kCheckBytes);
  absl::string_view tail(raw.data() + body.size(), kCheckBytes);
  uint64_t check = 0;
  keys::ReadU64(&tail, &check);
  if (check != Check(body)) {
    return BadToken("is not a token returned by this list (corrupted)");
  }
  if (static_cast<uint8_t>(body[0]) != kTokenVersion) {
    return BadToken("was made by an unsupported version of this list");
  }
  PageCursor cursor;
  cursor.phase = static_cast<uint8_t>(body[1]);
  body.remove_prefix(2);
  uint64_t token_filters = 0;
  uint32_t key_len = 0;
  keys::ReadU64(&body, &token_filters);
  keys::ReadU32(&body, &key_len);
  if (token_filters != filter_hash) {
    return BadToken("was made for a list with other filters; "
                    "send the same filters as the first page or start again");
  }
  if (key_len > kMaxKeyBytes || key_len != body.size()) {
    return BadToken("is not a token returned by this list (bad length)");
  }
  cursor.last_key = std::string(body);
  return cursor;
}

}  // namespace evidencegraph::storage
