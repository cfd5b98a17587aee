"""Which Blocks and which layout are open while a script builds its tree, and which
page a running event serves.

``with gr.Blocks():`` and ``with gr.Row():`` push themselves here; a component
created inside attaches itself to the innermost open layout. The values are
context variables, so each thread (and each task) sees its own: a function
running for one session that creates ``gr.Textbox(visible=False)`` as an
update never attaches it to an app.
"""

from __future__ import annotations

import contextvars

root_blocks: contextvars.ContextVar = contextvars.ContextVar("blocks_root", default=None)
current_layout: contextvars.ContextVar = contextvars.ContextVar("blocks_layout", default=None)

# Set while a WSGI server imports a script (blocks.wsgi): launch() then only
# returns, so that a script ending in `demo.launch()` can be served as it is.
loading_for_wsgi: contextvars.ContextVar = contextvars.ContextVar("blocks_wsgi", default=False)

# The gr.Request of the event whose function runs in this thread (None outside one):
# what per-session helpers such as gr.Cache(per_session=True) read.
current_request: contextvars.ContextVar = contextvars.ContextVar("blocks_request", default=None)

# The hash of the page session an event serves, while its inputs are checked and
# converted, its function runs and its outputs are converted (set by
# blocks.processing.Execution); None for programs (the HTTP API) and outside events.
# A component may keep part of a large value on the server for that page to fetch
# later, under this session (blocks-dataframe's windowed tables do).
page_session: contextvars.ContextVar = contextvars.ContextVar("blocks_page_session",
                                                              default=None)


class serving_page:
    """Context manager: ``page_session`` is ``session_hash`` inside the block."""

    __slots__ = ("session_hash", "token")

    def __init__(self, session_hash: str | None):
        self.session_hash = session_hash

    def __enter__(self):
        self.token = page_session.set(self.session_hash)
        return self

    def __exit__(self, *exc):
        page_session.reset(self.token)
        return False
