"""Print a CSV file's rows as a JSON list of objects (Python's own csv module: a reader
independent of langplan's).

usage: csv_rows.py FILE
"""
import csv, json, sys

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(json.dumps(list(csv.DictReader(f))))
