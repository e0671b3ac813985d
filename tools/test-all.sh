#!/usr/bin/env bash
# Every check fsmon has, in order of cost: lint (module boundaries, owners), types, then all jest
# projects (unit, real-kernel, real-Kafka/Redis integration). Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true

status=0
echo "== lint"; npm run -s lint || status=1
echo "== typecheck"; npm run -s typecheck || status=1

echo "== tests"
mkdir -p tmp
# --forceExit is not used: a test that leaves a handle open must be fixed, not hidden.
timeout --kill-after=30s 1500s npx jest --ci --maxWorkers=2 --json --outputFile=tmp/jest-results.json "$@"
jest_status=$?
[ $jest_status -eq 0 ] || status=1

if [ -f tmp/jest-results.json ]; then
  node -e '
    const r = require("./tmp/jest-results.json");
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  '
fi
[ $jest_status -ne 124 ] || echo "jest exceeded its 25-minute limit and was stopped" >&2
exit $status
