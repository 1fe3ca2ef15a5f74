import Foundation
import Spreadsheet
import Testing
import ZIPFoundation

/// An .xlsx package from parts written by hand here (not by `Workbook`), so that the reader is
/// checked against the format, not against our own writer.
func package(_ parts: [(String, String)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
            data.subdata(in: Int(pos)..<min(data.count, Int(pos) + size))
        }
    }
    return try #require(archive.data)
}

let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/// A workbook whose main part is not at xl/workbook.xml and whose sheet parts are named in no
/// order: the reader must follow the relationships. `date1904` sets the date system.
func handMade(date1904: Bool, sheetXML: String) throws -> Data {
    try package([
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("_rels/.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)/officeDocument" Target="book/main.xml"/></Relationships>
            """),
        ("book/main.xml", """
            <x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rr="\(rel)">\
            <x:workbookPr date1904="\(date1904 ? "1" : "0")"/><x:sheets>\
            <x:sheet name="Data" sheetId="7" rr:id="rId9"/>\
            <x:sheet name="Secret" sheetId="2" state="hidden" rr:id="rId2"/>\
            </x:sheets></x:workbook>
            """),
        ("book/_rels/main.xml.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId2" Type="\(rel)/worksheet" Target="sheets/a.xml"/>\
            <Relationship Id="rId9" Type="\(rel)/worksheet" Target="/book/sheets/z.xml"/>\
            <Relationship Id="rId3" Type="\(rel)/sharedStrings" Target="strings.xml"/>\
            <Relationship Id="rId4" Type="\(rel)/styles" Target="styles.xml"/></Relationships>
            """),
        ("book/strings.xml", """
            <sst \(ns) count="3" uniqueCount="3">\
            <si><t>plain</t></si>\
            <si><r><rPr><b/></rPr><t>Ti</t></r><r><t xml:space="preserve">ếng Việt </t></r><rPh sb="0" eb="1"><t>ルビ</t></rPh></si>\
            <si><t>hidden text</t></si></sst>
            """),
        // Formats: 0 General, 1 built-in 14 (a date), 2 custom "dd/mm/yyyy", 3 built-in 20 (h:mm),
        // 4 custom "0.0%" (not a date), 5 custom "[h]:mm" (elapsed time).
        ("book/styles.xml", """
            <styleSheet \(ns)><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>\
            <numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>\
            <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="20"/>\
            <xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>
            """),
        ("book/sheets/z.xml", sheetXML),
        ("book/sheets/a.xml", "<worksheet \(ns)><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>2</v></c></row></sheetData></worksheet>"),
    ])
}

@Suite struct WorkbookReaderTests {
    static let cells = """
        <worksheet \(ns)><sheetData>\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>inline</t></is></c>\
        <c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#DIV/0!</v></c><c r="F1" t="str"><f>A1&amp;"!"</f><v>plain!</v></c>\
        <c r="G1"><f>2*3</f><v>6</v></c><c r="H1"><v>45000000000123456</v></c><c r="I1" s="4"><v>0.35</v></c></row>\
        <row r="2"><c r="A2" s="1"><v>59</v></c><c r="B2" s="1"><v>60</v></c><c r="C2" s="1"><v>61</v></c>\
        <c r="D2" s="2"><v>45000</v></c><c r="E2" s="3"><v>0.3125</v></c><c r="F2" s="5"><v>1.5</v></c></row>\
        <row><c t="inlineStr"><is><t>no ref, row 3</t></is></c><c><v>7</v></c></row>\
        <row r="10"><c r="A10" t="inlineStr"><is><t>merged</t></is></c></row>\
        </sheetData><mergeCells count="1"><mergeCell ref="A10:B11"/></mergeCells></worksheet>
        """

