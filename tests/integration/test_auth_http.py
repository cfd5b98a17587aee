"""Authentication over HTTP and the websocket, against the real server on loopback.

Every route of the app (plugins' included) refuses a request without a login,
except the documented public ones; forged, expired and ended logins are refused;
another site cannot post to the login form; failed sign-ins are throttled, then
allowed again; ``/logout`` ends every login of the user, or one; a page whose
login ended has its websocket closed with 4401; ``request.username`` reaches
functions; ``auth_dependency`` and the ``header`` backend decide per request.
"""

from __future__ import annotations

import json
import time
import types
from urllib.parse import urlsplit

import pytest
import requests
import websocket
from flask import Blueprint
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

import blocks as gr
from blocks.hookspecs import hookimpl
from blocks.server.auth import CLOSE_CODE, PAGE_ENDPOINTS, PUBLIC
from blocks.server.launch import Server

USERS = [("ada", "lovelace"), ("alan", "turing")]
UNLOADED: list = []  # request.username of each page whose session ended (demo.unload)


def whoami(text, request: gr.Request):
    return f"{text}:{request.username}"


def what_functions_see(text, request: gr.Request):
    return json.dumps({"cookies": request.cookies, "header": request.headers.get("cookie")})


def record_unload(request: gr.Request):
    UNLOADED.append(request.username)


def build():
    with gr.Blocks(title="Private") as demo:
        box = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        gr.Button("Who").click(whoami, box, out)                       # fn 0
        gr.Button("Cookies").click(what_functions_see, box, out)       # fn 1
        demo.unload(record_unload)
    return demo


def plugin_with_routes():
    """A plugin that adds its own routes: they are behind the login like the core's."""
    blueprint = Blueprint("extra", __name__)

    @blueprint.route("/extra/<name>", methods=["GET", "POST"])
    def extra(name):
        return {"name": name}

    @blueprint.get("/extra-data")
    def data():
        return {"secret": 42}

    module = types.ModuleType("extra_routes_plugin")
    module.blocks_register_routes = hookimpl(lambda app, settings: [blueprint])
    return module


@pytest.fixture(scope="module")
def app():
    flask_app = build().create_app(auth=USERS, plugins=[plugin_with_routes()],
                                   auth_message="Ask **Ada** for an account.")
    server = Server(flask_app, "127.0.0.1", None).start()
    yield types.SimpleNamespace(url=f"http://127.0.0.1:{server.port}/", flask=flask_app,
                                state=flask_app.extensions["blocks"])
    server.stop()


