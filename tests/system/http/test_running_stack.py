"""The production stack as a browser meets it, through Caddy: what every site built
on this template keeps, whatever its pages are. The admin's login page stands for
a page; an unknown URL gets the site's 404 page."""

import gzip
import os
import re
from urllib.parse import urlencode, urlsplit

import pytest
from client import Client
from compression import zstd

ONE_YEAR = 365 * 24 * 3600
PAGE = "/admin/login/"
# Django's own 404 page, served when the site has none.
DJANGOS_404 = "The requested resource was not found on this server."


def static_urls(html):
    """The static files a page links to or loads."""
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_a_page_answers_over_https(https):
    response = https.get(PAGE)

    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_http_redirects_to_https(plain_http):
    response = plain_http.get("/any/path/?q=1")

    assert response.status in (301, 308)
    assert response.headers["Location"] == os.environ["BASE_URL"] + "/any/path/?q=1"


def test_static_files_have_hashed_names_and_are_compressed_and_cached_for_good(https):
    """Every static file that the 404 page (the site's layout) and the admin link to."""
    urls = static_urls(https.get("/no-such-page/").text) + static_urls(https.get(PAGE).text)
    assert urls

    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.[a-z0-9]+$", url), url
        response = https.get(url, **{"Accept-Encoding": "gzip"})
        assert response.status == 200, url
        assert response.headers["Content-Encoding"] == "gzip", url
        max_age = int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"]).group(1))
        assert max_age >= ONE_YEAR, url
        assert "immutable" in response.headers["Cache-Control"], url


def test_unknown_url_gets_the_sites_404_page_without_debug_detail(https):
    response = https.get("/no-such-page/")

    assert response.status == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert DJANGOS_404 not in response.text
    for debug_detail in ("URLconf", "Traceback", "DEBUG = True", "config.urls"):
        assert debug_detail not in response.text


def test_a_host_not_allowed_is_refused_with_400(https):
    response = https.get(PAGE, Host="attacker.example")

    assert response.status == 400
    assert "attacker.example" not in response.text


def test_post_without_csrf_token_is_refused_with_403(https):
    response = https.post("/admin/login/", urlencode({"username": "admin", "password": "guess"}))

    assert response.status == 403
    assert "CSRF" in response.text


def test_security_headers_are_sent(https):
    headers = https.get(PAGE).headers

    hsts = headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) > 0
    assert "includeSubDomains" not in hsts and "preload" not in hsts  # off unless asked for
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_admin_login_works_and_sets_secure_cookies(https):
    form_page = https.get("/admin/login/")
    csrf_cookie = form_page.cookie("csrftoken")
    assert csrf_cookie["secure"]
    assert csrf_cookie["samesite"] == "Lax"

    response = https.log_in(form_page)

    assert response.status == 302
    assert response.headers["Location"] == "/admin/"
    session_cookie = response.cookie("sessionid")
    assert session_cookie["secure"]
    assert session_cookie["httponly"]
    assert "Site administration" in https.get("/admin/").text


def test_readiness_is_200(https):
    response = https.get("/health/ready/")

    assert response.status == 200
    assert response.text == '{"status": "ok", "database": "ok"}'


def text_urls(https):
    """An HTML page, a stylesheet and a script it loads."""
    urls = static_urls(https.get(PAGE).text)
    stylesheet = next(url for url in urls if url.endswith(".css"))
    script = next(url for url in urls if url.endswith(".js"))
    return {"html": PAGE, "css": stylesheet, "js": script}


DECOMPRESS = {"gzip": gzip.decompress, "zstd": zstd.decompress}


def without_token_and_nonce(body):
    """The page as any visitor gets it: each answer carries a CSRF token and a CSP nonce of its own."""
    return re.sub(rb'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"', b"", body)


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_html_css_and_javascript_come_compressed(https, encoding):
    for kind, path in text_urls(https).items():
        plain = https.get(path, **{"Accept-Encoding": "identity"})
        compressed = https.get(path, **{"Accept-Encoding": encoding})

        assert compressed.status == 200, kind
        assert compressed.headers["Content-Encoding"] == encoding, kind
        assert len(compressed.body) < len(plain.body), kind
        decompressed = DECOMPRESS[encoding](compressed.body)
        assert without_token_and_nonce(decompressed) == without_token_and_nonce(plain.body), kind


def site_names():
    """SITE_ADDRESS's names, besides the localhost the other tests use: at least one."""
    names = [name for name in os.environ["SITE_ADDRESS"].split(",") if name != "localhost"]
    assert names, "SITE_ADDRESS names no site besides localhost: nothing to test"
    return names


@pytest.mark.parametrize("name", site_names())
def test_every_name_in_site_address_is_a_site_of_its_own(name, plain_http):
    """Over HTTPS, TLS names it (SNI), the certificate is valid for it, and Django
    answers to it; over HTTP, its own redirect names the HTTPS port."""
    response = Client(os.environ["BASE_URL"], server_name=name).get(PAGE)
    redirect = plain_http.get(PAGE, Host=name)

    assert response.status == 200
    assert redirect.status in (301, 308)
    assert redirect.headers["Location"] == f"https://{name}:{urlsplit(os.environ['BASE_URL']).port}{PAGE}"


def test_a_name_not_in_site_address_is_refused_with_400():
    response = Client(os.environ["BASE_URL"], server_name=site_names()[0]).get(PAGE, Host="other.example.org")

    assert response.status == 400
