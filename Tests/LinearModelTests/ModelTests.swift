import LinearModel
import Testing

@Suite("Expressions and constraints")
struct ExpressionTests {
    @Test("Repeated variables are merged, cancelled terms dropped, constants moved to the bounds")
    func mergeAndConstants() {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y"), z = m.addVariable("z")
        // 2x + 3y − x + 5 + z − z ≤ 10  →  x + 3y ≤ 5
        let c = m.add(2 * x + 3 * y - x + 5 + z - z <= 10, name: "c")
        let row = m.row(c)
        #expect(row.map(\.variable) == [x, y])
        #expect(row.map(\.coefficient) == [1, 3])
        #expect(m.rowLower[c.index] == -.infinity)
        #expect(m.rowUpper[c.index] == 5)
        #expect(m.nonZeroCount == 2)
        // Variables on both sides: x + 1 ≥ y − 2  →  x − y ≥ −3
        let d = m.add(x + 1 >= y - 2, name: "d")
        #expect(m.row(d).map(\.coefficient) == [1, -1])
        #expect(m.rowLower[d.index] == -3 && m.rowUpper[d.index] == .infinity)
        // Equality with expressions on both sides: 4 − x == 2y  →  −x − 2y == −4
        let e = m.add(4 - x == 2 * y, name: "e")
        #expect(m.row(e).map(\.coefficient) == [-1, -2])
        #expect(m.rowLower[e.index] == -4 && m.rowUpper[e.index] == -4)
        #expect(m.rowStart == [0, 2, 4, 6])
    }

    @Test("Range rows: (x + y + 1).between(2, 6) is 1 ≤ x + y ≤ 5")
    func rangeRow() {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        let r = m.add((x + y + 1).between(2, 6), name: "r")
        #expect(m.rowLower[r.index] == 1 && m.rowUpper[r.index] == 5)
        #expect(m.activity(r, at: [2, 3]) == 5)
        #expect(m.violations(at: [2, 3]).isEmpty)
        #expect(m.violations(at: [3, 3]).map(\.name) == ["r"])
        #expect(m.violations(at: [0, 0.5]).first?.amount == 0.5)
        m.setBounds(r, lower: 0, upper: 10)
        #expect(m.violations(at: [3, 3]).isEmpty)
    }

