"""A small HTTPS client for the system tests: plain requests, no redirects
followed, cookies kept, certificates checked against Caddy's local CA."""

import http.client
import os
import re
import ssl
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def cookie(self, name):
        """The Set-Cookie header for `name`, parsed, or None."""
        for header in self.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            if name in cookie:
                return cookie[name]
        return None


class Client:
    """Plain requests, no redirects followed, cookies kept between calls."""

    def __init__(self, base_url):
        self.base = urlsplit(base_url)
        self.context = ssl.create_default_context(cadata=os.environ.get("CADDY_ROOT_CERT"))
        self.cookies = {}

    def connect(self):
        """A new connection to the site, for as many requests as it keeps alive."""
        if self.base.scheme == "https":
            return http.client.HTTPSConnection(self.base.hostname, self.base.port, context=self.context, timeout=10)
        return http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=10)

    def request(self, method, path, body=None, headers=None):
        connection = self.connect()
        headers = dict(headers or {})
        if self.cookies:
            headers.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies |= {name: morsel.value for name, morsel in SimpleCookie(header).items()}
        return response

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path, body, **headers):
        """POST as a browser does, naming the page's origin (Django checks it over HTTPS)."""
        origin = f"{self.base.scheme}://{self.base.netloc}"
        return self.request("POST", path, body=body, headers={"Origin": origin, "Referer": origin + path} | headers)

    def csrf_token(self, path):
        """GET a form page and return the token in its form."""
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path).text).group(1)
