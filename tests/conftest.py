"""Shared fixtures for the cross-package tests.

Throwaway virtual environments (:class:`Venv`, ``make_venv``, ``core_venv``)
let a test install distributions the way a user does (``pip install ./core``,
not editable) and run ``python``/``blocks`` in them, isolated from the test
environment; ``run_server`` runs a server program (an app in such a venv,
gunicorn) for the length of a ``with`` block. The browser and in-process
server fixtures are in the repository's root ``conftest.py``.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIP_TIMEOUT = 900
RUN_TIMEOUT = 180

# Variables of the outer environment that would leak into a throwaway venv.
_LEAKY = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONNOUSERSITE",
          "PIP_REQUIRE_VIRTUALENV", "PIP_USER", "PIP_TARGET", "PIP_PREFIX")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "install: builds throwaway venvs and pip-installs distributions into them")


def clean_env(**overrides: str | None) -> dict[str, str]:
    """``os.environ`` without Python, pip or Blocks settings, then ``overrides``.

    An override of ``None`` removes the variable.
    """
    env = {key: value for key, value in os.environ.items()
           if key not in _LEAKY and not key.startswith("BLOCKS_")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _describe(result: subprocess.CompletedProcess) -> str:
    def tail(text: str) -> str:
        return text if len(text) < 6000 else "...\n" + text[-6000:]
    return (f"$ {' '.join(map(str, result.args))}\nexit status {result.returncode}\n"
            f"--- stdout\n{tail(result.stdout)}\n--- stderr\n{tail(result.stderr)}")


class Venv:
    """A virtual environment made with ``python -m venv`` for one test run."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.bin = self.path / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")

    @classmethod
    def create(cls, path: Path) -> Venv:
        venv = cls(path)
        result = subprocess.run([sys.executable, "-m", "venv", str(venv.path)],
                                capture_output=True, text=True, env=clean_env(),
                                timeout=PIP_TIMEOUT, check=False)
        if result.returncode != 0:
            pytest.fail("could not create a virtual environment\n" + _describe(result))
        return venv

    def command(self, *args, env: dict[str, str] | None = None, check: bool = False,
                timeout: float = RUN_TIMEOUT, cwd: Path | None = None,
                ) -> subprocess.CompletedProcess:
        """Run a program; a bare name (``"blocks"``) is looked up in this venv first."""
        program = str(args[0])
        if os.sep not in program and (self.bin / program).exists():
            program = str(self.bin / program)
        environment = clean_env() if env is None else dict(env)
        environment["PATH"] = str(self.bin) + os.pathsep + environment.get("PATH", "")
        environment["VIRTUAL_ENV"] = str(self.path)
        result = subprocess.run([program, *map(str, args[1:])], capture_output=True,
                                text=True, env=environment, timeout=timeout,
                                cwd=str(cwd or ROOT), check=False)
        if check and result.returncode != 0:
            pytest.fail(_describe(result))
        return result

    def python_code(self, code: str, **kwargs) -> subprocess.CompletedProcess:
        """Run ``python -c code`` in this venv."""
        return self.command(self.python, "-c", code, **kwargs)

    def pip_install(self, *args, **kwargs) -> subprocess.CompletedProcess:
        """``pip install args``; the test fails with pip's output if pip does."""
        kwargs.setdefault("timeout", PIP_TIMEOUT)
        return self.command(self.python, "-m", "pip", "install", "--disable-pip-version-check",
                            *args, check=True, **kwargs)

    def env(self, **overrides: str | None) -> dict[str, str]:
        """A clean environment for commands in this venv (see :func:`clean_env`)."""
        return clean_env(**overrides)

    def describe(self, result: subprocess.CompletedProcess) -> str:
        return _describe(result)


@pytest.fixture
def log_records():
    """``log_records(logger="blocks", level=logging.ERROR) -> list``: the records that logger
    (and those below it) gets while the test runs, at that level or above."""
    handlers = []

    def collect(name: str = "blocks", level: int = logging.ERROR) -> list:
        records = []
        handler = logging.Handler(level)
        handler.emit = records.append
        logging.getLogger(name).addHandler(handler)
        handlers.append((name, handler))
        return records

    yield collect
    for name, handler in handlers:
        logging.getLogger(name).removeHandler(handler)


@pytest.fixture(scope="session")
def make_venv(tmp_path_factory):
    """``make_venv("name") -> Venv``: a fresh, empty virtual environment."""
    def make(name: str = "venv") -> Venv:
        return Venv.create(tmp_path_factory.mktemp(name) / "venv")
    return make


@pytest.fixture(scope="session")
def core_venv(make_venv) -> Venv:
    """One venv per test session with ``pip install ./core`` (a real, non-editable install).

    Shared by the install and plugin tests. Tests may add well-behaved
    distributions to it (blocks-image, a throwaway plugin), but nothing that
    breaks ``import blocks``: put such a plugin on ``PYTHONPATH`` instead, with
    ``pip install --no-deps --target DIR``.
    """
    venv = make_venv("core")
    venv.pip_install(str(ROOT / "core"))
    return venv



@contextmanager
def _serving(command: list, url: str, cwd: Path, env: dict):
    log_path = cwd / f"server-{url.rsplit(':', 1)[-1].strip('/').replace('/', '-')}.log"
    with open(log_path, "w+") as log:
        process = subprocess.Popen([str(part) for part in command], cwd=cwd, env=env,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        pytest.fail(f"{' '.join(map(str, command))} did not serve {url}:\n"
                                    + log.read())
                    time.sleep(0.2)
            yield url
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


@pytest.fixture(scope="session")
def run_server():
    """``with run_server(command, url, cwd, env):`` runs a server program until ``url``
    answers (the test fails with its output if it exits or takes over 60 s), and stops
    its whole process group when the block ends. Its output goes to a log in ``cwd``."""
    return _serving
