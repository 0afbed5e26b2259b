"""One function of the pipeline run in a child interpreter, beside the caller.

Two phases of a large spec use it (see :data:`LARGE_SPEC_BYTES` and
:data:`MODELS_WORKER_BYTES`):

- ``semantic``: openapi-spec-validator's semantic checks walk every schema in
  Python (1.3 s on a 3 MB spec, 17 s on a 20 MB one) while the build and the
  model generator need the other core's time anyway.
- ``models``: datamodel-code-generator keeps about 40 KB per class until it
  is done (400 MB for 11,000 classes) and Python does not hand that memory
  back: in a child it is freed when the child ends, and its import happens
  while the caller loads and builds.

The worker is a plain child interpreter (``python -m generator.worker TASK``),
started early so that its imports overlap the caller's work. It reads its
arguments as a pickle on stdin and writes the function's result as a pickle
on stdout. Nothing of the caller's program is re-run in it, unlike a
``multiprocessing`` spawn. When the worker cannot start or fails,
:meth:`Worker.result` returns :data:`FAILED` and the caller runs the function
itself: a result never depends on where it was made.
"""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

__all__ = ["FAILED", "LARGE_SPEC_BYTES", "MODELS_WORKER_BYTES", "TASKS", "Worker"]

#: Specs at least this large (the spec file) have their semantic checks made in a
#: worker: below it, starting an interpreter costs about what it saves.
LARGE_SPEC_BYTES = 256 * 1024
#: Specs at least this large have their models made in a worker: its memory is freed
#: when it ends, and it is faster too (its garbage collector walks only the model
#: generator's objects, not the spec's and the IR's: 26 s -> 17 s for 11,000 models).
#: Below it, the two ways take the same time.
MODELS_WORKER_BYTES = 1024 * 1024

#: Task name -> "module:function" it runs.
TASKS = {
    "semantic": "generator.validate:semantic_findings",
    "models": "generator.models:models_in_worker",
}

#: What :meth:`Worker.result` returns when the worker gave no answer.
FAILED: Any = object()

#: The folder holding the ``generator`` package, for the child's imports.
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class Worker:
    """A child interpreter running one :data:`TASKS` function on the arguments it is sent."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._payload: bytes | None = None

    @classmethod
    def start(cls, task: str) -> Worker | None:
        """A worker for ``task``, importing what it needs; None when no interpreter can be started."""
        if not sys.executable:
            return None
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "generator.worker", task],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            return None
        return cls(process)

    def send(self, *args: Any) -> None:
        """Give the worker its arguments; it starts on them as soon as its imports are done."""
        # Kept, compact, until the result is in: the caller may drop the
        # arguments themselves, and gets them back from arguments() if the
        # worker fails.
        self._payload = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
        # The pipe holds 64 KiB: the arguments go in from a thread, so the
        # caller is not held up while the child is still importing.
        threading.Thread(target=self._feed, args=(self._payload,), daemon=True).start()

    def arguments(self) -> tuple[Any, ...]:
        """The arguments sent, as new objects: for the caller to run the function itself."""
        assert self._payload is not None, "send() the arguments first"
        return tuple(pickle.loads(self._payload))

    def _feed(self, payload: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(payload)
            stdin.close()
        except (OSError, ValueError):  # the worker died or was stopped; result() sees it
            pass

    def result(self) -> Any:
        """The function's result, once the worker is done; :data:`FAILED` if it gave none."""
        assert self._payload is not None, "send() the arguments first"
        stdout = self._process.stdout
        assert stdout is not None
        output = stdout.read()
        stdout.close()
        if self._process.wait() != 0:
            return FAILED
        try:
            answer = pickle.loads(output)
        except Exception:  # noqa: BLE001 - a truncated or foreign answer: the caller runs the function
            return FAILED
        self._payload = b""  # no longer needed: arguments() is for failures
        return answer

    def stop(self) -> None:
        """End a worker whose result is no longer wanted."""
        self._process.kill()
        self._process.wait()
        for stream in (self._process.stdout, self._process.stdin if self._payload is None else None):
            if stream is not None:
                stream.close()

    @property
    def running(self) -> bool:
        return self._process.poll() is None


def _main() -> None:
    module, _, function = TASKS[sys.argv[1]].partition(":")
    run = getattr(importlib.import_module(module), function)
    args = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(pickle.dumps(run(*args), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _main()
