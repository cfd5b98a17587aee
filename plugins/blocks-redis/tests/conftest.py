"""A real Redis (Debian's redis-server) for the tests, started here and stopped after.

``debian_program(name, package)`` (from testkit.py) finds a program, installing its Debian package
first when it is missing and we may (root with apt-get), like the test session
does for Chromium; elsewhere the tests that need it are skipped, except in CI
(``CI=true``), where they fail.
"""

from __future__ import annotations

import subprocess
import time

import pytest
from testkit import debian_program, free_port


class RedisServer:
    """``redis-server`` on ``binds`` (loopback by default), in a folder of its own."""

    def __init__(self, folder, binds=("127.0.0.1",)):
        self.program = debian_program("redis-server", "redis-server")
        self.folder = folder
        self.port = free_port()
        self.binds = binds
        self.process = None

    def url(self, host: str = "127.0.0.1", db: int = 0) -> str:
        return f"redis://{host}:{self.port}/{db}"

    def start(self) -> RedisServer:
        import redis
        self.log = open(self.folder / "redis.log", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [self.program, "--port", str(self.port), "--bind", *self.binds,
             "--save", "", "--appendonly", "no", "--protected-mode", "no",
             "--dir", str(self.folder)],
            stdout=self.log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    self.stop()
                    pytest.fail("redis-server did not start:\n" + self.log.read())
                time.sleep(0.05)
        client.close()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server, request):
    """A Redis URL and a fresh database for one test (flushed before)."""
    import redis
    url = redis_server.url(db=1)
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url
