"""Starts `langplan serve` on a free loopback port with a temporary data folder."""
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "web-test-admin-pw"


def binary() -> Path:
    """The langplan binary: $LANGPLAN_BIN, else the debug build `swift build` made."""
    return Path(os.environ.get("LANGPLAN_BIN", ROOT / ".build" / "debug" / "langplan"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `langplan serve` process; `start` and `kill` can be called again on the same data folder."""

    def __init__(self, data: Path, workers: int = 2):
        self.data, self.workers, self.proc = data, workers, None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        env = dict(os.environ, LANGPLAN_ADMIN_PASSWORD=ADMIN_PASSWORD)
        self.log = open(self.data.parent / f"serve-{self.port}.log", "ab")
        self.proc = subprocess.Popen(
            [str(binary()), "serve", "--data", str(self.data), "--port", str(self.port), "--workers", str(self.workers)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/api/openapi.json", timeout=1).read()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("langplan serve exited: " + (self.data.parent / f"serve-{self.port}.log").read_text())
                time.sleep(0.2)
        raise RuntimeError("langplan serve did not start in 30 s")

    def kill(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=20)
        # Children the server started and left behind (after kill -9) are ended too, by pid.
        for pid in children_of(self.data):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def children_of(data: Path):
    """Pids of solving processes whose command line names this data folder."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(str(data).encode() in c for c in cmd) and b"serve" not in cmd:
                out.append(int(d.name))
    return out


@pytest.fixture
def server():
    with tempfile.TemporaryDirectory() as tmp:
        s = Server(Path(tmp) / "data").start()
        try:
            yield s
        finally:
            s.kill()
