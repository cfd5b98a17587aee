"""Sessions and state in Chromium: isolation, change events, reconnects, unload, BrowserState."""

import json
import time

import pytest
import websocket
from playwright.sync_api import expect

import blocks as gr


def cart_app():
    # the seeds' shopping cart: State as input and output, .change on the state
    with gr.Blocks() as demo:
        cart = gr.State([])
        item = gr.Textbox(label="Item")
        size = gr.Textbox(label="Cart size")
        items = gr.Textbox(label="Items")
        add = gr.Button("Add to cart")

        def add_item(new_item, current):
            current.append(new_item)  # mutated in place, then returned
            return current, ""

        add.click(add_item, [item, cart], [cart, item])
        cart.change(lambda c: (str(len(c)), ", ".join(c)), cart, [size, items])
    return demo


def add(page, name):
    page.get_by_label("Item", exact=True).fill(name)
    page.get_by_role("button", name="Add to cart").click()


def test_two_browser_contexts_never_share_state(serve, browser):
    url = serve(cart_app())
    pages = [browser.new_context().new_page() for _ in range(2)]
    try:
        for page in pages:
            page.goto(url)
        add(pages[0], "apple")
        expect(pages[0].get_by_label("Cart size")).to_have_value("1")
        add(pages[1], "pear")
        add(pages[0], "plum")
        expect(pages[0].get_by_label("Items")).to_have_value("apple, plum")
        expect(pages[1].get_by_label("Items")).to_have_value("pear")
        expect(pages[1].get_by_label("Cart size")).to_have_value("1")
    finally:
        for page in pages:
            page.context.close()


def test_refresh_starts_a_new_session(serve, page):
    page.goto(serve(cart_app()))
    add(page, "apple")
    expect(page.get_by_label("Cart size")).to_have_value("1")
    page.reload()
    add(page, "pear")
    expect(page.get_by_label("Items")).to_have_value("pear")


def test_reconnect_keeps_the_session(serve, page):
    page.goto(serve(cart_app()))
    add(page, "apple")
    expect(page.get_by_label("Cart size")).to_have_value("1")
    first = page.evaluate("window.blocksApp.sessionHash")
    page.evaluate("window.blocksApp.ws.close()")  # the connection drops, the tab stays
    page.wait_for_function("() => window.blocksApp.ws && window.blocksApp.ws.readyState === 1")
    add(page, "pear")
    expect(page.get_by_label("Items")).to_have_value("apple, pear")
    assert page.evaluate("window.blocksApp.sessionHash") == first


def test_a_page_whose_session_another_connection_took_says_so_and_stays_away(serve, page):
    url = serve(cart_app())
    page.goto(url)
    add(page, "apple")
    expect(page.get_by_label("Cart size")).to_have_value("1")
    session_hash = page.evaluate("window.blocksApp.sessionHash")
    other = websocket.create_connection(
        f"{url.replace('http', 'ws', 1)}ws?__session={session_hash}", timeout=10)
    try:
        assert json.loads(other.recv())["resumed"] is True
        expect(page.get_by_role("region", name="Notifications")).to_contain_text(
            "another connection")
        # the page does not reconnect (that would take the session back and close `other`)
        other.settimeout(2)
        with pytest.raises(websocket.WebSocketTimeoutException):
            other.recv()
    finally:
        other.close()


def test_session_hash_dictionary_with_load_and_unload(serve, browser):
    # the seeds' pattern for objects that cannot be deep-copied
    import threading

    class NonDeepCopyable:
        def __init__(self):
            self.counter = 0
            self.lock = threading.Lock()

        def increment(self):
            with self.lock:
                self.counter += 1
                return self.counter

    instances = {}

    def initialize_instance(request: gr.Request):
        instances[request.session_hash] = NonDeepCopyable()
        return "Session initialized!"

    def cleanup_instance(request: gr.Request):
        if request.session_hash in instances:
            del instances[request.session_hash]

    def increment_counter(request: gr.Request):
        if request.session_hash in instances:
            return instances[request.session_hash].increment()
        return "Error: Session not initialized"

    with gr.Blocks() as demo:
        output = gr.Textbox(label="Status")
        counter = gr.Number(label="Counter Value")
        increment_btn = gr.Button("Increment Counter")
        increment_btn.click(increment_counter, inputs=None, outputs=counter)
        demo.load(initialize_instance, inputs=None, outputs=output)
        demo.unload(cleanup_instance)

    url = serve(demo)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_label("Status")).to_have_value("Session initialized!")
    page.get_by_role("button", name="Increment Counter").click()
    # a click while the previous one runs is ignored (trigger_mode "once"): wait for it
    expect(page.get_by_label("Counter Value")).to_have_value("1")
    page.get_by_role("button", name="Increment Counter").click()
    expect(page.get_by_label("Counter Value")).to_have_value("2")
    assert len(instances) == 1
    page.close()  # closing the tab ends the session: unload runs without a delay
    deadline = time.time() + 5
    while instances and time.time() < deadline:
        time.sleep(0.05)
    assert instances == {}
    context.close()


def test_unload_runs_when_navigating_away(serve, page):
    closed = []
    with gr.Blocks() as demo:
        gr.Markdown("# When you close the tab, hello will be recorded")
        demo.unload(lambda: closed.append("hello"))

    page.goto(serve(demo))
    page.wait_for_function("() => window.blocksApp && window.blocksApp.sessionHash")
    page.goto("about:blank")
    deadline = time.time() + 5
    while not closed and time.time() < deadline:
        time.sleep(0.05)
    assert closed == ["hello"]


def browser_state_app(secret):
    with gr.Blocks() as demo:
        saved = gr.BrowserState("nobody", storage_key="login", secret=secret)
        name = gr.Textbox(label="Username")
        shown = gr.Textbox(label="Saved")
        gr.Button("Save").click(lambda n: n, name, saved)
        saved.change(lambda v: v, saved, shown)
        demo.load(lambda v: v, saved, shown)
    return demo


def test_browser_state_survives_a_reload(serve, page):
    page.goto(serve(browser_state_app("s3cret")))
    expect(page.get_by_label("Saved")).to_have_value("nobody")
    page.get_by_label("Username").fill("ada")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Saved")).to_have_value("ada")
    token = page.evaluate("localStorage.getItem('login')")
    assert token and "ada" not in token
    page.reload()
    expect(page.get_by_label("Saved")).to_have_value("ada")


def test_browser_state_is_unreadable_with_another_secret(serve, page):
    from testkit import free_port
    port = free_port()
    first = browser_state_app("one")
    url = serve(first, server_port=port)
    page.goto(url)
    page.get_by_label("Username").fill("ada")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Saved")).to_have_value("ada")
    first.close()
    # another app on the same origin and storage key, with another secret
    serve(browser_state_app("two"), server_port=port)
    page.reload()
    expect(page.get_by_label("Saved")).to_have_value("nobody")
    assert page.evaluate("localStorage.getItem('login')")  # the token is there, unreadable
