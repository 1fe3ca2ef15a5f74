"""Workbooks made by openpyxl, a writer langplan did not write, for WorkbookScenarioTests.

usage: make_workbooks.py OUTDIR | make_workbooks.py inspect WORKBOOK

Writes into OUTDIR:
  openpyxl-tiny.xlsx   scenarios/tiny.yaml typed the way a planner might, plus a second teacher
                       group "senior" (count 1, max_level 6, 120 periods/term, 500,000 VND/period):
                       English headers in another column order, a title row above a header, the
                       1904 date system, term dates as date cells, period times as time cells,
                       rich-text and number-as-text cells, real booleans, a percent-formatted
                       pass rate, the institution id merged over two teacher rows, a hidden
                       sheet of the planner's own, styled empty trailing rows, a payer's tag
                       merged across two filter columns (it counts in the first only), a
                       remarks column (Ghi chú) on Institutions.
  formulas.xlsx        the same workbook with formulas (no cached values: LibreOffice computes them).
  broken-NAME.xlsx     openpyxl-tiny with one problem each (see BROKEN below).
  fine-NAME.xlsx       openpyxl-tiny changed in a way that is not a problem (FINE below).
  roster.xlsx          an HR roster with a bad birth year in G5 (the header is row 1).
"""
import datetime
import sys

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def base(formulas=False):
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Horizon"
    ws.append(["Field", "Value"])
    name = CellRichText([TextBlock(InlineFont(b=True), "ti"), "ny"])  # two runs: "tiny"
    ws.append(["Name", name])
    ws.append(["Description", "One segment, one course, one institution, one payer, one year of two terms."])
    ws.append(["Start year", "2026"])          # a number typed as text
    ws.append(["end_year", 2026])              # the YAML key works as a label too
    ws.append(["Terms per year", 2])
    ws.append(["Milestones", 2026])
    ws.append(["Teaching days", "mon, tue, wed, thu, fri, sat"])
    ws.append(["Use default holidays", True])  # a real boolean
    ws.append(["Max share in training", "=1/2" if formulas else 0.5])
    ws.append(["Exam fee per candidate (VND)", 1000000])

    ws = wb.create_sheet("Terms")
    ws.append(["Start", "End"])
    for start, end in [((1, 5), (6, 30)), ((8, 15), (12, 20))]:
        ws.append([datetime.date(2026, *start), datetime.date(2026, *end)])
        for c in ws[ws.max_row]:
            c.number_format = "dd/mm/yyyy"

    ws = wb.create_sheet("Periods")
    ws.append(["Id", "Start", "End", "Lessons"])
    for pid, s, e, n in [("morning", (7, 30), (11, 0), 4), ("afternoon", (13, 30), (17, 0), 4), ("evening", (18, 0), (20, 30), 3)]:
        ws.append([pid, datetime.time(*s), datetime.time(*e), n])
        ws.cell(ws.max_row, 2).number_format = "h:mm"
        ws.cell(ws.max_row, 3).number_format = "h:mm"

    ws = wb.create_sheet("Segments")
    ws.append(["Staff segments of the tiny scenario"])   # a title row above the header
    ws.append([])
    ws.append(["People at level 3", "Id", "Tags", "Name", "People at level 0"])
    ws.append(["=40+60" if formulas else 100, "staff", "cbcc", "Civil servants", None])
    for _ in range(5):                                  # styled but empty trailing rows
        ws.append([None] * 5)
        ws.cell(ws.max_row, 1).fill = PatternFill("solid", fgColor="FFFF00")

    ws = wb.create_sheet("Courses")
    ws.append(["Id", "Name", "From level", "To level", "Hours", "Terms", "Exam"])
    ws.append(["b1-b2", "B1 to B2", 3, 4, 100, 1, True])

    ws = wb.create_sheet("Course modes")
    ws.append(["Course", "Mode", "Pass rate", "Class size min", "Class size max", "Sessions per week", "Cost per class (VND)"])
    ws.append(["b1-b2", "in_person", 0.8, 20, 25, 3, "10000000"])
    ws.cell(2, 3).number_format = "0%"

    ws = wb.create_sheet("Institutions")
    ws.append(["Id", "Name", "Modes", "Ghi chú"])      # a remarks column: never read
    ws.append(["school", "Training school", "in_person", "đã xác nhận 5/2026"])

    ws = wb.create_sheet("Rooms")
    ws.append(["Institution", "Id", "Count", "Seats"])
    ws.append(["school", "room", 1, 30])

    ws = wb.create_sheet("Teachers")
    ws.append(["Institution", "Id", "Count", "Max level", "Hours per term", "Pay per period (VND)"])
    ws.append(["school", "teacher", 2, 5, 200, 400000])
    ws.append([None, "senior", 1, 6, 120, 500000])
    ws.merge_cells("A2:A3")

    ws = wb.create_sheet("Payers")
    ws.append(["Id", "Name", "Funds: all tags", "Funds: any tag"])
    ws.append(["state", "State budget", "cbcc"])
    ws.merge_cells("C2:D2")                              # merged across: the value stays in C

    ws = wb.create_sheet("Budgets")
    ws.append(["Payer", "Open", 2026])                   # the year header is a number cell
    ws.append(["state", False, "=2*125000000" if formulas else 250000000])

    ws = wb.create_sheet("Targets")
    ws.append(["Id", "Name", "Filter: all tags", "Level", "2026"])
    ws.append(["b2", "Half the staff at level 4 or above", "cbcc", 4, 0.5])

    ws = wb.create_sheet("My calculations")             # the planner's own, hidden: ignored
    ws.append(["scratch", 1, 2, 3])
    ws.sheet_state = "hidden"
    return wb


