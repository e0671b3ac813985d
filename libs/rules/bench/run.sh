#!/bin/sh
# Compiles the matcher benchmark with tsc and runs it under plain node; prints figures.
set -eu
cd "$(dirname "$0")/../../.."
out=/tmp/fsmon-rules-bench
npx tsc -p libs/rules/bench/tsconfig.json
mkdir -p "$out/node_modules/@fsmon"
ln -sfn "$out/libs/contracts/src" "$out/node_modules/@fsmon/contracts"
NODE_PATH="$PWD/node_modules" node "$out/libs/rules/bench/matcher.bench.js"
