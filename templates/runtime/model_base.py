"""The bases of every generated model and enum."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["ApiModel", "OpenIntEnum", "OpenStrEnum"]


class ApiModel(BaseModel):
    """A pydantic model of the API's JSON.

    Fields the spec does not list yet are kept rather than refused, so a newer
    server does not break an older client; fields can be set by their Python
    name or by their wire name (alias).
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class OpenStrEnum(StrEnum):
    """A string enum that also accepts values the spec does not list yet.

    An unknown value becomes a member of its own (``Status("new")``), equal to
    its string, instead of making the whole response unreadable.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(IntEnum):
    """An integer enum that also accepts values the spec does not list yet."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"VALUE_{value}"
        member._value_ = value
        return member
