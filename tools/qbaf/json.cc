#include "tools/qbaf/json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace evidencegraph::json {
namespace {

constexpr int kMaxDepth = 128;

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<Value> ParseDocument() {
    SkipSpace();
    absl::StatusOr<Value> v = ParseValue(0);
    if (!v.ok()) return v;
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the JSON value");
    return v;
  }

 private:
  absl::Status Error(absl::string_view what) const {
    int line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return absl::InvalidArgumentError(
        absl::StrFormat("line %d, column %d: %s", line, column, what));
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) {
      ++pos_;
    }
  }

  absl::StatusOr<Value> ParseValue(int depth) {
    if (AtEnd()) return Error("unexpected end of input, expected a value");
    switch (Peek()) {
      case '{': return ParseObject(depth + 1);
      case '[': return ParseArray(depth + 1);
      case '"': {
        absl::StatusOr<std::string> s = ParseString();
        if (!s.ok()) return s.status();
        return Value(std::move(*s));
      }
      case 't': return Literal("true", Value(true));
      case 'f': return Literal("false", Value(false));
      case 'n': return Literal("null", Value());
      default:
        if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9')) return ParseNumber();
        return Error(absl::StrFormat("unexpected character '%c'", Peek()));
    }
  }

  absl::StatusOr<Value> Literal(absl::string_view word, Value v) {
    if (text_.substr(pos_, word.size()) != word) return Error("invalid literal");
    pos_ += word.size();
    return v;
  }

  absl::StatusOr<Value> ParseNumber() {
    size_t start = pos_;
    auto digits = [&] {
      size_t from = pos_;
      while (!AtEnd() && Peek() >= '0' && Peek() <= '9') ++pos_;
      return pos_ > from;
    };
    if (Peek() == '-') ++pos_;
    if (AtEnd()) return Error("incomplete number");
    if (Peek() == '0') {
      ++pos_;
      if (!AtEnd() && Peek() >= '0' && Peek() <= '9') return Error("leading zeros are not allowed");
    } else if (!digits()) {
      return Error("invalid number");
    }
    if (!AtEnd() && Peek() == '.') {
      ++pos_;
      if (!digits()) return Error("digits expected after '.'");
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (!digits()) return Error("digits expected in the exponent");
    }
    double d = 0.0;
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range) {
      // Underflow to 0 is harmless; overflow is not representable.
      bool tiny = false;
      for (const char* p = first; p < last; ++p) {
        if (*p == 'e' || *p == 'E') tiny = p + 1 < last && p[1] == '-';
      }
      if (!tiny) {
        pos_ = start;
        return Error("number out of range");
      }
      d = 0.0;
    } else if (ec != std::errc() || ptr != last) {
      pos_ = start;
      return Error("invalid number");
    }
    return Value(d);
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  absl::StatusOr<uint32_t> Hex4() {
    if (pos_ + 4 > text_.size()) return Error("incomplete \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else return Error("invalid hex digit in \\u escape");
    }
    return v;
  }

  // Length of the valid UTF-8 sequence starting at pos_, or 0.
  size_t Utf8Length() const {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
    unsigned char b = byte(0);
    size_t len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
    if (len == 0 || pos_ + len > text_.size()) return 0;
    for (size_t i = 1; i < len; ++i) {
      if ((byte(i) & 0xC0) != 0x80) return 0;
    }
    if (len == 3 && b == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (len == 3 && b == 0xED && byte(1) >= 0xA0) return 0; // surrogates
    if (len == 4 && b == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (len == 4 && b == 0xF4 && byte(1) >= 0x90) return 0; // > U+10FFFF
    return len;
  }

  absl::StatusOr<std::string> ParseString() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (AtEnd()) return Error("unterminated string");
      unsigned char c = static_cast<unsigned char>(Peek());
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) return Error("control character in string (escape it)");
      if (c == '\\') {
        ++pos_;
        if (AtEnd()) return Error("unterminated escape");
        char e = text_[pos_++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            absl::StatusOr<uint32_t> hi = Hex4();
            if (!hi.ok()) return hi.status();
            uint32_t cp = *hi;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              if (text_.substr(pos_, 2) != "\\u") return Error("unpaired surrogate in \\u escape");
              pos_ += 2;
              absl::StatusOr<uint32_t> lo = Hex4();
              if (!lo.ok()) return lo.status();
              if (*lo < 0xDC00 || *lo > 0xDFFF) return Error("invalid surrogate pair");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (*lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return Error("unpaired surrogate in \\u escape");
            }
            AppendUtf8(out, cp);
            break;
          }
          default:
            --pos_;
            return Error(absl::StrFormat("invalid escape '\\%c'", e));
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      size_t len = Utf8Length();
      if (len == 0) return Error("invalid UTF-8 in string");
      out.append(text_.data() + pos_, len);
      pos_ += len;
    }
  }

  absl::StatusOr<Value> ParseArray(int depth) {
    if (depth > kMaxDepth) return Error("nesting deeper than 128 levels");
    ++pos_;
    Value::Array items;
    SkipSpace();
    if (!AtEnd() && Peek() == ']') {
      ++pos_;
      return Value(std::move(items));
    }
    while (true) {
      SkipSpace();
      absl::StatusOr<Value> v = ParseValue(depth);
      if (!v.ok()) return v;
      items.push_back(std::move(*v));
      SkipSpace();
      if (AtEnd()) return Error("unterminated array");
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == ']') {
        ++pos_;
        return Value(std::move(items));
      }
      return Error("expected ',' or ']' in array");
    }
  }

  absl::StatusOr<Value> ParseObject(int depth) {
    if (depth > kMaxDepth) return Error("nesting deeper than 128 levels");
    ++pos_;
    Value::Object members;
    SkipSpace();
    if (!AtEnd() && Peek() == '}') {
      ++pos_;
      return Value(std::move(members));
    }
    while (true) {
      SkipSpace();
      if (AtEnd() || Peek() != '"') return Error("expected a string key in object");
      size_t key_pos = pos_;
      absl::StatusOr<std::string> key = ParseString();
      if (!key.ok()) return key.status();
      for (const auto& [k, unused] : members) {
        if (k == *key) {
          pos_ = key_pos;
          return Error(absl::StrCat("duplicate key \"", *key, "\""));
        }
      }
      SkipSpace();
      if (AtEnd() || Peek() != ':') return Error("expected ':' after object key");
      ++pos_;
      SkipSpace();
      absl::StatusOr<Value> v = ParseValue(depth);
      if (!v.ok()) return v;
      members.emplace_back(std::move(*key), std::move(*v));
      SkipSpace();
      if (AtEnd()) return Error("unterminated object");
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == '}') {
        ++pos_;
        return Value(std::move(members));
      }
      return Error("expected ',' or '}' in object");
    }
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const Value* Value::Find(absl::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object()) {
    if (k == key) return &v;
  }
  return nullptr;
}

absl::string_view Value::TypeName() const {
  if (is_null()) return "null";
  if (is_bool()) return "boolean";
  if (is_number()) return "number";
  if (is_string()) return "string";
  if (is_array()) return "array";
  return "object";
}

absl::StatusOr<Value> Parse(absl::string_view text) { return Parser(text).ParseDocument(); }

void AppendString(std::string& out, absl::string_view s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string Number(double d) {
  if (!std::isfinite(d)) return "null";
  if (d == 0.0) return "0";  // also -0
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  if (ec != std::errc()) return absl::StrFormat("%.17g", d);
  return std::string(buf, ptr);
}

}  // namespace evidencegraph::json
