#!/usr/bin/env bash
# Installs what fsmon needs on a fresh Debian machine with Node 20, and nothing when it is all there:
# Debian packages (via apt, only the missing ones) and the npm packages of package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "fsmon needs Node.js 20 or newer (found $(node --version))" >&2
  exit 1
fi

# librdkafka1: the embedded Kafka (mock cluster); redis-server: the embedded Redis;
# busybox-static + util-linux (unshare): namespace containers in tests; fatrace, gcc: benchmarks.
debs=(librdkafka1 redis-server busybox-static util-linux fatrace gcc libc6-dev)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file. Optional dependencies are
# required: koffi's native binary comes as one.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
