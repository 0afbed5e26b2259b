"""Zoom Server-to-Server OAuth: shipped with the ``zoom`` profile only."""

from __future__ import annotations

import time
from collections.abc import Callable

from .auth import ClientCredentialsAuth

__all__ = ["ServerToServerOAuth"]


class ServerToServerOAuth(ClientCredentialsAuth):
    """Zoom Server-to-Server OAuth: account id, client id and client secret.

    Fetches ``grant_type=account_credentials`` tokens from Zoom's OAuth
    endpoint, the grant in the query string as Zoom documents it
    (``token_url`` is overridable, e.g. for tests).
    """

    def __init__(
        self,
        account_id: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str = "https://zoom.us/oauth/token",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            token_url,
            client_id,
            client_secret,
            params={"grant_type": "account_credentials", "account_id": account_id},
            params_in_query=True,
            clock=clock,
        )
        self.account_id = account_id

    def __repr__(self) -> str:
        return f"ServerToServerOAuth(account_id={self.account_id!r}, client_id={self.client_id!r}, client_secret=***)"