def sheet(wb, name):
    return wb[name]


def add_sheet(wb, name, rows):
    ws = wb.create_sheet(name)
    for row in rows:
        ws.append(row)


# Each broken workbook: one change to openpyxl-tiny. The test asserts the sheet and cell.
BROKEN = {
    # Teachers!F2: a Vietnamese thousands-separated amount typed as text.
    "money-dots": lambda wb: sheet(wb, "Teachers").cell(2, 6, "400.000"),
    # Course modes!C2: a decimal comma.
    "decimal-comma": lambda wb: sheet(wb, "Course modes").cell(2, 3, "0,8"),
    # Segments!A4: words in a number cell.
    "text-in-number": lambda wb: sheet(wb, "Segments").cell(4, 1, "about a hundred"),
    # Course modes!C2: a share outside 0...1 (a check made after reading, as for YAML).
    "share-out-of-range": lambda wb: sheet(wb, "Course modes").cell(2, 3, 1.4),
    # Courses!G2: neither yes nor no.
    "bool-word": lambda wb: sheet(wb, "Courses").cell(2, 7, "maybe"),
    # Segments!C3: a misspelt header.
    "unknown-column": lambda wb: sheet(wb, "Segments").cell(3, 3, "Tagz"),
    # Rooms!A2: a room of an institution that is not on the Institutions sheet.
    "unknown-parent": lambda wb: sheet(wb, "Rooms").cell(2, 1, "schol"),
    # Budgets!C2: a date where an amount belongs.
    "date-in-money": lambda wb: (sheet(wb, "Budgets").cell(2, 3, datetime.date(2026, 1, 1)),
                                 setattr(sheet(wb, "Budgets").cell(2, 3), "number_format", "yyyy-mm-dd")),
    # Segments!A4: an error value (as a formula that failed leaves it).
    "error-cell": lambda wb: setattr(sheet(wb, "Segments").cell(4, 1), "value", "#DIV/0!"),
    # The Payers sheet is gone: budgets then name an unknown payer (Budgets!A2).
    "missing-sheet": lambda wb: wb.remove(sheet(wb, "Payers")),
    # Horizon!B5: the end year empty -> missing; the field's cell is named.
    "missing-field": lambda wb: setattr(sheet(wb, "Horizon").cell(5, 2), "value", None),
    # Targets!E2: a milestone year outside the horizon (header 2031 in E1).
    "year-outside": lambda wb: sheet(wb, "Targets").cell(1, 5, 2031),
    # Holidays!A2: a date typed as text in the day-first form, not as an ISO date.
    "date-text": lambda wb: add_sheet(wb, "Holidays", [["Date"], ["30/04/2026"]]),
    # Segments!A4 (and its Vietnamese twin): the same part on two sheets.
    "two-sheets": lambda wb: wb.copy_worksheet(sheet(wb, "Segments")).__setattr__("title", "Nhóm cán bộ"),
    # Demography!A3: a second demography row for the same segment.
    "second-row": lambda wb: add_sheet(wb, "Demography", [["Segment", "Attrition"], ["staff", 0.02], ["staff", 0.03]]),
}

# Not problems: the Payers sheet hidden (read like any other) and a formula's saved result.
FINE = {
    "hidden-payers": lambda wb: setattr(sheet(wb, "Payers"), "sheet_state", "hidden"),
}


def roster(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhân sự"
    ws.append(["id", "name", "unit", "category", "commune", "leader", "birth_year", "level", "certificate"])
    ws.append(["EMP-1", "Nguyễn Văn An", "Sở Nội vụ", "CBCC", "no", "yes", 1990, None, "B2"])
    ws.append(["EMP-2", "Trần Thị Bình", "Sở Nội vụ", "CBCC", "no", "no", 1980, 3, None])
    ws.append(["EMP-3", "Lê Văn Cường", "Phường 1", "cbcc", "yes", "no", 1970, None, None])
    ws.append(["EMP-4", "Phạm Thị Dung", "Bệnh viện A", "VC", "no", "no", "nineteen", None, "IELTS 6.5"])
    wb.save(path)


def inspect(path):
    """Prints what openpyxl reads of a workbook: sheets, header rows, drop-down lists (JSON)."""
    import json
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1), [])]
        lists = [{"range": str(dv.sqref), "formula": dv.formula1} for dv in ws.data_validations.dataValidation if dv.type == "list"]
        first = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2), [])]
        out.append({"name": ws.title, "header": header, "lists": lists, "row2": [v if isinstance(v, (str, int, float)) else None for v in first]})
    print(json.dumps(out, ensure_ascii=False))


def main():
    if sys.argv[1] == "inspect":
        inspect(sys.argv[2])
        return
    out = sys.argv[1]
    base().save(f"{out}/openpyxl-tiny.xlsx")
    base(formulas=True).save(f"{out}/formulas.xlsx")
    for name, change in list(BROKEN.items()) + list(FINE.items()):
        wb = base()
        change(wb)
        wb.save(f"{out}/{'broken' if name in BROKEN else 'fine'}-{name}.xlsx")
    roster(f"{out}/roster.xlsx")


if __name__ == "__main__":
    main()
