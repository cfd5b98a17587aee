"""``RedisSessionStore``: every session of the app in Redis, shared by its processes.

What Redis holds for a session is what can leave a process: its hash, times,
the token of the connection holding it and the id of that connection's
process, the request's fields (JSON) and its ``gr.State`` values (signed
pickles, :mod:`blocks_redis.sealing`). What cannot leave a process stays in
it: what the session's ``@gr.render`` functions made (in the process that
ran them; a page resumed elsewhere runs them again), the functions of
``delete_callback`` (by State key: every process runs the same app) and the
live connections.

Every change is one Lua script (:mod:`blocks_redis.scripts`), so the process
whose script ends a session or drops a value is the only one that gets it,
and runs its ``delete_callback``s and ``unload`` functions: once, wherever the
session ended. A session taken over by a connection in another process is
announced to the process that held it, which closes its old connection.
"""

from __future__ import annotations

import json
import logging
import os

from blocks.render import SessionRenders
from blocks.request import Client, Request
from blocks.session import MAX_HASH_LENGTH, Opened, SessionRecord, SessionStore, new_session_hash
from blocks.state import Entry, fingerprint
from blocks_redis.node import DEFAULT_LEASE, DEFAULT_PREFIX, Node
from blocks_redis.sealing import Sealer, SecretMissing

__all__ = ["RedisSessionStore"]

logger = logging.getLogger("blocks.redis")

SWEEP_BATCH = 200  # sessions ended (and values dropped) per sweep, at most

NO_SECRET = (
    "state_backend='redis' needs the app's secret, the same in every process: State "
    "values are signed with it, and BrowserState keys derived from it. Set BLOCKS_SECRET "
    "(or launch(secret=...)) to a long random string, e.g. the output of "
    "python3 -c 'import secrets; print(secrets.token_hex(32))'.")


