"""Server-Sent Events: framing, and the streaming responses that carry them.

Two framings are in use. Blocks' call API (``/call/...``) sends standard
events, ``event: <name>`` then ``data: <JSON>``; Gradio's ``queue/data``
stream sends ``data: <JSON>`` lines only, because ``gradio_client`` refuses
any other line. Both put one JSON document on one line and end each event
with a blank line (``\\n`` line endings only).

A streaming response is a generator: the WSGI server writes each chunk as it
comes, and closes the generator when the client goes away (the next write
fails), which runs its ``finally`` blocks.
"""

from __future__ import annotations

import json

from flask import Response

__all__ = ["HEARTBEAT_INTERVAL", "data_event", "named_event", "stream_response"]

# Seconds between keep-alive events on an idle stream: clients (gradio_client's
# heartbeat reader among them) give up on a stream that is silent for 20 s.
HEARTBEAT_INTERVAL = 15.0


def _json(data) -> str:
    return json.dumps(data, separators=(",", ":"), allow_nan=False)


def named_event(name: str, data) -> bytes:
    """``event: <name>\\ndata: <JSON>\\n\\n``"""
    return f"event: {name}\ndata: {_json(data)}\n\n".encode()


def data_event(data) -> bytes:
    """``data: <JSON>\\n\\n`` (the only framing gradio_client accepts)."""
    return f"data: {_json(data)}\n\n".encode()


def stream_response(chunks, status: int = 200) -> Response:
    """A ``text/event-stream`` response that sends each chunk as soon as it is made."""
    response = Response(chunks, status=status, mimetype="text/event-stream",
                        direct_passthrough=True)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # proxies must not hold events back
    return response
