"""schemathesis against the served OpenAPI schema: requests generated from the schema for every
operation, as an Admin of Dit. PKR with a write token, bounded in examples per operation and with
no deadline; no answer may be a server error, and every answer must be one the schema declares
(status code, content type, body shape)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kinerja.api import tokens

MAX_EXAMPLES = 12


@pytest.fixture
def api_schema(users: dict[str, Any], settings: Any) -> Iterator[Any]:
    """The schema served by the real WSGI application. As Django's test client does, the request
    signals do not close the database connection: the test's transaction (and its data) lives on
    it, and PostgreSQL would otherwise lose it after the first request."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.KINERJA_API_RATE_LIMIT = 10**6
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)
def test_no_server_error_and_answers_as_declared(case: Any, users: dict[str, Any]) -> None:
    secret = _token(users["admin.pkr"])
    response = case.call(headers={"Authorization": f"Bearer {secret}"})
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


_TOKENS: dict[int, str] = {}


def _token(user: Any) -> str:
    from kinerja.api.models import ApiToken

    found = _TOKENS.get(user.pk)
    if found is None or not ApiToken.objects.filter(user_id=user.pk).exists():
        found = tokens.create_token(user, "schemathesis", 1, "write").secret
        _TOKENS[user.pk] = found
    return found
