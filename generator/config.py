"""Targets and options, read from ``[tool.specgen]`` in pyproject.toml."""

from __future__ import annotations

import keyword
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .diagnostics import GenerationError
from .naming import keyword_pattern
from .profiles import PROFILES

__all__ = ["Options", "Target", "load_targets"]

_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")


#: Values of the ``profile`` option (None: a generic package).


@dataclass(frozen=True)
class Options:
    """How a spec is turned into code. Every field is a ``[tool.specgen]`` key."""

    #: ``suffix`` (``from_``), ``prefix`` (``_from``, swagger-codegen's rule) or
    #: a pattern with ``{name}``/``{Name}`` such as ``pc{Name}`` (``pcPass``).
    keyword_escape: str = "suffix"
    #: Where the request body goes in the call order: ``first`` (swagger-codegen
    #: for OpenAPI 3), ``spec`` (where the spec lists it, as for Swagger 2.0 body
    #: parameters) or ``auto`` (``first`` for 3.x, ``spec`` for 2.0).
    body_position: str = "auto"
    #: The tag of operations that have none.
    default_tag: str = "default"
    #: Distribution name in the generated pyproject.toml (default: the package
    #: name with dashes).
    project_name: str | None = None
    #: Pagination by operationId, overriding what is detected from the spec:
    #: ``false`` turns it off, a table sets ``style`` (token or number),
    #: ``request_param``, ``items``, ``response_field``, ``page_count_field``.
    pagination: Mapping[str, Any] = field(default_factory=dict)
    #: A folder holding only the templates a target changes (same names as in
    #: ``templates/``, e.g. ``README.md.jinja``, ``_macros/signature.jinja``,
    #: ``runtime/retry.py``); everything else comes from the defaults. Relative
    #: to pyproject.toml's folder when set there (``load_targets`` resolves it).
    templates: str | Path | None = None
    #: What formats the generated Python in black's style: ``ruff`` (ruff's
    #: formatter, about 200 times faster) or ``black`` (black itself).
    formatter: str = "ruff"
    #: A vendor's conventions and helpers, off unless named (see
    #: :mod:`generator.profiles`): ``zoom`` reads the scopes and rate-limit
    #: label from descriptions and ships ``ServerToServerOAuth``.
    profile: str | None = None

    def __post_init__(self) -> None:
        if self.templates is not None:
            if not isinstance(self.templates, (str, Path)) or not str(self.templates):
                raise ValueError("templates must be a folder path (a string)")
            object.__setattr__(self, "templates", Path(self.templates))
        keyword_pattern(self.keyword_escape)
        if self.formatter not in ("ruff", "black"):
            raise ValueError("formatter must be ruff or black")
        if self.profile not in PROFILES:
            raise ValueError("profile must be one of " + ", ".join(p for p in PROFILES if p is not None))
        if self.body_position not in ("auto", "first", "spec"):
            raise ValueError("body_position must be one of auto, first, spec")
        for operation_id, setting in self.pagination.items():
            if setting is not False and not isinstance(setting, Mapping):
                raise ValueError(f"pagination.{operation_id} must be false or a table")
            if isinstance(setting, Mapping):
                unknown = set(setting) - {"style", "request_param", "items", "response_field", "page_count_field"}
                if unknown or setting.get("style", "token") not in ("token", "number"):
                    raise ValueError(
                        f"pagination.{operation_id} takes style (token or number), request_param, items, "
                        "response_field and page_count_field"
                    )

    def templates_dir(self, root: Path) -> Path | None:
        """The ``templates`` folder, a relative one taken from ``root``; None when unset."""
        return root / self.templates if self.templates is not None else None

    def as_dict(self) -> dict[str, Any]:
        """Every option, JSON-ready; ``templates`` only when set (as a POSIX path), so
        manifests of targets without overrides do not change."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if values["profile"] is None:
            del values["profile"]
        if values["templates"] is None:
            del values["templates"]
        else:
            values["templates"] = Path(values["templates"]).as_posix()
        return values


@dataclass(frozen=True)
class Target:
    """One generated distribution: a spec, an output folder and a package name."""

    name: str
    spec: Path
    out: Path
    package: str
    options: Options = field(default_factory=Options)
    #: The folder relative paths in the options (``templates``) start from:
    #: pyproject.toml's. The options keep them as written, so that manifests
    #: do not depend on where the project lies.
    root: Path = Path(".")


_OPTION_NAMES = {f.name for f in fields(Options)}
_TARGET_KEYS = {"spec", "out", "package"}


def make_options(values: dict[str, Any], where: str) -> Options:
    unknown = sorted(set(values) - _OPTION_NAMES)
    if unknown:
        raise _config_error(
            where, f"unknown option(s) {', '.join(unknown)}.", f"Known options: {', '.join(sorted(_OPTION_NAMES))}."
        )
    try:
        return replace(Options(), **values)
    except (TypeError, ValueError) as exc:
        raise _config_error(where, f"{exc}.", "Fix the option's value.") from None


#: Top-level modules a generated package imports or installs with it: a package
#: of the same name would be imported in their place (or hide them).
RUNTIME_DEPENDENCIES = frozenset(
    {"httpx", "httpcore", "h11", "anyio", "sniffio", "idna", "certifi", "pydantic", "pydantic_core"}
    | {"typing_extensions", "typing_inspection", "annotated_types", "pytest", "tests", "docs"}
)


def check_package(name: str, where: str, file: str | None = "pyproject.toml") -> str:
    """``name`` if it is a lower-case module name that shadows nothing; ``file`` is where it came from."""
    if not isinstance(name, str) or not _PACKAGE.fullmatch(name) or keyword.iskeyword(name):
        raise _config_error(
            where,
            f"package {name!r} is not a valid lower-case module name.",
            "Use letters, digits and underscores, not a Python keyword, e.g. zoom_users.",
            file,
        )
    if name in sys.stdlib_module_names or name in RUNTIME_DEPENDENCIES:
        raise _config_error(
            where,
            f"package {name!r} has the name of a module the generated package or Python needs "
            "(the standard library, httpx, pydantic or their dependencies): importing one would import the other.",
            f"Choose a distinct name, e.g. {name}_client.",
            file,
        )
    return name


def _config_error(where: str, message: str, hint: str, file: str | None = "pyproject.toml") -> GenerationError:
    return GenerationError.single(message, hint, file=file, pointer=where)


def load_targets(pyproject: Path) -> list[Target]:
    """Every ``[tool.specgen.targets.<name>]``, paths relative to the file's folder."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GenerationError.single(
            "no pyproject.toml here.",
            "Run specgen from the project folder, or use --spec/--out/--package.",
            file=str(pyproject),
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise GenerationError.single(f"invalid TOML: {exc}.", "Fix the file's syntax.", file=str(pyproject)) from None
    section = data.get("tool", {}).get("specgen", {})
    shared = {k: v for k, v in section.items() if k != "targets"}
    base = make_options(shared, "/tool/specgen")
    targets_table = section.get("targets", {})
    if not isinstance(targets_table, dict) or not targets_table:
        raise _config_error(
            "/tool/specgen/targets",
            "no targets configured.",
            "Add a [tool.specgen.targets.<name>] table with spec, out and package.",
        )
    root = pyproject.parent
    targets = []
    for name, table in targets_table.items():
        where = f"/tool/specgen/targets/{name}"
        missing = sorted(_TARGET_KEYS - set(table))
        if missing:
            raise _config_error(
                where, f"target {name!r} lacks {', '.join(missing)}.", "Each target needs spec, out and package."
            )
        own = {k: v for k, v in table.items() if k not in _TARGET_KEYS}
        options = make_options({**base.as_dict(), **own}, where)
        targets.append(
            Target(
                name=name,
                spec=root / table["spec"],
                out=root / table["out"],
                package=check_package(str(table["package"]), where),
                options=options,
                root=root,
            )
        )
    return targets
