"""Time to 0.1% of the best bound either solver proved, per rung, from the JSON lines of
langplan-bench (--json) and highs.py.

usage: ratio.py LANGPLAN.jsonl HIGHS.jsonl
Both solve the same exported model (maximise). B = the lower of the two proven bounds; each
solver's time is the first incumbent z with (B - z) / z <= 0.001 (its improving incumbents as
recorded, seconds since its solve began); "never" when none was that close.
ratio = langplan's time / HiGHS's time (below 1: langplan is faster).
"""
import json, sys

def load(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                out[r["rung"]] = r
    return out

lp, hs = load(sys.argv[1]), load(sys.argv[2])
for rung in lp:
    a, b = lp[rung], hs.get(rung)
    bounds = [x["bound"] for x in (a, b) if x and x.get("bound") is not None]
    if not bounds:
        print(f"{rung}: no bound proven by either solver")
        continue
    best = min(bounds)
    def first(r):
        for t, z in (r or {}).get("incumbents", []):
            if z > 0 and (best - z) / z <= 1e-3 + 1e-12:
                return t
        return None
    ta, tb = first(a), first(b)
    fa = f"{ta:.1f} s" if ta is not None else f"never in {a['seconds']:.0f} s (best {max([z for _, z in a['incumbents']] or [0]):.4f})"
    fb = f"{tb:.1f} s" if tb is not None else (f"never in {b['seconds']:.0f} s (best {max([z for _, z in b['incumbents']] or [0]):.4f})" if b else "not run")
    ratio = f"{ta / tb:.2f}" if ta is not None and tb is not None and tb > 0 else ("—")
    print(f"{rung}: ratio {ratio} (langplan {fa}, HiGHS {fb}; best bound {best:.6f} from "
          f"{'langplan' if a.get('bound') == best else 'HiGHS'})")
