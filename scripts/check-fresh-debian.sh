#!/usr/bin/env bash
# Checks the README's promise on a fresh, minimal Debian 12: builds a
# `debootstrap --variant=minbase bookworm` root, installs in it only what a
# new user has (ca-certificates git gcc libc6-dev, and this machine's Rust
# toolchain copied in, since rustup cannot download here), clones this
# checkout's HEAD into it and runs the README's two commands there. Prints
# how long each step took and exits non-zero if either command failed.
#
# Needs root and the network to Debian's and Cargo's package registries; takes
# a while (LLVM is installed and the whole workspace built from nothing), so
# it is not part of the default test run. Run it after any change to
# scripts/install-deps.sh.
#
#   sudo scripts/check-fresh-debian.sh [ROOT_DIR=/var/tmp/wasmlite-fresh-debian] [MIRROR]
#
# Logs: ROOT_DIR.hello.log and ROOT_DIR.test.log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-/var/tmp/wasmlite-fresh-debian}
mirror=${2:-http://deb.debian.org/debian}
shared="$repo/../shared"

if [ "$(id -u)" -ne 0 ]; then
    echo "error: run as root (debootstrap and chroot need it)" >&2
    exit 1
fi
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
cargo_home=${CARGO_HOME:-$HOME/.cargo}
if [ ! -d "$rustup_home/toolchains" ] || [ ! -x "$cargo_home/bin/cargo" ]; then
    echo "error: no rustup toolchain at $rustup_home and $cargo_home to copy into the root" >&2
    exit 1
fi

step() { # step NAME COMMAND...: runs COMMAND, prints how long it took
    local name=$1 start status
    shift
    start=$(date +%s)
    status=0
    "$@" || status=$?
    printf '%-32s %5d s  exit %d\n' "$name" $(($(date +%s) - start)) "$status" | tee -a "$root.summary"
    return "$status"
}

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { # bind SOURCE TARGET [OPTIONS]
    mkdir -p "$2"
    mount --bind "$1" "$2"
    mounted+=("$2")
    [ -z "${3:-}" ] || mount -o "remount,bind,$3" "$2"
}

in_root() { chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "$1"; }

if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
fi

rm -rf "$root" "$root.summary" "$root.hello.log" "$root.test.log"
step "debootstrap minbase bookworm" debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1

# The same package sources as this machine, its extra CA certificates (a
# TLS-inspecting proxy would make every download fail otherwise), its DNS.
if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
    rm -f "$root/etc/apt/sources.list" # debootstrap's, now a duplicate
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/usr/local/share/ca-certificates"
cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/" 2>/dev/null || true

mount -t proc proc "$root/proc" && mounted+=("$root/proc")
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm" && mounted+=("$root/dev/shm")
mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys")

step "apt: the user's four packages" in_root 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates git gcc libc6-dev >/dev/null && update-ca-certificates >/dev/null'

# The Rust toolchain, as rustup would have left it (without its caches).
mkdir -p "$root/root/.cargo"
cp -a "$rustup_home" "$root/root/.rustup"
cp -a "$cargo_home/bin" "$root/root/.cargo/bin"
[ ! -f "$cargo_home/env" ] || cp "$cargo_home/env" "$root/root/.cargo/env"

# A clean clone of this checkout's HEAD, with the shared test data beside it
# as CI has it (read-only).
git clone -q "$repo" "$root/root/wasmlite"
if [ -d "$shared" ]; then bind "$shared" "$root/root/shared" ro; fi

status=0
step "scripts/hello.sh" in_root 'cd /root/wasmlite && scripts/hello.sh' >"$root.hello.log" 2>&1 || status=1
step "scripts/test.sh" in_root 'cd /root/wasmlite && scripts/test.sh' >"$root.test.log" 2>&1 || status=1
echo "test summary:"
grep -E '^test result:' "$root.test.log" | awk '{p += $4; f += $6} END {printf "  %d passed, %d failed (cargo test totals)\n", p, f}'
if [ "$status" -ne 0 ]; then
    echo "FAILED; the last lines of each log:" >&2
    tail -n 20 "$root.hello.log" "$root.test.log" >&2
fi
exit "$status"
