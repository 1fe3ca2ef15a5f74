import Foundation

/// An inline SVG chart as data: the caller places shapes (coordinates in px, y down) and the
/// shared `chart` template writes the markup, every attribute and text escaped by mustache.
public struct Chart: Sendable {
    /// Width and height of the drawing in px.
    public let width: Double, height: Double
    /// The chart's accessible title, if any.
    public let title: String?
    /// The shapes, in drawing order: (SVG tag, attributes, text inside, tooltip).
    private var shapes: [(tag: String, attrs: [(String, String)], text: String, tip: String?)] = []

    /// - Parameters:
    ///   - width: width in px.
    ///   - height: height in px.
    ///   - title: accessible title (an SVG `<title>`).
    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// A coordinate as the SVG shows it: at most two decimals, no trailing zeros.
    /// - Parameter v: a coordinate in px.
    /// - Returns: its text ("12", "12.5", "12.34").
    public static func number(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Adds any shape.
    /// - Parameters:
    ///   - tag: the SVG element (line, text, rect, circle, polyline, polygon).
    ///   - attrs: attributes in order; a nil value leaves the attribute out.
    ///   - text: the element's text (for `text`).
    ///   - tip: a tooltip (an SVG `<title>` inside the element).
    public mutating func add(_ tag: String, _ attrs: [(String, String?)], text: String = "", tip: String? = nil) {
        shapes.append((tag, attrs.compactMap { k, v in v.map { (k, $0) } }, text, tip))
    }

    /// A straight line from (x1, y1) to (x2, y2).
    /// - Parameters:
    ///   - x1: start x in px; y1: start y in px; x2, y2: the end.
    ///   - stroke: colour; width: stroke width in px; dash: an SVG dash pattern ("4,3").
    ///   - opacity: 0…1; tip: tooltip text.
    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                              width: Double? = nil, dash: String? = nil, opacity: Double? = nil, tip: String? = nil) {
        add("line", [("x1", Self.number(x1)), ("x2", Self.number(x2)), ("y1", Self.number(y1)), ("y2", Self.number(y2)),
                     ("stroke", stroke), ("stroke-width", width.map(Self.number)), ("stroke-dasharray", dash),
                     ("opacity", opacity.map(Self.number))], tip: tip)
    }

    /// A label whose baseline starts at (x, y); `anchor` "middle" or "end" moves it left.
    /// - Parameters:
    ///   - s: the label's text (escaped when written).
    ///   - x: x in px; y: baseline y in px; anchor: SVG `text-anchor`, nil for start.
    public mutating func text(_ s: String, x: Double, y: Double, anchor: String? = nil) {
        add("text", [("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor)], text: s)
    }

    /// A rectangle with its top-left corner at (x, y).
    /// - Parameters:
    ///   - x: left in px; y: top in px; width, height: size in px.
    ///   - fill: colour; stroke, strokeWidth: outline; opacity: 0…1; tip: tooltip text.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                              strokeWidth: Double? = nil, opacity: Double? = nil, tip: String? = nil) {
        add("rect", [("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(width)), ("height", Self.number(height)),
                     ("fill", fill), ("stroke", stroke), ("stroke-width", strokeWidth.map(Self.number)),
                     ("opacity", opacity.map(Self.number))], tip: tip)
    }

    /// A circle of radius `r` centred at (cx, cy).
    /// - Parameters:
    ///   - cx: centre x in px; cy: centre y in px; r: radius in px.
    ///   - fill: colour; stroke, strokeWidth: outline; tip: tooltip text.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
                                strokeWidth: Double? = nil, tip: String? = nil) {
        add("circle", [("cx", Self.number(cx)), ("cy", Self.number(cy)), ("r", Self.number(r)), ("fill", fill),
                       ("stroke", stroke), ("stroke-width", strokeWidth.map(Self.number))], tip: tip)
    }

    /// A line through `points`, unfilled.
    /// - Parameters:
    ///   - points: (x, y) in px, in order.
    ///   - stroke: colour; width: stroke width in px; dash: an SVG dash pattern; tip: tooltip text.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil, tip: String? = nil) {
        add("polyline", [("fill", "none"), ("stroke", stroke), ("stroke-width", Self.number(width)), ("stroke-dasharray", dash),
                         ("points", Self.points(points))], tip: tip)
    }

    /// A closed, filled shape through `points`.
    /// - Parameters:
    ///   - points: (x, y) in px, in order.
    ///   - fill: colour; stroke, strokeWidth: outline; tip: tooltip text.
    public mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String? = nil,
                                 strokeWidth: Double? = nil, tip: String? = nil) {
        add("polygon", [("points", Self.points(points)), ("fill", fill), ("stroke", stroke),
                        ("stroke-width", strokeWidth.map(Self.number))], tip: tip)
    }

    static func points(_ p: [(Double, Double)]) -> String { p.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ") }

    /// The values the `chart` template reads.
    public var context: [String: Any] {
        var c: [String: Any] = ["width": Self.number(width), "height": Self.number(height),
                                "shapes": shapes.map { s -> [String: Any] in
                                    ["tag": s.tag, "attrs": s.attrs.map { ["name": $0.0, "value": $0.1] },
                                     "text": s.text, "tip": s.tip.map { $0 as Any } ?? false]
                                }]
        c["chartTitle"] = title.map { $0 as Any } ?? false
        return c
    }

    /// The chart's HTML (an `<svg>` element), rendered by the shared template.
    public var html: String { Pages.render("chart", context) }

    // Every key a shape reads is set on the shape itself (tip may be false), so nothing is
    // looked up in an enclosing context by accident.
    static let template = #"<svg width="{{width}}" height="{{height}}" role="img">{{#chartTitle}}<title>{{.}}</title>{{/chartTitle}}{{#shapes}}{{> shape}}{{/shapes}}</svg>"#
    static let shapeTemplate = #"<{{tag}}{{#attrs}} {{name}}="{{value}}"{{/attrs}}>{{#tip}}<title>{{.}}</title>{{/tip}}{{text}}</{{tag}}>"#
}
