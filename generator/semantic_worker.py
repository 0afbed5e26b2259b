"""The semantic checks of a large spec in a worker process, beside the build.

openapi-spec-validator's semantic checks walk every schema in Python: 2.7 s on
a 3 MB spec, while the build and the model generator need the other core's
time anyway. The worker is a plain child interpreter (``python -m
generator.semantic_worker``) that reads the loaded spec as a pickle on stdin
and writes its findings as a pickle on stdout. Nothing of the caller's
program is re-run in it, unlike a ``multiprocessing`` spawn. When the worker
cannot start or fails, :func:`collect` returns None and the caller checks in
its own process: the findings never depend on where they were made.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from .diagnostics import Diagnostic
from .load import LoadedSpec

__all__ = ["collect", "start", "stop"]

#: The folder holding the ``generator`` package, for the child's imports.
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def start(spec: LoadedSpec) -> subprocess.Popen[bytes] | None:
    """A worker checking ``spec``; None when no interpreter can be started."""
    if not sys.executable:
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    try:
        worker = subprocess.Popen(
            [sys.executable, "-m", "generator.semantic_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        return None
    payload = pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL)
    # The pipe holds 64 KiB: the spec goes in from a thread, so the caller
    # is not held up while the child starts.
    threading.Thread(target=_feed, args=(worker, payload), daemon=True).start()
    return worker


def _feed(worker: subprocess.Popen[bytes], payload: bytes) -> None:
    assert worker.stdin is not None
    try:
        worker.stdin.write(payload)
        worker.stdin.close()
    except (OSError, ValueError):  # the worker died or was stopped; collect() sees it
        pass


def collect(worker: subprocess.Popen[bytes]) -> list[Diagnostic] | None:
    """The worker's findings, once it is done; None if it failed."""
    assert worker.stdout is not None
    output = worker.stdout.read()
    worker.stdout.close()
    if worker.wait() != 0:
        return None
    try:
        findings = pickle.loads(output)
    except Exception:  # noqa: BLE001 - a truncated or foreign answer: check in-process instead
        return None
    if not isinstance(findings, list) or not all(isinstance(d, Diagnostic) for d in findings):
        return None
    return findings


def stop(worker: subprocess.Popen[bytes]) -> None:
    """End a worker whose findings are no longer wanted."""
    worker.kill()
    worker.wait()
    if worker.stdout is not None:
        worker.stdout.close()


def _main() -> None:
    from .validate import semantic_findings

    spec = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(pickle.dumps(semantic_findings(spec), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _main()
