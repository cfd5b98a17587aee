"""Behind nginx under /app/, as docs/deployment.md's recipe says: page, event, upload, in Chromium.

nginx comes from Debian (installed by the test when missing: ``apt-get install
nginx-light``), gunicorn from the test environment; both listen on loopback and
are stopped afterwards. nginx passes ``Host $host`` (which drops the port) like
most configurations on the web, and says what the browser asked for in
``X-Forwarded-*``, which the app honours because it trusts 127.0.0.1.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

APP = textwrap.dedent('''
    import blocks as gr

    with gr.Blocks(title="Behind nginx") as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, out, api_name="greet")
        picture = gr.Image(type="pil", label="Picture")
        size = gr.Textbox(label="Size")
        picture.upload(lambda im: f"{im.size[0]}x{im.size[1]}", picture, size)

    demo.launch(trusted_proxies=["127.0.0.1"])  # under gunicorn: these settings apply
''')


def nginx_config(folder: Path) -> str:
    """docs/deployment.md's recipe, with the ports and folders of this test."""
    recipe = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    start = recipe.index("```nginx\nmap $http_upgrade") + len("```nginx\n")
    server = recipe[start:recipe.index("```", start)]
    return textwrap.dedent(f"""
        user root;
        worker_processes 1;
        daemon off;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log;
        events {{ worker_connections 256; }}
        http {{
          access_log off;
          client_body_temp_path {folder}/body;
          proxy_temp_path {folder}/proxy;
          fastcgi_temp_path {folder}/fastcgi;
          uwsgi_temp_path {folder}/uwsgi;
          scgi_temp_path {folder}/scgi;
        """) + server + "}\n"


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light).")
    subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], check=True,
                   capture_output=True, timeout=600,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("nginx") or "/usr/sbin/nginx"


def wait_for(url, process, log):
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"{url} did not answer:\n{log.read()}")
            time.sleep(0.1)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    (folder / "app.py").write_text(APP)
    app_port, proxy_port = free_port(), free_port()
    config = nginx_config(folder).replace("127.0.0.1:8000", f"127.0.0.1:{app_port}") \
        .replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
    (folder / "nginx.conf").write_text(config)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processes = []
    log = open(folder / "servers.log", "w+")  # noqa: SIM115 - closed at the end
    try:
        processes.append(subprocess.Popen(
            [str(gunicorn), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{app_port}",
             f'blocks.wsgi:app("{folder / "app.py"}")'],
            stdout=log, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True))
        wait_for(f"http://127.0.0.1:{app_port}/", processes[0], log)
        processes.append(subprocess.Popen(
            [nginx_binary(), "-c", str(folder / "nginx.conf"), "-p", str(folder)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        url = f"http://127.0.0.1:{proxy_port}/app/"
        wait_for(url, processes[1], log)
        yield url, folder
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def test_page_event_and_upload_behind_nginx(proxied, page):
    url, folder = proxied
    page.goto(url)
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Greet").click()
    expect(page.get_by_label("Greeting")).to_have_value("Hello, Ann!")
    (folder / "dot.png").write_bytes(PNG)
    page.get_by_label("Picture").set_input_files(str(folder / "dot.png"))
    expect(page.get_by_label("Size")).to_have_value("1x1")
    expect(page.get_by_role("img", name="Picture")).to_have_attribute(
        "src", re.compile(r"^(http://127\.0\.0\.1:\d+)?/app/file="))
    # no toast of a refused connection
    expect(page.get_by_text("Cross-origin")).to_have_count(0)
    # the API page, through the proxy, gives the proxy's address to programs
    page.goto(url + "?view=api")
    expect(page.get_by_role("heading", level=3, name="/greet")).to_be_visible()
    snippet = page.get_by_role("region", name="/greet").locator("pre").first
    expect(snippet).to_contain_text(f"Client('{url}')")
    # ... and the snippet works through the proxy
    done = subprocess.run([sys.executable, "-c", snippet.text_content()], capture_output=True,
                          text=True, timeout=60, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "Hello, Hello!!!"
