#!/usr/bin/env bash
# Builds the Go client offline in GOPATH mode: vet, the test binaries of
# evidencegraph/client and evidencegraph/cmd/factcheck, and the factcheck
# command. Generated code and symlinks to clients/go are in <gopath>/src
# (CMake target eg_go_stubs); everything else comes from Debian's
# /usr/share/gocode.
#   go_build.sh <go binary> <gopath> <gocache dir> <output dir>
set -euo pipefail
go=$1 gopath=$2 cache=$3 out=$4
if [ ! -f "$gopath/.stamp" ]; then
  echo "no generated Go code in $gopath: build the eg_go_stubs target first" >&2
  exit 1
fi
export GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOCACHE="$cache" GOFLAGS= GOPROXY=off
mkdir -p "$out" "$cache"
cd "$gopath/src/evidencegraph"
set -x
"$go" vet evidencegraph/client evidencegraph/cmd/factcheck
"$go" test -c -o "$out/client.test" evidencegraph/client
"$go" test -c -o "$out/factcheck.test" evidencegraph/cmd/factcheck
"$go" build -o "$out/factcheck" evidencegraph/cmd/factcheck
