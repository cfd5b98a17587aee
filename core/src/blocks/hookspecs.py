"""The hooks a Blocks plugin may implement.

Every hook is called with keyword arguments. A plugin is a module (or object)
whose functions carry the ``@blocks.hookimpl`` marker and are named after one
of the specifications below. The docstrings here are the reference
documentation of each hook.
"""

from __future__ import annotations

import pluggy

PROJECT = "blocks"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def blocks_register_components():
    """Return a list of component classes this plugin provides.

    Each class subclasses :class:`blocks.components.Component` and has a
    ``name`` unique across all installed plugins (``"image"``, ``"textbox"``).
    Its Python name (``Image``) is how scripts reach it: ``gr.Image``.
    """


@hookspec
def blocks_register_exports():
    """Return a list of other objects this plugin adds to ``gr.``, reached by ``__name__``.

    For what scripts use by name but is not a component: data classes
    (``gr.ChatMessage``), typed dicts (``gr.MessageDict``) and helper classes that
    build a layout of components (``gr.ChatInterface``). Names are unique
    across installed plugins, components included.
    """


@hookspec
def blocks_register_themes():
    """Return a list of theme classes this plugin provides.

    Each class subclasses :class:`blocks.themes.Theme` and has a unique
    ``name``; ``gr.Blocks(theme="soft")`` looks themes up by that name.
    """


@hookspec
def blocks_register_auth_backends():
    """Return a list of authentication backend classes.

    Each class subclasses :class:`blocks.auth.AuthBackend` and has a unique
    ``name``; ``launch(auth_backend="name", auth_config={...})`` (or
    ``BLOCKS_AUTH_BACKEND``) selects one, and ``launch(auth=...)`` the
    built-in ``password`` backend. The class's ``KIND`` (``"form"``,
    ``"redirect"`` or ``"request"``) says how visitors sign in, its
    ``OPTIONS`` which settings it takes (see ``docs/auth.md``).
    """


@hookspec
def blocks_register_login_stores():
    """Return a list of login store classes: where sign-ins and failed attempts are kept.

    Each subclasses :class:`blocks.auth_store.LoginStore` and has a unique
    ``name``; the ``login_store`` setting (``BLOCKS_LOGIN_STORE``) picks one.
    The core registers ``memory`` (one process). Processes that serve one
    app together need a store they share.
    """


@hookspec
def blocks_register_routes(app, settings):
    """Add routes to the Flask ``app`` being built by ``create_app``.

    Return a list of Flask blueprints to register (or ``None``). ``settings``
    is the app's validated :class:`blocks.server.settings.Settings`.
    """


@hookspec
def blocks_session_ended(session_hash):
    """A session ended (its page went away, or its grace period ran out).

    Called once per session, on the server's loop, after the app's ``unload``
    functions were started: drop what the plugin keeps for ``session_hash``
    (blocks-dataframe drops the tables it keeps for the page). Keep it quick.
    """


@hookspec
def blocks_extra_head(settings):
    """Return HTML (a string) to add to the ``<head>`` of every page."""


@hookspec
def blocks_api_page_sections(blocks, settings, url):
    """Return sections to add to the app's "Use via API" page (or ``None``).

    A section is a :class:`blocks.server.api_page.Section`: ``id`` (unique, a
    fragment name), ``title`` (its ``<h2>`` heading) and ``html`` (its body,
    trusted HTML: escape what comes from elsewhere). ``blocks`` is the app,
    ``settings`` its settings and ``url`` its absolute URL as the request
    reached it (for snippets). Sections are shown after the built-in ones, in
    plugin order; a snippet's ``<pre><code>`` followed by a
    ``<button data-copy>`` gets the page's copy behaviour.
    """


@hookspec
def blocks_register_commands():
    """Return a list of ``(name, help, function)`` tuples for the ``blocks`` CLI.

    ``function(args: list[str]) -> int`` receives the remaining command line
    arguments and returns the exit status.
    """


@hookspec
def blocks_register_state_backends():
    """Return a list of session store classes: where sessions live, as a whole.

    Each subclasses :class:`blocks.session.SessionStore` and has a unique
    ``name``; the ``state_backend`` setting (``launch(state_backend="redis")``)
    picks one. The core registers ``memory``. A store keeps every session's
    record (request, ``gr.State`` values, renders, lifetime) and is built with
    the keyword arguments ``capacity``, ``grace_period``, ``on_drop``,
    ``on_end`` and ``on_takeover`` (see ``docs/plugins.md``).
    """


@hookspec
def blocks_register_queue_backends():
    """Return a list of queue backend classes: concurrency slots shared by processes.

    Each subclasses :class:`blocks.queue_shared.QueueBackend` and has a unique
    ``name``. The ``queue_backend`` setting picks one; by default the one named
    like the ``state_backend`` when there is one, else none: the queue counts
    slots in its own process. The core registers none (see ``docs/plugins.md``).
    """
