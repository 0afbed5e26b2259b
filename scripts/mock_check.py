"""Drive every method of a generated client against Prism, a mock server that validates requests.

Usage::

    python scripts/mock_check.py SPEC                        # generate a client, run each method once
    python scripts/mock_check.py SPEC --json out.json        # every result, for comparison
    python scripts/mock_check.py SPEC --out DIR --package P  # a package already generated from SPEC
    python scripts/mock_check.py SPEC --spec-examples        # Prism answers with the spec's examples

Prism (``@stoplight/prism-cli`` 5, on npm) is installed once with ``npm install --prefix``
into ``--prism-dir`` (default ``~/.cache/specgen-prism``), outside the repository, and runs
as ``prism mock --errors`` on a free port of 127.0.0.1 for the whole run, then is stopped.
It checks each request against the spec (path, query, headers, body, credentials) and
answers with a body made from the response schema (``--spec-examples``: the spec's
examples; ``--dynamic``: random ones), itself checked against the schema.

Each method is called with the arguments the generated tests use (``view.example_args``),
with a token and an API key configured, no retries and a timeout. A call that returns is a
pass; a failure is grouped by class: the exception and its first line with particulars
blanked, or, for Prism's answers, its problem ``title`` and which part of the request
it found invalid. Failures that are Prism's or the spec's own (no response defined, the
spec's response not valid against its schema, Prism crashing) are counted apart, as
"spec not self-consistent": they say nothing about the client.

This is a tool for people, not a test: it needs Node and npm, and is never run by pytest.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRISM_PACKAGE = "@stoplight/prism-cli@5"
DEFAULT_PRISM_DIR = Path.home() / ".cache" / "specgen-prism"
PACKAGE = "mock_client"
#: Prism problem types that say the spec cannot answer the request, not that the request is wrong.
SPEC_PROBLEMS = (
    "NO_RESPONSE_DEFINED",
    "NO_SUCCESS_RESPONSE_DEFINED",
    "NOT_IMPLEMENTED",
    "UNKNOWN",
    "NO_COMPLEX_OBJECT",
)
SELF_INCONSISTENT = "spec not self-consistent"


@dataclass
class Result:
    resource: str
    method: str
    operation_id: str
    http: str
    outcome: str  # "pass", "fail" or "spec"
    failure_class: str = ""
    message: str = ""
    status: int | None = None
    problem: Any = None
    sent: list[str] = field(default_factory=list)
    request_body: str = ""
    seconds: float = 0.0


# ----------------------------------------------------------------- Prism


def prism_binary(prism_dir: Path) -> Path:
    """The prism executable in ``prism_dir``, installed there with npm when missing."""
    binary = prism_dir / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("mock_check: npm not found; Prism is installed with npm (Node 18 or newer)")
        prism_dir.mkdir(parents=True, exist_ok=True)
        print(f"installing {PRISM_PACKAGE} into {prism_dir}", file=sys.stderr)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prism_dir), PRISM_PACKAGE],
            check=True,
            timeout=600,
        )
    return binary


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def prism_server(binary: Path, spec: Path, args: argparse.Namespace, log_path: Path) -> Any:
    """Run ``prism mock`` on 127.0.0.1 for the block; yield its base URL. Stopped by process group."""
    port = args.port or free_port()
    command = [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)]
    if not args.no_errors:
        command.append("--errors")
    if args.dynamic:
        command += ["--dynamic", "--seed", "1"]
    elif not args.spec_examples:
        command.append("--ignoreExamples")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + args.startup_timeout
        while True:
            if process.poll() is not None:
                tail = log_path.read_text(errors="replace")[-3000:]
                sys.exit(f"mock_check: prism exited with {process.returncode} before listening:\n{tail}")
            if "Prism is listening" in log_path.read_text(errors="replace"):
                break
            if time.monotonic() > deadline:
                sys.exit(f"mock_check: prism did not listen within {args.startup_timeout}s (log: {log_path})")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue


class Recorder(httpx.HTTPTransport):
    """A transport that keeps what each call sent and what Prism said about it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent: list[str] = []
        self.violations: list[Any] = []
        self.body = b""
        self.request_body = ""

    def reset(self) -> None:
        self.sent = []
        self.violations = []
        self.body = b""
        self.request_body = ""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        try:
            raw = b"".join(response.stream)  # type: ignore[union-attr]
        finally:
            response.close()
        self.body = raw
        if not self.request_body:
            with contextlib.suppress(httpx.RequestNotRead):  # a multipart body streams
                self.request_body = request.content[:4000].decode("utf-8", "replace")
        self.sent.append(
            f"{request.method} {request.url.raw_path.decode('ascii', 'replace')} -> {response.status_code}"
        )
        header = response.headers.get("sl-violations")
        if header:
            with contextlib.suppress(ValueError):
                self.violations.extend(json.loads(header))
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "transfer-encoding"]
        return httpx.Response(
            response.status_code, headers=headers, content=raw, extensions=response.extensions, request=request
        )


