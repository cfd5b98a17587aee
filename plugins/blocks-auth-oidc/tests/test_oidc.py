"""OpenID Connect against a real provider on loopback: ``oidc-provider`` (npm, pinned) under
Node, installed by the fixture into the repository's git-ignored ``.cache/``.

Chromium goes through the whole redirect flow (the provider's own sign-in and consent
pages), the app's functions get ``gr.OAuthProfile`` and ``gr.OAuthToken``,
``gr.LoginButton`` turns into "Logout (ada)", and logging out ends the login at the app and
at the provider. A callback whose state was tampered with, or that did not start here, is
refused.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

import blocks as gr
from blocks.server.launch import Server

ROOT = Path(__file__).resolve().parents[3]
PROVIDER_VERSION = "9.13.3"
CACHE = ROOT / ".cache" / f"oidc-provider-{PROVIDER_VERSION}"
CLIENT_ID, CLIENT_SECRET = "blocks-test-app", "a-test-secret-that-is-long-enough"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install_provider() -> Path:
    """``oidc-provider`` and its dependencies from the npm registry, once per checkout."""
    if (CACHE / "node_modules" / "oidc-provider" / "package.json").is_file():
        return CACHE
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        message = "Node and npm are needed to run the OpenID provider of these tests."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "package.json").write_text('{"private": true, "type": "module"}\n')
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--ignore-scripts",
                    f"oidc-provider@{PROVIDER_VERSION}"], cwd=CACHE, check=True,
                   capture_output=True, timeout=600)
    return CACHE


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the OpenID provider did not start:\n{log.read_text()}")
        time.sleep(0.2)


def profile_line(profile: gr.OAuthProfile | None, token: gr.OAuthToken | None):
    if profile is None:
        return "Not signed in."
    return (f"{profile.name} <{profile['email']}> as {profile.username}; "
            f"token: {'yes' if token and token.token else 'no'}")


def build():
    with gr.Blocks(title="Provider app") as demo:
        gr.LoginButton()
        who = gr.Textbox(label="Who")
        demo.load(profile_line, None, who)
    return demo


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    folder = install_provider()
    shutil.copy(Path(__file__).with_name("provider.mjs"), folder / "provider.mjs")
    provider_port = free_port()
    issuer = f"http://127.0.0.1:{provider_port}"
    apps = {}
    for name, required in (("required", True), ("optional", False)):
        app = build().create_app(auth_backend="oidc", auth_config={
            "discovery_url": f"{issuer}/.well-known/openid-configuration",
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "title": "Test ID",
            "provider_logout": True, "required": required})
        apps[name] = Server(app, "127.0.0.1", None).start()
    # both apps are one client: the provider accepts the required app's callback and the
    # optional app uses the same port numbering trick below
    app_url = f"http://127.0.0.1:{apps['required'].port}"
    log = tmp_path_factory.mktemp("provider") / "provider.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            ["node", "provider.mjs", str(provider_port), CLIENT_ID, CLIENT_SECRET,
             f"{app_url}/login/callback", f"{app_url}/"], cwd=folder, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"{issuer}/.well-known/openid-configuration", process, log)
        yield {"issuer": issuer, "app": app_url + "/",
               "optional": f"http://127.0.0.1:{apps['optional'].port}/"}
    finally:
        process.terminate()
        process.wait(timeout=20)
        for server in apps.values():
            server.stop()


@pytest.fixture
def quiet_page(page):
    """The provider's pages ask for web fonts; there is no internet here."""
    page.route("**/fonts.googleapis.com/**", lambda route: route.abort())
    page.route("**/fonts.gstatic.com/**", lambda route: route.abort())
    return page


def sign_in_at_provider(page, username="ada"):
    page.get_by_placeholder("Enter any login").fill(username)
    page.get_by_placeholder("and password").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # consent


def test_the_whole_flow_in_chromium(servers, quiet_page):
    page = quiet_page
    page.goto(servers["app"])
    expect(page).to_have_url(re.compile("^" + re.escape(servers["issuer"])))  # the provider
    sign_in_at_provider(page)
    expect(page.get_by_label("Who")).to_have_value(
        "Ada Lovelace <ada@example.com> as ada; token: yes")
    assert page.url == servers["app"]
    config = page.evaluate("fetch('/config').then((r) => r.json())")
    assert config["username"] == "ada"
    page.reload()  # the session cookie keeps the login
    expect(page.get_by_label("Who")).to_have_value(
        "Ada Lovelace <ada@example.com> as ada; token: yes")
    # gr.LoginButton signs out: at the app, then at the provider, then back
    page.get_by_role("link", name="Logout (ada)").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    # back at the app, which needs a login: the provider asks for one again
    expect(page.get_by_placeholder("Enter any login")).to_be_visible()
    assert requests.get(servers["app"] + "config").status_code == 401


def test_a_tampered_state_is_refused(servers):
    browser = requests.Session()
    start = browser.get(servers["app"] + "login", allow_redirects=False)
    assert start.status_code == 302 and start.headers["Location"].startswith(servers["issuer"])
    assert "code_challenge_method=S256" in start.headers["Location"]
    assert "nonce=" in start.headers["Location"]
    response = browser.get(servers["app"] + "login/callback?code=abc&state=tampered",
                           headers={"Accept": "text/html"})
    assert response.status_code == 401
    assert "its state differs" in response.text
    assert not any(c.name.startswith("blocks-login") and not c.name.endswith("-flow")
                   for c in browser.cookies)
    # an answer that did not start here: no flow cookie at all
    stranger = requests.get(servers["app"] + "login/callback?code=abc&state=x")
    assert stranger.status_code == 400
    # the provider's own refusal is passed on
    browser.get(servers["app"] + "login", allow_redirects=False)
    denied = browser.get(servers["app"] + "login/callback?error=access_denied&state=x")
    assert denied.status_code == 401 and "access_denied" in denied.json()["error"]


def test_an_optional_login_leaves_the_app_open(servers, quiet_page):
    page = quiet_page
    page.goto(servers["optional"])
    expect(page.get_by_label("Who")).to_have_value("Not signed in.")
    expect(page.get_by_role("link", name="Sign in with Test ID")).to_be_visible()
    assert requests.get(servers["optional"] + "config").json()["username"] is None


def test_misconfiguration_is_refused():
    with pytest.raises(ValueError, match="needs discovery_url, client_id"):
        build().create_app(auth_backend="oidc")
    with pytest.raises(ValueError, match="must include 'openid'"):
        build().create_app(auth_backend="oidc", auth_config={
            "discovery_url": "https://id.example.com/.well-known/openid-configuration",
            "client_id": "x", "scopes": ["email"]})
    with pytest.raises(TypeError, match="has no option"):
        build().create_app(auth_backend="oidc", auth_config={"client": "x"})
