#!/usr/bin/env python3
"""Parse every .ics file given (or found under the directories given) with the
`icalendar` package and check what langplan promises: CRLF line ends, lines of at most
75 octets, a VTIMEZONE for Asia/Ho_Chi_Minh, and on every VEVENT a UID, a DTSTAMP and
DTSTART/DTEND in that zone with DTEND after DTSTART. Exit 0 when all pass; prints
'SKIP' and exits 3 when icalendar is not installed."""
import os
import sys

try:
    import icalendar
except ImportError:
    print("SKIP: python package icalendar is not installed (pip install icalendar)")
    sys.exit(3)


def files(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                for n in sorted(names):
                    if n.endswith(".ics"):
                        yield os.path.join(root, n)
        else:
            yield a


def check(path):
    raw = open(path, "rb").read()
    errors = []
    lines = raw.split(b"\r\n")
    if lines[-1] != b"":
        errors.append("does not end with CRLF")
    for i, line in enumerate(lines):
        if b"\n" in line or b"\r" in line:
            errors.append(f"line {i + 1}: bare LF or CR")
        if len(line) > 75:
            errors.append(f"line {i + 1}: {len(line)} octets")
    cal = icalendar.Calendar.from_ical(raw)
    zones = [c for c in cal.walk("VTIMEZONE") if str(c.get("TZID")) == "Asia/Ho_Chi_Minh"]
    if not zones:
        errors.append("no VTIMEZONE Asia/Ho_Chi_Minh")
    events = list(cal.walk("VEVENT"))
    uids = set()
    for ev in events:
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if ev.get(key) is None:
                errors.append(f"event without {key}")
        uid = str(ev.get("UID"))
        if uid in uids:
            errors.append(f"UID {uid} repeated")
        uids.add(uid)
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        if str(ev["DTSTART"].params.get("TZID")) != "Asia/Ho_Chi_Minh":
            errors.append(f"{uid}: DTSTART not in Asia/Ho_Chi_Minh")
        if not end > start:
            errors.append(f"{uid}: DTEND {end} not after DTSTART {start}")
    return len(events), errors


def main():
    paths = list(files(sys.argv[1:]))
    if not paths:
        print("no .ics files given")
        return 1
    bad = 0
    events = 0
    for p in paths:
        try:
            n, errors = check(p)
        except Exception as e:  # a parse error is a failure
            n, errors = 0, [f"parse error: {e}"]
        events += n
        for e in errors:
            print(f"{p}: {e}")
        bad += bool(errors)
    print(f"{len(paths)} files, {events} events, {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
