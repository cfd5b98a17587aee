"""The echo app on 1 and on 2 gunicorn workers sharing Redis (blocks-redis), through HAProxy.

Each configuration is one host on loopback: gunicorn with the gevent worker and
``state_backend="redis"``, every worker pinned to a core of its own with
``taskset`` where the machine has the cores, Debian's Redis and HAProxy
(round-robin, no stickiness) in front, and the load generator of the events
benchmark (64 sessions, closed loop) on HAProxy's port. The echo listener has
``concurrency_limit=None``: a global limit of 1 lets one function run at a
time over all workers, so it cannot scale by definition; its figure on 2
workers is printed too, as the cost of a slot taken and given back in Redis
for every event. Printed: events/s and latency of each, and the ratio of 2
workers to 1 (the goal is 1.7x on a machine with a core for each worker and
one more for the load generator, HAProxy and Redis).

Throughput on a shared machine moves with everything else that runs, so each
configuration also prints the CPU time its processes spent per event (the
workers together, Redis, HAProxy; from ``/proc``, over the whole measured run):
a figure that load changes less, and the Redis commands per event (from
Redis's ``INFO commandstats``), which it does not change. The same app on 1
worker with the in-memory store (no Redis) shows what sharing the sessions and
the queue costs per event.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, Row, clean_env, format_number, heading, table
from servers import loadgen

sys.path.insert(0, str(ROOT / "plugins" / "blocks-redis" / "tests"))

NAME = "workers"
SESSIONS = 64

APP = '''
import os

import blocks as gr

LIMIT = None if os.environ["ECHO_LIMIT"] == "none" else int(os.environ["ECHO_LIMIT"])


def echo(text):
    return text


with gr.Blocks() as demo:
    box = gr.Textbox(label="Input")
    out = gr.Textbox(label="Output")
    gr.Button("Run").click(echo, box, out, api_name="echo", concurrency_limit=LIMIT)
'''


def program(name: str, package: str) -> str | None:
    found = shutil.which(name) or next((f"{d}/{name}" for d in ("/usr/sbin", "/usr/bin")
                                        if os.access(f"{d}/{name}", os.X_OK)), None)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package],
                       env=env, capture_output=True, check=False)
        found = shutil.which(name) or (f"/usr/sbin/{name}"
                                       if os.access(f"/usr/sbin/{name}", os.X_OK) else None)
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_of(groups: dict[str, list[int]]) -> dict[str, float]:
    return {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in groups.items()}


def redis_commands(port: int) -> int:
    """How many commands the Redis on ``port`` has run since it started."""
    import redis
    with redis.Redis(port=port) as client:
        return sum(entry["calls"] for entry in client.info("commandstats").values())


def measure(workers: int, limit: str, options, redis_program, haproxy_program,
            backend: str = "redis") -> dict:
    from topology import Topology
    folder = Path(tempfile.mkdtemp(prefix=f"bench-workers-{workers}-"))
    (folder / "app.py").write_text(APP)
    (folder / "shared").mkdir()
    env = clean_env()
    env.update(BLOCKS_STATE_BACKEND=backend, BLOCKS_SECRET="bench", ECHO_LIMIT=limit,
               BLOCKS_TEMP_DIR=str(folder / "shared"))
    cores = os.cpu_count() or 1
    pin = list(range(workers)) if cores >= workers else None
    topology = Topology(folder, folder / "app.py", env, hosts=1, workers=workers,
                        redis_program=redis_program, haproxy_program=haproxy_program, pin=pin,
                        namespaces=False)
    topology.start()
    try:
        url = topology.url
        loadgen("events", "blocks", url, "--sessions", 4, "--duration", 1, "--warmup", 0.5)
        pids = {"workers": topology.worker_pids(), "redis": [topology.processes[0].pid],
                "haproxy": [topology.haproxy.pid]}
        before, commands = cpu_of(pids), redis_commands(topology.redis_port)
        result = loadgen("events", "blocks", url, "--sessions", SESSIONS,
                         "--duration", options.duration, "--warmup", options.warmup)
        after, commands = cpu_of(pids), redis_commands(topology.redis_port) - commands - 1
    finally:
        topology.stop()
        shutil.rmtree(folder, ignore_errors=True)
    events = max(1, result.get("completed_total") or result["events"])
    result["cpu_ms"] = {name: (after[name] - before[name]) * 1000 / events for name in pids}
    result["redis_commands"] = commands / events
    if backend != "redis":
        result["cpu_ms"]["redis"] = 0.0
    cpu = result["cpu_ms"]
    print(f"{workers} worker(s), {backend} store, concurrency_limit={limit}: "
          f"{format_number(result['events_per_second'])} events/s, p50 "
          f"{format_number(result['p50_ms'] or 0)} ms, p99 {format_number(result['p99_ms'] or 0)} "
          f"ms, errors {result['errors']}{', pinned' if pin else ''}; CPU ms per event: "
          f"workers {cpu['workers']:.3f}, Redis {cpu['redis']:.3f}, HAProxy "
          f"{cpu['haproxy']:.3f}; Redis commands per event {result['redis_commands']:.2f}",
          flush=True)
    return result


def run(options) -> list[Row]:
    heading("the echo app on 1 and 2 gunicorn workers with blocks-redis, through HAProxy")
    redis_program = program("redis-server", "redis-server")
    haproxy_program = program("haproxy", "haproxy")
    if redis_program is None or haproxy_program is None:
        print("(redis-server and haproxy are needed: apt-get install redis-server haproxy)")
        return []
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores; load average {load:.1f} before the run "
          "(figures taken on a busy machine are lower and noisier)")
    alone = measure(1, "none", options, redis_program, haproxy_program, backend="memory")
    one = measure(1, "none", options, redis_program, haproxy_program)
    two = measure(2, "none", options, redis_program, haproxy_program)
    limited = measure(2, "1", options, redis_program, haproxy_program)
    ratio = two["events_per_second"] / one["events_per_second"] \
        if one["events_per_second"] else 0
    rows = [Row(NAME, "1 worker: events/s, 64 sessions", one["events_per_second"], "events/s"),
            Row(NAME, "2 workers: events/s, 64 sessions", two["events_per_second"], "events/s"),
            Row(NAME, "2 workers over 1", ratio, "x", "goal 1.7x"),
            Row(NAME, "2 workers, global limit 1: events/s", limited["events_per_second"],
                "events/s"),
            Row(NAME, "1 worker: p99 latency (ms)", one["p99_ms"] or 0, "ms"),
            Row(NAME, "2 workers: p99 latency (ms)", two["p99_ms"] or 0, "ms"),
            Row(NAME, "1 worker, memory store: worker CPU ms per event",
                alone["cpu_ms"]["workers"], "ms"),
            Row(NAME, "1 worker: worker + Redis CPU ms per event",
                one["cpu_ms"]["workers"] + one["cpu_ms"]["redis"], "ms"),
            Row(NAME, "2 workers: worker + Redis CPU ms per event",
                two["cpu_ms"]["workers"] + two["cpu_ms"]["redis"], "ms"),
            Row(NAME, "2 workers: Redis commands per event", two["redis_commands"], "commands"),
            Row(NAME, "2 workers, global limit 1: Redis commands per event",
                limited["redis_commands"], "commands")]
    heading("workers: 2 gunicorn workers against 1 (each on a core of its own)")
    print(table(["configuration", "events/s", "p50 ms", "p99 ms", "CPU ms/event: workers",
                 "Redis", "HAProxy", "Redis commands/event"],
                [[name, format_number(r["events_per_second"]), format_number(r["p50_ms"] or 0),
                  format_number(r["p99_ms"] or 0), f"{r['cpu_ms']['workers']:.3f}",
                  f"{r['cpu_ms']['redis']:.3f}", f"{r['cpu_ms']['haproxy']:.3f}",
                  f"{r['redis_commands']:.2f}"]
                 for name, r in (("1 worker, memory store (no Redis)", alone),
                                 ("1 worker", one), ("2 workers", two),
                                 ("2 workers, concurrency_limit=1 (global)", limited))],
                "lrrrrrrr"))
    print(f"2 workers / 1 worker: {ratio:.2f}x (goal: 1.7x); load average now "
          f"{os.getloadavg()[0]:.1f}")
    return rows
