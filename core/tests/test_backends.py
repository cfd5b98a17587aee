"""Choosing the session store and queue backend, and the settings they declare."""

import sys
import types

import pytest

import blocks as gr
from blocks.hookspecs import hookimpl
from blocks.queue_shared import QueueBackend
from blocks.server.launch import _is_setting
from blocks.session_memory import MemorySessionStore


class FakeStore(MemorySessionStore):
    name = "fake"
    options = ("fake_url", "fake_prefix")


class FakeLines(QueueBackend):
    name = "fake"


def plugin():
    module = types.ModuleType("fake_backends")

    @hookimpl
    def blocks_register_state_backends():
        return [FakeStore]

    @hookimpl
    def blocks_register_queue_backends():
        return [FakeLines]

    module.blocks_register_state_backends = blocks_register_state_backends
    module.blocks_register_queue_backends = blocks_register_queue_backends
    sys.modules.setdefault("fake_backends", module)
    return module


def demo():
    with gr.Blocks() as app:
        gr.Textbox()
    return app


def state(app):
    return app.extensions["blocks"]


def test_the_defaults_keep_the_queue_in_process():
    app = state(demo().create_app())
    assert type(app.store).__name__ == "MemorySessionStore" and app.queue.shared is None
    assert not app.runtime.blocking


def test_a_backend_gets_its_settings_and_brings_its_queue_backend(monkeypatch):
    monkeypatch.setenv("BLOCKS_FAKE_PREFIX", "from-env")
    app = state(demo().create_app(plugins=[plugin()], state_backend="fake", fake_url="u",
                                  secret="s"))
    assert isinstance(app.store, FakeStore)
    assert app.store.options == {"fake_url": "u", "fake_prefix": "from-env"}
    assert app.store.secret == "s"
    assert isinstance(app.queue.shared.backend, FakeLines)
    assert app.queue.shared.backend.store is app.store


def test_the_environment_chooses_the_backend(monkeypatch):
    monkeypatch.setenv("BLOCKS_STATE_BACKEND", "fake")
    monkeypatch.setenv("BLOCKS_QUEUE_BACKEND", "memory")
    app = state(demo().create_app(plugins=[plugin()]))
    assert isinstance(app.store, FakeStore) and app.queue.shared is None


def test_unknown_backends_and_settings_are_refused():
    with pytest.raises(ValueError, match="No state backend named 'nope'; installed: memory"):
        demo().create_app(state_backend="nope")
    with pytest.raises(ValueError, match="No queue backend named 'nope'"):
        demo().create_app(queue_backend="nope")
    with pytest.raises(TypeError, match=r"Unknown setting.*fake_url"):
        demo().create_app(fake_url="u")  # the memory store takes no such setting


def test_a_missing_redis_backend_names_its_distribution(monkeypatch):
    monkeypatch.setenv("BLOCKS_LOAD_PLUGINS", "")  # as if blocks-redis were not installed
    with pytest.raises(ValueError, match="comes with blocks-redis: pip install blocks-redis"):
        demo().create_app(state_backend="redis")


def test_launch_passes_on_the_settings_named_after_the_backend():
    assert _is_setting("redis_url", {"state_backend": "redis"})
    assert _is_setting("secret", {})
    assert not _is_setting("redis_url", {})
    assert not _is_setting("ssr_mode", {"state_backend": "redis"})


def test_browser_state_keys_come_from_the_app_secret():
    def build():
        with gr.Blocks() as app:
            saved = gr.BrowserState("x")
            own = gr.BrowserState("y", storage_key="mine", secret="own secret")
        return app, saved, own

    first, second = build(), build()
    assert first[1].storage_key != second[1].storage_key  # random per process
    for app, _, _ in (first, second):
        app.create_app(secret="shared")
    assert first[1].storage_key == second[1].storage_key
    assert first[1].secret == second[1].secret
    assert second[1].unseal(first[1].seal({"a": 1})) == {"a": 1}  # any process reads it
    assert first[2].storage_key == "mine" and first[2].secret == b"own secret"


def test_the_page_token_comes_from_the_app_secret_when_no_secret_key_is_set(monkeypatch):
    from blocks.server.app import app_state
    monkeypatch.delenv("BLOCKS_SECRET_KEY", raising=False)
    monkeypatch.delenv("BLOCKS_SECRET", raising=False)

    def token(**settings):
        with gr.Blocks() as demo:
            gr.Textbox()
        return app_state(demo.create_app(**settings)).page_token

    assert token() != token()  # random per process
    assert token(secret="shared") == token(secret="shared")  # every process's page
    assert token(secret="shared", secret_key="key") == token(secret_key="key")
    assert token(secret="shared") != token(secret="other")
