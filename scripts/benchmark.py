"""Measure generation: wall time, peak memory and per-phase seconds, per spec.

Usage::

    python scripts/benchmark.py                       # every configured target
    python scripts/benchmark.py path/to/spec.json ... # any specs, generated ad hoc
    python scripts/benchmark.py --repeat 3 --json     # best of three, as JSON
    python scripts/benchmark.py --synthetic 50,500,5000  # scaling on specs of N operations
    python scripts/benchmark.py --compare --repeat 3 SPEC  # beside openapi-generator, alternating

``--synthetic`` builds a deterministic spec of each size (``synthetic_spec.py``),
generates it, times ``specgen check`` on the unchanged result, and reports the
exponent of time against size between consecutive sizes (1.0 is linear).

``--compare`` runs each spec through specgen and through openapi-generator's
python generator (``pip install openapi-generator-cli``; it needs java),
alternating which goes first, and reports the medians of wall time, CPU time
and peak memory, and specgen's wall time as a ratio of the other's.

Each run happens in a child process (``python -m generator generate
--verbose``) so that its peak resident memory can be read on its own; output
goes to a temporary folder, never to ``generated/``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from generator.config import load_targets


def measure(command: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Run ``command``; its wall seconds, CPU seconds, peak MiB (with its children) and stderr."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    stderr = child.stderr.read()
    # wait4 gives this child's own usage, its waited-for children included
    # (openapi-generator-cli waits for its java process).
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)}: failed ({code}):\n{stderr[-4000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def run_once(args: list[str], cwd: Path) -> dict[str, object]:
    """One ``generate --verbose`` in a child process: its time, peak memory and report."""
    seconds, cpu, peak, stderr = measure([sys.executable, "-m", "generator", "generate", "--verbose", *args], cwd)
    phases = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+)s", stderr.split("phases:", 1)[-1])}
    counts = re.search(r"(\d+) operations, (\d+) models, (\d+) files", stderr)
    return {
        "operations": int(counts.group(1)) if counts else None,
        "models": int(counts.group(2)) if counts else None,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib": round(peak, 1),
        "phases": phases,
    }


def openapi_generator_command() -> list[str] | None:
    """How to run openapi-generator (the ``openapi-generator-cli`` package on PyPI), if installed."""
    found = shutil.which("openapi-generator-cli") or shutil.which(
        "openapi-generator-cli", path=str(Path(sys.executable).parent)
    )
    return [found] if found else None


def compare(specs: list[Path], repeat: int, as_json: bool) -> None:
    """Each spec through specgen and openapi-generator (python), alternating; medians and the ratio."""
    other = openapi_generator_command()
    if other is None:
        raise SystemExit("openapi-generator-cli is not installed: pip install openapi-generator-cli (needs java)")
    version = subprocess.run([*other, "version"], capture_output=True, text=True, check=False).stdout.strip()
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        for spec in specs:
            ours: list[tuple[float, float, float]] = []
            theirs: list[tuple[float, float, float]] = []
            for index in range(repeat):
                # Alternate which goes first, so neither always meets a warmer disk cache.
                order = ("specgen", "openapi-generator") if index % 2 == 0 else ("openapi-generator", "specgen")
                for tool in order:
                    out = scratch / f"{tool}-{spec.stem}-{index}"
                    if tool == "specgen":
                        command = [
                            sys.executable, "-m", "generator", "generate",
                            "--spec", str(spec.resolve()), "--out", str(out), "--package", "bench_client",
                        ]  # fmt: skip
                        ours.append(measure(command, scratch)[:3])
                    else:
                        command = [*other, "generate", "-i", str(spec.resolve()), "-g", "python", "-o", str(out)]
                        theirs.append(measure(command, scratch)[:3])
                    shutil.rmtree(out, ignore_errors=True)
            mine = [statistics.median(values) for values in zip(*ours, strict=True)]
            peer = [statistics.median(values) for values in zip(*theirs, strict=True)]
            rows.append(
                {
                    "spec": spec.name,
                    "runs": repeat,
                    "specgen": dict(zip(("seconds", "cpu_seconds", "peak_rss_mib"), mine, strict=True)),
                    "openapi_generator": dict(zip(("seconds", "cpu_seconds", "peak_rss_mib"), peer, strict=True)),
                    "openapi_generator_version": version,
                    "ratio": round(mine[0] / peer[0], 2),
                }
            )
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'spec':<32} {'tool':<26} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9}")
    for row in rows:
        for tool, label in (("specgen", "specgen"), ("openapi_generator", f"openapi-generator {version}")):
            r = row[tool]
            print(
                f"{row['spec']:<32} {label:<26} {r['seconds']:>7.2f} {r['cpu_seconds']:>7.2f} {r['peak_rss_mib']:>9.0f}"
            )
        print(f"{'':<32} {'ratio (wall, median of ' + str(row['runs']) + ')':<26} {row['ratio']:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "specs", nargs="*", type=Path, help="specs to generate ad hoc (default: the configured targets)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per spec; the fastest is reported")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--synthetic", help="comma-separated operation counts of synthetic specs to measure")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also run each spec through openapi-generator-cli, alternating, and report medians and the ratio",
    )
    args = parser.parse_args()
    if args.compare:
        if not args.specs:
            parser.error("--compare needs the specs to run")
        compare(args.specs, max(1, args.repeat), args.json)
        return
    if args.synthetic:
        scaling([int(n) for n in args.synthetic.split(",")], max(1, args.repeat), args.json)
        return

    results = []
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        if args.specs:
            jobs = [
                (
                    spec.name,
                    ["--spec", str(spec.resolve()), "--out", str(scratch / spec.stem), "--package", "bench_client"],
                )
                for spec in args.specs
            ]
        else:
            # Configured targets, with their own options, in a scratch copy of the project.
            shutil.copy2(ROOT / "pyproject.toml", scratch / "pyproject.toml")
            shutil.copytree(ROOT / "specs", scratch / "specs")
            jobs = [(t.spec.name, ["--target", t.name, "--relock"]) for t in load_targets(ROOT / "pyproject.toml")]
        for name, job in jobs:
            runs = [run_once(job, scratch) for _ in range(max(1, args.repeat))]
            best = min(runs, key=lambda r: float(str(r["seconds"])))
            results.append({"spec": name, **best})
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'spec':<40} {'ops':>5} {'models':>6} {'seconds':>8} {'peak MiB':>9}  phases")
    for r in results:
        phases = ", ".join(f"{k} {v:.2f}" for k, v in r["phases"].items())  # type: ignore[union-attr]
        print(
            f"{r['spec']!s:<40} {r['operations']!s:>5} {r['models']!s:>6} {r['seconds']:>8} {r['peak_rss_mib']:>9}  {phases}"
        )


def scaling(sizes: list[int], repeat: int, as_json: bool) -> None:
    """Generate a synthetic spec of each size; time it, its peak memory, and `check` on the result."""
    from synthetic_spec import synthetic_spec

    rows = []
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        for size in sizes:
            spec = scratch / f"synthetic_{size}.json"
            spec.write_text(json.dumps(synthetic_spec(size)), encoding="utf-8")
            (scratch / "pyproject.toml").write_text(
                f'[tool.specgen.targets.synthetic_{size}]\nspec = "{spec.name}"\nout = "out_{size}"\n'
                f'package = "synthetic_{size}"\n',
                encoding="utf-8",
            )
            runs = [run_once(["--target", f"synthetic_{size}", "--relock"], scratch) for _ in range(repeat)]
            best = min(runs, key=lambda r: float(str(r["seconds"])))
            checks = []
            for _ in range(repeat):
                started = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "generator", "check", "--target", f"synthetic_{size}"],
                    cwd=scratch,
                    capture_output=True,
                    check=False,
                )
                checks.append(time.perf_counter() - started)
                if done.returncode != 0:
                    raise SystemExit(f"check of synthetic_{size} failed:\n{done.stderr.decode()}")
            rows.append({"operations": size, **best, "check_seconds": round(min(checks), 2)})
    for before, after in itertools.pairwise(rows):
        ratio = float(after["seconds"]) / max(float(before["seconds"]), 1e-9)  # type: ignore[arg-type]
        after["exponent"] = round(math.log(ratio) / math.log(after["operations"] / before["operations"]), 2)  # type: ignore[operator]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'ops':>6} {'models':>6} {'seconds':>8} {'peak MiB':>9} {'check s':>8} {'exponent':>8}  phases")
    for r in rows:
        phases = ", ".join(f"{k} {v:.2f}" for k, v in r["phases"].items())  # type: ignore[union-attr]
        print(
            f"{r['operations']:>6} {r['models']!s:>6} {r['seconds']:>8} {r['peak_rss_mib']:>9} "
            f"{r['check_seconds']:>8} {r.get('exponent', ''):>8}  {phases}"
        )


if __name__ == "__main__":
    main()
