#!/usr/bin/env bash
# The documented differential fuzzing campaign: CHUNKS runs of MODULES
# generated modules with consecutive seeds from BASE_SEED, then HOSTILE
# hostile inputs. Each run prints `N modules, M divergences` last; the
# script exits non-zero if any run found a divergence or crash.
#
#   scripts/fuzz-campaign.sh [CHUNKS=10] [BASE_SEED=20261125] [HOSTILE=100000] [MODULES=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
chunks=${1:-10}
base=${2:-20261125}
hostile=${3:-100000}
modules=${4:-10000}
cargo build --release -p wasmlite-fuzz
fuzz=${CARGO_TARGET_DIR:-target}/release/wasmlite-fuzz
status=0
for ((i = 0; i < chunks; i++)); do
    seed=$((base + i))
    "$fuzz" --modules "$modules" --seed "$seed" | tail -n 1 | sed "s/^/seed $seed: /" || status=1
done
"$fuzz" --hostile "$hostile" --seed "$base" | tail -n 1 || status=1
exit "$status"
