"""Two "hosts" serving one app behind HAProxy, for the tests and the benchmark.

Each host is a network namespace (``ip netns``) joined to this one by a veth
pair, running gunicorn with gevent workers; Redis listens on this side of
both pairs and on loopback; HAProxy listens on loopback and balances
round-robin over the hosts, without stickiness. Where network namespaces
cannot be made (no privileges, no ``ip``), the hosts are plain processes on
loopback ports instead, and :attr:`Topology.namespaces` says so.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

GUNICORN = Path(sys.executable).with_name("gunicorn")
APP_PORT = 8000
DEPLOYMENT = Path(__file__).resolve().parents[3] / "docs" / "deployment.md"


def documented_haproxy_config() -> str:
    """The HAProxy configuration of ``docs/deployment.md`` ("Two hosts behind HAProxy")."""
    section = DEPLOYMENT.read_text(encoding="utf-8").split("### Two hosts behind HAProxy", 1)[1]
    config = section.split("```", 2)[1].strip("\n")
    for needed in ("balance roundrobin", "bind ", "server "):
        if needed not in config:
            raise ValueError(f"docs/deployment.md's HAProxy configuration lost {needed!r}")
    return config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ip(*args: str, namespace: str | None = None) -> None:
    command = ["ip", *args] if namespace is None else ["ip", "netns", "exec", namespace,
                                                       "ip", *args]
    subprocess.run(command, check=True, capture_output=True, text=True)


def _wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer:\n{log.read_text()[-4000:]}") from None
            time.sleep(0.2)


class Topology:
    """``Topology(folder, app, env).start()``; ``.url`` is HAProxy's; ``.stop()``."""

    def __init__(self, folder: Path, app: Path, env: dict, *, hosts: int = 2, workers: int = 2,
                 redis_program: str, haproxy_program: str, pin: list[int] | None = None,
                 namespaces: bool = True):
        self.folder = Path(folder)
        self.app = app
        self.env = env
        self.host_count = hosts
        self.workers = workers
        self.redis_program = redis_program
        self.haproxy_program = haproxy_program
        self.pin = pin  # one CPU per worker process, when given (taskset)
        self.want_namespaces = namespaces
        self.namespaces: list[str] = []
        self.why_not_namespaces: str | None = None
        self.hosts: list[str] = []       # address each host's gunicorn listens on
        self.redis_host = "127.0.0.1"
        self.processes: list[subprocess.Popen] = []
        self.gunicorns: list[subprocess.Popen] = []
        self._veths: list[str] = []

    # -- network ------------------------------------------------------------------------
    def _make_namespaces(self) -> bool:
        if not self.want_namespaces:
            self.why_not_namespaces = "not asked for"
            return False
        if not shutil.which("ip") or os.geteuid() != 0:
            self.why_not_namespaces = "`ip` is missing or this is not root"
            return False
        tag = f"{os.getpid() % 100000}"
        base = 100 + os.getpid() % 120
        try:
            for index in range(self.host_count):
                name = f"blkr{tag}h{index}"
                root_side, ns_side = f"br{tag}h{index}", f"bn{tag}h{index}"
                subnet = f"10.231.{base + index}"
                _ip("netns", "add", name)
                self.namespaces.append(name)
                _ip("link", "add", root_side, "type", "veth", "peer", "name", ns_side)
                self._veths.append(root_side)
                _ip("link", "set", ns_side, "netns", name)
                _ip("addr", "add", f"{subnet}.1/24", "dev", root_side)
                _ip("link", "set", root_side, "up")
                _ip("addr", "add", f"{subnet}.2/24", "dev", ns_side, namespace=name)
                _ip("link", "set", ns_side, "up", namespace=name)
                _ip("link", "set", "lo", "up", namespace=name)
                self.hosts.append(f"{subnet}.2")
        except (subprocess.CalledProcessError, OSError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            self.why_not_namespaces = f"`ip netns` failed: {detail.strip()}"
            self._remove_namespaces()
            return False
        return True

    def _remove_namespaces(self) -> None:
        for veth in self._veths:
            subprocess.run(["ip", "link", "del", veth], capture_output=True, check=False)
        for name in self.namespaces:
            subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
        self._veths, self.namespaces, self.hosts = [], [], []

    # -- processes ----------------------------------------------------------------------
    def _spawn(self, command: list, log_name: str, env: dict | None = None) -> subprocess.Popen:
        log = open(self.folder / log_name, "w")  # noqa: SIM115 - the process keeps it
        process = subprocess.Popen([str(part) for part in command], stdout=log,
                                   stderr=subprocess.STDOUT, cwd=self.folder, env=env,
                                   start_new_session=True)
        log.close()
        self.processes.append(process)
        return process

    def start(self) -> Topology:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        namespaced = self._make_namespaces()
        if not namespaced:
            self.hosts = ["127.0.0.1"] * self.host_count
        binds = ["127.0.0.1", *(f"{host.rsplit('.', 1)[0]}.1" for host in self.hosts
                                if host != "127.0.0.1")]
        self.redis_port = free_port()
        self._spawn([self.redis_program, "--port", self.redis_port, "--bind", *binds,
                     "--save", "", "--appendonly", "no", "--protected-mode", "no",
                     "--dir", self.folder], "redis.log")
        self._wait_redis()
        self.ports = [APP_PORT if namespaced else free_port() for _ in self.hosts]
        for index, (host, port) in enumerate(zip(self.hosts, self.ports)):
            redis_host = f"{host.rsplit('.', 1)[0]}.1" if namespaced else "127.0.0.1"
            env = dict(self.env, BLOCKS_REDIS_URL=f"redis://{redis_host}:{self.redis_port}/0",
                       BOOK_URL=f"redis://{redis_host}:{self.redis_port}/2",
                       TOPOLOGY_HOST=f"h{index + 1}")
            command = [GUNICORN, "-k", "gevent", "-w", self.workers, "-b", f"{host}:{port}",
                       "--graceful-timeout", "3",
                       f'blocks.wsgi:app("{self.app}")']
            if namespaced:
                command = ["ip", "netns", "exec", self.namespaces[index], *command]
            process = self._spawn(command, f"gunicorn-h{index + 1}.log", env)
            self.gunicorns.append(process)
        for index, (host, port) in enumerate(zip(self.hosts, self.ports)):
            _wait_http(f"http://{host}:{port}/config", self.gunicorns[index],
                       self.folder / f"gunicorn-h{index + 1}.log")
        if self.pin:
            self._pin_workers()
        self.port = free_port()
        config = self.folder / "haproxy.cfg"
        config.write_text(self.haproxy_config())
        self.haproxy = self._spawn([self.haproxy_program, "-f", config, "-db"], "haproxy.log")
        self.url = f"http://127.0.0.1:{self.port}/"
        _wait_http(self.url + "config", self.haproxy, self.folder / "haproxy.log")

    def _wait_redis(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start:\n" +
                           (self.folder / "redis.log").read_text())

    def haproxy_config(self) -> str:
        """The configuration ``docs/deployment.md`` shows, with this topology's addresses
        (and a stats socket, for :meth:`admin`)."""
        lines = []
        for line in documented_haproxy_config().splitlines():
            if line.strip().startswith("server "):
                continue
            if line.strip().startswith("bind "):
                line = f"    bind 127.0.0.1:{self.port}"
            lines.append(line)
            if line == "global":
                socket_path = self.folder / "haproxy.sock"
                lines.append(f"    stats socket {socket_path} mode 600 level admin")
            if line.strip() == "balance roundrobin":
                lines += [f"    server h{i + 1} {host}:{port}"
                          for i, (host, port) in enumerate(zip(self.hosts, self.ports))]
        return "\n".join(lines) + "\n"

    def admin(self, command: str) -> str:
        """A command for HAProxy's runtime API (``disable server app/h1``)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.folder / "haproxy.sock"))
            sock.sendall(command.encode() + b"\n")
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        return answer.decode()

    def worker_pids(self, host: int | None = None) -> list[int]:
        """The gunicorn workers (children of each host's master)."""
        masters = self.gunicorns if host is None else [self.gunicorns[host]]
        pids = []
        for master in masters:
            try:
                text = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
            except OSError:
                continue
            pids += [int(pid) for pid in text.split()]
        return pids

    def _pin_workers(self) -> None:
        for pid, cpu in zip(self.worker_pids(), self.pin):
            subprocess.run(["taskset", "-p", "-c", str(cpu), str(pid)], capture_output=True,
                           check=False)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    process.wait(timeout=15)
        self.processes = []
        self._remove_namespaces()
