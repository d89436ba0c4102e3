"""A small HTTPS client for the system tests: plain requests, no redirects
followed, cookies kept, certificates checked against Caddy's local CA."""

import http.client
import os
import re
import ssl
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def cookie(self, name):
        """The Set-Cookie header for `name`, parsed, or None."""
        for header in self.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            if name in cookie:
                return cookie[name]
        return None


class NamedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to one address that names another host in TLS (SNI), as a browser
    does for a name that resolves to that address."""

    def __init__(self, server_name, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.server_name = server_name

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.server_name)


class Client:
    """Plain requests, no redirects followed, cookies kept between calls. With a
    server_name, requests go to the base URL's address but name that host, in TLS
    and in the Host header."""

    def __init__(self, base_url, server_name=None, timeout=10):
        self.base = urlsplit(base_url)
        self.server_name = server_name
        self.timeout = timeout
        self.context = ssl.create_default_context(cadata=os.environ.get("CADDY_ROOT_CERT"))
        self.cookies = {}

    def connect(self):
        """A new connection to the site, for as many requests as it keeps alive."""
        if self.server_name:
            return NamedHTTPSConnection(
                self.server_name, self.base.hostname, self.base.port, context=self.context, timeout=self.timeout
            )
        if self.base.scheme == "https":
            return http.client.HTTPSConnection(
                self.base.hostname, self.base.port, context=self.context, timeout=self.timeout
            )
        return http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=self.timeout)

    def request(self, method, path, body=None, headers=None):
        connection = self.connect()
        headers = dict(headers or {})
        if self.server_name:
            headers.setdefault("Host", f"{self.server_name}:{self.base.port}")
        if self.cookies:
            headers.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
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
        return self.csrf_token_in(self.get(path))

    def log_in(self, form_page):
        """POST the admin login form on form_page (a GET of /admin/login/), with its CSRF
        token, as ADMIN_USERNAME. Logged in, the answer redirects to /admin/."""
        token = self.csrf_token_in(form_page)
        credentials = {"username": os.environ["ADMIN_USERNAME"], "password": os.environ["ADMIN_PASSWORD"]}
        return self.post("/admin/login/", urlencode(credentials | {"next": "/admin/", "csrfmiddlewaretoken": token}))

    @staticmethod
    def csrf_token_in(response):
        """The token in a form page's form, or None."""
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        return match and match.group(1)
