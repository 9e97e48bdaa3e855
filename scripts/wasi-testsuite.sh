#!/usr/bin/env bash
# Runs every preview-1 program of the official WASI test suite through
# wasmlite (compiled with wasmlite-codegen, linked with wasmlite-wasi) and
# prints one line per test, then `N passed, M failed, K skipped` last.
# Exits non-zero if any test failed.
#
#   scripts/wasi-testsuite.sh [SUITE_DIR=../shared/wasi-testsuite] [FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-../shared/wasi-testsuite}
cargo build --release --quiet -p wasmlite-wasi-suite
exec "${CARGO_TARGET_DIR:-target}/release/wasmlite-wasi-suite" "$suite" "${2:-}"
