"""Authentication without a server: backends, options from the environment, the login
store, throttling, where a sign-in may lead, and what functions receive."""

from __future__ import annotations

import os
import warnings
from typing import ClassVar

import pytest

import blocks as gr
from blocks.auth import HeaderAuth, Option, PasswordAuth, parse_networks
from blocks.auth_store import Login, MemoryLoginStore, Throttle
from blocks.exceptions import BlocksWarning
from blocks.processing import call_without_inputs
from blocks.request import LOGIN_COOKIE_KEY, LOGIN_KEY, Request
from blocks.server.auth import backend_options, safe_next


# -- the password backend --------------------------------------------------------------------
@pytest.mark.parametrize("auth", [("ada", "pw"), [("ada", "pw"), ("bob", "x")],
                                  [["ada", "pw"]]])
def test_pairs(auth):
    backend = PasswordAuth(auth)
    assert backend.check_password("ada", "pw")
    assert not backend.check_password("ada", "PW")
    assert not backend.check_password("ad", "pw")
    assert not backend.check_password("nobody", "pw")


def test_a_function():
    backend = PasswordAuth(lambda username, password: username == password)
    assert backend.check_password("x", "x") and not backend.check_password("x", "y")


def test_bad_credentials_and_options_are_refused():
    with pytest.raises(TypeError, match="tuple"):
        PasswordAuth([("ada",)])
    with pytest.raises(ValueError, match="needs users"):
        PasswordAuth()
    with pytest.raises(TypeError, match="accepts: users, users_file"):
        PasswordAuth(("a", "b"), user_file="x")


