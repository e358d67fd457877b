"""Helpers of the API tests: tokens for the demo users, clients that send them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kinerja.api import tokens


class ApiClient:
    """Django's test client with a bearer token (or a session) and JSON bodies."""

    def __init__(self, secret: str | None = None, user: Any = None, language: str | None = None) -> None:
        self.client = Client(raise_request_exception=False)
        self.headers: dict[str, str] = {}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"
        if language:
            self.headers["Accept-Language"] = language
        if user is not None:
            self.client.force_login(user)

    def get(self, url: str, **headers: str) -> Any:
        return self.client.get(url, headers={**self.headers, **headers})

    def post(self, url: str, data: Any = None, **headers: str) -> Any:
        return self.client.post(
            url, data or {}, content_type="application/json", headers={**self.headers, **headers}
        )

    def put(self, url: str, data: Any, **headers: str) -> Any:
        return self.client.put(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def patch(self, url: str, data: Any, **headers: str) -> Any:
        return self.client.patch(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def delete(self, url: str, **headers: str) -> Any:
        return self.client.delete(url, headers={**self.headers, **headers})

    def upload(self, url: str, name: str, content: bytes, **headers: str) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            url, {"file": SimpleUploadedFile(name, content)}, headers={**self.headers, **headers}
        )


def token_client(user: Any, scope: str = "write", unit: Any = None, language: str | None = None) -> ApiClient:
    made = tokens.create_token(user, f"uji {user.username}", 30, scope, unit)
    return ApiClient(made.secret, language=language)


@pytest.fixture
def api_for() -> Any:
    return token_client