# ----------------------------------------------------------------- classes


def blank(text: str) -> str:
    """A message with its particulars blanked, so alike failures group together."""
    # A format's name says what kind of value was wrong: kept.
    text = re.sub(r"(?<!format )('[^']*'|\"[^\"]*\"|`[^`]*`)", "'…'", text)
    text = re.sub(r"\b(property|parameter|header) [\w.\[\]-]+", r"\1 …", text)
    text = re.sub(r"(allowed values:).*", r"\1 …", text)
    text = re.sub(r"\b\d+(\.\d+)?\b", "N", text)
    text = re.sub(r"(/[\w.\-{}~%]+)+", "/…", text)
    text = re.sub(r"\bhttps?:\S+", "URL", text)
    return text.strip()[:200]


def problem_type(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("type"), str):
        return body["type"].rpartition("#")[2]
    return ""


def violation_text(violation: Any) -> str:
    """One Prism violation as ``part code: message``, blanked: ``query type: ... must be integer``."""
    if not isinstance(violation, dict):
        return blank(str(violation))
    location = [str(part) for part in violation.get("location") or []]
    part = location[1] if location[:1] == ["request"] and len(location) > 1 else ":".join(location[:2])
    if location[:1] not in (["request"], ["response"]):
        part = location[0] if location else "?"
    return f"{part} {violation.get('code', '')}: {blank(str(violation.get('message', '')))}".strip()


def split_violations(violations: Any) -> tuple[list[Any], list[Any]]:
    """Prism's violations as (the request's, the response's)."""
    request: list[Any] = []
    response: list[Any] = []
    for violation in violations if isinstance(violations, list) else []:
        location = violation.get("location") if isinstance(violation, dict) else None
        (response if (location or [""])[0] == "response" else request).append(violation)
    return request, response


def classify_api_exception(error: Any, recorder: Recorder) -> tuple[str, str, Any]:
    """(outcome, class, problem) for an ApiException raised on one of Prism's answers."""
    body = error.body
    kind = problem_type(body)
    title = body.get("title", "") if isinstance(body, dict) else ""
    problem = body if isinstance(body, (dict, list)) else str(body)[:500]
    if kind in SPEC_PROBLEMS:
        return "spec", f"{SELF_INCONSISTENT}: {error.status} {kind}: {blank(title)}", problem
    violations = body.get("validation") if isinstance(body, dict) else None
    request, response = split_violations(violations or recorder.violations)
    if request:
        # Prism's own problem, or the spec's error response with the violations in a header.
        # The class leaves out the status: 422 or whichever 4xx the spec defines says the same.
        if not kind:
            problem = {"response": problem, "violations": request}
        return "fail", f"request invalid: {violation_text(request[0])}", problem
    if response:
        # Only the response is wrong: the spec's own answer does not fit its schema.
        return "spec", f"{SELF_INCONSISTENT}: response violates schema: {violation_text(response[0])}", problem
    if kind:
        return "fail", f"{error.status} {kind}: {blank(title)}", problem
    if error.status >= 500:
        return "spec", f"{SELF_INCONSISTENT}: {error.status} from Prism: {blank(str(body))[:120]}", problem
    return "fail", f"{error.status} {error.reason}: {blank(str(body))[:120]}", problem


def classify(error: BaseException, api_exception: type, recorder: Recorder) -> tuple[str, str, Any]:
    if isinstance(error, api_exception):
        return classify_api_exception(error, recorder)
    first = (str(error).strip().splitlines() or [""])[0]
    name = type(error).__name__
    if not recorder.sent:
        return "fail", f"raised before sending: {name}: {blank(first)}", None
    _, response = split_violations(recorder.violations)
    if response:
        # Without --errors Prism sends a response that breaks the schema and says so in a header.
        return "spec", f"{SELF_INCONSISTENT}: response violates schema ({name})", response[:5]
    # Prism found the response valid (with --errors it would have said 500): the client refused it.
    body = recorder.body.decode("utf-8", "replace")
    return "fail", f"{name}: {blank(first)}", {"response_body": body[:2000]}


JSON_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}


def resolve(document: Any, schema: Any) -> Any:
    """A schema with its local ``$ref`` followed (a few hops at most)."""
    for _ in range(20):
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            return schema
        target: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        schema = target
    return schema


