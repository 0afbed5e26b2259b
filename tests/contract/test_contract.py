"""Every operation of every target: the request matches the spec, the reply parses.

Per operation (id ``<target>.<method>``):

* the generated method is called with example arguments: required ones
  positionally in order, *every* optional one by keyword (so each query
  parameter travels), request bodies generated from the raw spec and passed
  as model instances;
* the request it sends is validated with openapi-core against the target's
  spec (server, method, path, path/query/header parameters, content type,
  body schema), must reach the intended operation, must carry exactly the
  argument values (no undeclared query parameters, the JSON body as given)
  and the bearer token (openapi-core does not check oauth2);
* the reply is generated from the raw spec's success response schema (every
  property filled), is itself validated against the spec, and the method
  must return the declared type with every field mapped (nothing left in a
  model's extras, the data unchanged).

``test_every_operation_is_covered`` makes a silently dropped operation fail.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import contract_support as cs
import httpx
import pytest

CASES = cs.cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_operation_contract(case: cs.Case) -> None:
    target, op = case.target, case.op
    package = target.package
    status, payload, has_body = cs.success_response(target, op)
    assert str(status) == op.success_status, f"success status: spec {status}, client expects {op.success_status}"

    sent: list[httpx.Request] = []
    replies: list[httpx.Response] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if has_body:
            reply = httpx.Response(
                status,
                content=cs.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        else:
            reply = httpx.Response(status)
        replies.append(reply)
        return reply

    call = cs.build_call(target, op)
    # The spec's server; the package's default host must be the same.
    assert package.Configuration().host == target.host
    client = package.ApiClient(
        package.Configuration(target.host, access_token=cs.TOKEN),
        transport=httpx.MockTransport(handler),
    )
    with client:
        api = getattr(package, case.class_name)(client)
        method = getattr(api, op.py_name)

        # The call shape the test relies on: required arguments positionally, in order.
        positional, keyword = cs.signature_names(method)
        required = [p.py_name for p in op.params if p.required]
        assert positional == required, f"positional parameters {positional}, expected {required}"
        assert set(call.kwargs) <= keyword, f"not keyword-only: {set(call.kwargs) - keyword}"

        result = method(*call.args, **call.kwargs)

    assert len(sent) == 1, f"{len(sent)} requests sent, expected 1"
    request = sent[0]

    # ---- the request, against the spec
    assert request.method == op.method
    assert str(request.url).startswith(target.host + "/"), f"URL {request.url} is not under the server {target.host}"
    oa_request = cs.HttpxOpenAPIRequest(request)
    assert cs.matched_operation(target, oa_request) == (
        op.path,
        op.operation_id,
    ), f"{request.method} {oa_request.path} reaches another operation"
    unmarshalled = cs.validate_request(target, oa_request)

    # exactly the argument values, under their wire names
    for name, value in call.expected.get("path", {}).items():
        got = unmarshalled.parameters.path.get(name)
        assert got is not None and unquote(got) == str(
            value
        ), f"path parameter {name}: sent {got!r}, argument {value!r}"
    expected_query = call.expected.get("query", {})
    declared_query = {p.wire_name for p in op.query_params}
    sent_query = {name for name, _ in oa_request.query_pairs}
    assert (
        sent_query <= declared_query
    ), f"query parameters the spec does not declare: {sorted(sent_query - declared_query)}"
    for name, value in expected_query.items():
        assert name in unmarshalled.parameters.query, f"query parameter {name} not sent"
        got = cs.json_value(unmarshalled.parameters.query[name])
        assert got == value, f"query parameter {name}: sent {got!r}, argument {value!r}"
    for name, value in call.expected.get("header", {}).items():
        got = cs.json_value(unmarshalled.parameters.header.get(name))
        assert got == value, f"header {name}: sent {got!r}, argument {value!r}"
    for name, value in call.expected.get("cookie", {}).items():
        got = cs.json_value(unmarshalled.parameters.cookie.get(name))
        assert got == value, f"cookie {name}: sent {got!r}, argument {value!r}"
    assert request.headers.get("authorization") == f"Bearer {cs.TOKEN}", "no bearer token (security: OAuth)"

    if op.body is None:
        assert not request.content, f"a body was sent but the operation declares none: {request.content[:200]!r}"
    else:
        assert request.content, "no request body sent"
        media = request.headers.get("content-type", "").split(";")[0].strip()
        assert media == op.body.content_type, f"Content-Type {media!r}, expected {op.body.content_type!r}"
        if op.body.is_form:
            assert cs.form_fields(request) == cs.expected_form_fields(
                call.form
            ), "the form fields differ from the arguments"
        elif media == "application/json":
            assert json.loads(request.content) == call.body, "the JSON body differs from the argument"

    # ---- the reply: valid against the spec, parsed into the declared type
    cs.validate_response(target, oa_request, replies[0])
    assert method.__annotations__.get("return") == op.return_type.annotation
    cs.check_type(target, op.return_type, result)
    if has_body and op.return_type.kind != "none":
        extras = list(cs.model_extras(result))
        assert not extras, f"response fields not mapped to model fields: {extras}"
        assert cs.as_json(result) == payload, "the returned value does not hold the response's data"


def test_every_operation_is_covered() -> None:
    """One case per operation the raw specs declare, and one per generated method."""
    in_specs = {(t.name, method, path) for t in cs.targets() for method, path in t.spec_operations()}
    in_cases = [(case.target.name, case.op.method, case.op.path) for case in CASES]
    assert len(in_cases) == len(set(in_cases)), "an operation is tested twice"
    assert (
        set(in_cases) == in_specs
    ), f"not covered: {sorted(in_specs - set(in_cases))}; not in a spec: {sorted(set(in_cases) - in_specs)}"
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate test ids"
    for case in CASES:
        api_class = getattr(case.target.package, case.class_name)
        assert callable(getattr(api_class, case.op.py_name, None)), f"{case.id}: no such method on {case.class_name}"
    total = sum(len(t.spec_operations()) for t in cs.targets())
    assert len(CASES) == total
    print(f"contract: {len(CASES)} of {total} operations covered")
