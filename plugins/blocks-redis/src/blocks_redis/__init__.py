"""blocks-redis: one Blocks app served by many processes and hosts, sharing Redis.

``launch(state_backend="redis", redis_url="redis://host:6379/0", secret="...")``
(or ``BLOCKS_STATE_BACKEND=redis``, ``BLOCKS_REDIS_URL`` and ``BLOCKS_SECRET``
for gunicorn) keeps sessions, the files the app gave out and the queue's
concurrency slots in Redis. See the README.
"""

from __future__ import annotations

__all__ = ["RedisQueueBackend", "RedisSessionStore"]


def __getattr__(name):
    if name == "RedisSessionStore":
        from blocks_redis.store import RedisSessionStore
        return RedisSessionStore
    if name == "RedisQueueBackend":
        from blocks_redis.lines import RedisQueueBackend
        return RedisQueueBackend
    raise AttributeError(f"module 'blocks_redis' has no attribute {name!r}")
