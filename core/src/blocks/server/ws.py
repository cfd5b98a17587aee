"""The websocket: one connection per page, carrying the protocol in blocks.protocol."""

from __future__ import annotations

import json
import logging
import secrets

from flask import current_app, request

from blocks.events import EventData
from blocks.protocol import ProtocolError, parse_client_message
from blocks.queue import Job
from blocks.request import Request
from blocks.server import security
from blocks.server.maintenance import ensure_sweeper
from blocks.server.state import app_state
from blocks.server.urls import root_url
from blocks.server.websocket import Oversized, add_route
from blocks.session import Session
from blocks.streaming import ChunkFeed, is_stream, stream_sources

__all__ = ["init_app"]

logger = logging.getLogger("blocks.server")

# ws URL parameter with which a page that lost its connection asks for its session back
RESUME_PARAM = "__session"
# ws URL parameter with which the app's own page shows the token of its page shell
PAGE_PARAM = "__page"
_OWN_PARAMS = (RESUME_PARAM + "=", PAGE_PARAM + "=")
# The inputs of a page's unfinished jobs may add up to this many max_message_size.
SESSION_BYTES = 4


def init_app(app) -> None:
    state = app_state(app)
    add_route(app, "/ws", _handle, max_message_size=state.settings.max_message_size,
              ping_interval=state.settings.ping_interval)


def _handle(ws):
    state = app_state(current_app)
    refusal = security.cross_origin_refusal()  # programs send no Origin: they may connect
    if refusal:
        ws.send(json.dumps({"type": "error", "id": None, "message": refusal}))
        return
    root = root_url()

    def send(message: dict) -> None:  # queues the frame and returns (never switches)
        if message.get("type") == "output":
            # what functions return (render updates included) passes the file-access rule
            state.files.expose(message["data"], root, returned=True)
        ws.send(_encode(message))

    ensure_sweeper(state)
    query = "&".join(part for part in request.query_string.decode("latin-1").split("&")
                     if part and not part.startswith(_OWN_PARAMS))
    connection = secrets.token_hex(8)
    requested = request.args.get(RESUME_PARAM)
    if state.auth is not None:  # a page takes back only a session of the same user
        requested = state.auth.resumable(requested, request.environ)
    opened = state.store.open(requested, connection=connection,
                              request=Request.from_environ(request.environ, query=query))
    session = Session(opened.record.hash, send, record=opened.record, connection=connection,
                      release=lambda code, message: _release(ws, code, message),
                      page=state.is_page_token(request.args.get(PAGE_PARAM)))
    state.sessions.add(session)
    if state.auth is not None:
        state.auth.attach(session, request.environ)  # logging out closes this page
    try:
        hello = {"type": "session", "session_hash": session.hash, "resumed": opened.resumed}
        if opened.moved:  # resumed from another process: the page runs its renders again
            hello["rerender"] = True
        send(hello)
        while True:
            raw = ws.receive()
            if raw is None:
                break
            try:
                _dispatch(state, session, raw, send)
            except ConnectionError:
                raise
            except Exception:  # a bug of ours: said once, and the page hears of it
                logger.exception("could not handle a frame of session %s", session.hash[:8])
                send({"type": "error", "id": None, "fields": {},
                      "message": "The server could not handle this frame."})
    finally:
        session.connected = False
        if state.auth is not None:
            state.auth.detach(session)
        state.queue.cancel_session(session)
        state.sessions.remove(session)
        if session.page_closed or ws.close_reason == 1001:  # the tab closed or navigated
            state.store.end(session.hash, connection=connection)
        else:  # the connection dropped: the page may come back within the grace period
            state.store.disconnect(session.hash, connection=connection)
        _release(ws)


_encode = json.JSONEncoder().encode  # json.dumps with its defaults, minus its argument checks


def _release(ws, code: int = 1001, message: str = "Server closing") -> None:
    """Close the connection's socket even when the handler is being killed (shutdown)."""
    try:
        if ws.connected:
            ws.close(reason=code, message=message)
    except Exception:
        pass
    try:
        ws.sock.close()
    except Exception:
        pass


