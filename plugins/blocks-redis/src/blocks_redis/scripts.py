"""The Lua scripts that change shared state: each runs atomically inside Redis.

Atomic scripts are what make "exactly once" hold across processes: the
script that ends a session (page closed, grace period over, capacity) deletes
its record and returns what it held in one step, so one process only gets
it, and only that process runs its ``delete_callback``s and ``unload``
functions. Likewise a slot is granted to one job only.

Keys (``P`` is the prefix, ``redis_prefix``):

- ``P:s:<hash>`` (hash): a session: ``created``, ``conn`` (the token of the
  connection holding it, empty when none), ``owner`` (that connection's process),
  ``disc`` (disconnected since), ``req`` (the request, JSON);
- ``P:v:<hash>`` (hash): its ``gr.State`` values by State key, signed pickles;
- ``P:all`` / ``P:idle`` (sorted sets): every session by creation time /
  disconnected ones by disconnection time;
- ``P:exp`` (sorted set): ``<hash>\\n<key>`` of values with ``time_to_live``, by
  expiry time;
- ``P:held:<process>`` (set): the sessions a process's connections hold;
- ``P:workers`` (sorted set): process ids by last heartbeat;
- ``P:files`` (set): paths of files the app gave out or accepted;
- ``P:q:<group>:slots`` / ``:wait`` (sorted sets): a concurrency group's slots
  (jobs running) and line (by arrival);
- ``P:q:waiting`` / ``P:q:seq``: every waiting job (for ``max_size``) / arrival
  numbers;
- ``P:gq:<key>`` (set) / ``P:gr:<key>``: a Gradio client key's unread jobs and the
  process reading them (:mod:`blocks_redis.relay`).

A job's token is ``<process>|<number>``: a slot or place whose process is dead
(no heartbeat within the lease) is dropped by the next script that looks.
"""

from __future__ import annotations

__all__ = ["Scripts"]

PRELUDE = r"""
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end

local function alive(P, w, t, lease)
  local beat = redis.call('ZSCORE', P .. ':workers', w)
  return beat and tonumber(beat) >= t - lease
end

local function owner(token)
  return string.match(token, '^([^|]*)|')
end

-- End one session: delete it, return {hash, request, {key, value, ...}}.
local function finish(P, h)
  local rec = P .. ':s:' .. h
  local req = redis.call('HGET', rec, 'req') or ''
  local holder = redis.call('HGET', rec, 'owner')
  local values = redis.call('HGETALL', P .. ':v:' .. h)
  redis.call('DEL', rec, P .. ':v:' .. h)
  redis.call('ZREM', P .. ':all', h)
  redis.call('ZREM', P .. ':idle', h)
  if holder then redis.call('SREM', P .. ':held:' .. holder, h) end
  for i = 1, #values, 2 do redis.call('ZREM', P .. ':exp', h .. '\n' .. values[i]) end
  return {h, req, values}
end

-- Over capacity: end the longest-disconnected sessions (never a connected one).
local function evict(P, capacity, ended)
  while redis.call('ZCARD', P .. ':all') > capacity do
    local oldest = redis.call('ZRANGE', P .. ':idle', 0, 0)[1]
    if not oldest then break end
    table.insert(ended, finish(P, oldest))
  end
  return ended
end

-- Give free slots of group g to the first live jobs of its line; their tokens.
local function grant(P, g, limit, t, lease)
  local slots = P .. ':q:' .. g .. ':slots'
  local line = P .. ':q:' .. g .. ':wait'
  for _, token in ipairs(redis.call('ZRANGE', slots, 0, -1)) do
    if not alive(P, owner(token), t, lease) then redis.call('ZREM', slots, token) end
  end
  local granted = {}
  local free = limit - redis.call('ZCARD', slots)
  while free > 0 do
    local head = redis.call('ZRANGE', line, 0, 0)[1]
    if not head then break end
    redis.call('ZREM', line, head)
    redis.call('ZREM', P .. ':q:waiting', head)
    if alive(P, owner(head), t, lease) then
      redis.call('ZADD', slots, t, head)
      table.insert(granted, head)
      free = free - 1
    end
  end
  return granted
end
"""

