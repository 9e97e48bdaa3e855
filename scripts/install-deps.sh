#!/usr/bin/env bash
# Install the system packages wasmlite needs, and only those that are missing.
# Safe to run again and again: when everything is present it changes nothing.
#
#   llvm-19-dev libpolly-19-dev libzstd-dev  LLVM 19 for the compiler (llvm-sys links it)
#   clang-19 lld-19                          C compiler and linker used by tests and tools
#   wasi-libc wabt binaryen                  building and inspecting test modules
set -euo pipefail

packages=(llvm-19-dev libpolly-19-dev libzstd-dev clang-19 lld-19 wasi-libc wabt binaryen)

if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo not found. wasmlite needs a Rust toolchain (stable, 1.80 or newer);" >&2
    echo "       install it with rustup (https://rustup.rs) and make sure cargo is on PATH." >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "error: missing packages: ${missing[*]}" >&2
    echo "       run this script as root, or install sudo, or install them yourself:" >&2
    echo "       apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "installing: ${missing[*]}" >&2
# A source that cannot be reached only warns; the install below is what must work.
"${as_root[@]}" apt-get update -qq || echo "warning: apt-get update reported errors; trying the install anyway" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
