#!/usr/bin/python3
"""Runs every grpcurl example of a Markdown document against a live server.

    check_grpcurl_examples.py --doc docs/api.md --tool path/to/eg-grpcurl
        [--section HEADING] [--service NAME]... [--require-reflection]

Run it under tests/clients/with_server.py, which starts a demo-seeded server
and sets EVIDENCEGRAPH_ADDR. Every ```sh block of the document (or of the
section whose heading line is HEADING) runs in order in ONE bash process with
`set -euo pipefail`, so a block may use what an earlier one created or stored
in a shell variable. `grpcurl` is a function that runs the tool (eg-grpcurl:
grpcurl's arguments over server reflection) with "127.0.0.1:50051" and
"localhost:50051" replaced by the test server's address.

Markers the document may use:

  # expect: CODE [REASON]     a comment line before a command: its first
                              grpcurl call must fail with gRPC
                              status CODE (canonical name, e.g. ABORTED) and,
                              when given, ErrorInfo.reason REASON. Without it,
                              any failing call fails the check.
  <!-- check: skip -->        the last non-blank line before a ```sh fence:
                              the block is not run (placeholders, streams that
                              never end). Its methods still count as shown.

With --service, every method of each named service (listed over reflection)
must be called by some example; --require-reflection also wants a `list` and a
`describe`. The check fails on the first failing command, naming the block's
line, or when a method has no example.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

CODES = ["OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
         "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
         "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
         "UNAUTHENTICATED"]
DEFAULT_ADDRESSES = ("127.0.0.1:50051", "localhost:50051")
EXPECT = re.compile(r"^\s*#\s*expect:\s*([A-Z_]+)(?:\s+([A-Z0-9_]+))?\s*$")
SKIP = "<!-- check: skip -->"
GRPCURL_WORD = re.compile(r"(?<![\w./-])grpcurl(?=\s)")
METHOD = re.compile(r"\b([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+/[A-Z]\w*)\b")

PRELUDE = r"""
set -euo pipefail
__eg_where=start
grpcurl() {
  local expect=${EG_EXPECT:-}
  unset EG_EXPECT
  echo "+ grpcurl $*" >&2
  local call="$*"; printf '%s\n' "${call//$'\n'/ }" >>"$EG_CALL_LOG"
  local out rc=0
  out=$("$EG_TOOL" "$@") || rc=$?
  if [[ -z $expect ]]; then
    [[ -z $out ]] || printf '%s\n' "$out"
    if (( rc != 0 )); then
      echo "FAILED: grpcurl exited with $rc in the block at $__eg_where (no '# expect:' marker)" >&2
      [[ -z $out ]] || printf '%s\n' "$out" >&2
      return "$rc"
    fi
    return 0
  fi
  local code=${expect%% *} reason=
  [[ $expect == *" "* ]] && reason=${expect#* }
  local want=$(( 64 + ${EG_CODE_NUMBER[$code]} ))
  printf '%s\n' "$out" >&2
  if (( rc != want )); then
    echo "FAILED: expected $code (exit $want) in the block at $__eg_where, got exit $rc" >&2
    return 1
  fi
  if [[ -n $reason ]] && ! grep -Eq "\"reason\": ?\"$reason\"" <<<"$out"; then
    echo "FAILED: expected reason $reason in the block at $__eg_where" >&2
    return 1
  fi
  echo "  (failed as documented: $code${reason:+ $reason})" >&2
  return 0
}
"""


def blocks(doc_path, section):
    """[(line, text, skipped)] of the ```sh blocks."""
    out = []
    with open(doc_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_section = section is None
    section_level = 0
    i = 0
    last_text = ""
    while i < len(lines):
        line = lines[i]
        heading = re.match(r"^(#+)\s", line)
        if heading and section is not None:
            if line.strip() == section.strip():
                in_section, section_level = True, len(heading.group(1))
            elif in_section and len(heading.group(1)) <= section_level:
                in_section = False
        if line.startswith("```"):
            lang = line[3:].strip()
            start = i + 1
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                i += 1
            if in_section and lang == "sh":
                out.append((start, "\n".join(lines[start:i]), last_text.strip() == SKIP))
            last_text = ""
            i += 1
            continue
        if line.strip():
            last_text = line
        i += 1
    return out


def prepare(text, where):
    """Block text with expect markers applied and the default address replaced."""
    lines = text.split("\n")
    pending = None
    for n, line in enumerate(lines):
        m = EXPECT.match(line)
        if m:
            if pending is not None:
                raise SystemExit(f"{where}: two '# expect:' markers for one command")
            if m.group(1) not in CODES:
                raise SystemExit(f"{where}: unknown code in marker: {line.strip()}")
            pending = (n, m.group(1) + (" " + m.group(2) if m.group(2) else ""))
            continue
        if pending is None or not line.strip() or line.lstrip().startswith("#"):
            continue
        # The marker applies to the first grpcurl of the command that follows
        # (it may come after a pipe: `python3 ... | grpcurl -d @ ...`).
        call = GRPCURL_WORD.search(line)
        if call is None:
            if not line.rstrip().endswith("\\") and not line.rstrip().endswith("|"):
                raise SystemExit(f"{where}: the command after '# expect:' on line "
                                 f"{pending[0] + 1} of the block does not run grpcurl")
            continue
        lines[n] = (line[:call.start()] + f"EG_EXPECT={shlex.quote(pending[1])} " +
                    line[call.start():])
        pending = None
    if pending is not None:
        raise SystemExit(f"{where}: '# expect:' at the end of a block")
    script = "\n".join(lines)
    for address in DEFAULT_ADDRESSES:
        script = script.replace(address, "$EVIDENCEGRAPH_ADDR")
    return script


def listed_methods(tool, address, service):
    result = subprocess.run([tool, "-plaintext", address, "list", service],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise SystemExit(f"cannot list {service} over reflection: {result.stdout}{result.stderr}")
    # "evidencegraph.v1.GraphService.GetNode" -> "evidencegraph.v1.GraphService/GetNode"
    return {f"{service}/{line.strip().rsplit('.', 1)[1]}"
            for line in result.stdout.splitlines() if line.strip()}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", required=True)
    parser.add_argument("--tool", required=True, help="eg-grpcurl (or grpcurl)")
    parser.add_argument("--section", help="only the ```sh blocks under this heading line")
    parser.add_argument("--service", action="append", default=[],
                        help="every method of this service must have an example")
    parser.add_argument("--require-reflection", action="store_true",
                        help="the examples must also use `list` and `describe`")
    args = parser.parse_args(argv)
    address = os.environ.get("EVIDENCEGRAPH_ADDR")
    if not address:
        print("EVIDENCEGRAPH_ADDR is not set: run under tests/clients/with_server.py",
              file=sys.stderr)
        return 2
    doc_name = os.path.relpath(args.doc)
    found = blocks(args.doc, args.section)
    run = [b for b in found if not b[2]]
    if not run:
        print(f"no ```sh blocks to run in {doc_name}", file=sys.stderr)
        return 1

    codes = " ".join(f"[{name}]={number}" for number, name in enumerate(CODES))
    parts = [PRELUDE, f"declare -A EG_CODE_NUMBER=({codes})"]
    for line, text, skipped in found:
        where = f"{doc_name}:{line}"
        if skipped:
            print(f"[docs] skipping the block at {where} (marked '{SKIP}')", file=sys.stderr)
            continue
        parts.append(f"\n__eg_where={shlex.quote(where)}\necho '[docs] block at {where}' >&2")
        parts.append(prepare(text, where))
    parts.append("\necho '[docs] every block succeeded' >&2\n")

    with tempfile.TemporaryDirectory(prefix="eg-docs-") as tmp:
        script_path = os.path.join(tmp, "examples.sh")
        call_log = os.path.join(tmp, "calls")
        open(call_log, "w").close()
        with open(script_path, "w", encoding="utf-8") as f:
            f.write("\n".join(parts))
        env = dict(os.environ, EG_TOOL=os.path.abspath(args.tool), EG_CALL_LOG=call_log)
        # Examples run in a scratch directory, so files they write go away.
        status = subprocess.run(["/bin/bash", script_path], env=env, cwd=tmp).returncode
        if status != 0:
            print(f"[docs] an example of {doc_name} failed (status {status})", file=sys.stderr)
            return 1
        with open(call_log, encoding="utf-8") as f:
            calls = f.read().splitlines()

    shown = set()
    for call in calls:
        shown.update(METHOD.findall(call))
    for _, text, skipped in found:
        if skipped:
            shown.update(METHOD.findall(text))
    missing = []
    for service in args.service:
        missing += sorted(listed_methods(args.tool, address, service) - shown)
    if args.require_reflection:
        verbs = {c.split()[2] if len(c.split()) > 2 else "" for c in calls
                 if c.startswith("-plaintext")}
        missing += [f"reflection `{v}`" for v in ("list", "describe") if v not in verbs]
    if missing:
        print(f"[docs] no example in {doc_name} for: {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"[docs] {len(calls)} grpcurl calls in {len(run)} blocks of {doc_name} succeeded"
          f"{' (' + str(len(found) - len(run)) + ' block(s) skipped)' if len(found) > len(run) else ''}; "
          f"every method of {', '.join(args.service) or 'no service'} has an example")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
