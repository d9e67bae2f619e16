"""`newsbrief serve` runs gunicorn with whitenoise on a real loopback port."""

import os
import socket
import subprocess
import sys
import time

import httpx

from tests.conftest import OWN_SQLITE_FILES

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


@OWN_SQLITE_FILES
def test_serve_answers_pages_and_static_files_through_gunicorn(tmp_path):
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3"}
    subprocess.run([sys.executable, "-m", "newsbrief", "migrate", "-v0"], env=env, check=True)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbrief", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        front = _wait_for(f"http://127.0.0.1:{port}/", process)
        assert front.status_code == 200
        assert "Latest briefs" in front.text
        assert "gunicorn" in front.headers.get("server", "")
        css = httpx.get(f"http://127.0.0.1:{port}/static/newsbrief/style.css", timeout=5)
        assert css.status_code == 200
        assert css.headers["content-type"].startswith("text/css")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_workers_fork_with_the_loaded_application_kept_out_of_the_cyclic_collector(monkeypatch):
    import gc

    from newsbrief.site.web import server

    monkeypatch.setattr(server, "refresh_if_grown", lambda: None)
    monkeypatch.setattr(server._Gunicorn, "run", lambda self: None)
    gc.unfreeze()
    try:
        server.serve("127.0.0.1", _free_port(), 1)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
