#!/usr/bin/env bash
# Fails when proto/ in the working tree breaks compatibility with proto/ at an
# earlier commit (default HEAD~1, the previous commit of the branch).
#   buf_breaking.sh <repository root> <buf binary> <buf.yaml> [<git revision>]
# An intended break (say, of an API not released yet) passes once it is
# committed with a trailer line "API-Breaking-Change: <why>" in the message of
# a commit after <git revision>; until then (and for uncommitted breaks) the
# test fails and lists what broke.
# Exits 77 (ctest SKIP_RETURN_CODE) when there is nothing to compare with:
# not a git checkout, a first commit, or a shallow clone without the parent
# (`git fetch --deepen=1` fixes the last one).
set -euo pipefail
repo=$1 buf=$2 config=$3 rev=${4:-HEAD~1}

skip() { echo "SKIPPED buf breaking: $*"; exit 77; }

[ -x "$buf" ] || { echo "buf not found at $buf: run 'make deps' (npm ci in tools/buf)"; exit 1; }
git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1 || skip "$repo is not a git checkout"
commit=$(git -C "$repo" rev-parse --verify -q "$rev^{commit}") ||
  skip "no commit '$rev' to compare with (first commit, or a shallow clone: git fetch --deepen=1)"
[ -n "$(git -C "$repo" ls-tree -d "$commit" proto)" ] || skip "commit $commit has no proto/ directory"

old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git -C "$repo" archive "$commit" proto | tar -x -C "$old"
echo "buf breaking: proto/ (working tree) against proto/ at $rev = $(git -C "$repo" log -1 --format='%h %s' "$commit")"
rc=0
"$buf" breaking "$repo/proto" --against "$old/proto" --config "$config" --against-config "$config" || rc=$?
if [ "$rc" -eq 0 ]; then
  echo "no breaking changes"
  exit 0
fi
ack=$(git -C "$repo" log --format=%B "$commit..HEAD" -- proto | grep -i -m1 '^API-Breaking-Change:' || true)
if [ -n "$ack" ] && [ -z "$(git -C "$repo" status --porcelain -- proto)" ]; then
  echo "the breaking changes above are acknowledged by a commit since $rev: $ack"
  exit 0
fi
echo "proto/ breaks compatibility with $rev (listed above). If that is intended, commit it with"
echo "a line 'API-Breaking-Change: <why>' in the commit message."
exit "$rc"
