import Foundation

/// A table of figures as data, written by the shared `table` template: numbers right-aligned,
/// label columns (class `l`) left-aligned, a cell's class marking good (`ok`, `up`) or bad
/// (`no`, `down`) values.
public struct Table: Sendable {
    /// One cell: its text, its class (nil for none), a header cell, an optional share bar (0…1).
    public struct Cell: Sendable {
        /// The cell's text.
        public var text: String
        /// Its CSS class (`l`, `ok`, `no`, `up`, `down`), nil for none.
        public var cls: String?
        /// A `<th>` in a body row.
        public var header: Bool
        /// A share 0…1 drawn as a bar before the text.
        public var bar: Double?

        /// - Parameters:
        ///   - text: the cell's text (escaped when written).
        ///   - cls: CSS class: `l` (a label), `ok`, `no`, `up`, `down`.
        ///   - header: a `<th>` in a body row (a total).
        ///   - bar: a share 0…1 drawn as a bar before the text.
        public init(_ text: String, cls: String? = nil, header: Bool = false, bar: Double? = nil) {
            self.text = text
            self.cls = cls
            self.header = header
            self.bar = bar
        }
    }

    /// The header row.
    public var head: [Cell]
    /// The body rows.
    public var rows: [[Cell]] = []

    /// - Parameter head: the header row's cells.
    public init(head: [Cell]) { self.head = head }

    /// A table whose first `labels` columns are labels and the rest figures.
    /// - Parameters:
    ///   - header: column titles.
    ///   - rows: cell texts, row by row.
    ///   - labels: how many leading columns are labels (left-aligned).
    public init(_ header: [String], _ rows: [[String]], labels: Int = 0) {
        head = header.enumerated().map { Cell($0.element, cls: $0.offset < labels ? "l" : nil) }
        self.rows = rows.map { $0.enumerated().map { Cell($0.element, cls: $0.offset < labels ? "l" : nil) } }
    }

    static func cell(_ c: Cell) -> [String: Any] {
        ["text": c.text, "cls": c.cls.map { $0 as Any } ?? false, "th": c.header,
         "bar": c.bar.map { Int((min(1, max(0, $0)) * 100).rounded()) as Any } ?? false]
    }

    /// The values the `table` template reads.
    public var context: [String: Any] {
        ["head": head.map(Self.cell), "rows": rows.map { ["cells": $0.map(Self.cell)] }]
    }

    /// The table's HTML, rendered by the shared template.
    public var html: String { Pages.render("table", context) }

    static let template = #"""
<div class="scroll"><table class="num"><tr>{{#head}}<th{{#cls}} class="{{.}}"{{/cls}}>{{text}}</th>{{/head}}</tr>
{{#rows}}<tr>{{#cells}}{{#th}}<th{{#cls}} class="{{.}}"{{/cls}}>{{text}}</th>{{/th}}{{^th}}<td{{#cls}} class="{{.}}"{{/cls}}>{{#bar}}<div class="bar"><span style="width:{{.}}%"></span></div> {{/bar}}{{text}}</td>{{/th}}{{/cells}}</tr>
{{/rows}}</table></div>
"""#
}
