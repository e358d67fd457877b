"""A small HTTP client for tests against real servers: requests as a browser behind a reverse
proxy that ends TLS sends them (``X-Forwarded-Proto: https``), cookies kept, the CSRF token sent
back, form posts and file uploads. Standard library only; every request has a timeout."""

from __future__ import annotations

import http.client
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

REQUEST_TIMEOUT = 60


@dataclass
class Page:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path


@dataclass
class Browser:
    port: int
    name: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    proxy_headers: dict[str, str] = field(default_factory=lambda: {"X-Forwarded-Proto": "https"})

    def at(self, port: int, name: str = "") -> Browser:
        """The same cookies (the same session) sent to another server."""
        return Browser(port, name, self.cookies, self.proxy_headers)

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Page:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"Host": f"127.0.0.1:{self.port}", **self.proxy_headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.update({"Origin": origin, "Referer": origin + path, "Content-Type": content_type})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = Page(response.status, response.headers, response.read())
        finally:
            conn.close()
        for header in page.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return page

    def get(self, path: str) -> Page:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Page:
        data = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data}
        return self.request("POST", path, urlencode(data).encode(), "application/x-www-form-urlencoded")

    def upload(self, path: str, field_name: str, filename: str, content: bytes) -> Page:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.cookies['csrftoken']}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def sign_in(self, username: str, password: str) -> Page:
        """Sign in on /masuk/ (the page first, for the CSRF cookie); the answer to the form."""
        page = self.get("/masuk/")
        assert page.status == 200 and "csrftoken" in self.cookies, (self.name, page.status, page.text[:500])
        return self.post("/masuk/", {"username": username, "password": password})
