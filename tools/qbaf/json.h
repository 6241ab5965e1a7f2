// A small, strict JSON (RFC 8259) reader and the writing helpers eg-qbaf
// needs. Strict means: one value and nothing after it but whitespace, no
// comments, no trailing commas, no NaN/Infinity, no duplicate object keys,
// valid UTF-8 and escapes, numbers within double range, nesting at most 128
// deep (so hostile input cannot exhaust the stack). Errors are
// INVALID_ARGUMENT with "line L, column C: what".
// Objects keep their members in input order.
// Thread-safety: values are plain data; functions are pure.
#ifndef EVIDENCEGRAPH_TOOLS_QBAF_JSON_H_
#define EVIDENCEGRAPH_TOOLS_QBAF_JSON_H_

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::json {

class Value {
 public:
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;  // null
  explicit Value(bool b) : v_(b) {}
  explicit Value(double d) : v_(d) {}
  explicit Value(std::string s) : v_(std::move(s)) {}
  explicit Value(Array a) : v_(std::move(a)) {}
  explicit Value(Object o) : v_(std::move(o)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_number() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  // Accessors; call only after checking the type.
  bool as_bool() const { return std::get<bool>(v_); }
  double as_number() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }

  // The member `key` of an object, or nullptr.
  const Value* Find(absl::string_view key) const;

  // "null", "boolean", "number", "string", "array" or "object".
  absl::string_view TypeName() const;

 private:
  std::variant<std::monostate, bool, double, std::string, Array, Object> v_;
};

absl::StatusOr<Value> Parse(absl::string_view text);

// Appends `s` as a JSON string literal (quotes, escapes for '"', '\\' and
// control characters).
void AppendString(std::string& out, absl::string_view s);

// The shortest decimal that reads back as `d` ("0.1", "1e-300"); "null" for
// NaN and infinities, which JSON cannot represent.
std::string Number(double d);

}  // namespace evidencegraph::json

#endif  // EVIDENCEGRAPH_TOOLS_QBAF_JSON_H_
