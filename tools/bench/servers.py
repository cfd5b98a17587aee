"""Benchmark apps in processes of their own, and the load generator beside them.

:class:`AppServer` starts ``serve_app.py`` with a framework's interpreter on a
free loopback port, waits until ``/config`` answers, reads its resident
memory from ``/proc``, and stops it. :func:`loadgen` runs ``loadgen.py`` with
this interpreter (where ``websockets`` and ``aiohttp`` are installed).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import clean_env

HERE = Path(__file__).resolve().parent
READY_TIMEOUT = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants (``VmRSS``)."""
    total = 0
    for process in [pid, *_descendants(pid)]:
        try:
            with open(f"/proc/{process}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in map(int, children):
        found += [child, *_descendants(child)]
    return found


class AppServer:
    """``with AppServer(python, "blocks", "echo") as server: server.url``"""

    def __init__(self, python, framework: str, app: str, env: dict | None = None):
        self.python = str(python)
        self.env = env or {}
        self.framework = framework
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None
        self.log_path = None

    def __enter__(self) -> AppServer:
        import tempfile
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [self.python, str(HERE / "serve_app.py"), self.framework, self.app, str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, env=clean_env(**self.env),
            start_new_session=True)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(self.url + "config", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"{self.framework} did not start:\n{self.output()}")
            time.sleep(0.2)
        return self

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read()

    def rss(self) -> int:
        return rss_bytes(self.process.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=15)
        self.log.close()


def loadgen_command(*args) -> list[str]:
    return [sys.executable, str(HERE / "loadgen.py"), *map(str, args)]


def loadgen(*args, timeout: float = 300) -> dict:
    """Run the load generator to completion; its JSON answer."""
    result = subprocess.run(loadgen_command(*args), capture_output=True, text=True,
                            env=clean_env(), timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{result.stdout[-2000:]}\n"
                           f"{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class IdleClients:
    """``with IdleClients("blocks", url, 1000) as held: held["connected"]``"""

    def __init__(self, protocol: str, url: str, sessions: int):
        self.args = ["idle", protocol, url, "--sessions", sessions]

    def __enter__(self) -> dict:
        self.process = subprocess.Popen(loadgen_command(*self.args), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=clean_env())
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=30)
            raise RuntimeError("idle clients failed:\n" + self.process.stderr.read()[-3000:])
        return json.loads(line)

    def __exit__(self, *exc) -> None:
        try:
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
            self.process.wait(timeout=120)
        except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
            self.process.kill()
            self.process.wait(timeout=30)