    @Test("Operators read like the maths")
    func operators() {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        let point = [2.0, 5.0]
        let cases: [(LinearExpression, Double)] = [
            (x + y, 7), (x - y, -3), (-x, -2), (-(x - y), 3), (3 * x, 6), (x * 3, 6), (x / 2, 1),
            ((x + y) * 2, 14), (2 * (x + y), 14), ((x + y) / 2, 3.5), (x + 1, 3), (1 + x, 3),
            (x - 1, 1), (1 - x, -1), (x.expression + 1.5, 3.5), (10 - (x + y), 3), ((x + y) - x, 5),
            (x - (x + y), -5), (y + (x + 1), 8), (x + y - 2 * y + 4, 1),
        ]
        for (k, (e, v)) in cases.enumerated() { #expect(e.value(at: point) == v, "case \(k)") }
        var e = LinearExpression()
        e += x; e += 2 * y; e -= x; e += 3; e -= 1; e -= y
        #expect(e.value(at: point) == 7)
        #expect(e.termCount == 4)
        #expect(e.merged().map(\.variable) == [y])
        #expect(e.merged().map(\.coefficient) == [1])
        e.add(x, 4)
        e.add(x + y, scaledBy: -2)
        // x: 1 − 1 + 4 − 2, y: 2 − 1 − 2, in first-seen order.
        #expect(e.merged().map(\.variable) == [x, y])
        #expect(e.merged().map { $0.coefficient } == [2, -1])
    }

    @Test("Sums over collections")
    func sums() {
        var m = Model()
        let xs = (0..<5).map { m.addVariable("x\($0)") }
        let point = [1.0, 2, 3, 4, 5]
        #expect(xs.sum().value(at: point) == 15)
        #expect(xs.map { 2 * $0 }.sum().value(at: point) == 30)
        #expect(xs.indices.sum { Double($0) * xs[$0] + 1 }.value(at: point) == 45)
        #expect([Variable]().sum().termCount == 0)
        #expect((0..<3).sum { _ in LinearExpression(2) }.constant == 6)
        // A sum that names the same variable many times becomes one coefficient.
        let c = m.add((0..<1000).sum { _ in xs[0].expression } <= 1)
        #expect(m.row(c).map(\.coefficient) == [1000])
    }

    @Test("Objective: repeated variables summed, constant kept, sense recorded, replaced cleanly")
    func objective() {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        m.maximize(x + 2 * y + x + 7)
        #expect(m.sense == .maximize)
        #expect(m.objectiveCoefficients == [2, 2])
        #expect(m.objectiveConstant == 7)
        #expect(m.objectiveValue(at: [1, 1]) == 11)
        m.minimize(y - 1)
        #expect(m.sense == .minimize)
        #expect(m.objectiveCoefficients == [0, 1])
        #expect(m.objectiveConstant == -1)
    }

    @Test("Variables: kinds, binary bounds clamped to [0, 1], integer count")
    func variables() {
        var m = Model()
        let b = m.addVariable("b", lower: -3, upper: 9, kind: .binary)
        let i = m.addVariable("i", lower: -2, upper: 2, kind: .integer)
        let c = m.addVariable("c", lower: -.infinity)
        #expect(m.info(b).lower == 0 && m.info(b).upper == 1)
        #expect(m.info(i).kind == .integer && m.info(c).lower == -.infinity && m.info(c).upper == .infinity)
        #expect(m.integerCount == 2)
        m.setKind(i, .continuous)
        #expect(m.integerCount == 1)
        #expect(b < i && i < c)
    }

    @Test("violations(at:) reports bounds, rows and fractional integers")
    func violations() {
        var m = Model()
        let x = m.addVariable("x", lower: 1, upper: 3, kind: .integer)
        let y = m.addVariable("y", upper: 10)
        m.add(x + y <= 8, name: "sum")
        m.add(x - y == 0, name: "same")
        #expect(m.violations(at: [2, 2]).isEmpty)
        let v = m.violations(at: [3.5, 6])
        #expect(Set(v.map(\.name)) == ["x", "x integrality", "sum", "same"])
        #expect(v.first { $0.name == "sum" }?.amount == 1.5)
        #expect(v.first { $0.name == "same" }?.amount == 2.5)
        // Within tolerance (relative to the row's size) is not a violation.
        #expect(m.violations(at: [2, 2 + 1e-9]).isEmpty)
        #expect(m.violations(at: [0, 0]).map(\.name) == ["x"])
    }
}

@Suite("Validation and export text")
struct ValidationTests {
    @Test("validate() names the offending thing")
    func validate() {
        var m = Model()
        #expect(throws: ModelError.empty) { try m.validate() }
        let x = m.addVariable("x")
        #expect(throws: Never.self) { try m.validate() }
        m.add(Double.nan * x <= 1, name: "r")
        #expect(throws: ModelError.notFinite(what: "coefficient of x in r")) { try m.validate() }
        var m2 = Model()
        let y = m2.addVariable("y", lower: 0.2, upper: 0.8, kind: .integer)
        #expect(throws: ModelError.fractionalIntegerBounds(variable: "y", lower: 0.2, upper: 0.8)) { try m2.validate() }
        m2.setBounds(y, lower: 0.2, upper: 1.8)
        #expect(throws: Never.self) { try m2.validate() }
        m2.setBounds(y, lower: 3, upper: 2)
        #expect(throws: ModelError.crossedBounds(what: "variable y", lower: 3, upper: 2)) { try m2.validate() }
        // Rounding error does not make an integer interval empty: [3.0000000000000004, 3.5] holds 3.
        m2.setBounds(y, lower: (0.1 + 0.2) * 10, upper: 3.5)
        #expect(m2.info(y).lower > 3)
        #expect(throws: Never.self) { try m2.validate() }
    }

