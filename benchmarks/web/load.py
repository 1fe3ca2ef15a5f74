#!/usr/bin/env python3
"""Load benchmark of `langplan serve` (not a test; `make test` does not run it).

50 simulated users, each signed in with its own session, browse pages and download result
files (report, workbook, CSV, zip) for DURATION seconds while two plans of hcmc-2026 solve in
child processes. Prints requests per second and latency percentiles, overall and split by
whether plans were solving at the time of the request.

    python3 benchmarks/web/load.py [--users 50] [--duration 30] [--plans 2] [--bin .build/release/langplan]
"""
import argparse
import base64
import http.cookiejar
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "web"))
from conftest import ADMIN_PASSWORD, Server  # noqa: E402

AUTH = {"Authorization": "Basic " + base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()}


def api(url, path, body=None, ctype="application/json"):
    req = urllib.request.Request(url + path, data=body, headers=dict(AUTH, **{"Content-Type": ctype}),
                                 method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def session(url):
    """A browser-like client signed in as admin through the login form."""
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = op.open(url + "/login", timeout=30).read().decode()
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    data = f"username=admin&password={ADMIN_PASSWORD}&csrf={token}".encode()
    op.open(urllib.request.Request(url + "/login", data=data), timeout=30).read()
    return op


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--plans", type=int, default=2, help="plans kept solving meanwhile (0: a baseline)")
    ap.add_argument("--bin", default=str(ROOT / ".build" / "release" / "langplan"))
    args = ap.parse_args()
    os.environ["LANGPLAN_BIN"] = args.bin

    with tempfile.TemporaryDirectory() as tmp:
        s = Server(Path(tmp) / "data", workers=max(1, args.plans)).start()
        try:
            url = s.url
            tiny = api(url, "/api/scenarios?name=tiny", (ROOT / "scenarios/tiny.yaml").read_bytes(), "application/yaml")
            hcmc = api(url, "/api/scenarios?name=hcmc", (ROOT / "scenarios/hcmc-2026.yaml").read_bytes(), "application/yaml")
            done = api(url, f"/api/scenarios/{tiny['id']}/runs", json.dumps({"kind": "plan", "timeLimit": 10}).encode())
            while api(url, f"/api/runs/{done['id']}")["status"] in ("queued", "running"):
                time.sleep(0.2)
            rid = done["id"]
            pages = ["/", "/scenarios", f"/scenarios/{hcmc['id']}", "/runs", f"/runs/{rid}",
                     f"/runs/{rid}/files/report.html", f"/runs/{rid}/files/plan.xlsx", f"/runs/{rid}/files/classes.csv",
                     f"/runs/{rid}/zip", "/api/runs"]
            clients = [session(url) for _ in range(args.users)]
            # Two plans of hcmc-2026 solve all the time the users browse: each finished one is
            # replaced at once (two workers, so both solve at the same time).
            def start_plan():
                return api(url, f"/api/scenarios/{hcmc['id']}/runs", json.dumps({"kind": "plan", "timeLimit": 60}).encode())
            solving = [start_plan() for _ in range(args.plans)]
            finished = []
            time.sleep(1)
            samples, errors, lock = [], [], threading.Lock()
            stop = time.time() + args.duration

            def user(i, op):
                k = i
                while time.time() < stop:
                    p = pages[k % len(pages)]
                    k += 1
                    t0 = time.perf_counter()
                    try:
                        with op.open(url + p, timeout=60) as r:
                            r.read()
                            code = r.status
                    except Exception as e:  # noqa: BLE001
                        code = getattr(e, "code", 0)
                    dt = time.perf_counter() - t0
                    with lock:
                        samples.append((time.time(), dt, p))
                        if code != 200:
                            errors.append((p, code))

            threads = [threading.Thread(target=user, args=(i, c)) for i, c in enumerate(clients)]
            t0 = time.time()
            for t in threads:
                t.start()
            while time.time() < stop:
                for i, r in enumerate(solving):
                    now = api(url, f"/api/runs/{r['id']}")
                    if now["status"] not in ("queued", "running"):
                        finished.append(now)
                        solving[i] = start_plan()
                time.sleep(0.25)
            for t in threads:
                t.join()
            wall = time.time() - t0
            still = [api(url, f"/api/runs/{r['id']}") for r in solving]
        finally:
            s.kill()

    def pct(xs, q):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000 if xs else float("nan")

    lat = [d for _, d, _ in samples]
    print(f"users {args.users}, {wall:.1f} s, {len(samples)} requests, {len(errors)} not 200")
    print(f"requests/s {len(samples) / wall:.1f}; latency ms p50 {pct(lat, .5):.1f}, p95 {pct(lat, .95):.1f}, "
          f"p99 {pct(lat, .99):.1f}, max {max(lat) * 1000:.1f}")
    for p in pages:
        xs = [d for _, d, q in samples if q == p]
        print(f"  {p:40s} n={len(xs):5d} p50 {pct(xs, .5):7.1f} ms  p95 {pct(xs, .95):7.1f} ms")
    print(f"plans finished meanwhile: {len(finished)} ({sum(r['status'] == 'done' for r in finished)} done); "
          f"at the end: {[r['status'] + ' ' + r['progress'][:60] for r in still]}")
    if errors:
        print("errors (first 5):", errors[:5])


if __name__ == "__main__":
    main()