def _dispatch(state, session, raw, send) -> None:
    if isinstance(raw, Oversized):  # read and dropped: the page learns why
        if raw.too_many_fragments:
            send({"type": "error", "id": raw.job, "fields": {"_frame": ["Too many frames."]},
                  "message": f"This message came in more than {raw.max_fragments:,} frames, "
                             "the server's limit; it was not run."})
            return
        send({"type": "error", "id": raw.job, "fields": {"_frame": ["Too large."]},
              "message": f"This message is {raw.size:,} bytes, more than the server's "
                         f"limit of {raw.limit:,} (max_message_size); it was not run."})
        return
    try:
        message = parse_client_message(raw)
    except ProtocolError as error:
        send({"type": "error", "id": error.job, "message": str(error), "fields": error.errors})
        return
    kind = message["type"]
    if kind == "ping":
        send({"type": "pong"})
    elif kind == "close":
        session.page_closed = True
    elif kind == "cancel":
        job = session.jobs.get(message["id"])
        if job is not None:
            state.queue.cancel(job)
    elif kind == "event":
        _submit(state, session, message, send, len(raw))
    elif kind == "chunk":
        _chunk(state, session, message, send)
    elif kind == "end":
        job = session.jobs.get(message["id"])
        if job is not None:
            state.queue.end_stream(job)


def _submit(state, session, message, send, size: int = 0) -> None:
    job_id = message["id"]
    dependencies = state.blocks.dependencies
    fn = message["fn"]
    dep = dependencies[fn] if fn < len(dependencies) else session.renders.dependencies.get(fn)
    if dep is None:
        send({"type": "error", "id": job_id, "fields": {"fn": ["Unknown event."]},
              "message": f"Unknown event {fn}: this app has {len(dependencies)} events, "
                         "and no render of this page made one with that id."})
        return
    if dep.api_visibility == "private" and not session.page:
        send({"type": "error", "id": job_id, "fields": {"fn": ["Private event."]},
              "message": f"Event {fn} is private (api_visibility='private'): only the app's "
                         "own page may run it."})
        return
    if job_id in session.jobs:
        send({"type": "error", "id": job_id, "fields": {"id": ["Already in use."]},
              "message": f"Job id {job_id!r} is already running in this session."})
        return
    limit = state.settings.max_session_jobs
    if len(session.jobs) >= limit:
        send({"type": "error", "id": job_id, "fields": {"_frame": ["Too many jobs."]},
              "message": f"This page already has {limit} jobs waiting or running "
                         "(max_session_jobs); wait for one to end, then send it again."})
        return
    held = sum(getattr(job, "size", 0) for job in session.jobs.values())
    budget = SESSION_BYTES * (state.settings.max_message_size or 0)
    if budget and held + size > budget:
        send({"type": "error", "id": job_id, "fields": {"_frame": ["Too much data waiting."]},
              "message": f"This page's unfinished jobs already hold {held:,} bytes of inputs; "
                         f"at most {budget:,} may wait at once (4 x max_message_size)."})
        return
    refused = state.files.check_inputs(message["data"])
    if refused is not None:
        send({"type": "error", "id": job_id, "fields": {"data": ["File not allowed."]},
              "message": f"The file {refused!r} is not one this app gave out or accepted."})
        return
    if message["stream"] and not is_stream(dep):
        send({"type": "error", "id": job_id, "fields": {"stream": ["Not a stream event."]},
              "message": f"Event {fn} is not a stream listener; it takes no chunks."})
        return
    event_data = _event_data(state, session, message)
    job = Job(job_id, session, dep, message["data"], event_data, request=session.request)
    job.size = size
    if message["stream"]:
        job.feed = ChunkFeed(dep.stream_every, keep_latest=all(
            getattr(dep.inputs[index], "STREAM_KEEP_LATEST", True)
            for index in stream_sources(dep)))
    state.queue.submit(job)


def _chunk(state, session, message, send) -> None:
    """The next chunk of a stream job (see blocks.streaming)."""
    job_id = message["id"]
    job = session.jobs.get(job_id)
    if job is None or job.feed is None:
        send({"type": "error", "id": job_id, "fields": {"id": ["No such stream."]},
              "message": f"Job {job_id!r} is not a stream of this page that is still open; "
                         "the chunk was dropped."})
        return
    refused = state.files.check_inputs(message["data"])
    if refused is not None:
        state.queue.cancel(job, f"The file {refused!r} is not one this app gave out or "
                                "accepted; the stream was stopped.")
        return
    state.queue.feed(job, message["data"])


def _event_data(state, session, message):
    trigger = message.get("trigger") or {}
    target = None
    if trigger:
        target = state.blocks.blocks.get(trigger["id"]) or \
            session.renders.blocks.get(trigger["id"])
    return EventData(target, message.get("event_data"))
