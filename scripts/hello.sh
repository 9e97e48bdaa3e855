#!/usr/bin/env bash
# Install what is missing, then build and run the hello example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo run -p hello "$@"