def test_a_users_file(tmp_path):
    path = tmp_path / "users"
    path.write_text("# who may come in\nada:pass:word\n\nbob:x\n")
    os.chmod(path, 0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        backend = PasswordAuth(users_file=str(path))
    assert backend.check_password("ada", "pass:word") and backend.check_password("bob", "x")
    os.chmod(path, 0o644)
    with pytest.warns(BlocksWarning, match="chmod 600"):
        PasswordAuth(users_file=str(path))
    os.chmod(path, 0o600)
    path.write_text("no colon here\n")
    with pytest.raises(ValueError, match="line 1: expected 'username:password'"):
        PasswordAuth(users_file=str(path))
    with pytest.raises(ValueError, match="Cannot read the users file"):
        PasswordAuth(users_file=str(tmp_path / "missing"))


def test_options_come_from_the_environment(monkeypatch, tmp_path):
    class Backend(HeaderAuth):
        OPTIONS: ClassVar[dict[str, Option]] = {
            "header": Option("h"), "scopes": Option("s", kind="list"),
            "pkce": Option("p", kind="bool"), "client_secret": Option("c", secret=True),
            "check": Option("f", kind="none")}

    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("BLOCKS_AUTH_SCOPES", "openid, email profile")
    monkeypatch.setenv("BLOCKS_AUTH_PKCE", "yes")
    monkeypatch.setenv("BLOCKS_AUTH_CLIENT_SECRET_FILE", str(secret))
    monkeypatch.setenv("BLOCKS_AUTH_CHECK", "ignored")
    options = backend_options(Backend, {"header": "X-User"})
    assert options == {"header": "X-User", "scopes": ["openid", "email", "profile"],
                       "pkce": True, "client_secret": "s3cret"}
    monkeypatch.setenv("BLOCKS_AUTH_HEADER", "X-Other")
    assert backend_options(Backend, {"header": "X-User"})["header"] == "X-User"  # given wins


def test_networks():
    assert [str(n) for n in parse_networks("127.0.0.1, 10.0.0.0/8")] == ["127.0.0.1/32",
                                                                        "10.0.0.0/8"]
    with pytest.raises(ValueError, match="not an IP address"):
        parse_networks(["proxy.local"])


# -- the login store and throttling ----------------------------------------------------------
def login(id_, username, expires=1e12):
    return Login(id=id_, username=username, backend="password", created=0, expires=expires)


def test_the_memory_store():
    store = MemoryLoginStore()
    for item in (login("1", "ada"), login("2", "ada"), login("3", "bob"), login("4", "bob", 1)):
        store.add(item)
    assert store.get("4") is None  # expired
    assert sorted(store.remove_user("ada")) == ["1", "2"]
    assert store.get("1") is None and store.get("3").username == "bob"
    assert store.remove("3").username == "bob" and store.get("3") is None
    assert store.record_failure("k", 100.0, 60) == (1, 100.0)
    assert store.record_failure("k", 110.0, 60) == (2, 110.0)
    assert store.failures("k", 150.0, 60) == (2, 110.0)
    assert store.failures("k", 171.0, 60) == (0, 0.0)  # forgotten
    store.record_failure("k", 200.0, 60)
    store.clear_failures("k")
    assert store.failures("k", 200.0, 60) == (0, 0.0)


def test_the_throttle_doubles_then_caps():
    throttle = Throttle(attempts=5, delay=1, max_delay=300, forget=900)
    assert [throttle.wait(n, 0.0, 0.0) for n in range(5, 10)] == [0, 1, 2, 4, 8]
    assert throttle.wait(40, 0.0, 0.0) == 300
    assert throttle.wait(7, 0.0, 1.5) == 0.5  # counted from the last failure
    assert Throttle.of(None) == Throttle()
    assert Throttle.of({"attempts": 1}).attempts == 1
    with pytest.raises(TypeError, match="no key"):
        Throttle.of({"tries": 3})
    with pytest.raises(ValueError):
        Throttle.of({"delay": 0})


# -- where a sign-in leads -------------------------------------------------------------------
@pytest.mark.parametrize("given, root, expected", [
    ("/config?page=x", "", "/config?page=x"),
    (None, "", "/"),
    ("https://evil.example/", "", "/"),
    ("//evil.example/", "", "/"),
    ("/\\evil.example", "", "/"),
    ("/a\nb", "", "/"),
    ("/demo/x", "/demo", "/demo/x"),
    ("/other/x", "/demo", "/demo/"),
    ("/demox", "/demo", "/demo/"),
])
def test_next_stays_in_the_app(given, root, expected):
    assert safe_next(given, root) == expected


# -- what functions receive ------------------------------------------------------------------
def environ(login_=None, cookie="blocks-login-7860=abc; theme=dark"):
    env = {"REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie, "PATH_INFO": "/ws",
           LOGIN_COOKIE_KEY: "blocks-login-7860"}
    if login_ is not None:
        env[LOGIN_KEY] = login_
    return env


def test_the_request_has_the_username_and_not_the_cookie():
    request = Request.from_environ(environ(login("1", "ada")))
    assert request.username == "ada"
    assert request.cookies == {"theme": "dark"}
    assert request.headers["cookie"] == "theme=dark"
    assert Request.from_environ(environ()).username is None


def test_oauth_parameters_get_the_profile_and_the_token():
    signed_in = login("1", "ada")
    signed_in.profile = {"sub": "1", "name": "Ada L.", "preferred_username": "ada",
                         "picture": "https://example.com/ada.png", "email": "ada@example.com"}
    signed_in.token = {"access_token": "t0k3n", "scope": "openid email", "expires_at": 1900000000}

    def shown(profile: gr.OAuthProfile | None, token: gr.OAuthToken | None = None):
        return profile, token

    profile, token = call_without_inputs(shown, Request.from_environ(environ(signed_in)))
    assert isinstance(profile, gr.OAuthProfile) and profile["email"] == "ada@example.com"
    assert (profile.name, profile.username, profile.picture) == \
        ("Ada L.", "ada", "https://example.com/ada.png")
    assert token == gr.OAuthToken("t0k3n", "openid email", 1900000000)
    # a password login, or nobody: None
    assert call_without_inputs(shown, Request.from_environ(environ(login("2", "bob")))) == \
        (None, None)
    assert call_without_inputs(shown, None) == (None, None)


# -- without a server running the loop: a Flask test client -------------------------------
def test_a_flask_test_client_signs_in_and_asks_the_dependency():
    """The password check and ``auth_dependency`` run in worker threads; the waiting
    request is woken even though no server runs the gevent loop."""
    with gr.Blocks() as demo:
        gr.Textbox()
    client = demo.create_app(auth=("ada", "pw")).test_client()
    assert client.get("/config").status_code == 401
    assert client.post("/login", data={"username": "ada", "password": "no"}).status_code == 401
    assert client.post("/login", data={"username": "ada", "password": "pw"}).status_code == 200
    assert client.get("/config").get_json()["username"] == "ada"

    app = demo.create_app(auth_dependency=lambda request: request.headers.get("x-user"))
    client = app.test_client()
    assert client.get("/config").status_code == 401
    assert client.get("/config", headers={"X-User": "bob"}).get_json()["username"] == "bob"


def test_a_scripts_launch_auth_applies_under_blocks_wsgi(tmp_path):
    from blocks.wsgi import app as wsgi_app
    script = tmp_path / "app.py"
    script.write_text("import blocks as gr\nwith gr.Blocks() as demo:\n    gr.Textbox()\n"
                      "demo.launch(auth=('ada', 'pw'), auth_message='Members only')\n")
    client = wsgi_app(str(script)).test_client()
    assert client.get("/config").status_code == 401
    assert "Members only" in client.get("/login").get_data(as_text=True)
    assert client.post("/login", data={"username": "ada", "password": "pw"}).status_code == 200
    # a setting given to blocks.wsgi:app(...) wins over the script's
    client = wsgi_app(str(script), auth=[("bob", "pw2")]).test_client()
    assert client.post("/login", data={"username": "ada", "password": "pw"}).status_code == 401
    assert client.post("/login", data={"username": "bob", "password": "pw2"}).status_code == 200
