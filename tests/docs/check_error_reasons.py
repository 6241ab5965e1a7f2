#!/usr/bin/python3
"""Fails when docs/errors.md and the server's error reasons disagree.

    check_error_reasons.py --root SOURCE_DIR [--doc docs/errors.md] [--list]

Every google.rpc.ErrorInfo.reason the server can emit is found in the C++
sources of services/, query/, storage/, common/ and reasoning/:

  - MakeError(code, REASON, message)          the reason is argument 2;
  - InvalidField(field, rule[, REASON])       argument 3, or the default of the
                                              `reason` parameter declared in
                                              common/errors.h ("INVALID_FIELD");
  - set_reason(REASON)                        ErrorInfo built by hand;
  - absl::CancelledError(...), absl::Status(absl::StatusCode::kAborted, ...)
                                              a status without a reason payload:
                                              services/grpc_status.cc sends the
                                              code's name (INTERNAL, UNKNOWN and
                                              DATA_LOSS are all sent as INTERNAL).

REASON may be a string literal, a conditional of literals, or a constant
(`constexpr char kReason[] = "X";`) defined in the same or another scanned
file. A reason argument that is a parameter of the enclosing function (a helper
forwarding its caller's reason, like MakeError inside InvalidField) is followed
through the helper's callers instead. Anything else fails the check, so a new
way of passing reasons cannot hide a reason from it; so does an UPPER_SNAKE
string literal that is neither a reason nor a status code name (add it to
NOT_REASONS below if it really is not a reason).

docs/errors.md lists the reasons in the table(s) of its "## Reasons" section:
one row per reason, the reason in backticks in the first cell and its gRPC
code(s) in the second. The check fails when a reason emitted by the sources has
no row, when a row names a reason no source emits, and when a row's code cell
does not name a code the sources use with that reason.
"""
import argparse
import os
import re
import sys
from collections import defaultdict

SOURCE_DIRS = ("services", "query", "storage", "common", "reasoning")
SOURCE_EXTENSIONS = (".cc", ".h")

CODE_NAMES = {
    "kOk": "OK", "kCancelled": "CANCELLED", "kUnknown": "UNKNOWN",
    "kInvalidArgument": "INVALID_ARGUMENT", "kDeadlineExceeded": "DEADLINE_EXCEEDED",
    "kNotFound": "NOT_FOUND", "kAlreadyExists": "ALREADY_EXISTS",
    "kPermissionDenied": "PERMISSION_DENIED", "kResourceExhausted": "RESOURCE_EXHAUSTED",
    "kFailedPrecondition": "FAILED_PRECONDITION", "kAborted": "ABORTED",
    "kOutOfRange": "OUT_OF_RANGE", "kUnimplemented": "UNIMPLEMENTED",
    "kInternal": "INTERNAL", "kUnavailable": "UNAVAILABLE", "kDataLoss": "DATA_LOSS",
    "kUnauthenticated": "UNAUTHENTICATED",
}
# absl::FooError(...) constructors -> code name.
ERROR_CONSTRUCTORS = {name[1:] + "Error": code for name, code in CODE_NAMES.items()
                      if name != "kOk"}
# Codes whose details are replaced by reason INTERNAL (services/grpc_status.cc).
MASKED_CODES = {"INTERNAL", "UNKNOWN", "DATA_LOSS"}
# UPPER_SNAKE literals in the sources that are not reasons.
NOT_REASONS = set()

UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")


