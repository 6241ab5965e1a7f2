// eg-qbaf: reads a QBAF as JSON on stdin, prints strengths as JSON on stdout.
// See tools/qbaf/qbaf_tool.h for the formats and docs/reasoning.md for a
// worked example. Exit codes: 0 ok, 2 bad input (message on stderr),
// 1 internal error.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "tools/qbaf/qbaf_tool.h"

namespace {

constexpr char kUsage[] =
    "usage: eg-qbaf < framework.json\n"
    "Reads {\"semantics\": \"dfquad\"|\"qe\"|\"euler\", \"arguments\": [{\"id\": \"a\", "
    "\"base\": 0.5}, ...],\n"
    "       \"attacks\": [[\"c\", \"a\"], ...], \"supports\": [[\"b\", \"a\"], ...]}\n"
    "and prints {\"strengths\": {...}, \"converged\": true, \"iterations\": N}.\n"
    "Exit codes: 0 ok, 2 bad input, 1 internal error.\n";

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    std::fprintf(stderr, "eg-qbaf: unknown argument \"%s\"\n%s", argv[i], kUsage);
    return evidencegraph::qbaf_tool::kExitBadInput;
  }
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) {
    std::fputs("eg-qbaf: could not read stdin\n", stderr);
    return evidencegraph::qbaf_tool::kExitInternal;
  }
  std::string out, err;
  int code = evidencegraph::qbaf_tool::Run(input, out, err);
  std::fputs(out.c_str(), stdout);
  std::fputs(err.c_str(), stderr);
  return code;
}
