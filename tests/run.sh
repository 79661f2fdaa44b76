#!/usr/bin/env bash
# Every test of the project, on a machine that has rustup's toolchain, Node.js and apt.
# It first installs what cargo cannot: Chromium and chromedriver (Debian), the wasm32 target and
# the wasm-bindgen test runner matching the pinned wasm-bindgen.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }
mkdir -p target
log="$PWD/target/test-log.txt"
: > "$log"
# Runs a test command, keeping its output for the count at the end.
tested() { "$@" 2>&1 | tee -a "$log"; }

step "tools"
# Chromium and its driver; a Chinese font, so the printed 申请书 has its characters; pdftotext to
# read the printed PDF back; LibreOffice's writer, to open the reviewers' Word files (about 25 s
# to install without its recommendations); PostgreSQL's server, for the API tests on it;
# Python's venv, for the OpenAPI validator below; nginx, openssl, curl and systemd-analyze, which
# check deploy/ (backend/tests/api/deploy.rs).
# nginx is in /usr/sbin, which a user's PATH may leave out.
export PATH="$PATH:/usr/sbin"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
  || ! command -v pdftotext >/dev/null || [ ! -d /usr/share/fonts/truetype/wqy ] \
  || ! command -v soffice >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || ! python3 -c 'import ensurepip' 2>/dev/null || ! command -v nginx >/dev/null \
  || ! command -v systemd-analyze >/dev/null || ! command -v openssl >/dev/null \
  || ! command -v curl >/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver \
    fonts-wqy-microhei poppler-utils >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui postgresql python3-venv nginx systemd openssl curl >/dev/null
fi
rustup target add wasm32-unknown-unknown
bindgen=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $bindgen" ]; then
  # Not --locked: the registry mirror can lag the versions its lock file names.
  cargo install wasm-bindgen-cli --version "=$bindgen"
fi
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
# axe-core checks the pages against WCAG 2.1 A/AA inside Chromium (tests/e2e reads it from here).
axe=target/tools/axe/node_modules/axe-core/axe.min.js
[ -f "$axe" ] || npm install --no-audit --no-fund --loglevel=error --prefix target/tools/axe axe-core@4.14.1
# A real OpenID provider, the `oidc-provider` package, for the reviewers' sign-in through an
# identity provider (tests/oidc/provider.mjs; the npm package resolves from beside the script).
oidc=target/tools/oidc
[ -d "$oidc/node_modules/oidc-provider" ] || npm install --no-audit --no-fund --loglevel=error --prefix "$oidc" oidc-provider@9.13.3
cp tests/oidc/provider.mjs "$oidc/provider.mjs"
# A real SMTP server, aiosmtpd from PyPI (tests/smtp/server.py), for the applicants' e-mail.
if [ ! -x target/tools/smtp/bin/python ] || ! target/tools/smtp/bin/python -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m venv target/tools/smtp
  target/tools/smtp/bin/pip install -q aiosmtpd==1.4.6
fi
# openapi-spec-validator (PyPI; Debian has none) checks the OpenAPI document
# (backend/tests/api/openapi.rs reads it from here).
if [ ! -x target/tools/openapi/bin/openapi-spec-validator ]; then
  python3 -m venv target/tools/openapi
  target/tools/openapi/bin/pip install -q openapi-spec-validator==0.9.0
fi

step "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
# Every doc link names something that exists (ARCHITECTURE.md sends readers to them).
RUSTDOCFLAGS="-D rustdoc::broken_intra_doc_links" cargo doc --no-deps --workspace --quiet