def sign_in(url, username="ada", password="lovelace", session=None) -> requests.Session:
    session = session or requests.Session()
    response = session.post(url + "login", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    assert response.json() == {"success": True}
    return session


def ws_url(url):
    return url.replace("http", "ws", 1) + "ws"


def cookie_header(session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def close_code(ws) -> int:
    """Read frames until the server's close frame; its status code."""
    while True:
        opcode, data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return int.from_bytes(data[:2], "big")


def sample_path(rule) -> str:
    values = {name: ("1" if type(conv).__name__ in ("IntegerConverter", "NumberConverter")
                     else "x") for name, conv in rule._converters.items()}
    return rule.build(values, append_unknown=False)[1]


# -- every route ------------------------------------------------------------------------------
def test_every_route_refuses_a_request_without_a_login(app):
    """New routes cannot forget the check: it runs before every one, whoever added it."""
    rules = list(app.flask.url_map.iter_rules())
    endpoints = {rule.endpoint for rule in rules}
    assert {"extra.extra", "extra.data", "blocks_pages.config", "blocks_files.upload",
            "websocket__handle"} <= endpoints
    checked = 0
    for rule in rules:
        if rule.endpoint in PUBLIC:
            continue
        path = sample_path(rule)
        if rule.websocket:
            ws = websocket.create_connection(ws_url(app.url).rsplit("/", 1)[0] + path,
                                             timeout=10)
            assert close_code(ws) == CLOSE_CODE, rule
            ws.close()
            checked += 1
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = requests.request(method, app.url.rstrip("/") + path,
                                        allow_redirects=False, timeout=10)
            if rule.endpoint in PAGE_ENDPOINTS and method == "GET":
                # a page sends whoever asks to the login page (a health check gets a 200 there)
                assert response.status_code == 302, (rule, response.status_code)
                assert response.headers["Location"].startswith("/login?next=")
            else:
                assert response.status_code == 401, (rule, method, response.status_code)
                assert response.json()["status"] == 401
            navigated = requests.request(method, app.url.rstrip("/") + path, timeout=10,
                                         allow_redirects=False,
                                         headers={"Accept": "text/html", "Sec-Fetch-Mode":
                                                  "navigate"})
            if method == "GET":
                assert navigated.status_code == 302, (rule, navigated.status_code)
                assert navigated.headers["Location"].startswith("/login?next=")
            else:
                assert navigated.status_code == 401, (rule, method)
            checked += 1
    assert checked >= 8
    # a path no route matches gives nothing away either: it is treated as a page
    stranger = requests.get(app.url + "no/such/thing", timeout=10, allow_redirects=False)
    assert stranger.status_code == 302
    assert stranger.headers["Location"].startswith("/login?next=")
    assert requests.get(app.url + "no/such/thing", timeout=10).status_code == 200  # the login


def test_the_public_endpoints_answer_strangers(app):
    assert requests.get(app.url + "theme.css").status_code == 200
    assert requests.get(app.url + "assets/blocks/blocks.css").status_code == 200
    assert requests.get(app.url + "assets/blocks/login.css").status_code == 200
    page = requests.get(app.url + "login")
    assert page.status_code == 200
    assert 'label for="login-username"' in page.text and 'type="password"' in page.text
    assert "<strong>Ada</strong>" in page.text  # auth_message, as Markdown
    assert "<script" not in page.text  # signing in needs no script
    logout = requests.get(app.url + "logout", allow_redirects=False)
    assert logout.status_code == 302


def test_signed_in_every_route_answers(app):
    session = sign_in(app.url)
    assert session.get(app.url).status_code == 200
    config = session.get(app.url + "config").json()
    assert config["username"] == "ada"
    assert config["auth"]["login"] == "/login" and config["auth"]["logout"] == "/logout"
    assert session.get(app.url + "extra-data").json() == {"secret": 42}
    # the login page sends a signed-in visitor on
    assert session.get(app.url + "login?next=/config", allow_redirects=False) \
        .headers["Location"] == "/config"


def test_the_cookie(app):
    response = requests.post(app.url + "login", data={"username": "ada", "password": "lovelace"})
    cookie = response.headers["Set-Cookie"]
    port = urlsplit(app.url).port
    assert cookie.startswith(f"blocks-login-{port}=")
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=604"):
        assert attribute in cookie
    assert "Secure" not in cookie  # plain HTTP, and no trusted proxy says otherwise


# -- forged, expired, ended ------------------------------------------------------------------
def test_a_forged_cookie_is_refused(app):
    session = sign_in(app.url)
    [cookie] = list(session.cookies)
    value, signature = cookie.value.rsplit(".", 1)
    for forged in (value + "." + signature[::-1], "x" + cookie.value, "null", ""):
        response = requests.get(app.url + "config", cookies={cookie.name: forged})
        assert response.status_code == 401, forged
    # a cookie signed with another app's key
    other = build().create_app(auth=USERS)
    other_auth = other.extensions["blocks"].auth
    login_id = app.state.auth._cookies.loads(cookie.value)
    forged = other_auth._cookies.dumps(login_id)
    assert requests.get(app.url + "config", cookies={cookie.name: forged}).status_code == 401


def test_an_expired_login_is_refused(app):
    session = sign_in(app.url)
    [cookie] = list(session.cookies)
    login = app.state.auth.store.get(app.state.auth._cookies.loads(cookie.value))
    assert session.get(app.url + "config").status_code == 200
    login.expires = time.time() - 1
    assert session.get(app.url + "config").status_code == 401


def test_a_cookie_signed_longer_ago_than_auth_max_age_is_refused(app):
    """Even while the store still holds its login (the signature's own age counts)."""
    session = sign_in(app.url)
    [cookie] = list(session.cookies)
    auth = app.state.auth
    login_id = auth._cookies.loads(cookie.value)

    class LastWeek(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 8 * 24 * 3600

    old = URLSafeTimedSerializer(auth._cookies.secret_keys[-1], salt="blocks.login",
                                 signer=LastWeek).dumps(login_id)
    assert auth.store.get(login_id) is not None
    assert requests.get(app.url + "config", cookies={cookie.name: old}).status_code == 401
    assert requests.get(app.url + "config", cookies={cookie.name: cookie.value}) \
        .status_code == 200


# -- the login form -------------------------------------------------------------------------
def test_a_wrong_password_says_nothing_about_the_user(app):
    wrong_password = requests.post(app.url + "login", data={"username": "ada", "password": "x"},
                                   headers={"Accept": "text/html"})
    no_such_user = requests.post(app.url + "login", data={"username": "zed", "password": "x"},
                                 headers={"Accept": "text/html"})
    assert wrong_password.status_code == no_such_user.status_code == 401
    for response in (wrong_password, no_such_user):
        assert "Incorrect username or password." in response.text
        assert 'role="alert"' in response.text
        assert "Set-Cookie" not in response.headers
    program = requests.post(app.url + "login", data={"username": "ada", "password": "x"})
    assert program.status_code == 401
    assert program.json()["error"] == "Incorrect username or password."


def test_a_browser_sign_in_goes_to_next(app):
    response = requests.post(app.url + "login", allow_redirects=False,
                             data={"username": "alan", "password": "turing", "next": "/config"},
                             headers={"Accept": "text/html", "Origin": app.url.rstrip("/"),
                                      "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/config"
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = requests.post(app.url + "login", allow_redirects=False,
                                 data={"username": "alan", "password": "turing",
                                       "next": elsewhere}, headers={"Accept": "text/html"})
        assert response.headers["Location"] == "/", elsewhere


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://other.127.0.0.1.example"},
])
def test_another_site_cannot_post_the_login_form(app, headers):
    response = requests.post(app.url + "login", allow_redirects=False,
                             data={"username": "ada", "password": "lovelace"},
                             headers={"Accept": "text/html", **headers})
    assert response.status_code == 403
    assert "Set-Cookie" not in response.headers


def test_a_sign_in_with_missing_or_huge_fields_is_refused(app):
    for data in ({"username": "ada"}, {"password": "x"}, {"username": "a" * 5000, "password": "x"}):
        response = requests.post(app.url + "login", data=data)
        assert response.status_code == 400, data


# -- throttling ------------------------------------------------------------------------------
@pytest.fixture
def throttled():
    """An app behind a trusted proxy (127.0.0.1), so tests can play several client addresses."""
    flask_app = build().create_app(auth=USERS, trusted_proxies=["127.0.0.1"],
                                   auth_throttle={"attempts": 2, "delay": 0.5, "max_delay": 1,
                                                  "forget": 60})
    server = Server(flask_app, "127.0.0.1", None).start()
    yield f"http://127.0.0.1:{server.port}/"
    server.stop()


def attempt(url, username, password, address):
    return requests.post(url + "login", data={"username": username, "password": password},
                         headers={"X-Forwarded-For": f"{address}, 127.0.0.1"})


def wait_until_allowed(response) -> None:
    time.sleep(float(response.headers["Retry-After"]) + 0.1)


def test_failures_from_one_address_are_throttled_then_allowed_again(throttled):
    for username in ("ada", "alan", "zed"):  # two free failures, one more counted
        assert attempt(throttled, username, "wrong", "10.0.0.1").status_code == 401
    refused = attempt(throttled, "ada", "lovelace", "10.0.0.1")  # even the right password
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert "Too many failed sign-ins" in refused.json()["error"]
    assert attempt(throttled, "alan", "turing", "10.0.0.2").status_code == 200  # others not
    wait_until_allowed(refused)
    assert attempt(throttled, "ada", "lovelace", "10.0.0.1").status_code == 200


def test_failures_for_one_username_are_throttled_from_any_address(throttled):
    for index in range(3):
        assert attempt(throttled, "alan", "wrong", f"10.0.1.{index}").status_code == 401
    refused = attempt(throttled, "Alan", "turing", "10.0.1.9")
    assert refused.status_code == 429
    assert attempt(throttled, "ada", "lovelace", "10.0.1.9").status_code == 200
    wait_until_allowed(refused)
    assert attempt(throttled, "alan", "turing", "10.0.1.9").status_code == 200


def test_a_refused_browser_sees_the_login_page_with_a_retry_after(throttled):
    for _ in range(3):
        attempt(throttled, "ada", "wrong", "10.0.2.1")
    page = requests.post(throttled + "login", data={"username": "ada", "password": "wrong"},
                         headers={"X-Forwarded-For": "10.0.2.1", "Accept": "text/html"})
    assert page.status_code == 429 and "Retry-After" in page.headers
    assert 'role="alert"' in page.text and "Try again in 1 second." in page.text


# -- logging out -----------------------------------------------------------------------------
def open_page(url, session):
    ws = websocket.create_connection(ws_url(url), timeout=10,
                                     header=[f"Cookie: {cookie_header(session)}"])
    assert json.loads(ws.recv())["type"] == "session"
    return ws


def test_logout_ends_every_login_of_the_user_and_closes_their_pages(app):
    laptop, phone, other = sign_in(app.url), sign_in(app.url), sign_in(app.url, "alan", "turing")
    pages = [open_page(app.url, laptop), open_page(app.url, phone)]
    alans = open_page(app.url, other)
    response = laptop.get(app.url + "logout", allow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    for ws in pages:
        assert close_code(ws) == CLOSE_CODE
    assert phone.get(app.url + "config").status_code == 401
    assert other.get(app.url + "config").status_code == 200  # another user stays
    alans.send(json.dumps({"type": "ping"}))
    assert json.loads(alans.recv())["type"] == "pong"
    alans.close()


def test_logout_of_this_browser_only(app):
    laptop, phone = sign_in(app.url, "alan", "turing"), sign_in(app.url, "alan", "turing")
    laptop_page, phone_page = open_page(app.url, laptop), open_page(app.url, phone)
    laptop.get(app.url + "logout?all_session=false", allow_redirects=False)
    assert close_code(laptop_page) == CLOSE_CODE
    assert laptop.get(app.url + "config").status_code == 401
    assert phone.get(app.url + "config").status_code == 200
    phone_page.send(json.dumps({"type": "ping"}))
    assert json.loads(phone_page.recv())["type"] == "pong"
    phone_page.close()


@pytest.mark.parametrize("method, headers", [
    ("GET", {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}),
    ("POST", {"Origin": "http://evil.example"}),
])
def test_another_site_cannot_log_a_visitor_out(app, method, headers):
    session = sign_in(app.url, "alan", "turing")
    response = session.request(method, app.url + "logout", headers=headers,
                               allow_redirects=False)
    assert response.status_code == 403
    assert session.get(app.url + "config").status_code == 200  # still signed in


def test_a_page_whose_login_expires_is_closed(app):
    session = sign_in(app.url)
    ws = open_page(app.url, session)
    [cookie] = list(session.cookies)
    app.state.auth.store.get(app.state.auth._cookies.loads(cookie.value)).expires = 0
    assert close_code(ws) == CLOSE_CODE  # the sweeper (every second) found it


# -- who the functions see ------------------------------------------------------------------
def run_event(ws, text, fn=0):
    ws.send(json.dumps({"type": "event", "id": f"j{fn}", "fn": fn, "data": [text]}))
    while True:
        message = json.loads(ws.recv())
        if message["type"] == "output":
            return message["data"][0]["value"]


def test_functions_get_the_username_and_never_the_cookie(app):
    session = sign_in(app.url, "alan", "turing")
    session.cookies.set("theme", "dark", domain="127.0.0.1")
    ws = open_page(app.url, session)
    assert run_event(ws, "hi") == "hi:alan"
    seen = json.loads(run_event(ws, "", fn=1))
    assert seen["cookies"] == {"theme": "dark"}  # the app's other cookies stay
    assert seen["header"] == "theme=dark"
    ws.close()


def test_unload_gets_the_username_of_a_page_that_logged_out(app):
    session = sign_in(app.url, "alan", "turing")
    ws = open_page(app.url, session)
    session.get(app.url + "logout?all_session=false", allow_redirects=False)
    assert close_code(ws) == CLOSE_CODE
    for _ in range(500):
        if "alan" in UNLOADED:
            break
        time.sleep(0.01)
    assert "alan" in UNLOADED and None not in UNLOADED


def test_a_page_cannot_take_back_another_users_session(app):
    ada, alan = sign_in(app.url), sign_in(app.url, "alan", "turing")
    ws = open_page(app.url, ada)
    ws.send(json.dumps({"type": "event", "id": "j1", "fn": 0, "data": ["x"]}))
    session_hash = None
    for session in list(app.state.sessions):
        if getattr(session, "login_id", None) and session.request.username == "ada":
            session_hash = session.hash
    assert session_hash
    other = websocket.create_connection(ws_url(app.url) + f"?__session={session_hash}",
                                        timeout=10, header=[f"Cookie: {cookie_header(alan)}"])
    first = json.loads(other.recv())
    assert first["type"] == "session" and first["session_hash"] != session_hash
    assert first["resumed"] is False
    other.close()
    ws.close()


# -- auth_dependency and the header backend ----------------------------------------------------
def test_auth_dependency_decides_on_every_request():
    asked = []

    def from_header(request):
        asked.append(request.path)
        return request.headers.get("x-user")

    flask_app = build().create_app(auth_dependency=from_header)
    server = Server(flask_app, "127.0.0.1", None).start()
    try:
        url = f"http://127.0.0.1:{server.port}/"
        assert requests.get(url + "config").status_code == 401
        assert requests.get(url + "config", headers={"X-User": "ann"}).json()["username"] == "ann"
        assert requests.get(url + "login").status_code == 401  # no login page: nothing public
        ws = websocket.create_connection(ws_url(url), timeout=10, header=["X-User: ann"])
        assert json.loads(ws.recv())["type"] == "session"
        assert run_event(ws, "hi") == "hi:ann"
        ws.close()
        refused = websocket.create_connection(ws_url(url), timeout=10)
        assert close_code(refused) == CLOSE_CODE
        assert "/config" in asked and "/ws" in asked
    finally:
        server.stop()


def test_auth_dependency_excludes_auth():
    with pytest.raises(ValueError, match="cannot be used with auth"):
        build().create_app(auth=USERS, auth_dependency=lambda request: "x")


def test_the_header_backend_believes_only_trusted_proxies():
    with pytest.raises(ValueError, match="trusted_proxies"):
        build().create_app(auth_backend="header")
    flask_app = build().create_app(auth_backend="header", trusted_proxies=["127.0.0.1"],
                                   auth_config={"header": "X-Remote-User"})
    untrusted = build().create_app(auth_backend="header", trusted_proxies=["10.9.9.9"])
    servers = [Server(flask_app, "127.0.0.1", None).start(),
               Server(untrusted, "127.0.0.1", None).start()]
    try:
        url, other = (f"http://127.0.0.1:{server.port}/" for server in servers)
        assert requests.get(url + "config").status_code == 401
        assert requests.get(url + "config", headers={"X-Remote-User": "bob"}).json()[
            "username"] == "bob"
        # the same header from an address that is not a trusted proxy is not believed
        assert requests.get(other + "config", headers={"X-Forwarded-User": "bob"}) \
            .status_code == 401
    finally:
        for server in servers:
            server.stop()


def test_a_trusted_proxy_that_says_https_gets_a_secure_cookie():
    flask_app = build().create_app(auth=USERS, trusted_proxies=["127.0.0.1"])
    plain = build().create_app(auth=USERS)
    servers = [Server(flask_app, "127.0.0.1", None).start(),
               Server(plain, "127.0.0.1", None).start()]
    try:
        url, other = (f"http://127.0.0.1:{server.port}/" for server in servers)
        data = {"username": "ada", "password": "lovelace"}
        behind = requests.post(url + "login", data=data, headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in behind.headers["Set-Cookie"]
        lied = requests.post(other + "login", data=data, headers={"X-Forwarded-Proto": "https"})
        assert "Secure" not in lied.headers["Set-Cookie"]  # not from a trusted proxy
    finally:
        for server in servers:
            server.stop()
