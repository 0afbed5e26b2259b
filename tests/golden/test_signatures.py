"""The generated ``UsersApi`` methods keep the documented call signatures.

The contract is ``tests/golden/signatures/<target>.txt``: the signature lines of
the published client docs, transcribed by hand (never produced by specgen). A
line ``f(a, b, c=c)`` means ``a`` and ``b`` are required and positional, in that
order, and ``c`` is optional (keyword-only allowed; its default is the package's
``NOT_GIVEN``, which leaves it out of the request, as the docs' omitted argument
does), after them and in that order. Parameters starting with ``_`` (per-call options such as
``_request_timeout``) are specgen's own and not part of the contract.

The packages are imported from the committed ``generated/`` tree, so nothing
needs to be installed.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

import pytest

from generator.config import Target, load_targets

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent / "signatures"

#: Documented method counts per target: a truncated golden file must not pass.
EXPECTED_COUNTS = {"zoom_users": 24, "zoom_phone_users": 18, "genesys_users": 91}

_LINE = re.compile(r"^([A-Za-z_]\w*)\((.*)\)$")
_NAME = re.compile(r"^[A-Za-z_]\w*$")

Param = tuple[str, bool]  # (name, required)


def parse_golden(path: Path) -> list[tuple[str, list[Param]]]:
    """``[(method, [(name, required), ...]), ...]`` in file order."""
    signatures = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"{path.name}:{number}: not a signature: {raw!r}")
        method, args = match.groups()
        params: list[Param] = []
        for arg in (a.strip() for a in args.split(",")) if args.strip() else ():
            name, eq, value = arg.partition("=")
            if not _NAME.match(name) or (eq and value != name):
                raise ValueError(f"{path.name}:{number}: bad parameter {arg!r} (want `name` or `name=name`)")
            params.append((name, not eq))
        signatures.append((method, params))
    return signatures


GOLDEN = {name: parse_golden(GOLDEN_DIR / f"{name}.txt") for name in EXPECTED_COUNTS}
CASES = [
    pytest.param(target, method, params, id=f"{target}.{method}")
    for target, signatures in GOLDEN.items()
    for method, params in signatures
]


def _target(name: str) -> Target:
    targets = {t.name: t for t in load_targets(ROOT / "pyproject.toml")}
    assert name in targets, f"golden file {name}.txt has no [tool.specgen.targets.{name}] in pyproject.toml"
    return targets[name]


def users_api(target_name: str) -> type:
    """``UsersApi`` of the target's package, imported from the committed tree."""
    target = _target(target_name)
    dist = target.out.resolve()
    if str(dist) not in sys.path:
        sys.path.insert(0, str(dist))
    module = importlib.import_module(target.package)
    origin = Path(module.__file__).resolve()
    assert origin.is_relative_to(
        dist
    ), f"{target.package} was imported from {origin}, not from the committed tree {dist}"
    return module.UsersApi


def documented_text(method: str, params: list[Param]) -> str:
    return f"{method}({', '.join(n if required else f'{n}={n}' for n, required in params)})"


def _contract_params(signature: inspect.Signature) -> list[inspect.Parameter]:
    params = list(signature.parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return [p for p in params if not p.name.startswith("_")]


def generated_text(method: str, params: list[inspect.Parameter]) -> str:
    parts: list[str] = []
    star = False
    for index, p in enumerate(params):
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        if p.kind is p.VAR_POSITIONAL:
            parts.append(f"*{p.name}")
            star = True
        elif p.kind is p.VAR_KEYWORD:
            parts.append(f"**{p.name}")
        else:
            parts.append(p.name if p.default is p.empty else f"{p.name}={p.default!r}")
        if p.kind is p.POSITIONAL_ONLY and (
            index + 1 == len(params) or params[index + 1].kind is not p.POSITIONAL_ONLY
        ):
            parts.append("/")
    return f"{method}({', '.join(parts)})"


def signature_problems(documented: list[Param], generated: list[inspect.Parameter], omitted: object) -> list[str]:
    problems = []
    doc_names = [n for n, _ in documented]
    gen_names = [p.name for p in generated]
    if doc_names != gen_names:
        problems.append(f"parameter names/order differ: documented {doc_names}, generated {gen_names}")
    by_name = {p.name: p for p in generated}
    for name, required in documented:
        p = by_name.get(name)
        if p is None:
            continue
        if required:
            if p.kind is not p.POSITIONAL_OR_KEYWORD:
                problems.append(f"{name!r} is required, so must be positional-or-keyword, not {p.kind.description}")
            if p.default is not p.empty:
                problems.append(f"{name!r} is required but has default {p.default!r}")
        else:
            if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                problems.append(
                    f"{name!r} is optional, so must be positional-or-keyword or keyword-only, not {p.kind.description}"
                )
            if p.default is p.empty or p.default is not omitted:
                problems.append(
                    f"{name!r} is optional but its default is "
                    f"{'missing' if p.default is p.empty else repr(p.default)}, not {omitted!r}"
                )
    return problems


def test_golden_totals() -> None:
    counts = {name: len(signatures) for name, signatures in GOLDEN.items()}
    assert counts == EXPECTED_COUNTS, f"golden signature files hold {counts}, the docs document {EXPECTED_COUNTS}"
    assert len(CASES) == 133  # 24 + 18 + 91 documented signatures
    for name, signatures in GOLDEN.items():
        methods = [m for m, _ in signatures]
        assert len(set(methods)) == len(methods), f"{name}.txt lists a method twice"


@pytest.mark.parametrize(("target", "method", "params"), CASES)
def test_documented_signature(target: str, method: str, params: list[Param]) -> None:
    cls = users_api(target)
    documented = documented_text(method, params)
    function = inspect.getattr_static(cls, method, None)
    if function is None:
        pytest.fail(
            f"UsersApi.{method} is documented but not generated\ndocumented: {documented}\ngenerated:  <missing>"
        )
    generated = _contract_params(inspect.signature(getattr(cls, method)))
    omitted = importlib.import_module(cls.__module__.split(".")[0]).NOT_GIVEN
    problems = signature_problems(params, generated, omitted)
    assert not problems, (
        f"UsersApi.{method} of {target} does not match its documented signature\n"
        f"documented: {documented}\n"
        f"generated:  {generated_text(method, generated)}\n" + "\n".join(f"  - {p}" for p in problems)
    )


@pytest.mark.parametrize("target", list(EXPECTED_COUNTS))
def test_no_undocumented_public_methods(target: str) -> None:
    cls = users_api(target)
    public = {
        name
        for klass in cls.__mro__
        if klass is not object
        for name, value in vars(klass).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, (property, staticmethod, classmethod)))
    }
    documented = {method for method, _ in GOLDEN[target]}
    # A paged list operation also gets a pager, a lazy walk over all its pages taking
    # the same arguments, named ``iter_`` and the method's name less a leading ``list_``
    # or ``get_`` (``list_phone_users``: ``iter_phone_users``), or ``iter_`` and the whole
    # name (an earlier name, kept as a deprecated alias); it adds to the documented surface.
    pagers = set()
    for name in public:
        rest = name.removeprefix("iter_")
        walked = [method for method in (rest, f"list_{rest}", f"get_{rest}") if method in documented]
        if name.startswith("iter_") and walked:
            pagers.add(name)
            parameters = list(inspect.signature(getattr(cls, name)).parameters)
            assert any(
                parameters == list(inspect.signature(getattr(cls, method)).parameters) for method in walked
            ), f"{name} takes other arguments than {walked}"
    extra = sorted(public - documented - pagers)
    assert not extra, f"{target}: UsersApi has public methods the docs do not document: {extra}"