def sub_schema(document: Any, schema: Any, path: list[str]) -> Any:
    """The schema a value at ``path`` (property names and item indexes) is checked against."""
    schema = resolve(document, schema)
    if not path:
        return schema
    if not isinstance(schema, dict):
        return None
    head, rest = path[0], path[1:]
    if head.isdigit() and "items" in schema:
        return sub_schema(document, schema["items"], rest)
    if head in (schema.get("properties") or {}):
        return sub_schema(document, schema["properties"][head], rest)
    for member in schema.get("allOf") or ():
        found = sub_schema(document, member, path)
        if found is not None:
            return found
    return None


def enum_fits_no_value(schema: Any) -> bool:
    """``{"type": "string", "enum": [1, 3]}``: no value is both of the type and in the enum."""
    if not isinstance(schema, dict) or not schema.get("enum") or schema.get("type") not in JSON_TYPES:
        return False
    expected = JSON_TYPES[schema["type"]]
    return not any(
        isinstance(value, expected) and (expected is bool or not isinstance(value, bool)) for value in schema["enum"]
    )


def open_object(document: Any, schema: Any) -> bool:
    """An object schema every object with none of its properties wrongly typed matches: ``{}`` among them."""
    schema = resolve(document, schema)
    if not isinstance(schema, dict) or schema.get("type", "object") != "object":
        return False
    if schema.get("required") or schema.get("additionalProperties") is False:
        return False
    return not any(key in schema for key in ("oneOf", "anyOf", "not", "minProperties", "enum"))


def unsatisfiable(op: Any, document: Any, problem: Any) -> bool:
    """Whether every violation Prism found is one no request could avoid: the spec's, not the client's.

    A parameter or body property whose enum holds no value of its type, or a body ``oneOf``
    whose options are two or more objects that all accept the same values (one can never be
    matched exactly).
    """
    violations = (problem.get("violations") or problem.get("validation")) if isinstance(problem, dict) else None
    if not violations:
        return False
    raw = document.get("paths", {}).get(op.path, {}).get(op.method.lower(), {})
    content = (resolve(document, raw.get("requestBody")) or {}).get("content") or {}
    body_schema = next((media.get("schema") for media in content.values() if isinstance(media, dict)), None)
    for violation in violations:
        if not isinstance(violation, dict):
            return False
        location = [str(part) for part in violation.get("location") or []]
        if location[:1] == ["request"]:
            location = location[1:]
        code = violation.get("code")
        if location[:1] == ["body"]:
            target = sub_schema(document, body_schema, location[1:])
            if code in ("enum", "type") and enum_fits_no_value(target):
                continue
            options = (target or {}).get("oneOf") if isinstance(target, dict) else None
            if code == "oneOf" and options and sum(open_object(document, option) for option in options) >= 2:
                continue
            return False
        if code != "enum" or len(location) != 2:
            return False
        parameters = [resolve(document, p) for p in raw.get("parameters", []) + (op_path_params(document, op))]
        param = next(
            (
                p
                for p in parameters
                if isinstance(p, dict)
                and p.get("in") == location[0]
                and str(p.get("name")).lower() == location[1].lower()
            ),
            None,
        )
        if param is None or not enum_fits_no_value(resolve(document, param.get("schema", param))):
            return False
    return True


def op_path_params(document: Any, op: Any) -> list[Any]:
    """The parameters the path item itself declares, for every operation under it."""
    return list(document.get("paths", {}).get(op.path, {}).get("parameters", []))


# ----------------------------------------------------------------- run


