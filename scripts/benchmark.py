"""Measure generation: wall time, peak memory and per-phase seconds, per spec.

Usage::

    python scripts/benchmark.py                       # every configured target
    python scripts/benchmark.py path/to/spec.json ... # any specs, generated ad hoc
    python scripts/benchmark.py --repeat 3 --json     # best of three, as JSON
    python scripts/benchmark.py --synthetic 50,500,5000  # scaling on specs of N operations

``--synthetic`` builds a deterministic spec of each size (``synthetic_spec.py``),
generates it, times ``specgen check`` on the unchanged result, and reports the
exponent of time against size between consecutive sizes (1.0 is linear).

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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from generator.config import load_targets


def run_once(args: list[str], cwd: Path) -> dict[str, object]:
    """One ``generate --verbose`` in a child process: its time, peak memory and report."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "--verbose", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: generation failed ({child.returncode}):\n{stderr}")
    phases = {name: float(value) for name, value in re.findall(r"(\w+) ([\d.]+)s", stderr.split("phases:", 1)[-1])}
    counts = re.search(r"(\d+) operations, (\d+) models, (\d+) files", stderr)
    return {
        "operations": int(counts.group(1)) if counts else None,
        "models": int(counts.group(2)) if counts else None,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "phases": phases,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "specs", nargs="*", type=Path, help="specs to generate ad hoc (default: the configured targets)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per spec; the fastest is reported")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--synthetic", help="comma-separated operation counts of synthetic specs to measure")
    args = parser.parse_args()
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