# ARGV: prefix, process id -> 1 if the process was known alive, else 0
BEAT = r"""
local P, w = ARGV[1], ARGV[2]
local known = redis.call('ZSCORE', P .. ':workers', w)
redis.call('ZADD', P .. ':workers', now(), w)
if known then return 1 end
return 0
"""

# ARGV: prefix, process id, lease: the process leaves; it reads as dead from now on, so the
# next sweep counts its sessions disconnected and the next grant drops its slots
LEAVE = r"""
redis.call('ZADD', ARGV[1] .. ':workers', now() - tonumber(ARGV[3]) - 0.001, ARGV[2])
return 1
"""

# ARGV: prefix, requested hash, new hash, connection, process, request, capacity
# -> {hash, resumed, previous connection, previous owner, ended...} or {'again'}
OPEN = r"""
local P, h = ARGV[1], ARGV[2]
local rec = P .. ':s:' .. h
local resumed, oldconn, oldowner = 0, '', ''
if h ~= '' and redis.call('EXISTS', rec) == 1 then
  resumed = 1
  oldconn = redis.call('HGET', rec, 'conn') or ''
  oldowner = redis.call('HGET', rec, 'owner') or ''
else
  h = ARGV[3]
  rec = P .. ':s:' .. h
  if redis.call('EXISTS', rec) == 1 then return {'again'} end
  local t = now()
  redis.call('HSET', rec, 'created', t)
  redis.call('ZADD', P .. ':all', t, h)
end
redis.call('HSET', rec, 'conn', ARGV[4], 'owner', ARGV[5], 'req', ARGV[6])
redis.call('HDEL', rec, 'disc')
redis.call('ZREM', P .. ':idle', h)
if oldowner ~= '' and oldowner ~= ARGV[5] then
  redis.call('SREM', P .. ':held:' .. oldowner, h)
end
redis.call('SADD', P .. ':held:' .. ARGV[5], h)
return {h, resumed, oldconn, oldowner, evict(P, tonumber(ARGV[7]), {})}
"""

# ARGV: prefix, hash, connection -> 1 when it was that connection's
DISCONNECT = r"""
local P, h = ARGV[1], ARGV[2]
local rec = P .. ':s:' .. h
if redis.call('HGET', rec, 'conn') ~= ARGV[3] then return 0 end
local t = now()
redis.call('HSET', rec, 'conn', '', 'disc', t)
redis.call('ZADD', P .. ':idle', t, h)
return 1
"""

# ARGV: prefix, hash, connection ('' for any) -> the ended session or false
END = r"""
local P, h = ARGV[1], ARGV[2]
local rec = P .. ':s:' .. h
if redis.call('EXISTS', rec) == 0 then return false end
if ARGV[3] ~= '' and redis.call('HGET', rec, 'conn') ~= ARGV[3] then return false end
return finish(P, h)
"""

# ARGV: prefix, grace period, capacity, lease, batch size -> {ended sessions, dropped values}
SWEEP = r"""
local P = ARGV[1]
local grace, capacity, lease, batch = tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4]), tonumber(ARGV[5])
local t = now()
for _, w in ipairs(redis.call('ZRANGEBYSCORE', P .. ':workers', '-inf', t - lease)) do
  local since = redis.call('ZSCORE', P .. ':workers', w)
  for _, h in ipairs(redis.call('SMEMBERS', P .. ':held:' .. w)) do
    local rec = P .. ':s:' .. h
    if redis.call('HGET', rec, 'owner') == w and (redis.call('HGET', rec, 'conn') or '') ~= '' then
      redis.call('HSET', rec, 'conn', '', 'disc', since)
      redis.call('ZADD', P .. ':idle', since, h)
    end
  end
  redis.call('DEL', P .. ':held:' .. w)
  redis.call('ZREM', P .. ':workers', w)
end
local ended = {}
for _, h in ipairs(redis.call('ZRANGEBYSCORE', P .. ':idle', '-inf', t - grace,
                              'LIMIT', 0, batch)) do
  table.insert(ended, finish(P, h))
end
local dropped = {}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', P .. ':exp', '-inf', t, 'LIMIT', 0, batch)) do
  local cut = string.find(member, '\n', 1, true)
  local h, key = string.sub(member, 1, cut - 1), string.sub(member, cut + 1)
  local value = redis.call('HGET', P .. ':v:' .. h, key)
  redis.call('HDEL', P .. ':v:' .. h, key)
  redis.call('ZREM', P .. ':exp', member)
  if value then table.insert(dropped, {h, key, value}) end
end
return {evict(P, capacity, ended), dropped}
"""

