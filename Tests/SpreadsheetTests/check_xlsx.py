#!/usr/bin/env python3
"""Reads an .xlsx with openpyxl and prints it as JSON, for SpreadsheetTests.

usage: check_xlsx.py FILE.xlsx
prints {"sheets": [{"name": ..., "rows": [[cell, ...], ...], "bold_header": bool,
         "formats": [number_format of each cell of row 2, ...], "filter": "A1:D21" or null}]}
Cells: str, int, float or null, exactly as openpyxl reads them.
Exit 3 when openpyxl is missing (the test then skips with a message), 1 on a bad file.
"""
import json
import sys

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed (python3 -m pip install openpyxl)", file=sys.stderr)
    sys.exit(3)


def main():
    try:
        wb = openpyxl.load_workbook(sys.argv[1])
    except Exception as e:  # any reader error is a failed check
        print(f"openpyxl cannot read {sys.argv[1]}: {e!r}", file=sys.stderr)
        sys.exit(1)
    out = {"sheets": []}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        first = [c for c in ws[1]] if ws.max_row >= 1 else []
        second = [c for c in ws[2]] if ws.max_row >= 2 else []
        out["sheets"].append({
            "name": ws.title,
            "rows": rows,
            "bold_header": bool(first) and all(c.font is not None and c.font.b for c in first if c.value is not None),
            "formats": [c.number_format for c in second],
            "filter": ws.auto_filter.ref,
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
