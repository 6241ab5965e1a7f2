#include "tools/qbaf/qbaf_tool.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"

namespace evidencegraph::qbaf_tool {
namespace {

using json::Value;
using reasoning::QbafBuilder;

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

absl::Status AddArguments(const Value& list, QbafBuilder& builder) {
  if (!list.is_array()) {
    return Bad("arguments", absl::StrCat("must be an array, not ", list.TypeName()));
  }
  const auto& items = list.as_array();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string where = absl::StrCat("arguments[", i, "]");
    const Value& item = items[i];
    if (!item.is_object()) {
      return Bad(where, absl::StrCat("must be an object {\"id\": ..., \"base\": ...}, not ",
                                     item.TypeName()));
    }
    for (const auto& [key, unused] : item.as_object()) {
      if (key != "id" && key != "base") {
        return Bad(where, absl::StrCat("unknown field \"", key, "\" (expected id, base)"));
      }
    }
    const Value* id = item.Find("id");
    const Value* base = item.Find("base");
    if (id == nullptr || !id->is_string() || id->as_string().empty()) {
      return Bad(absl::StrCat(where, ".id"), "required, a non-empty string");
    }
    if (base == nullptr || !base->is_number()) {
      return Bad(absl::StrCat(where, ".base"), "required, a number in [0, 1]");
    }
    double b = base->as_number();
    if (b < 0.0 || b > 1.0) {
      return Bad(absl::StrCat(where, ".base"),
                 absl::StrCat("must be in [0, 1], got ", json::Number(b), " for argument \"",
                              id->as_string(), "\""));
    }
    if (builder.AddArgument(id->as_string(), b).status().code() != absl::StatusCode::kOk) {
      return Bad(absl::StrCat(where, ".id"),
                 absl::StrCat("duplicate argument id \"", id->as_string(), "\""));
    }
  }
  return absl::OkStatus();
}

absl::Status AddEdges(absl::string_view field, const Value& list,
                      const absl::flat_hash_map<std::string, int>& ids, bool support,
                      QbafBuilder& builder) {
  if (!list.is_array()) {
    return Bad(field, absl::StrCat("must be an array of [from, to] pairs, not ", list.TypeName()));
  }
  const auto& items = list.as_array();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string where = absl::StrCat(field, "[", i, "]");
    const Value& pair = items[i];
    if (!pair.is_array() || pair.as_array().size() != 2) {
      return Bad(where, "must be a [from, to] pair of argument ids");
    }
    int ends[2];
    for (int k = 0; k < 2; ++k) {
      const Value& end = pair.as_array()[k];
      std::string at = absl::StrCat(where, "[", k, "]");
      if (!end.is_string()) return Bad(at, absl::StrCat("must be a string, not ", end.TypeName()));
      auto it = ids.find(end.as_string());
      if (it == ids.end()) {
        return Bad(at, absl::StrCat("unknown argument \"", end.as_string(), "\""));
      }
      ends[k] = it->second;
    }
    auto added = support ? builder.AddSupport(ends[0], ends[1]) : builder.AddAttack(ends[0], ends[1]);
    if (!added.ok()) {
      return Bad(where, absl::StrCat("duplicate ", support ? "support" : "attack", " \"",
                                     pair.as_array()[0].as_string(), "\" -> \"",
                                     pair.as_array()[1].as_string(), "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Request> ParseRequest(const Value& doc) {
  if (!doc.is_object()) {
    return Bad("input", absl::StrCat("must be a JSON object, not ", doc.TypeName()));
  }
  for (const auto& [key, unused] : doc.as_object()) {
    if (key != "semantics" && key != "arguments" && key != "attacks" && key != "supports") {
      return Bad("input", absl::StrCat("unknown field \"", key,
                                       "\" (expected semantics, arguments, attacks, supports)"));
    }
  }
  Request request;
  if (const Value* s = doc.Find("semantics"); s != nullptr) {
    std::optional<reasoning::Semantics> parsed;
    if (s->is_string()) parsed = reasoning::ParseSemantics(s->as_string());
    if (!parsed.has_value() || *parsed == reasoning::Semantics::kLinear) {
      return Bad("semantics", "must be \"dfquad\", \"qe\" or \"euler\"");
    }
    request.semantics = *parsed;
  }
  const Value* arguments = doc.Find("arguments");
  if (arguments == nullptr) return Bad("arguments", "required");
  QbafBuilder builder;
  absl::Status st = AddArguments(*arguments, builder);
  if (!st.ok()) return st;
  absl::flat_hash_map<std::string, int> ids;
  for (int i = 0; i < builder.num_arguments(); ++i) ids.emplace(builder.name(i), i);
  for (auto [field, support] : {std::pair{"attacks", false}, std::pair{"supports", true}}) {
    if (const Value* list = doc.Find(field); list != nullptr) {
      st = AddEdges(field, *list, ids, support, builder);
      if (!st.ok()) return st;
    }
  }
  absl::StatusOr<reasoning::Qbaf> qbaf = std::move(builder).Build();
  if (!qbaf.ok()) return qbaf.status();
  request.qbaf = std::move(*qbaf);
  return request;
}

std::string FormatResult(const reasoning::Qbaf& qbaf, const reasoning::Evaluation& evaluation) {
  std::string out = "{\"strengths\": {";
  for (int a = 0; a < qbaf.num_arguments(); ++a) {
    if (a > 0) out += ", ";
    json::AppendString(out, qbaf.name(a));
    absl::StrAppend(&out, ": ", json::Number(evaluation.strength[a]));
  }
  absl::StrAppend(&out, "}, \"converged\": ", evaluation.stats.converged ? "true" : "false",
                  ", \"iterations\": ", evaluation.stats.iterations, "}\n");
  return out;
}

int Run(absl::string_view input, std::string& out, std::string& err) {
  absl::StatusOr<Value> doc = json::Parse(input);
  if (!doc.ok()) {
    err = absl::StrCat("eg-qbaf: invalid JSON: ", doc.status().message(), "\n");
    return kExitBadInput;
  }
  absl::StatusOr<Request> request = ParseRequest(*doc);
  if (!request.ok()) {
    err = absl::StrCat("eg-qbaf: invalid input: ", request.status().message(), "\n");
    return kExitBadInput;
  }
  reasoning::EvaluationOptions options;
  options.semantics = request->semantics;
  absl::StatusOr<reasoning::Evaluation> evaluation = reasoning::Evaluate(request->qbaf, options);
  if (!evaluation.ok()) {
    err = absl::StrCat("eg-qbaf: evaluation failed: ", evaluation.status().ToString(), "\n");
    return kExitInternal;
  }
  out = FormatResult(request->qbaf, *evaluation);
  return kExitOk;
}

}  // namespace evidencegraph::qbaf_tool