# ARGV: prefix, hash, key -> {'ok', value} | {'expired', value} | {'none'}
GET_VALUE = r"""
local P, h, key = ARGV[1], ARGV[2], ARGV[3]
local value = redis.call('HGET', P .. ':v:' .. h, key)
if not value then return {'none'} end
local member = h .. '\n' .. key
local due = redis.call('ZSCORE', P .. ':exp', member)
if due and tonumber(due) < now() then
  redis.call('HDEL', P .. ':v:' .. h, key)
  redis.call('ZREM', P .. ':exp', member)
  return {'expired', value}
end
return {'ok', value}
"""

# ARGV: prefix, hash, key, value, ttl ('' for none) -> {'ended'} | {'ok', previous or ''}
PUT_VALUE = r"""
local P, h, key = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', P .. ':s:' .. h) == 0 then return {'ended'} end
local previous = redis.call('HGET', P .. ':v:' .. h, key) or ''
redis.call('HSET', P .. ':v:' .. h, key, ARGV[4])
local member = h .. '\n' .. key
if ARGV[5] ~= '' then
  redis.call('ZADD', P .. ':exp', now() + tonumber(ARGV[5]), member)
else
  redis.call('ZREM', P .. ':exp', member)
end
return {'ok', previous}
"""

# ARGV: prefix, group, token, limit (-1: none), max_size (-1: none), lease
# -> {'full'} | {'run'} | {'wait', position, {granted tokens}}
ENQUEUE = r"""
local P, g, token = ARGV[1], ARGV[2], ARGV[3]
local limit, max_size, lease = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local t = now()
local all = P .. ':q:waiting'
if max_size >= 0 and redis.call('ZCARD', all) >= max_size then
  for _, other in ipairs(redis.call('ZRANGE', all, 0, -1)) do
    if not alive(P, owner(other), t, lease) then redis.call('ZREM', all, other) end
  end
  if redis.call('ZCARD', all) >= max_size then return {'full'} end
end
if limit < 0 then return {'run'} end
local seq = redis.call('INCR', P .. ':q:seq')
local line = P .. ':q:' .. g .. ':wait'
redis.call('ZADD', line, seq, token)
redis.call('ZADD', all, seq, token)
local granted = grant(P, g, limit, t, lease)
return {'wait', redis.call('ZRANK', line, token) or -1, granted}
"""

# ARGV: prefix, group, token ('' for none), limit, lease -> {{granted tokens}, still waiting}
RELEASE = r"""
local P, g, token = ARGV[1], ARGV[2], ARGV[3]
if token ~= '' then
  redis.call('ZREM', P .. ':q:' .. g .. ':slots', token)
  redis.call('ZREM', P .. ':q:' .. g .. ':wait', token)
  redis.call('ZREM', P .. ':q:waiting', token)
end
local granted = grant(P, g, tonumber(ARGV[4]), now(), tonumber(ARGV[5]))
return {granted, redis.call('ZCARD', P .. ':q:' .. g .. ':wait')}
"""

RELEASE_READER = r"""
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return redis.call('SMEMBERS', KEYS[2])
"""


class Scripts:
    """The scripts above, registered with one client (called by their EVALSHA)."""

    def __init__(self, client):
        def make(body):
            return client.register_script(PRELUDE + body)
        self._beat = make(BEAT)
        self.leave = make(LEAVE)
        self.open = make(OPEN)
        self.disconnect = make(DISCONNECT)
        self.end = make(END)
        self.sweep = make(SWEEP)
        self.get_value = make(GET_VALUE)
        self.put_value = make(PUT_VALUE)
        self.enqueue = make(ENQUEUE)
        self.release = make(RELEASE)
        self.release_reader = client.register_script(RELEASE_READER)

    def beat(self, prefix: str, process: str) -> bool:
        return bool(self._beat(args=[prefix, process]))
