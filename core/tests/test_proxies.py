"""Reverse proxies: forwarded headers from trusted proxies only; root_path as a full URL;
a cross-origin refusal that names what it compared. A real server on loopback."""

from __future__ import annotations

import pytest
import requests

import blocks as gr
from blocks.server.proxies import TrustedProxies
from blocks.server.settings import Settings, split_root_path


def app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        name.submit(lambda n: n, name, name, api_name="echo")
    return demo


def upload(url, **headers):
    return requests.post(url + "upload", files={"files": ("a.txt", b"x")}, headers=headers,
                         timeout=10)


def test_refusal_names_the_origin_and_host_it_compared(serve):
    url = serve(app())
    host = url.split("/")[2]
    refused = upload(url, Origin="https://example.com:8443")
    assert refused.status_code == 403
    message = refused.json()["error"]
    assert "'https://example.com:8443'" in message and f"Host '{host}'" in message
    assert "trusted_proxies" in message


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(serve):
    url = serve(app())  # no trusted_proxies
    headers = {"Origin": "https://example.com", "X-Forwarded-Host": "example.com",
               "X-Forwarded-Proto": "https"}
    assert upload(url, **headers).status_code == 403
    assert requests.get(url + "config", headers=headers, timeout=10).json()["root"] == \
        url.rstrip("/")


@pytest.mark.parametrize("headers", [
    {"X-Forwarded-Host": "example.com:8443", "X-Forwarded-Proto": "https",
     "X-Forwarded-Prefix": "/app"},
    {"X-Forwarded-Host": "spoofed.example, example.com", "X-Forwarded-Port": "8443",
     "X-Forwarded-Proto": "http, https", "X-Forwarded-Prefix": "/app/"},
    {"Forwarded": 'for=192.0.2.1;host="spoofed", for=192.0.2.60;proto=https;'
                  'host="example.com:8443"', "X-Forwarded-Prefix": "/app"},
])
def test_a_trusted_proxy_says_what_the_browser_asked_for(serve, headers):
    url = serve(app(), trusted_proxies=["127.0.0.0/8"], allowed_hosts=["example.com"])
    assert upload(url, Origin="https://example.com:8443", **headers).status_code == 200
    config = requests.get(url + "config", headers=headers, timeout=10).json()
    assert config["root"] == "https://example.com:8443/app"
    page = requests.get(url, headers=headers, timeout=10).text
    assert "/app/assets/v-" in page


def test_root_path_may_be_a_full_url(serve):
    assert split_root_path("https://example.com/demo/") == ("/demo", "https://example.com")
    assert split_root_path("/demo/") == ("/demo", "")
    with pytest.raises(ValueError, match="root_path"):
        split_root_path("demo")
    url = serve(app(), root_path="https://example.com/demo")
    assert url.endswith("/demo/")
    served = url.replace("/demo/", "/")
    config = requests.get(served + "config", timeout=10).json()
    assert config["root"] == "https://example.com/demo"
    assert "/demo/assets/v-" in requests.get(served, timeout=10).text


def test_trusted_proxies_are_checked():
    assert [str(n) for n in Settings(trusted_proxies="127.0.0.1, 10.0.0.0/8").trusted_proxies] \
        == ["127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(ValueError, match="'nginx'"):
        Settings(trusted_proxies=["nginx"])


def test_bad_forwarded_values_change_nothing():
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "app:80", "wsgi.url_scheme": "http",
               "HTTP_X_FORWARDED_HOST": "evil/path", "HTTP_X_FORWARDED_PROTO": "gopher",
               "HTTP_X_FORWARDED_PREFIX": "app\r\nX: 1", "HTTP_X_FORWARDED_FOR": "unknown"}
    TrustedProxies.apply(environ)
    assert (environ["HTTP_HOST"], environ["wsgi.url_scheme"], environ["REMOTE_ADDR"]) == \
        ("app:80", "http", "127.0.0.1")  # REMOTE_ADDR stays the proxy's, always
    assert "SCRIPT_NAME" not in environ
