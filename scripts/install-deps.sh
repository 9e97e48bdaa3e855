#!/usr/bin/env bash
# Install the system packages wasmlite needs, and only those that are missing.
# Safe to run again and again: when everything is present it changes nothing.
#
# The list is derived from what the build links and what the tests call, not
# from what a given machine happens to lack:
#
#   llvm-19-dev libpolly-19-dev   LLVM 19 libraries and llvm-config (llvm-sys links
#                                 them; it also wants Polly's library to exist)
#   zlib1g-dev libzstd-dev        -lz -lzstd   } `llvm-config-19 --link-static
#   libxml2-dev libz3-dev         -lxml2 -lz3  }  --system-libs`, linked by llvm-sys
#   libffi-dev                    -lffi: llvm-sys links it for LLVM's interpreter
#   libstdc++-12-dev              -lstdc++: LLVM is C++ (g++'s runtime, linked by llvm-sys)
#   clang-19 lld-19               C to wasm32 for test and benchmark modules; wasm-ld
#   wasi-libc                     the C library those modules link (--target=wasm32-wasi)
#   wabt binaryen                 wasm2c, wat2wasm, wasm-opt: the wasm2c reference engine
#                                 in the fuzzer and benchmarks, module inspection
#   binutils                      objdump: codegen tests disassemble objects
#   gcc libc6-dev                 cc: links every Rust binary, builds the runtime's C helper
#   ca-certificates               HTTPS to the package registries Cargo uses
#
# After installing, every library `llvm-config-19 --system-libs` names is
# looked up, so a gap in this list fails here, by name, not at the first link.
set -euo pipefail

packages=(
    llvm-19-dev libpolly-19-dev
    zlib1g-dev libzstd-dev libxml2-dev libz3-dev libffi-dev libstdc++-12-dev
    clang-19 lld-19 wasi-libc wabt binaryen
    binutils gcc libc6-dev ca-certificates
)

if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo not found. wasmlite needs a Rust toolchain (stable, 1.82 or newer);" >&2
    echo "       install it with rustup (https://rustup.rs) and make sure cargo is on PATH." >&2
    exit 1
fi

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: this script installs Debian packages (Debian 12, or Ubuntu with LLVM 19 packages)." >&2
    echo "       On another system install by hand: LLVM 19 development libraries with llvm-config," >&2
    echo "       zlib, zstd, libxml2, z3, libffi and libstdc++ development files, clang 19 and lld 19" >&2
    echo "       with a wasm32-wasi C library, wabt and binaryen; set LLVM_SYS_191_PREFIX if" >&2
    echo "       llvm-config is not /usr/lib/llvm-19/bin/llvm-config." >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
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
fi

# Every system library LLVM's static libraries need must be findable by the linker.
llvm_config=${LLVM_SYS_191_PREFIX:-/usr/lib/llvm-19}/bin/llvm-config
unresolved=()
for flag in $("$llvm_config" --link-static --system-libs) -lffi -lstdc++; do
    case "$flag" in
        -l*) name=${flag#-l} ;;
        /*) [ -e "$flag" ] || unresolved+=("$flag"); continue ;;
        *) continue ;;
    esac
    found=$(cc -print-file-name="lib$name.so")
    [ "$found" != "lib$name.so" ] || found=$(cc -print-file-name="lib$name.a")
    [ "$found" != "lib$name.a" ] || unresolved+=("-l$name")
done
if [ "${#unresolved[@]}" -gt 0 ]; then
    echo "error: LLVM needs libraries the linker cannot find: ${unresolved[*]}" >&2
    echo "       (install their -dev packages; scripts/install-deps.sh lists the ones known so far)" >&2
    exit 1
fi
