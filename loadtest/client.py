"""One simulated visitor's HTTP: the standard library's http.client, cookies kept by hand.

The server runs with the production settings, so its cookies are Secure and it expects HTTPS
from a proxy. The load test plays that proxy: every request says `X-Forwarded-Proto: https`
(gunicorn trusts it from 127.0.0.1), and the cookies are sent back over the loopback's plain
HTTP, as the proxy does. POSTs carry the Origin and Referer a browser sends, so Django's CSRF
checks run as they do in production. Redirects are not followed: each journey asks for the next
page itself, so that every request is timed as its own step.
"""

import http.client
import json
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from .pages import Page, parse
from .stats import Recorder

REQUEST_TIMEOUT = 60  # seconds: longer than gunicorn's worker timeout, so its answer is seen


class StepFailed(Exception):
    """A request did not get the answer a browser would expect; already recorded."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    _page: Page | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def page(self) -> Page:
        if self._page is None:
            self._page = parse(self.text)
        return self._page

    def json(self) -> dict:
        return json.loads(self.body or b"{}")

    @property
    def location(self) -> str:
        """The redirect's target as a path (with its query)."""
        target = urllib.parse.urlsplit(self.headers.get("Location", ""))
        return target.path + (f"?{target.query}" if target.query else "")


@dataclass
class Upload:
    field: str
    filename: str
    content_type: str
    content: bytes


class Session:
    """A browser's worth of state for one visitor: its cookies."""

    def __init__(self, host: str, port: int, recorder: Recorder, actor: str):
        self.host, self.port = host, port
        self.origin = f"https://{host}:{port}"
        self.recorder = recorder
        self.actor = actor
        self.cookies: dict[str, str] = {}

    def get(self, step, path, expect=(200,), **kwargs) -> Response:
        return self.request(step, "GET", path, expect=expect, **kwargs)

    def post(self, step, path, fields, files=(), expect=(302,), headers=None) -> Response:
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        extra = {"Content-Type": content_type, "Origin": self.origin, **(headers or {})}
        return self.request(step, "POST", path, body=body, headers=extra, expect=expect)

    def request(self, step, method, path, body=None, headers=None, expect=(200,)) -> Response:
        self.recorder.allow()
        send = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": "afk-loadtest",
            "Accept": "text/html,application/xhtml+xml",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Referer": self.origin + path,
            **(headers or {}),
        }
        if self.cookies:
            send["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=send)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        except (OSError, http.client.HTTPException) as error:
            self.recorder.sample(step, time.monotonic() - started)
            self.recorder.error(self.actor, step, None, f"{type(error).__name__}: {error}")
            raise StepFailed from error
        finally:
            connection.close()
        self.recorder.sample(step, time.monotonic() - started)
        self._keep_cookies(response.headers)
        if response.status not in expect:
            self.recorder.error(self.actor, step, response.status, reason_from(response))
            raise StepFailed
        return response

    def fail(self, step, response: Response | None, reason: str):
        """A page that answered as expected but says the wrong thing."""
        self.recorder.error(self.actor, step, response.status if response else None, reason)
        raise StepFailed

    def _keep_cookies(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def multipart(fields, files) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it (file names in UTF-8, quotes escaped)."""
    boundary = f"----afkloadtest{uuid.uuid4().hex}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for upload in files:
        filename = upload.filename.replace('"', "%22")
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; '
                f'filename="{filename}"\r\nContent-Type: {upload.content_type}\r\n\r\n'
            ).encode()
            + upload.content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def reason_from(response: Response) -> str:
    """A short reason for an unexpected answer: the form's errors, the JSON message, the page's
    heading, or where it redirected."""
    if response.status in (301, 302, 303):
        return f"redirected to {response.location}"
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("application/json"):
        try:
            return str(response.json().get("message", ""))[:200] or "JSON without a message"
        except ValueError:
            return "invalid JSON"
    if not content_type.startswith("text/html"):
        return f"{content_type or 'no content type'}, {len(response.body)} bytes"
    page = response.page
    if page.errors:
        return "form errors: " + " | ".join(page.errors)[:180]
    return (page.heading or page.title or response.text[:120]).strip()[:200]
