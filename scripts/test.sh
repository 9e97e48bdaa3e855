#!/usr/bin/env bash
# Install what is missing, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --workspace --no-fail-fast "$@"
# The user-path tests once more with the modules optimised (as in release builds).
WASMLITE_OPT_LEVEL=2 cargo test -p wasmlite-integration-tests --tests --no-fail-fast "$@"
