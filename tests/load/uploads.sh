#!/usr/bin/env bash
# N concurrent submissions, each with a 20 MB PDF, against a fresh release server; prints their
# statuses, the server's peak RSS (VmHWM) and the time they took. Linux (reads /proc).
#
#   bash tests/load/uploads.sh [N=64] [UPLOAD_MEMORY_MIB=128]
set -euo pipefail
n=${1:-64}
budget=${2:-128}
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --release -q -p backend --manifest-path "$root/Cargo.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/big.pdf" <<'PY'
import sys
open(sys.argv[1], "wb").write(b"%PDF-1.4\n" + b" " * (20 * 1024 * 1024 - 20) + b"\n%%EOF\n")
PY
port=$((20000 + RANDOM % 20000))
"$root/target/release/backend" --addr "127.0.0.1:$port" --database "sqlite://$work/pilot.db" \
  --upload-memory "$budget" --submissions-per-minute 0 >/dev/null 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
start=$(date +%s.%N)
for i in $(seq 1 "$n"); do
  curl -s -o /dev/null -w '%{http_code}\n' \
    -F "application=@$root/tests/fixtures/cq-municipal/valid.json;type=application/json" \
    -F "implementation_plan=@$work/big.pdf;filename=plan-$i.pdf" \
    "http://127.0.0.1:$port/api/v1/submissions" >"$work/status.$i" &
done
wait $(jobs -p | grep -vx "$server")
end=$(date +%s.%N)
echo "$n uploads of 20 MB, upload memory $budget MiB"
echo "statuses: $(cat "$work"/status.* | sort | uniq -c | xargs)"
grep VmHWM "/proc/$server/status"
echo "elapsed: $(python3 -c "print(round($end - $start, 1))") s"
kill "$server"
wait "$server" 2>/dev/null || true