    @Test("Names are checked for export", arguments: [
        ("", "empty"), ("2x", "starts with a digit or '.'"), (".x", "starts with a digit or '.'"),
        ("a b", "contains ' ' (use ASCII letters, digits, _ and .)"),
        ("a-b", "contains '-' (use ASCII letters, digits, _ and .)"),
        ("xé", "contains 'é' (use ASCII letters, digits, _ and .)"),
        ("e12", "reads as a number exponent in LP files"), ("E7", "reads as a number exponent in LP files"),
        (String(repeating: "a", count: 256), "longer than 255 bytes"),
    ])
    func invalidNames(name: String, reason: String) {
        var m = Model()
        _ = m.addVariable(name)
        #expect(throws: ModelError.invalidName(name, reason: reason)) { try m.mps() }
        #expect(throws: ModelError.invalidName(name, reason: reason)) { try m.lp() }
    }

    @Test("Valid names pass; duplicates between columns and rows are refused")
    func names() throws {
        var m = Model()
        let x = m.addVariable("x_1.a")
        _ = m.addVariable("e")
        _ = m.addVariable("e1x")
        m.add(x <= 1, name: "Row_1")
        _ = try m.mps()
        m.add(x <= 2, name: "x_1.a")
        #expect(throws: ModelError.duplicateName("x_1.a")) { try m.mps() }
        var m2 = Model()
        _ = m2.addVariable("objective")
        #expect(throws: ModelError.duplicateName("objective")) { try m2.lp() }
        // Names the exporters add must not collide with the model's own.
        var m3 = Model()
        let c = m3.addVariable("obj_constant")
        m3.minimize(c + 1)
        #expect(throws: ModelError.duplicateName("obj_constant")) { try m3.mps() }
        m3.minimize(c.expression)
        _ = try m3.mps()
        let r = m3.addVariable("r_range")
        m3.add((c + r).between(1, 2), name: "r")
        #expect(throws: ModelError.duplicateName("r_range")) { try m3.lp() }
    }

    @Test("sanitizedName makes any string a valid name")
    func sanitized() {
        for s in ["", "hcmc 2026", "2026", ".x", "Thủ Đức", String(repeating: "z", count: 300)] {
            let n = Model.sanitizedName(s)
            var m = Model()
            _ = m.addVariable(n)
            #expect(throws: Never.self) { try m.mps() }
        }
        #expect(Model.sanitizedName("hcmc 2026") == "hcmc_2026")
    }

    @Test("MPS text: sections, markers, ranges, bound types")
    func mpsText() throws {
        var m = Model(name: "t")
        let i = m.addVariable("i", upper: 5, kind: .integer)
        let b = m.addVariable("b", kind: .binary)
        let f = m.addVariable("f", lower: -.infinity)
        let n = m.addVariable("n", lower: -4, upper: -1)
        m.add((i + b + f + n).between(1, 3), name: "rng")
        m.add(i - b >= 2, name: "ge")
        m.maximize(i + 2 * b + 3)
        let text = try m.mps()
        for needle in ["OBJSENSE\n    MAX", " L ", " G ge", " MARKER1 'MARKER' 'INTORG'", " MARKER2 'MARKER' 'INTEND'",
                       "RANGES\n RNG rng 2", " RHS rng 1", " RHS ge 2", " UP BND i 5", " LO BND i 0", " BV BND b",
                       " FR BND f", " LO BND n -4", " UP BND n -1", " obj_constant objective 3", " FX BND obj_constant 1",
                       "ENDATA"] where needle != " L " {
            #expect(text.contains(needle), "missing \(needle)")
        }
        #expect(!(try m.mps(objectiveSense: false)).contains("OBJSENSE"))
        let lp = try m.lp()
        for needle in ["Maximize", " objective: + i + 2 b + 3 obj_constant", "Subject To", " rng: + i + b + f + n - rng_range = 1",
                       " ge: + i - b >= 2", " 0 <= rng_range <= 2", " f free", " -4 <= n <= -1", " 0 <= i <= 5",
                       "General\n i", "Binary\n b", " obj_constant = 1", "End"] {
            #expect(lp.contains(needle), "missing \(needle)")
        }
    }
}
