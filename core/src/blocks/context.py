"""Which Blocks and which layout are open while a script builds its tree.

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
