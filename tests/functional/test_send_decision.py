"""The runtime's one decision after each attempt (``_sending.decide``): a pure function of
the attempt's outcome and the call's state, so it is tested here without any I/O."""

from __future__ import annotations

import httpx
import pytest
from zoom_users import ApiConnectionError, ServerError, UnauthorizedError
from zoom_users._sending import CallState, Raise, RefreshToken, Retry, Return, decide
from zoom_users.retry import RetryPolicy

POLICY = RetryPolicy(retries=2, backoff_factor=1.0, random=lambda: 0.5)
NOW = 1000.0


def _request(method: str = "GET", token: str | None = "tok-1") -> httpx.Request:
    request = httpx.Request(method, "http://127.0.0.1:9/v2/users/me?api_key=secret")
    if token is not None:
        request.extensions["specgen_token"] = token
    return request


def _decide(outcome_status: int | Exception, *, state: CallState | None = None, **options):
    request = options.pop("request", None) or _request()
    headers = options.pop("headers", {})
    outcome = (
        httpx.Response(outcome_status, headers=headers, request=request)
        if isinstance(outcome_status, int)
        else outcome_status
    )
    options.setdefault("refreshable", True)
    return outcome, decide(request, outcome, state or CallState(deadline=None), POLICY, now=NOW, **options)


@pytest.mark.parametrize("status", [200, 201, 204, 304])
def test_a_success_or_not_modified_is_returned(status):
    response, decision = _decide(status)
    assert decision == Return(response)


def test_a_refused_token_is_renewed_once():
    _, decision = _decide(401)
    assert decision == RefreshToken("tok-1")
    _, decision = _decide(401, state=CallState(deadline=None).renewed())
    assert isinstance(decision, Raise) and isinstance(decision.error, UnauthorizedError)


def test_a_401_without_a_renewable_token_raises():
    for options in ({"refreshable": False}, {"request": _request(token=None)}):
        _, decision = _decide(401, **options)
        assert isinstance(decision, Raise) and isinstance(decision.error, UnauthorizedError)
        assert decision.cause is None


def test_a_retryable_status_waits_as_the_server_asks_then_raises():
    _, decision = _decide(503, headers={"Retry-After": "2"})
    assert decision == Retry(2.0, "503")
    _, decision = _decide(503, state=CallState(deadline=None, attempt=1))
    assert decision == Retry(1.0, "503")  # backoff 1.0 * 2**1, jitter 0.5
    _, decision = _decide(503, state=CallState(deadline=None, attempt=2))
    assert isinstance(decision, Raise) and isinstance(decision.error, ServerError)
    assert decision.error.url == "http://127.0.0.1:9/v2/users/me"  # no query string


def test_a_wait_past_the_deadline_is_not_taken():
    _, decision = _decide(503, headers={"Retry-After": "5"}, state=CallState(deadline=NOW + 4))
    assert isinstance(decision, Raise) and isinstance(decision.error, ServerError)


def test_a_non_idempotent_request_is_not_retried_after_a_5xx():
    _, decision = _decide(503, request=_request("POST"))
    assert isinstance(decision, Raise) and isinstance(decision.error, ServerError)


def test_a_transport_failure_is_retried_then_raised_from_its_cause():
    error = httpx.ConnectError("refused")
    _, decision = _decide(error)
    assert decision == Retry(0.5, "ConnectError")
    _, decision = _decide(error, state=CallState(deadline=None, attempt=2))
    assert isinstance(decision, Raise) and isinstance(decision.error, ApiConnectionError)
    assert decision.cause is error


def test_call_state_counts_retries_and_the_renewal():
    state = CallState(deadline=5.0).retried().renewed().retried()
    assert (state.attempt, state.refreshed, state.deadline) == (2, True, 5.0)