class RedisSessionStore(SessionStore):
    """Sessions in Redis (``state_backend="redis"``); see the module docstring.

    Settings: ``redis_url`` (required; ``BLOCKS_REDIS_URL``), ``redis_prefix``
    (``"blocks"``: one per app sharing a Redis), ``redis_lease`` (10 seconds: a
    process silent that long is dead) and the app's ``secret`` (required).
    """

    name = "redis"
    options = ("redis_url", "redis_prefix", "redis_lease")
    blocking = True  # every method is a round trip to Redis

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.url = self.options.get("redis_url")
        if not self.url:
            raise ValueError("state_backend='redis' needs redis_url (or BLOCKS_REDIS_URL), "
                             "e.g. redis://127.0.0.1:6379/0.")
        if not self.secret:
            raise SecretMissing(NO_SECRET)
        self.prefix = self.options.get("redis_prefix") or DEFAULT_PREFIX
        try:
            self.lease = float(self.options.get("redis_lease") or DEFAULT_LEASE)
        except ValueError:
            raise ValueError("redis_lease must be a number of seconds.") from None
        if not self.lease > 0:
            raise ValueError("redis_lease must be more than 0 seconds.")
        self.sealer = Sealer(self.secret)
        self._check_reachable()
        self._node: Node | None = None
        self._renders: dict[str, SessionRenders] = {}

    def _check_reachable(self) -> None:
        import redis  # loaded when a store is made: the plugin itself stays cheap
        client = redis.Redis.from_url(self.url, socket_connect_timeout=5)
        try:
            client.ping()
        except redis.RedisError as error:
            raise ConnectionError(f"Cannot reach Redis at {self.url}: {error}") from error
        finally:
            client.close()

    def node(self) -> Node:
        """This process's node, started on first use (after a fork: a new one)."""
        node = self._node
        if node is None or node.pid != os.getpid():
            node = self._node = Node(self.url, prefix=self.prefix, lease=self.lease)
            self._renders = {}
            node.handlers["takeover"] = self._taken_over
            node.handlers["ended"] = self._ended_elsewhere
        if not node._started:
            node.start()
        return node

    # -- sessions ------------------------------------------------------------------------
    def open(self, requested, *, connection, request=None):
        node = self.node()
        if not (isinstance(requested, str) and 0 < len(requested) <= MAX_HASH_LENGTH):
            requested = ""
        fields = json.dumps(_request_fields(request)) if request is not None else ""
        while True:
            answer = node.scripts.open(args=[self.prefix, requested, new_session_hash(),
                                             connection, node.id, fields, self.capacity])
            if answer[0] != b"again":
                break
        session_hash = answer[0].decode()
        resumed = bool(answer[1])
        previous, holder = answer[2].decode(), answer[3].decode()
        moved = resumed and (holder != node.id or session_hash not in self._renders)
        if moved or session_hash not in self._renders:
            self._renders[session_hash] = SessionRenders()
        if request is not None:
            request.session_hash = session_hash
        record = SessionRecord(session_hash, created=self.clock(), request=request,
                               renders=self._renders[session_hash], connection=connection)
        self._finish(answer[4])
        if resumed and holder == node.id and previous:
            self.on_takeover(session_hash, previous)
        elif resumed and holder:
            node.send(holder, "takeover", h=session_hash, c=previous, by=node.id)
        return Opened(record, resumed, moved)

    def get(self, session_hash):
        if not isinstance(session_hash, str):
            return None
        node = self.node()
        found = node.redis.hgetall(node.key("s", session_hash))
        if not found:
            return None
        disconnected = found.get(b"disc")
        return SessionRecord(
            session_hash, created=float(found.get(b"created", 0)),
            request=_request_from(found.get(b"req", b""), session_hash),
            renders=self._renders.setdefault(session_hash, SessionRenders()),
            connection=found.get(b"conn", b"").decode() or None,
            disconnected_at=float(disconnected) if disconnected else None)

    def disconnect(self, session_hash, *, connection):
        self.node().scripts.disconnect(args=[self.prefix, session_hash, connection])

    def end(self, session_hash, *, connection=None):
        ended = self.node().scripts.end(args=[self.prefix, session_hash, connection or ""])
        if not ended:
            return False
        self._finish([ended])
        return True

    def sweep(self):
        ended, dropped = self.node().scripts.sweep(
            args=[self.prefix, self.grace_period, self.capacity, self.lease, SWEEP_BATCH])
        self._finish(ended, dropped)

    def _finish(self, ended, dropped=()) -> None:
        """Hand what this process's scripts took out to the callbacks (once, here)."""
        entries = [self._entry(h, key, blob) for h, key, blob in dropped]
        records = []
        for raw_hash, request, values in ended:
            session_hash = raw_hash.decode()
            entries += [self._entry(raw_hash, values[i], values[i + 1])
                        for i in range(0, len(values), 2)]
            records.append(SessionRecord(
                session_hash, created=0.0, request=_request_from(request, session_hash),
                renders=self._renders.pop(session_hash, None) or SessionRenders(), ended=True))
        self.hand_over([entry for entry in entries if entry is not None], records)
        if records:  # the processes that ran its renders let them go
            self.node().send(None, "ended", hashes=[record.hash for record in records])

    def _entry(self, session_hash, key, blob) -> Entry | None:
        session_hash = session_hash.decode() if isinstance(session_hash, bytes) else session_hash
        key = key.decode() if isinstance(key, bytes) else key
        ok, value = self.sealer.unseal(session_hash, key, blob)
        if not ok:
            return None
        return Entry(value, None, 0.0, None, self._callback(key))

    def _callback(self, key: str):
        return self.delete_callbacks.get(int(key) if key.lstrip("-").isdigit() else key)

    # -- messages from other processes (on the loop) ---------------------------------------
    def _taken_over(self, data: dict) -> None:
        session_hash = data.get("h")
        if data.get("by") == self.node().id or not isinstance(session_hash, str):
            return
        self._renders.pop(session_hash, None)  # its renders are made again where it went
        if data.get("c"):
            self.on_takeover(session_hash, data["c"])

    def _ended_elsewhere(self, data: dict) -> None:
        for session_hash in data.get("hashes") or []:
            self._renders.pop(session_hash, None)

    # -- State values --------------------------------------------------------------------
    def get_value(self, session_hash, key, *, default):
        key = str(key)
        kind, *rest = self.node().scripts.get_value(args=[self.prefix, session_hash, key])
        if kind == b"none":
            return default()
        ok, value = self.sealer.unseal(session_hash, key, rest[0])
        if kind == b"expired":
            if ok:
                self.on_drop([Entry(value, None, 0.0, None, self._callback(key))])
            return default()
        return value if ok else default()

    def put_value(self, session_hash, key, value, *, ttl=None, delete_callback=None):
        if delete_callback is not None:
            self.delete_callbacks.setdefault(key, delete_callback)
        name = str(key)
        blob = self.sealer.seal(session_hash, name, value)
        answer = self.node().scripts.put_value(
            args=[self.prefix, session_hash, name, blob, "" if ttl is None else repr(float(ttl))])
        if answer[0] == b"ended":  # the value has nowhere to live
            self.on_drop([Entry(value, None, 0.0, ttl, delete_callback)])
            return False
        if not answer[1]:
            return True
        ok, old = self.sealer.unseal(session_hash, name, answer[1])
        return not ok or fingerprint(old) != fingerprint(value)

    def has_values(self, session_hash):
        if not isinstance(session_hash, str):
            return False
        node = self.node()
        return bool(node.redis.exists(node.key("v", session_hash)))

    def __len__(self):
        node = self.node()
        return node.redis.zcard(node.key("all"))

    def __contains__(self, session_hash):
        if not isinstance(session_hash, str):
            return False
        node = self.node()
        return bool(node.redis.exists(node.key("s", session_hash)))

    # -- files ---------------------------------------------------------------------------
    def add_files(self, paths):
        if paths:
            node = self.node()
            node.redis.sadd(node.key("files"), *paths)

    def has_file(self, path):
        node = self.node()
        return bool(node.redis.sismember(node.key("files"), path))

    def close(self):
        if self._node is not None:
            self._node.close()


def _request_fields(request: Request) -> dict:
    return {"headers": dict(request.headers), "client": [request.client.host, request.client.port],
            "query_params": request.query_params, "cookies": request.cookies,
            "username": request.username, "path": request.path}


def _request_from(raw, session_hash: str) -> Request | None:
    if not raw:
        return None
    try:
        fields = json.loads(raw)
        host, port = fields.get("client") or (None, None)
        return Request(headers=fields.get("headers"), client=Client(host, port),
                       query_params=fields.get("query_params"), cookies=fields.get("cookies"),
                       username=fields.get("username"), path=fields.get("path") or "/",
                       session_hash=session_hash)
    except (ValueError, TypeError, AttributeError):
        logger.warning("a session's request in Redis could not be read")
        return None