def strip_comments(text):
    """Blanks out // and /* */ comments, keeping strings, offsets and newlines."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            end = n if end < 0 else end + len(m.group(1)) + 2
            out.append(text[i:end])
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(text, start):
    """Top-level arguments of the call whose '(' is at text[start]; (args, end)."""
    depth = 0
    args, current = [], []
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            current.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(current).strip())
                return [a for a in args if a], i
        elif c == "," and depth == 1:
            args.append("".join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    raise ValueError("unbalanced parentheses")


def literals(expr):
    return [m.group(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', expr)]


class Sources:
    def __init__(self, root):
        self.root = root
        self.files = {}
        for d in SOURCE_DIRS:
            for dirpath, _, names in os.walk(os.path.join(root, d)):
                for name in sorted(names):
                    if name.endswith(SOURCE_EXTENSIONS):
                        path = os.path.join(dirpath, name)
                        with open(path, encoding="utf-8", errors="replace") as f:
                            self.files[os.path.relpath(path, root)] = strip_comments(f.read())
        if not self.files:
            raise SystemExit(f"no C++ sources found under {root}/{{{','.join(SOURCE_DIRS)}}}")

    def line(self, path, offset):
        return self.files[path].count("\n", 0, offset) + 1

    def constant(self, name, prefer):
        """String values of a constant `name`: same file first, then any file."""
        pattern = re.compile(
            r"\b" + re.escape(name) +
            r'\s*(?:\[\s*\])?\s*(?:=\s*|\{\s*|\(\s*)"((?:[^"\\]|\\.)*)"')
        for path in [prefer] + [p for p in self.files if p != prefer]:
            found = [m.group(1) for m in pattern.finditer(self.files[path])]
            if found:
                return found
        return []

    def enclosing_parameter(self, name, path, offset):
        """(function, index) when `name` is a parameter of the function around
        `offset`, else None."""
        text = self.files[path]
        # Definitions start at column 0 in this code base: the last line before
        # the call that starts with a letter and opens a parameter list is the
        # head of the enclosing function.
        heads = list(re.finditer(r"^[A-Za-z][^;\n]*?([A-Za-z_]\w*)\s*\(", text[:offset], re.M))
        if not heads:
            return None
        head = heads[-1]
        try:
            params, _ = split_args(text, head.end() - 1)
        except ValueError:
            return None
        for index, param in enumerate(params):
            declared = param.split("=")[0].strip()
            if re.search(r"(?:string_view|std::string|char\s*\*)\s*&?\s*" + re.escape(name) + r"$",
                         declared):
                return head.group(1), index
        return None

    def default_argument(self, function, index):
        """The string default of parameter `index` of `function`, if declared."""
        for text in self.files.values():
            for m in re.finditer(r"(?:absl::Status|StatusOr<[^>]*>)\s+" + re.escape(function) +
                                 r"\s*\(", text):
                params, _ = split_args(text, m.end() - 1)
                if index < len(params) and "=" in params[index]:
                    found = literals(params[index].split("=", 1)[1])
                    if found:
                        return found
        return []


class Extraction:
    def __init__(self):
        self.reasons = defaultdict(set)      # reason -> codes
        self.where = defaultdict(list)       # reason -> ["file:line", ...]
        self.errors = []
        self.forwards = []                   # (function, parameter index, code, where)

    def add(self, reason, code, where):
        self.reasons[reason].add(code)
        self.where[reason].append(where)


def code_of(expr):
    m = re.search(r"StatusCode::(k\w+)", expr)
    return CODE_NAMES.get(m.group(1)) if m else None


def resolve(sources, ex, expr, path, offset, code, what):
    """Records the reason(s) of a reason argument `expr`. A parameter of the
    enclosing function is recorded as a forward, to be followed to its callers."""
    where = f"{path}:{sources.line(path, offset)}"
    found = literals(expr)
    if found:
        for reason in found:
            ex.add(reason, code, where)
        return
    name = expr.strip()
    if name.startswith("std::string(") or name.startswith("absl::string_view("):
        name = name[name.index("(") + 1:-1].strip()
    if IDENT.match(name):
        forward = sources.enclosing_parameter(name, path, offset)
        if forward is not None:
            ex.forwards.append((forward[0], forward[1], code, where))
            return
        values = sources.constant(name, path)
        if values:
            for reason in values:
                ex.add(reason, code, where)
            return
    ex.errors.append(f"{where}: cannot tell the reason of {what}: {expr!r} "
                     "(use a literal or a constant, or teach tests/docs/check_error_reasons.py)")


def follow_forwards(sources, ex):
    """Resolves the reasons that helpers forward: at every call of the helper,
    the argument in the forwarded position (or its declared default)."""
    done = set()
    while ex.forwards:
        function, index, code, origin = ex.forwards.pop()
        if function in ("MakeError", "InvalidField") or (function, index, code) in done:
            continue  # the two error factories are handled directly
        done.add((function, index, code))
        calls = 0
        for path, text in sources.files.items():
            for m in re.finditer(r"\b" + re.escape(function) + r"\s*\(", text):
                before = text[max(0, m.start() - 40):m.start()]
                if re.search(r"(absl::Status|StatusOr<[^>]*>)\s*$", before):
                    continue
                try:
                    args, _ = split_args(text, m.end() - 1)
                except ValueError:
                    continue
                calls += 1
                if index < len(args):
                    resolve(sources, ex, args[index], path, m.start(), code, function)
                else:
                    defaults = sources.default_argument(function, index)
                    for reason in defaults:
                        ex.add(reason, code, f"{path}:{sources.line(path, m.start())}")
                    if not defaults:
                        ex.errors.append(f"{path}:{sources.line(path, m.start())}: {function} "
                                         "called without its reason argument and no default")
        if calls == 0:
            ex.errors.append(f"{origin}: the reason comes from a parameter of {function}, "
                             "whose calls this check cannot find")


def extract(sources):
    ex = Extraction()
    default_invalid_field = None
    for path, text in sources.files.items():
        for m in re.finditer(r"reason\s*=\s*\"([A-Z0-9_]+)\"", text):
            # The default of a `reason` parameter (InvalidField's "INVALID_FIELD").
            head = text[max(0, m.start() - 400):m.start()]
            if re.search(r"\bInvalidField\s*\([^;{]*$", head):
                default_invalid_field = m.group(1)
    if default_invalid_field is None:
        ex.errors.append("common/errors.h: no default reason found for InvalidField")

    for path, text in sources.files.items():
        for m in re.finditer(r"\b(MakeError|InvalidField|set_reason)\s*\(", text):
            func = m.group(1)
            before = text[max(0, m.start() - 40):m.start()]
            if re.search(r"(absl::Status|StatusOr<[^>]*>)\s*$", before):
                continue  # a declaration or definition, not a call
            try:
                args, _ = split_args(text, m.end() - 1)
            except ValueError:
                ex.errors.append(f"{path}:{sources.line(path, m.start())}: cannot parse {func}(")
                continue
            where = f"{path}:{sources.line(path, m.start())}"
            if func == "MakeError":
                if len(args) != 3:
                    ex.errors.append(f"{where}: MakeError with {len(args)} arguments")
                    continue
                code = code_of(args[0])
                if code is None:
                    ex.errors.append(f"{where}: MakeError with a code that is not a "
                                     f"StatusCode literal: {args[0]!r}")
                    continue
                if code in MASKED_CODES:
                    ex.add("INTERNAL", "INTERNAL", where)
                resolve(sources, ex, args[1], path, m.start(), code, "MakeError")
            elif func == "InvalidField":
                if len(args) == 2:
                    if default_invalid_field:
                        ex.add(default_invalid_field, "INVALID_ARGUMENT", where)
                elif len(args) == 3:
                    resolve(sources, ex, args[2], path, m.start(), "INVALID_ARGUMENT",
                            "InvalidField")
                else:
                    ex.errors.append(f"{where}: InvalidField with {len(args)} arguments")
            else:  # set_reason: ErrorInfo built by hand (services/grpc_status.cc)
                if len(args) == 1 and literals(args[0]):
                    code = "INTERNAL" if literals(args[0]) == ["INTERNAL"] else "?"
                    resolve(sources, ex, args[0], path, m.start(), code, "set_reason")
                # Non-literal: the mapping of payload reasons, covered above.

        # Statuses without a reason payload: the code's name is the reason.
        for m in re.finditer(r"\babsl::(\w+Error)\s*\(", text):
            code = ERROR_CONSTRUCTORS.get(m.group(1))
            if code:
                reason = "INTERNAL" if code in MASKED_CODES else code
                ex.add(reason, "INTERNAL" if code in MASKED_CODES else code,
                       f"{path}:{sources.line(path, m.start())}")
        for m in re.finditer(r"\babsl::Status\s*\w*\s*[({]\s*absl::StatusCode::(k\w+)", text):
            code = CODE_NAMES.get(m.group(1))
            if code and code != "OK":
                reason = "INTERNAL" if code in MASKED_CODES else code
                ex.add(reason, "INTERNAL" if code in MASKED_CODES else code,
                       f"{path}:{sources.line(path, m.start())}")

    follow_forwards(sources, ex)

    # The guard: reason-shaped literals the extraction did not account for.
    for path, text in sources.files.items():
        for m in re.finditer(r'"([A-Z][A-Z0-9_]*)"', text):
            value = m.group(1)
            if (UPPER_SNAKE.match(value) and value not in ex.reasons and
                    value not in CODE_NAMES.values() and value not in NOT_REASONS):
                ex.errors.append(
                    f"{path}:{sources.line(path, m.start())}: \"{value}\" looks like a reason "
                    "but is not passed as one in a way this check understands (MakeError, "
                    "InvalidField, a constant); if it is not a reason, add it to NOT_REASONS "
                    "in tests/docs/check_error_reasons.py")
    return ex


def documented(doc_path):
    """{reason: code cell} of the rows of the "## Reasons" section."""
    rows = {}
    errors = []
    in_section = False
    with open(doc_path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("## "):
                in_section = line.strip() == "## Reasons"
                continue
            if not in_section:
                continue
            m = re.match(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|", line)
            if m:
                if m.group(1) in rows:
                    errors.append(f"{doc_path}:{number}: `{m.group(1)}` has two rows")
                rows[m.group(1)] = m.group(2)
    if not rows:
        errors.append(f"{doc_path}: no reason rows found in a '## Reasons' section "
                      "(rows look like: | `REASON` | CODE | ... |)")
    return rows, errors


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="the source tree")
    parser.add_argument("--doc", help="the errors document (default ROOT/docs/errors.md)")
    parser.add_argument("--list", action="store_true",
                        help="print every reason found, its codes and where")
    args = parser.parse_args(argv)
    doc = args.doc or os.path.join(args.root, "docs", "errors.md")

    sources = Sources(args.root)
    ex = extract(sources)
    if args.list:
        for reason in sorted(ex.reasons):
            codes = ", ".join(sorted(ex.reasons[reason]))
            print(f"{reason:28} {codes:40} {', '.join(ex.where[reason][:4])}")

    problems = list(ex.errors)
    rows, doc_errors = documented(doc)
    problems += doc_errors
    for reason in sorted(ex.reasons):
        if reason not in rows:
            problems.append(f"reason {reason} ({', '.join(sorted(ex.reasons[reason]))}) is "
                            f"emitted at {', '.join(ex.where[reason][:3])} but has no row "
                            f"in {doc}")
            continue
        for code in sorted(ex.reasons[reason] - {"?"}):
            if not re.search(r"\b" + code + r"\b", rows[reason]):
                problems.append(f"{doc}: the row of {reason} does not name code {code} "
                                f"(used at {', '.join(ex.where[reason][:3])})")
    for reason in sorted(rows):
        if reason not in ex.reasons:
            problems.append(f"{doc}: `{reason}` is documented but no source under "
                            f"{', '.join(SOURCE_DIRS)} emits it")

    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s); reasons found in the sources: "
              f"{', '.join(sorted(ex.reasons))}", file=sys.stderr)
        return 1
    print(f"{len(ex.reasons)} reasons, each documented in {doc} with its code(s); "
          f"no stale rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
