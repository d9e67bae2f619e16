"""bench.web's load rows: requests that never finish are failures and timeouts, never 0 ms."""

import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.web.load import run_wrk

pytestmark = pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk (apt-get install -y wrk)")


class _Slow(BaseHTTPRequestHandler):
    delay = 0.0

    def do_GET(self):
        time.sleep(self.delay)
        try:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass

    def log_message(self, *args):
        pass


def _serve(delay: float):
    handler = type("Handler", (_Slow,), {"delay": delay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_server_that_never_answers_is_a_row_of_no_answers_and_timeouts():
    server = _serve(delay=60)
    try:
        load = run_wrk(f"http://127.0.0.1:{server.server_port}", ["/"], seconds=5, connections=4, timeout=1)
    finally:
        server.shutdown()
    assert load.requests == 0 and load.timeouts > 0 and load.failed
    assert load.cells()[:3] == ("0", "no answer", "no answer")


def test_a_quick_server_is_a_row_of_answers_without_failures():
    server = _serve(delay=0)
    try:
        # A timeout far above any answer's time: on a loaded machine a 1 s one caught 2 requests in 7,520.
        load = run_wrk(f"http://127.0.0.1:{server.server_port}", ["/a", "/b"], seconds=2, connections=2, timeout=10)
    finally:
        server.shutdown()
    assert load.requests > 0 and not load.failed and 0 < load.p50 <= load.p99


def test_nothing_listening_is_a_failure():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    load = run_wrk(f"http://127.0.0.1:{port}", ["/"], seconds=2, connections=2, timeout=1)
    assert load.failed and load.requests == 0 and load.errors > 0