def generate(spec: Path, out: Path, package: str) -> None:
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out)]
    done = subprocess.run(
        command + ["--package", package], check=False, cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        sys.exit(f"mock_check: generate failed ({done.returncode}):\n{done.stderr[-3000:]}")


def capture(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return args, kwargs


def run(spec: Path, out: Path, package_name: str, base_url: str, args: argparse.Namespace) -> list[Result]:
    from generator.build import build_api
    from generator.config import Options
    from generator.examples import Examples
    from generator.load import load_spec
    from generator.models import model_literals
    from generator.views import expectation

    sys.path.insert(0, str(out))
    package = importlib.import_module(package_name)
    models = importlib.import_module(f"{package_name}.models")
    loaded = load_spec(spec)
    api, _ = build_api(loaded, Options())
    examples = Examples(api.schemas, model_literals(Path(models.__file__).read_text(encoding="utf-8")))
    namespace = {"datetime": datetime, "date": date, "models": models, "f": capture}
    recorder = Recorder()
    configuration = package.Configuration(
        base_url,
        access_token="test-token",
        api_key="test-key",
        username="test-user",
        password="test-password",
        retries=0,
        timeout=args.timeout,
        deadline=args.timeout,
    )
    only = re.compile(args.only) if args.only else None
    results: list[Result] = []
    with package.ApiClient(configuration, transport=recorder) as client:
        for resource in api.resources:
            instance = getattr(package, resource.class_name)(client)
            for op in resource.operations:
                name = f"{resource.class_name}.{op.py_name}"
                if only and not only.search(name) and not only.search(op.operation_id):
                    continue
                result = Result(resource.class_name, op.py_name, op.operation_id, f"{op.method} {op.path}", "pass")
                recorder.reset()
                started = time.monotonic()
                try:
                    view = expectation(op, examples, api.security_schemes)
                    call_args, call_kwargs = eval(f"f({', '.join(view.example_args)})", namespace)
                except Exception as error:  # noqa: BLE001
                    result.outcome, result.failure_class = "fail", f"no example arguments: {type(error).__name__}"
                    result.message = str(error)[:500]
                    results.append(result)
                    continue
                try:
                    getattr(instance, op.py_name)(*call_args, **call_kwargs)
                except Exception as error:  # noqa: BLE001
                    result.outcome, result.failure_class, result.problem = classify(
                        error, package.ApiException, recorder
                    )
                    result.status = getattr(error, "status", None)
                    result.message = "".join(traceback.format_exception_only(type(error), error)).strip()[:1000]
                result.sent = list(recorder.sent)
                result.request_body = recorder.request_body
                if result.outcome == "fail" and unsatisfiable(op, loaded.document, result.problem):
                    result.outcome = "spec"
                    result.failure_class = (
                        f"{SELF_INCONSISTENT}: no valid request: " + result.failure_class.split(": ", 1)[-1]
                    )
                result.seconds = round(time.monotonic() - started, 3)
                results.append(result)
                if args.verbose:
                    print(f"{result.outcome:4} {name}: {result.failure_class}", file=sys.stderr)
    return results


def summary(results: list[Result]) -> str:
    passed = sum(r.outcome == "pass" for r in results)
    spec = [r for r in results if r.outcome == "spec"]
    failed = [r for r in results if r.outcome == "fail"]
    consistent = len(results) - len(spec)
    lines = [
        f"operations: {len(results)}",
        f"passed:     {passed}",
        f"failed:     {len(failed)}",
        f"{SELF_INCONSISTENT}: {len(spec)}",
        f"passed of the self-consistent: {passed}/{consistent}"
        + (f" ({100 * passed / consistent:.1f}%)" if consistent else ""),
    ]
    for title, group in (("client failures", failed), (SELF_INCONSISTENT, spec)):
        if not group:
            continue
        lines += ["", f"{title}, by class:", f"{'count':>5}  class  [example operation]"]
        classes: dict[str, list[Result]] = collections.defaultdict(list)
        for result in group:
            classes[result.failure_class].append(result)
        for name, members in sorted(classes.items(), key=lambda item: (-len(item[1]), item[0])):
            example = members[0]
            lines.append(f"{len(members):>5}  {name}  [{example.resource}.{example.method}: {example.http}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="the OpenAPI spec (JSON or YAML)")
    parser.add_argument("--out", type=Path, help="a package generated from SPEC (default: generate into a temp dir)")
    parser.add_argument("--package", default=PACKAGE, help=f"the package's name (default {PACKAGE})")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--prism-dir", type=Path, default=DEFAULT_PRISM_DIR, help="where Prism is (installed)")
    parser.add_argument("--port", type=int, default=0, help="Prism's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call (default 10)")
    parser.add_argument("--startup-timeout", type=float, default=180.0, help="seconds for Prism to start")
    parser.add_argument("--spec-examples", action="store_true", help="Prism answers with the spec's examples")
    parser.add_argument("--dynamic", action="store_true", help="Prism answers with random bodies (seeded)")
    parser.add_argument("--no-errors", action="store_true", help="without --errors: response violations only warn")
    parser.add_argument("--only", help="a regex: only the methods (Class.method or operationId) it matches")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each operation's outcome")
    args = parser.parse_args(argv)

    spec = args.spec.resolve()
    binary = prism_binary(args.prism_dir.expanduser())
    with tempfile.TemporaryDirectory(prefix="mock_check_") as work:
        out = args.out.resolve() if args.out else Path(work) / "client"
        if not args.out:
            print(f"generating {spec.name} ...", file=sys.stderr)
            generate(spec, out, args.package)
        log_path = Path(work) / "prism.log"
        print("starting prism ...", file=sys.stderr)
        started = time.monotonic()
        with prism_server(binary, spec, args, log_path) as base_url:
            print(f"prism on {base_url} after {time.monotonic() - started:.1f}s", file=sys.stderr)
            results = run(spec, out, args.package, base_url, args)
    print(summary(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
