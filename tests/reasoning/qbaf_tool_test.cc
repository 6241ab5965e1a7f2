// The eg-qbaf tool: its strict JSON reader/writer, the request format, and
// the binary itself run end to end (stdin -> stdout, exit codes).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/qbaf/json.h"
#include "tools/qbaf/qbaf_tool.h"

#ifndef EG_QBAF_BINARY
#error "EG_QBAF_BINARY must name the eg-qbaf binary"
#endif

namespace evidencegraph {
namespace {

using ::testing::HasSubstr;

// --- JSON -------------------------------------------------------------------

TEST(Json, ParsesEveryValueKindAndKeepsMemberOrder) {
  auto v = json::Parse(R"( {"b": [1, -2.5e3, true, false, null], "a": "x\u00e9\n"} )");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_TRUE(v->is_object());
  ASSERT_EQ(v->as_object().size(), 2u);
  EXPECT_EQ(v->as_object()[0].first, "b");
  const auto& arr = v->Find("b")->as_array();
  ASSERT_EQ(arr.size(), 5u);
  EXPECT_EQ(arr[1].as_number(), -2500.0);
  EXPECT_TRUE(arr[2].as_bool());
  EXPECT_TRUE(arr[4].is_null());
  EXPECT_EQ(v->Find("a")->as_string(), "x\xc3\xa9\n");
}

TEST(Json, DecodesSurrogatePairs) {
  auto v = json::Parse(R"("\ud83d\ude00")");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->as_string(), "\xf0\x9f\x98\x80");
}

TEST(Json, RejectsWhatRfc8259Rejects) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "+1", ".5",
                          "NaN", "Infinity", "'a'", "\"\\x\"", "\"a", "{\"a\" 1}",
                          "{\"a\":1,\"a\":2}", "[1] 2", "// c\n1", "1e999", "\"\\ud800\"",
                          "\"\x01\"", "\"\xff\"", "tru"}) {
    auto v = json::Parse(bad);
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << "accepted: " << bad;
  }
}

TEST(Json, ErrorsSayWhere) {
  auto v = json::Parse("{\n  \"a\": [1, 2,, 3]\n}");
  ASSERT_FALSE(v.ok());
  EXPECT_THAT(std::string(v.status().message()), HasSubstr("line 2, column 14"));
}

TEST(Json, DeepNestingIsRefusedNotACrash) {
  std::string deep(100000, '[');
  EXPECT_THAT(std::string(json::Parse(deep).status().message()), HasSubstr("nesting"));
}

TEST(Json, NumbersRoundTripShortest) {
  for (double d : {0.1, 0.862, 1.0 / 11.0, 0.9999999990686774, 1e-300, 123456789.0}) {
    std::string s = json::Number(d);
    auto back = json::Parse(s);
    ASSERT_TRUE(back.ok()) << s;
    EXPECT_EQ(back->as_number(), d) << s;
  }
  EXPECT_EQ(json::Number(0.1), "0.1");
  EXPECT_EQ(json::Number(std::nan("")), "null");
}

TEST(Json, StringsAreEscaped) {
  std::string out;
  json::AppendString(out, "a\"b\\c\n\x01");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(json::Parse(out)->as_string(), "a\"b\\c\n\x01");
}

// --- Request / response -------------------------------------------------------

struct ToolRun {
  int code;
  std::string out;
  std::string err;
};

ToolRun RunInProcess(const std::string& input) {
  ToolRun r;
  r.code = qbaf_tool::Run(input, r.out, r.err);
  return r;
}

double StrengthIn(const std::string& output, const std::string& id) {
  auto doc = json::Parse(output);
  EXPECT_TRUE(doc.ok()) << output;
  if (!doc.ok()) return -1;
  const json::Value* s = doc->Find("strengths");
  EXPECT_NE(s, nullptr);
  const json::Value* v = s ? s->Find(id) : nullptr;
  EXPECT_NE(v, nullptr) << id;
  return v ? v->as_number() : -1;
}

constexpr char kRago[] = R"({"semantics": "dfquad",
  "arguments": [{"id": "A1", "base": 0.5}, {"id": "A2", "base": 0.5}, {"id": "P1", "base": 0.7},
                {"id": "P2", "base": 0.5}, {"id": "P3", "base": 0.9}, {"id": "C1", "base": 0.2},
                {"id": "C2", "base": 0.2}, {"id": "C3", "base": 0.6}, {"id": "C4", "base": 0.5}],
  "attacks": [["C1", "A2"], ["C2", "P2"], ["C3", "P2"], ["C4", "P2"]],
  "supports": [["P1", "A1"], ["P2", "A1"], ["P3", "A2"]]})";

TEST(QbafTool, EvaluatesTheRagoExample) {
  ToolRun r = RunInProcess(kRago);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(StrengthIn(r.out, "P2"), 0.08, 1e-9);
  EXPECT_NEAR(StrengthIn(r.out, "A1"), 0.862, 1e-9);
  EXPECT_NEAR(StrengthIn(r.out, "A2"), 0.85, 1e-9);
  auto doc = json::Parse(r.out);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->Find("converged")->as_bool());
  EXPECT_EQ(doc->Find("iterations")->as_number(), 1);
  EXPECT_EQ(doc->as_object().size(), 3u);  // exactly strengths, converged, iterations
}

