"""Coverage-guided fuzzing (atheris / libFuzzer) of the contacts-file readers.

    .venv/bin/python proof/fuzz_import.py [--seconds 300] [--targets vcard,csv,auto]

For each target a child runs libFuzzer over `parse_file(data, format=...)` for --seconds,
starting from the files in tests/fixtures/imports/. An input passes when it ends in
records or in the importer's own clear ImportFileError; a crash is any other exception,
an ImportFileError that only wraps a parser bug ("could not be read (KeyError)"), or an
input running over 1 s (libFuzzer -timeout=1). Crashing inputs are kept under
proof/fuzz-findings/. Exits 1 on any crash.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "imports"
FINDINGS = Path(__file__).resolve().parent / "fuzz-findings"
FORMATS = {"vcard": "vcard", "csv": "csv", "auto": "auto"}
SLOW_S = 1.0


def child(fmt: str, slowest_file: str) -> None:
    """Runs inside the child: atheris takes over and exits when libFuzzer is done."""
    import atheris

    sys.path.insert(0, str(ROOT))
    with atheris.instrument_imports():
        from goodwill.exchange.services.imports import parse as parse_module
        from goodwill.exchange.services.imports.records import ImportFileError
    slowest = [0.0]

    def target(data: bytes) -> None:
        started = time.perf_counter()
        try:
            parse_module.parse_file(data, filename="fuzz", format=fmt)
        except ImportFileError as exc:
            if exc.__cause__ is not None:  # a parser bug wrapped as a clear message
                raise RuntimeError(f"wrapped parser bug: {exc}") from exc
        elapsed = time.perf_counter() - started
        if elapsed > slowest[0]:
            slowest[0] = elapsed
            Path(slowest_file).write_text(f"{elapsed:.6f} {len(data)}")

    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


def run_target(name: str, seconds: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for seed in SEEDS.iterdir():
        shutil.copy(seed, corpus / seed.name)
    slowest_file = work / "slowest"
    cmd = [
        sys.executable,
        __file__,
        "--child",
        FORMATS[name],
        str(slowest_file),
        str(corpus),
        f"-max_total_time={seconds}",
        f"-timeout={int(SLOW_S)}",
        "-rss_limit_mb=2048",
        "-max_len=65536",
        f"-artifact_prefix={work}/",
        "-print_final_stats=1",
    ]
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - this script, our own interpreter
        cmd, capture_output=True, text=True, timeout=seconds + 120, cwd=ROOT
    )
    elapsed = time.monotonic() - started
    log = done.stderr
    runs = re.findall(r"Done (\d+) runs", log) or re.findall(
        r"stat::number_of_executed_units: (\d+)", log
    )
    cov = re.findall(r"cov: (\d+)", log)
    crashes = sorted(p for p in work.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    if crashes:
        FINDINGS.mkdir(exist_ok=True)
        for p in crashes:
            shutil.copy(p, FINDINGS / f"{name}-{p.name}")
    slowest = slowest_file.read_text().split() if slowest_file.exists() else ["0", "0"]
    reason = ""
    if done.returncode != 0:
        found = re.findall(r"(==\d+== ERROR: libFuzzer: [^\n]+|\w+Error: [^\n]+)", log)
        reason = found[-1] if found else f"exit {done.returncode}"
    return {
        "target": name,
        "runs": int(runs[-1]) if runs else 0,
        "cov": int(cov[-1]) if cov else 0,
        "seconds": elapsed,
        "corpus": len(list(corpus.iterdir())),
        "slowest": float(slowest[0]),
        "slowest_len": int(slowest[1]),
        "crashes": len(crashes) or int(done.returncode != 0),
        "reason": reason,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=300, help="per target")
    parser.add_argument("--targets", default="vcard,csv", help="vcard, csv, auto")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    rows = [run_target(t, args.seconds) for t in args.targets.split(",")]
    print(f"## atheris fuzzing of the import readers ({args.seconds} s per target)")
    print("| target | inputs run | coverage | corpus | slowest input | crashes | |")
    print("|---|---:|---:|---:|---:|---:|---|")
    failed = False
    for r in rows:
        ok = r["crashes"] == 0 and r["slowest"] < SLOW_S
        failed |= not ok
        print(
            f"| {r['target']} | {r['runs']:,} | {r['cov']} | {r['corpus']} | "
            f"{r['slowest'] * 1000:.0f} ms ({r['slowest_len']:,} bytes) | {r['crashes']} | "
            f"{'PASS' if ok else 'FAIL'} |"
        )
        if r["reason"]:
            print(f"  {r['target']}: {r['reason']} (inputs in proof/fuzz-findings/)")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        fmt, slowest_file = sys.argv[2], sys.argv[3]
        sys.argv = [sys.argv[0], *sys.argv[4:]]
        child(fmt, slowest_file)
    else:
        sys.exit(main())