# Started once for the whole run; every test that signs in through it, or mails through it,
# reads where it is here.
step "the OpenID provider and the SMTP server"
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
oidcport=$(free_port)
node "$oidc/provider.mjs" "$oidcport" >target/oidc-provider.log 2>&1 &
oidcpid=$!
# And the SMTP server, keeping each message it takes as a file the tests read.
smtpport=$(free_port)
export PILOT_TEST_SMTP_DIR="$PWD/target/smtp-messages"
rm -rf "$PILOT_TEST_SMTP_DIR"
# How a test starts a mail server of its own (one it takes down and brings back).
export PILOT_TEST_SMTP_SERVER="$PWD/target/tools/smtp/bin/python $PWD/tests/smtp/server.py"
$PILOT_TEST_SMTP_SERVER "$smtpport" "$PILOT_TEST_SMTP_DIR" >target/smtp-server.log 2>&1 &
smtppid=$!
export PILOT_TEST_SMTP="smtp://127.0.0.1:$smtpport"
cleanup() { kill "$oidcpid" "$smtppid" 2>/dev/null || true; }
trap cleanup EXIT
export PILOT_TEST_OIDC_ISSUER="http://127.0.0.1:$oidcport"
for _ in $(seq 50); do
  curl -fs "$PILOT_TEST_OIDC_ISSUER/.well-known/openid-configuration" >/dev/null && break
  sleep 0.2
done
curl -fs "$PILOT_TEST_OIDC_ISSUER/.well-known/openid-configuration" >/dev/null \
  || { cat target/oidc-provider.log >&2; echo "the OpenID provider did not start" >&2; exit 1; }
for _ in $(seq 50); do
  grep -q "^smtp on" target/smtp-server.log && break
  sleep 0.2
done
grep -q "^smtp on" target/smtp-server.log \
  || { cat target/smtp-server.log >&2; echo "the SMTP server did not start" >&2; exit 1; }

step "native tests: rules, API, and the browser end to end"
# The tests about a PostgreSQL server itself (postgres_…) run in the PostgreSQL pass below.
tested cargo test --workspace -- --skip postgres_

# A throwaway PostgreSQL cluster on a free loopback port, removed when this script ends; each
# test makes its own database in it. initdb refuses to run as root, so root runs it as the
# postgres user the package made.
step "the API tests again, on PostgreSQL"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdata=$(mktemp -d /tmp/pilot-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pgdata"
  as_pg=(runuser -u postgres --)
fi
pgport=$(free_port)
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata/data" -l "$pgdata/log" -w \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
trap 'cleanup; "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata/data" -m immediate stop >/dev/null; rm -rf "$pgdata"' EXIT
# The tests about the SQLite file itself (sqlite_…) ran above; every other API test runs here,
# the same binary run again: asking cargo for the api test alone would resolve other features
# and build half the tree a second time (2½ minutes on a cold machine).
api=$(cargo test --workspace --no-run 2>&1 | sed -n 's|.*Executable tests/api/main.rs (\(.*\))|\1|p')
[ -n "$api" ] || { echo "cargo named no api test binary: its output format changed?" >&2; exit 1; }
# How the restart test (postgres_…) stops and starts this cluster under the server's feet, and
# where the backup test finds pg_dump and pg_restore.
export PILOT_TEST_POSTGRES_BIN="$pgbin"
export PILOT_TEST_POSTGRES_STOP="${as_pg[*]} $pgbin/pg_ctl -D $pgdata/data -m fast -w stop >/dev/null"
export PILOT_TEST_POSTGRES_START="${as_pg[*]} $pgbin/pg_ctl -D $pgdata/data -l $pgdata/log -w \
  -o '-p $pgport -k $pgdata -c listen_addresses=127.0.0.1' start >/dev/null"
(cd backend && PILOT_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pgport" \
  tested "../$api" --skip sqlite_ --skip postgres_)
# Alone, one at a time: the restart test stops the cluster every other test is using.
(cd backend && PILOT_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pgport" \
  tested "../$api" postgres_ --test-threads=1)

# Optimized, as citizens get it; --nocapture prints the browser's validation time.
step "the same rule tests, and the reading of the programs' definitions, as wasm in headless Chromium"
# chromedriver can take longer than the runner's 5 s to start on a busy machine (seen once).
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  tested cargo test --release -p shared -p frontend --target wasm32-unknown-unknown --tests -- --nocapture

step "done"
cat target/wasm/dist/size.txt target/tti.txt
count() { grep -o "test result: [a-zA-Z]*\. [0-9]* passed; [0-9]* failed" "$log" | awk -v f="$1" '{ n += $f } END { print n + 0 }'; }
echo "tests: $(count 4) passed, $(count 6) failed"