TEST(QbafTool, ReportsIterationsOfCycles) {
  ToolRun r = RunInProcess(R"({"arguments": [{"id": "a", "base": 1}, {"id": "b", "base": 0.5}],
                              "attacks": [["a", "b"], ["b", "a"]]})");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(StrengthIn(r.out, "a"), 0.9999999990686774, 1e-6);
  EXPECT_GT(json::Parse(r.out)->Find("iterations")->as_number(), 1);
}

TEST(QbafTool, SemanticsIsSelectable) {
  std::string base = R"("arguments": [{"id": "t", "base": 0.5}, {"id": "x", "base": 0.6}],
                        "attacks": [["x", "t"]]})";
  ToolRun df = RunInProcess(std::string(R"({"semantics": "dfquad", )") + base);
  ToolRun qe = RunInProcess(std::string(R"({"semantics": "qe", )") + base);
  ToolRun eu = RunInProcess(std::string(R"({"semantics": "euler", )") + base);
  ASSERT_EQ(df.code + qe.code + eu.code, 0);
  EXPECT_NEAR(StrengthIn(df.out, "t"), 0.2, 1e-12);
  EXPECT_NEAR(StrengthIn(qe.out, "t"), 0.5 - 0.5 * 0.36 / 1.36, 1e-12);
  EXPECT_NEAR(StrengthIn(eu.out, "t"), 1 - 0.75 / (1 + 0.5 * std::exp(-0.6)), 1e-12);
}

TEST(QbafTool, BadInputGivesExitCodeTwoAndNamesTheProblem) {
  struct Case {
    const char* input;
    const char* message;
  };
  const Case cases[] = {
      {"not json", "invalid JSON"},
      {"[]", "must be a JSON object"},
      {R"({"arguments": []  , "extra": 1})", "unknown field \"extra\""},
      {R"({"attacks": []})", "arguments: required"},
      {R"({"semantics": "linear", "arguments": []})", "semantics"},
      {R"({"arguments": [{"id": "a", "base": 1.5}]})", "arguments[0].base"},
      {R"({"arguments": [{"id": "a", "base": -0.1}]})", "[0, 1]"},
      {R"({"arguments": [{"id": "a", "base": "0.5"}]})", "arguments[0].base"},
      {R"({"arguments": [{"id": "a", "base": 0.5}, {"id": "a", "base": 0.5}]})", "duplicate"},
      {R"({"arguments": [{"id": "a", "base": 0.5}], "attacks": [["x", "a"]]})",
       "attacks[0][0]: unknown argument \"x\""},
      {R"({"arguments": [{"id": "a", "base": 0.5}], "supports": [["a"]]})", "supports[0]"},
      {R"({"arguments": [{"id": "a", "base": 0.5}], "attacks": [["a", "a"], ["a", "a"]]})",
       "duplicate attack"},
      {R"({"arguments": [{"id": "a", "base": 0.5, "weight": 1}]})", "unknown field \"weight\""},
  };
  for (const Case& c : cases) {
    ToolRun r = RunInProcess(c.input);
    EXPECT_EQ(r.code, 2) << c.input;
    EXPECT_TRUE(r.out.empty()) << c.input;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.input;
  }
}

// --- The binary ---------------------------------------------------------------

ToolRun RunBinary(const std::string& input, const std::string& args = "") {
  // ctest runs each test as its own process, in parallel, and TempDir() is
  // shared: the file names carry the pid so two runs never share a file.
  const std::string prefix = ::testing::TempDir() + "/qbaf_" + std::to_string(::getpid());
  std::string in = prefix + "_in.json", out = prefix + "_out.json", err = prefix + "_err.txt";
  std::ofstream(in) << input;
  std::string cmd = std::string("'") + EG_QBAF_BINARY + "' " + args + " < '" + in + "' > '" + out +
                    "' 2> '" + err + "'";
  int status = std::system(cmd.c_str());
  ToolRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream o, e;
  o << std::ifstream(out).rdbuf();
  e << std::ifstream(err).rdbuf();
  r.out = o.str();
  r.err = e.str();
  for (const std::string& file : {in, out, err}) std::remove(file.c_str());
  return r;
}

TEST(QbafBinary, ReadsStdinAndWritesStrengthsToStdout) {
  ToolRun r = RunBinary(kRago);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty());
  EXPECT_NEAR(StrengthIn(r.out, "A1"), 0.862, 1e-9);
}

TEST(QbafBinary, BadInputExitsWithTwoAndAMessageOnStderr) {
  ToolRun r = RunBinary(R"({"arguments": [{"id": "a", "base": 2}]})");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_THAT(r.err, HasSubstr("eg-qbaf: invalid input: arguments[0].base"));
  EXPECT_EQ(RunBinary("{", "").code, 2);
  EXPECT_EQ(RunBinary("{}", "--bogus").code, 2);
}

}  // namespace
}  // namespace evidencegraph
