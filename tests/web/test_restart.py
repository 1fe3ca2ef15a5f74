"""kill -9 the server while a plan solves, start it again on the same data folder: the run
is marked interrupted (or completed), can be re-run, and the store is intact."""
import base64
import json
import signal
import sqlite3
import tempfile
import time
import urllib.request
from pathlib import Path

from conftest import ADMIN_PASSWORD, ROOT, Server

AUTH = "Basic " + base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()


def api(server, path, body=None, content_type="application/json"):
    req = urllib.request.Request(server.url + path, data=body, headers={"Authorization": AUTH, "Content-Type": content_type},
                                 method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def counts(db):
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ["user", "scenario", "version", "run"]}
    finally:
        con.close()


def test_kill_during_a_plan_loses_nothing():
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        s = Server(data, workers=1).start()
        try:
            sc = api(s, "/api/scenarios?name=hcmc", (ROOT / "scenarios" / "hcmc-2026.yaml").read_bytes(), "application/yaml")
            assert sc["issues"] == []
            tiny = api(s, "/api/scenarios?name=tiny", (ROOT / "scenarios" / "tiny.yaml").read_bytes(), "application/yaml")
            long_run = api(s, f"/api/scenarios/{sc['id']}/runs", json.dumps({"kind": "plan", "timeLimit": 60}).encode())
            queued = api(s, f"/api/scenarios/{tiny['id']}/runs", json.dumps({"kind": "plan", "timeLimit": 10}).encode())
            for _ in range(300):  # solving: a progress line from the child
                r = api(s, f"/api/runs/{long_run['id']}")
                if r["status"] == "running" and r["progress"].startswith("["):
                    break
                time.sleep(0.1)
            assert r["status"] == "running"
            assert api(s, f"/api/runs/{queued['id']}")["status"] == "queued"  # one worker: it waits
            before = counts(data / "langplan.sqlite")
            s.kill(signal.SIGKILL)

            s.start()
            after = api(s, f"/api/runs/{long_run['id']}")
            assert after["status"] in ("interrupted", "done")
            # The queued run starts again after the restart and finishes.
            for _ in range(300):
                q = api(s, f"/api/runs/{queued['id']}")
                if q["status"] not in ("queued", "running"):
                    break
                time.sleep(0.1)
            assert q["status"] == "done" and "plan.xlsx" in q["files"]
            now = counts(data / "langplan.sqlite")
            assert now == before  # no user, scenario, version or run lost
        finally:
            s.kill()
