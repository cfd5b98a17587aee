"""delete_cache: an app's cached files are removed by age, and all of them on close."""

import os
import time

from blocks.files import file_data, save_bytes
from blocks.server.files import FileRegistry
from blocks.server.settings import Settings


def test_delete_cache_sweeps_old_files(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(tmp_path))
    files = FileRegistry(Settings(), delete_cache=(60, 120))
    old = save_bytes(b"old", ".txt")
    new = save_bytes(b"new", ".txt")
    files.expose([file_data(old), file_data(new)], "")
    upload = files.upload_dir / "u1"
    upload.mkdir()
    (upload / "up.txt").write_bytes(b"up")
    now = time.time()
    os.utime(old, (now - 500, now - 500))
    os.utime(upload / "up.txt", (now - 500, now - 500))
    assert files.sweep(now + 30) == []  # not yet time for a sweep
    removed = files.sweep(now + 61)
    assert sorted(p.name for p in removed) == ["file.txt", "up.txt"]
    assert not old.exists() and new.exists()
    assert not files.allowed(old) and files.allowed(new)
    files.clear()
    assert not new.exists() and not files.upload_dir.exists()


def test_without_delete_cache_nothing_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(tmp_path))
    files = FileRegistry(Settings())
    kept = save_bytes(b"x", ".txt")
    files.expose(file_data(kept), "")
    assert files.sweep(time.time() + 10**6) == []
    files.clear()
    assert kept.exists()


def test_blocked_and_dotfiles_lose(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(tmp_path / "cache"))
    public = tmp_path / "public"
    (public / ".secret").mkdir(parents=True)
    (public / ".secret" / "key.txt").write_text("k")
    (public / "ok.txt").write_text("ok")
    (public / "blocked").mkdir()
    (public / "blocked" / "no.txt").write_text("no")
    os.symlink("/etc/hostname", public / "link.txt")
    files = FileRegistry(Settings(allowed_paths=[str(public)],
                                  blocked_paths=[str(public / "blocked")]))
    assert files.allowed(public / "ok.txt")
    assert not files.allowed(public / ".secret" / "key.txt")
    assert not files.allowed(public / "blocked" / "no.txt")
    assert not files.allowed(public / "link.txt")  # a symlink out of the allowed folder
    assert not files.allowed(public / ".." / "public" / ".." / "cache")
