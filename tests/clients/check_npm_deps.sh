#!/usr/bin/env bash
# Checks that `npm ci` has installed <dir>/package-lock.json into
# <dir>/node_modules (the Makefile's deps target does it; tests never touch
# the network).
#   check_npm_deps.sh <dir with package.json and package-lock.json>
set -euo pipefail
dir=$1
installed=$dir/node_modules/.package-lock.json
if [ ! -f "$installed" ]; then
  echo "npm packages of $dir are not installed: run 'make deps' (or: cd $dir && npm ci)" >&2
  exit 1
fi
if [ "$dir/package-lock.json" -nt "$installed" ]; then
  echo "npm packages of $dir are older than its package-lock.json: run 'make deps' (or: cd $dir && npm ci)" >&2
  exit 1
fi
echo "npm packages of $dir are installed"
