#!/usr/bin/env bash
# The slow-link benchmark (not part of the test command): our form's pages against a one-field
# React 19 + react-hook-form + zod page, navigation → first visible input in headless Chromium
# (and, for ours, → the first keystroke checked live, and the page with JavaScript off)
# on an emulated county link (1.6 Mbit/s, 150 ms RTT, CPU ×4), first and return visit, median
# of 3, with the ratios and each page's waterfall. Needs what the test command installs
# (Debian's chromium, Node.js); fetches its npm packages into target/bench the first time.
#
#   bash tests/bench/slow-link.sh            (RUNS=5 for a median of 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bench=$root/target/bench
mkdir -p "$bench"

if [ ! -x "$bench/node_modules/.bin/esbuild" ]; then
  echo "==> npm packages for the benchmark"
  npm install --no-audit --no-fund --loglevel=error --prefix "$bench" \
    react@19.3.1 react-dom@19.3.1 react-hook-form@7.92.0 zod@4.6.7 @hookform/resolvers@5.9.2 \
    esbuild@0.28.2 puppeteer-core@25.16.0 >/dev/null
fi

echo "==> the React page"
# Built and run from target/bench, so that their imports find its node_modules.
dist=$bench/react
rm -rf "$dist" && mkdir -p "$dist"
cp tests/bench/react/index.html "$dist/"
cp tests/bench/react/main.jsx tests/bench/slow-link.mjs "$bench/"
"$bench/node_modules/.bin/esbuild" "$bench/main.jsx" \
  --bundle --minify --format=esm --jsx=automatic --define:process.env.NODE_ENV='"production"' \
  --outfile="$dist/main.js" --log-level=warning
echo "React page: $(gzip -9 -c "$dist/main.js" | wc -c) bytes of script, gzip"

echo "==> our server"
cargo build --release -p backend --quiet
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
target/release/backend --addr "127.0.0.1:$port" --database "sqlite://$data/bench.db" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

node "$bench/slow-link.mjs" "http://127.0.0.1:$port" "$dist"
