"""The messenger of Blocks' API stream relay (``blocks.server.api_relay``) on Redis.

A job's HTTP event stream is read in the process that holds it; a request
that lands on another process has it relayed over Redis **pub/sub**, on the
processes' own channels (:class:`blocks_redis.node.Node`): the reading
process asks the owner to follow the stream, and the owner publishes its
chunks to the reader's channel, several per message. ``PUBLISH`` answers how
many listened, so a reader learns at once that the owner is gone.

Gradio's clients read every job of their session from one stream: per client
key, Redis keeps a set of the unread jobs' event ids (``<prefix>:gq:<key>``)
and the process reading them now (``<prefix>:gr:<key>``, a lease renewed
while it reads). Both expire on their own (``KEY_TTL``, ``READER_TTL``), so a
process that dies leaves nothing behind for long.
"""

from __future__ import annotations

__all__ = ["KEY_TTL", "READER_TTL", "RedisMessenger"]

KEY_TTL = 600  # seconds an unread job's id stays noted (its events wait 300 s at most)
READER_TTL = 60  # seconds the reader of a key holds it without renewing (it renews every 15)


class RedisMessenger:
    """:class:`blocks.server.api_relay.Messenger` over a :class:`Node` (made per process)."""

    def __init__(self, backend):
        self.backend = backend
        self.handlers: dict = {}
        self._node = None

    @property
    def node(self):
        node = self.backend.node
        if node is not self._node:  # first use, or a new process after a fork
            self._node = node
            node.handlers.update(self.handlers)
        return node

    @property
    def id(self) -> str:
        return self.node.id

    def send(self, to, kind, **fields) -> int:
        return self.node.send(to, kind, **fields)

    def gradio_joined(self, key, event_id):
        node = self.node
        jobs = node.key("gq", key)
        with node.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(jobs, event_id)
            pipe.expire(jobs, KEY_TTL)
            pipe.get(node.key("gr", key))
            reader = pipe.execute()[2]
        return reader.decode() if reader else None

    def gradio_consumed(self, key, event_id):
        node = self.node
        node.redis.srem(node.key("gq", key), event_id)

    def gradio_reading(self, key):
        node = self.node
        with node.redis.pipeline(transaction=True) as pipe:
            pipe.set(node.key("gr", key), node.id, ex=READER_TTL)
            pipe.smembers(node.key("gq", key))
            return [raw.decode() for raw in pipe.execute()[1]]

    def gradio_done(self, key):
        node = self.node
        reader = node.key("gr", key)
        # the lease goes only if it is still this process's (a newer reader may hold it)
        left = node.scripts.release_reader(keys=[reader, node.key("gq", key)], args=[node.id])
        return [raw.decode() for raw in left]
