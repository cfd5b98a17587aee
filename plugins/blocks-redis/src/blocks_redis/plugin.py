"""Hook implementations of blocks-redis (cheap to import: nothing of redis-py here)."""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_state_backends():
    from blocks_redis.store import RedisSessionStore
    return [RedisSessionStore]


@blocks.hookimpl
def blocks_register_queue_backends():
    from blocks_redis.lines import RedisQueueBackend
    return [RedisQueueBackend]
