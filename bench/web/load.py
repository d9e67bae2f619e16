"""Load one server with wrk over a list of URL paths, and read wrk's own summary (a Lua done() hook, as JSON).

A request answered later than --timeout seconds, or still unanswered that long when
the run ends, is a timeout; a row in which not one request finished is a failure
("no answer"), never 0 ms.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Each wrk thread walks the paths from a random start, so two threads do not move in step.
# wrk counts a timeout only when an answer comes later than --timeout: a request that never
# ends is not counted at all. So each thread also notes when it sent its latest requests and
# how many were answered; at the end, the requests still waiting are counted as timeouts when
# even the most recent of them was sent --timeout seconds before or more (a lower bound).
SCRIPT = """\
local paths = {%s}
local i = 0
sent, answered, sent_at = 0, 0, {}  -- globals: done() reads them from each thread
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); i = math.random(#paths) end
function request()
  i = i %% #paths + 1; sent = sent + 1; sent_at[sent %% 4096] = os.time()
  return wrk.format("GET", paths[i])
end
function response(status, headers, body) answered = answered + 1 end
function done(summary, latency, requests)
  local stuck, now = 0, os.time()
  for _, thread in ipairs(threads) do
    local waiting = thread:get("sent") - thread:get("answered")
    local times = thread:get("sent_at")
    if waiting > 0 and now - times[(thread:get("sent") - waiting + 1) %% 4096] >= %d then stuck = stuck + waiting end
  end
  io.write(string.format('BENCH {"requests": %%d, "seconds": %%f, "timeouts": %%d, "connect": %%d, "read": %%d,'
    .. ' "write": %%d, "status": %%d, "p50": %%f, "p99": %%f}\\n', summary.requests, summary.duration / 1e6,
    summary.errors.timeout + stuck, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass(frozen=True)
class Load:
    """What wrk measured for one row: answers, failures and latency (ms) of the answered requests."""

    requests: int
    seconds: float
    timeouts: int  # answered later than --timeout, or still waiting that long at the end
    errors: int  # non-2xx/3xx answers and socket errors other than timeouts
    p50: float
    p99: float
    timeout: float  # seconds

    @property
    def rps(self) -> float:
        """Answered requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> bool:
        """Whether any request failed: no answer at all, a timeout or an error."""
        return self.requests == 0 or self.timeouts > 0 or self.errors > 0

    def cells(self) -> tuple[str, str, str, str]:
        """req/s, p50, p99 and failures as table cells; a row without answers says so instead of 0 ms."""
        failures = f"{self.errors} / {self.timeouts}"
        if self.requests == 0:
            return "0", "no answer", "no answer", failures
        if self.p99 == 0:  # every answer came after the timeout: wrk keeps no latency for those
            return f"{self.rps:,.0f}", f"> {self.timeout * 1000:,.0f}", f"> {self.timeout * 1000:,.0f}", failures
        return f"{self.rps:,.0f}", f"{self.p50:.1f}", f"{self.p99:.1f}", failures


def run_wrk(base: str, paths: list[str], *, seconds: int, connections: int, timeout: int) -> Load:
    """wrk -t2 over the paths in turn (after a 1 s warm-up), requests slower than `timeout` seconds being timeouts."""
    listed = ", ".join(json.dumps(path) for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SCRIPT % (listed, timeout))
    try:
        common = ["wrk", "-t2", f"-c{connections}", "--timeout", f"{timeout}s", "-s", script.name]
        subprocess.run([*common, "-d1s", base], capture_output=True)  # warm-up
        done = subprocess.run([*common, f"-d{seconds}s", "--latency", base], capture_output=True, text=True)
    finally:
        Path(script.name).unlink()
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None and "unable to connect" in done.stdout + done.stderr:
        return Load(0, float(seconds), 0, connections, 0.0, 0.0, timeout)  # nothing listening: every connection failed
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {base}: {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(line.removeprefix("BENCH "))
    errors = data["connect"] + data["read"] + data["write"] + data["status"]
    return Load(data["requests"], data["seconds"], data["timeouts"], errors, data["p50"], data["p99"], timeout)
