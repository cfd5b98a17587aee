"""The echo app on one core: events per second and latency at 64 sessions, and its profile.

    python3 tools/dev.py bench -- one-core                 # 5 runs, medians and spread
    python3 tools/dev.py bench -- one-core --profile DIR   # and py-spy's view of one run
    python3 tools/dev.py bench -- one-core --baseline ../main  # beside another checkout

The server (``serve_app.py blocks echo``) is pinned to one core and the load
generator (``loadgen.py``, the events benchmark's, 64 sessions, closed loop) to
the other with ``taskset``, so the figure is what one core serves. Each run is
repeated 5 times; the median and the lowest and highest of the runs are
printed, since the machine's other work moves every single one. With
``--baseline CHECKOUT`` the core of another checkout (``CHECKOUT/core/src``)
serves the same app beside this one, both pinned to the same core, the runs
taking turns: a before/after comparison measured in one run.

``--profile DIR`` also samples the server with py-spy during one more run of
each server (py-spy on the load generator's core, ``--nonblocking`` so the
server is never paused, ``--gil`` so that only Python at work counts, not
threads waiting for the interpreter) and writes ``DIR/after/one-core.svg`` (a
flame graph; ``DIR/before/`` for the baseline) and ``one-core.txt`` (the
functions that were on the CPU most: their own share, then with what they
called). py-spy must be installed beside the benchmarks (``pip install
py-spy``). Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import Row, format_number, heading, median, table
from servers import AppServer, loadgen_command

NAME = "one-core"
SESSIONS = 64
RUNS = 5  # runs of each server, in turns


def _cores() -> tuple[str, str] | None:
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2 or shutil.which("taskset") is None:
        return None
    return str(cores[0]), str(cores[1])


def _pinned(core: str | None, command: list) -> list:
    return ["taskset", "-c", core, *map(str, command)] if core is not None else command


def _events(url: str, core: str | None, duration: float, warmup: float) -> dict:
    import json
    command = _pinned(core, loadgen_command("events", "blocks", url, "--sessions", SESSIONS,
                                            "--duration", duration, "--warmup", warmup))
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pin(pid: int, core: str) -> None:
    subprocess.run(["taskset", "-a", "-p", "-c", core, str(pid)], check=True,
                   capture_output=True)


def profile(server: AppServer, core: str | None, folder: Path, duration: float) -> None:
    """py-spy's flame graph and top functions of the server during one run."""
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        spy = shutil.which("py-spy")
    if not spy:
        print("py-spy is not installed beside the benchmarks: no profile.")
        return
    folder.mkdir(parents=True, exist_ok=True)
    seconds = int(duration) + 1
    raw = folder / "one-core.raw.txt"
    recorders = [
        subprocess.Popen(_pinned(core, [spy, "record", "--nonblocking", "--gil", "--rate", "250",
                                        "--duration", seconds, "--format", fmt, "-o", out,
                                        "--pid", server.process.pid]),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fmt, out in (("flamegraph", folder / "one-core.svg"),)]
    recorders.append(subprocess.Popen(
        _pinned(core, [spy, "record", "--nonblocking", "--gil", "--rate", "250", "--duration",
                       seconds, "--format", "raw", "-o", raw, "--pid", server.process.pid]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    _events(server.url, core, duration, 0.5)
    for recorder in recorders:
        recorder.wait(timeout=120)
    if raw.exists():
        (folder / "one-core.txt").write_text(summarise(raw.read_text()))
        print(f"profile: {folder / 'one-core.svg'}, {folder / 'one-core.txt'}")


def _function(frame: str) -> str:
    """``name (file:line)`` -> ``name (file)``."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})" if where else frame


def summarise(collapsed: str, top: int = 40) -> str:
    """Self and total share of the busiest functions, from py-spy's collapsed stacks."""
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        count = int(count)
        frames = [_function(frame) for frame in stack.split(";")]
        samples += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + count
    lines = [f"{samples} samples of the server holding the GIL", "",
             "self %  function (file)"]
    for name, count in sorted(own.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"{100 * count / max(samples, 1):5.1f}  {name}")
    lines += ["", "total %  function (file)"]
    for name, count in sorted(total.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"{100 * count / max(samples, 1):5.1f}  {name}")
    return "\n".join(lines) + "\n"


def _serve(label: str, source: Path | None):
    env = {"PYTHONPATH": str(source / "core" / "src")} if source is not None else None
    return label, AppServer(sys.executable, "blocks", "echo", env=env)


def _summary(results: list[dict]) -> list[list[str]]:
    lines = []
    for label, key in (("events/s", "events_per_second"), ("p50 (ms)", "p50_ms"),
                       ("p99 (ms)", "p99_ms"), ("server CPU (ms/event)", "cpu_ms")):
        values = [result[key] for result in results]
        lines.append([label, format_number(median(values)), format_number(min(values)),
                      format_number(max(values))])
    return lines


def run(options) -> list[Row]:
    heading("the echo app on one core (64 sessions, closed loop, load generator on another core)")
    cores = _cores()
    server_core, load_core = cores if cores else (None, None)
    if cores is None:
        print("fewer than 2 cores or no taskset: nothing pinned")
    baseline = getattr(options, "baseline", None)
    servers = [_serve("this checkout", None)]
    if baseline:
        servers.append(_serve(f"baseline {baseline}", Path(baseline).resolve()))
    results: dict[str, list[dict]] = {label: [] for label, _ in servers}
    started = []
    try:
        for _label, server in servers:
            started.append(server.__enter__())
            if server_core is not None:
                _pin(server.process.pid, server_core)
            _events(server.url, load_core, 1, 0.5)  # warm up
        for index in range(RUNS):
            for label, server in servers:  # in turns: the machine's moods hit both alike
                before = server.cpu_seconds()
                result = _events(server.url, load_core, options.duration, options.warmup)
                # the server's CPU per event (warm-up included): what load moves least
                result["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(
                    result["completed_total"] or 1, 1)
                results[label].append(result)
                print(f"run {index + 1}, {label}: "
                      f"{format_number(result['events_per_second'])} events/s, "
                      f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
                      f"server CPU {result['cpu_ms']:.3f} ms/event, "
                      f"errors {result['errors']}", flush=True)
        if getattr(options, "profile", None):
            for number, (_label, server) in enumerate(servers):
                folder = Path(options.profile) / ("after" if number == 0 else "before")
                profile(server, load_core, folder, options.duration)
    finally:
        for server in started:
            server.__exit__(None, None, None)
    rows = []
    for label, values in results.items():
        print(f"\n{label}: {RUNS} runs of {options.duration:g} s")
        print(table(["64 sessions, one core", "median", "lowest", "highest"],
                    _summary(values), "lrrr"))
        rows += [Row(NAME, f"one core ({label}): events/s, 64 sessions",
                     median([r["events_per_second"] for r in values]), "events/s"),
                 Row(NAME, f"one core ({label}): p99 latency, 64 sessions",
                     median([r["p99_ms"] for r in values]), "ms")]
    if len(results) == 2:
        mine, theirs = (median([r["events_per_second"] for r in values])
                        for values in results.values())
        print(f"\nthis checkout / baseline: {mine / theirs:.2f}x the events per second")
        mine, theirs = (median([r["cpu_ms"] for r in values]) for values in results.values())
        print(f"baseline / this checkout: {theirs / mine:.2f}x the server CPU per event")
    return rows
