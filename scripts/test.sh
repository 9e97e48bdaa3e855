#!/usr/bin/env bash
# Install what is missing, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --workspace --no-fail-fast "$@"
