"""The base of every generated model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    """A pydantic model of the API's JSON.

    Fields the spec does not list yet are kept rather than refused, so a newer
    server does not break an older client; fields can be set by their Python
    name or by their wire name (alias).
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)
