#!/usr/bin/env bash
# buf lint on proto/ with tools/buf/buf.yaml (buf's default rules and the
# justified exceptions listed there).
#   buf_lint.sh <repository root> <buf binary> <buf.yaml>
set -euo pipefail
repo=$1 buf=$2 config=$3
[ -x "$buf" ] || { echo "buf not found at $buf: run 'make deps' (npm ci in tools/buf)" >&2; exit 1; }
cd "$repo"
"$buf" lint proto --config "$config"
echo "buf lint: proto/ passes ($config)"
