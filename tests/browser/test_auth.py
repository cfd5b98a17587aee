"""Signing in and out in Chromium: the login page, a wrong password, staying signed in,
logging out (every tab of the user goes to the login page), the websocket refused
without a login, and ``request.username`` shown by a function."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import blocks as gr
from blocks.server.launch import Server

USERS = [("ada", "lovelace"), ("alan", "turing")]


def welcome(request: gr.Request):
    return f"Welcome, {request.username}!"


@pytest.fixture(scope="module")
def url():
    with gr.Blocks(title="Members") as demo:
        greeting = gr.Textbox(label="Greeting")
        gr.Button("Logout", link="/logout")
        demo.load(welcome, None, greeting)
    app = demo.create_app(auth=USERS, auth_message="Members only. Ask **Ada** for an account.")
    server = Server(app, "127.0.0.1", None).start()
    yield f"http://127.0.0.1:{server.port}/"
    server.stop()


def sign_in(page, username="ada", password="lovelace"):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_stay_signed_in_and_log_out(url, page):
    page.goto(url)
    expect(page).to_have_title("Sign in · Members")
    expect(page.get_by_role("heading", name="Members")).to_be_visible()
    expect(page.get_by_text("Members only.")).to_be_visible()
    sign_in(page, password="wrong")
    expect(page.get_by_role("alert")).to_have_text("Incorrect username or password.")
    expect(page.get_by_label("Username")).to_have_value("ada")  # kept; the password is not
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_label("Password")).to_be_focused()
    # the keyboard is enough
    page.keyboard.type("lovelace")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Greeting")).to_have_value("Welcome, ada!")
    page.reload()
    expect(page.get_by_label("Greeting")).to_have_value("Welcome, ada!")
    page.get_by_role("link", name="Logout").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto(url)
    expect(page.get_by_label("Username")).to_be_visible()  # still signed out


def test_logging_out_sends_every_tab_of_the_user_to_the_login_page(url, page):
    page.goto(url)
    sign_in(page, "alan", "turing")
    other = page.context.new_page()
    other.goto(url)
    expect(other.get_by_label("Greeting")).to_have_value("Welcome, alan!")
    expect(page.get_by_label("Greeting")).to_have_value("Welcome, alan!")
    other.get_by_role("link", name="Logout").click()
    # the first tab's websocket is closed (4401): it reloads, and shows the login page
    expect(page.get_by_label("Password")).to_be_visible()
    expect(page).to_have_url(url + "login?next=/")
    other.close()


def test_the_websocket_is_refused_without_a_login(url, page):
    page.goto(url + "login")
    code = page.evaluate("""(url) => new Promise((resolve) => {
        const ws = new WebSocket(url);
        ws.onclose = (event) => resolve(event.code);
    })""", url.replace("http", "ws", 1) + "ws")
    assert code == 4401


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_login_page_is_themed_and_accessible(url, page, axe_audit, mode):
    page.goto(f"{url}login?__theme={mode}")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (mode == "light"), background
    found = axe_audit(page, f"login page, {mode}")
    sign_in(page, password="wrong")
    expect(page.get_by_role("alert")).to_be_visible()
    found += axe_audit(page, f"login page with an error, {mode}")
    assert not found, "\n".join(found)
