#!/bin/bash
# Runs every command of README.md's "Try it with grpcurl" code block against
# the server at $EVIDENCEGRAPH_ADDR, with eg-grpcurl standing in for grpcurl
# (not packaged for Debian). Fails on the first command that fails, so the
# README's claim "every command below was checked" stays true.
#
#   readme_grpcurl_check.sh README.md path/to/eg-grpcurl
# (run under tests/clients/with_server.py, which sets EVIDENCEGRAPH_ADDR)
set -euo pipefail
readme=$1
tool=$2
: "${EVIDENCEGRAPH_ADDR:?run under with_server.py}"

block=$(awk '/^## Try it with grpcurl/ {section = 1}
             section && /^```sh/ {inside = 1; next}
             inside && /^```/ {exit}
             inside {print}' "$readme")
if ! grep -q 'grpcurl' <<<"$block"; then
  echo "no grpcurl commands found under '## Try it with grpcurl' in $readme" >&2
  exit 1
fi

grpcurl() {
  echo "+ grpcurl $*" >&2
  "$tool" "$@"
}
# The README talks to the default address; the test server has its own port.
script=${block//127.0.0.1:50051/$EVIDENCEGRAPH_ADDR}
eval "$script"
echo "all README grpcurl commands succeeded" >&2