    /// Every kind of cell, in the 1900 date system, from a package laid out unlike Excel's.
    @Test func readsEveryKindOfCell() throws {
        let sheets = try WorkbookReader.read(data: try handMade(date1904: false, sheetXML: Self.cells))
        // Workbook order, not part-name order; the hidden sheet is read and marked.
        #expect(sheets.map(\.name) == ["Data", "Secret"])
        #expect(sheets.map(\.hidden) == [false, true])
        #expect(sheets[1][1, 0]?.value == .text("hidden text"))
        let s = sheets[0]
        #expect(s[1, 0]?.value == .text("plain"))
        // Rich text runs joined, the phonetic guide left out.
        #expect(s[1, 1]?.value == .text("Tiếng Việt "))
        #expect(s[1, 2]?.value == .text("inline"))
        #expect(s[1, 3]?.value == .bool(true))
        #expect(s[1, 4]?.value == .error("#DIV/0!"))
        #expect(s[1, 5]?.value == .text("plain!") && s[1, 5]?.formula == true)
        #expect(s[1, 6]?.value == .number(6, raw: "6") && s[1, 6]?.formula == true)
        // Beyond 2^53 the stored text is kept exactly.
        if case .number(_, let raw) = s[1, 7]?.value { #expect(raw == "45000000000123456") } else { Issue.record("H1 not a number") }
        #expect(s[1, 8]?.value == .number(0.35, raw: "0.35"))  // a percent format is not a date
        // 1900 system: 59 = 1900-02-28; 60 = the 29 February 1900 Excel keeps from Lotus;
        // 61 = 1900-03-01; 45000 = 2023-03-15 (45000 - 61 = 44939 days after 1900-03-01).
        #expect(Self.iso(s[2, 0]) == "1900-02-28")
        #expect(Self.iso(s[2, 1]) == "1900-02-29")
        #expect(Self.iso(s[2, 2]) == "1900-03-01")
        #expect(Self.iso(s[2, 3]) == "2023-03-15")
        // 0.3125 of a day = 7.5 hours, a time alone; [h]:mm 1.5 = a day and 12 hours.
        #expect(Self.iso(s[2, 4]) == "07:30")
        if case .date(let d) = s[2, 5]?.value { #expect((d.hour, d.minute) == (12, 0)) } else { Issue.record("F2 not a time") }
        // Cells and rows without references follow the previous ones.
        #expect(s[3, 0]?.value == .text("no ref, row 3"))
        #expect(s[3, 1]?.value == .number(7, raw: "7"))
        // A merged range: every cell shows the top-left value, marked as copied.
        for (r, c) in [(10, 1), (11, 0), (11, 1)] {
            #expect(s[r, c]?.value == .text("merged") && s[r, c]?.fromMerge == true)
        }
        #expect(s[10, 0]?.fromMerge == false)
        #expect(s.merged.map { "\($0.from):\($0.to)" } == ["A10:B11"])
    }

    /// The 1904 system (old Mac Excel): serial 0 is 1904-01-01, and 2023-03-15 is
    /// 45000 - 1462 = 43538 (the 1462 days between the two systems' day zero).
    @Test func reads1904Dates() throws {
        let xml = """
            <worksheet \(ns)><sheetData><row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="2"><v>43538</v></c></row></sheetData></worksheet>
            """
        let s = try WorkbookReader.read(data: try handMade(date1904: true, sheetXML: xml))[0]
        #expect(Self.iso(s[1, 0]) == "1904-01-01")
        #expect(Self.iso(s[1, 1]) == "2023-03-15")
    }

    static func iso(_ cell: SheetCell?) -> String? {
        if case .date(let d) = cell?.value { return d.iso }
        return nil
    }

    @Test func cellReferences() {
        #expect(CellReference("C12") == CellReference(row: 12, column: 2))
        #expect(CellReference("$AB$3") == CellReference(row: 3, column: 27))
        #expect(CellReference("XFD1048576")?.description == "XFD1048576")
        for bad in ["", "12", "C", "C0", "1C", "XFE1", "A1048577", "A-1"] { #expect(CellReference(bad) == nil, "\(bad)") }
    }

    /// Zip bombs and oversized archives are refused with the bound named, before memory runs out.
    @Test func sizeLimitsAreEnforced() throws {
        let big = String(repeating: "0", count: 3_000_000)  // 3 MB that deflates to a few kB
        let data = try handMade(date1904: false, sheetXML: "<worksheet \(ns)><sheetData/><!-- \(big) --></worksheet>")
        var limits = WorkbookReader.Limits()
        limits.partBytes = 1_048_576
        #expect(data.count < 100_000)
        let e1 = #expect(throws: WorkbookReadError.self) { try WorkbookReader.read(data: data, limits: limits) }
        #expect(e1?.message.contains("more than the 1 MB allowed") == true)
        limits = WorkbookReader.Limits()
        limits.entries = 5
        let e2 = #expect(throws: WorkbookReadError.self) { try WorkbookReader.read(data: data, limits: limits) }
        #expect(e2?.message.contains("more than 5 parts") == true)
        limits = WorkbookReader.Limits()
        limits.cells = 3
        let e3 = #expect(throws: WorkbookReadError.self) {
            try WorkbookReader.read(data: try handMade(date1904: false, sheetXML: Self.cells), limits: limits)
        }
        #expect(e3?.message.contains("more than 3 cells") == true)
    }

    /// An entity bomb ("billion laughs") in a part is refused, not expanded.
    @Test func entityBombIsRefused() throws {
        var dtd = "<!DOCTYPE worksheet [<!ENTITY a0 \"lol\">"
        for i in 1...12 { dtd += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">" }
        dtd += "]>"
        let xml = dtd + "<worksheet \(ns)><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a12;</t></is></c></row></sheetData></worksheet>"
        let e = #expect(throws: WorkbookReadError.self) { try WorkbookReader.read(data: try handMade(date1904: false, sheetXML: xml)) }
        #expect(e?.message.contains("sheet Data") == true)
    }

    /// A ZIP that is not a workbook, and bytes that are not a ZIP, say so.
    @Test func notAWorkbook() throws {
        let docx = try package([("word/document.xml", "<w:document xmlns:w=\"x\"/>")])
        let e1 = #expect(throws: WorkbookReadError.self) { try WorkbookReader.read(data: docx) }
        #expect(e1?.message.contains("no workbook part") == true)
        let e2 = #expect(throws: WorkbookReadError.self) { try WorkbookReader.read(data: Data("PK\u{3}\u{4} not really".utf8)) }
        #expect(e2?.message.contains("damaged") == true)
        let broken = try handMade(date1904: false, sheetXML: "<worksheet \(ns)><sheetData><row>")
        let e3 = #expect(throws: WorkbookReadError.self) { try WorkbookReader.read(data: broken) }
        #expect(e3?.message.contains("not well-formed XML") == true)
    }
}
