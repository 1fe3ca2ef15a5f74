/// Free MPS and CPLEX LP writers, readable by glpsol, HiGHS and CBC.
///
/// Portable choices, because readers disagree on the details:
/// - an objective constant is written as a column `obj_constant` fixed at 1 (readers differ
///   on the sign of an objective-row RHS);
/// - integer columns always get explicit bounds (some readers default them to [0, 1]);
/// - in LP files a ranged row l ≤ a·x ≤ u becomes `a·x − name_range = l` with
///   0 ≤ name_range ≤ u − l (GLPK's LP reader has no double inequalities), as glpsol does;
/// - a free row (no bound on either side) is written a·x ≥ −1e30 in both formats, so that it
///   and its name survive (MPS readers drop `N` rows other than the objective).
extension Model {
    static let constantColumn = "obj_constant"

    private func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// The model in free MPS format (with RANGES and integer markers).
    ///
    /// - Parameter objectiveSense: write the OBJSENSE section (read by HiGHS, CBC, CPLEX).
    ///   GLPK's reader rejects it: pass false and run `glpsol --freemps --max` instead.
    public func mps(objectiveSense: Bool = true) throws(ModelError) -> String {
        try validate()
        try validateNames()
        var out = "* langplan model \(name): \(variableCount) columns, \(constraintCount) rows, \(nonZeroCount) non-zeros\n"
        out += "NAME \(Model.sanitizedName(name))\n"
        if objectiveSense {
            out += "OBJSENSE\n    \(sense == .maximize ? "MAX" : "MIN")\n"
        } else {
            out += "* objective sense: \(sense == .maximize ? "MAXIMIZE (glpsol --max)" : "minimize")\n"
        }
        out += "ROWS\n N \(objectiveName)\n"
        for i in 0..<constraintCount {
            let (l, u) = (rowLower[i], rowUpper[i])
            // A free row is written `G` with RHS −1e30: readers drop `N` rows other than the
            // objective, and their names with them.
            let t = l == u ? "E" : (l.isFinite || !u.isFinite ? "G" : "L")
            out += " \(t) \(rowNames[i])\n"
        }
        // Column-wise entries: transpose the row-wise storage once.
        var count = [Int](repeating: 0, count: variableCount + 1)
        for j in columnIndex { count[Int(j) + 1] += 1 }
        for j in 0..<variableCount { count[j + 1] += count[j] }
        var fill = count
        var rowOf = [Int32](repeating: 0, count: nonZeroCount)
        var valueOf = [Double](repeating: 0, count: nonZeroCount)
        for i in 0..<constraintCount {
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = Int(columnIndex[k])
                rowOf[fill[j]] = Int32(i); valueOf[fill[j]] = coefficient[k]; fill[j] += 1
            }
        }
        out += "COLUMNS\n"
        var inInteger = false, marker = 0
        for j in 0..<variableCount {
            let v = variables[j]
            let integral = v.kind != .continuous
            if integral != inInteger {
                marker += 1
                out += " MARKER\(marker) 'MARKER' '\(integral ? "INTORG" : "INTEND")'\n"
                inInteger = integral
            }
            var wrote = false
            if objectiveCoefficients[j] != 0 {
                out += " \(v.name) \(objectiveName) \(number(objectiveCoefficients[j]))\n"; wrote = true
            }
            for k in count[j]..<count[j + 1] {
                out += " \(v.name) \(rowNames[Int(rowOf[k])]) \(number(valueOf[k]))\n"; wrote = true
            }
            // A column in no row and not in the objective must still be declared.
            if !wrote { out += " \(v.name) \(objectiveName) 0\n" }
        }
        if inInteger { marker += 1; out += " MARKER\(marker) 'MARKER' 'INTEND'\n" }
        if objectiveConstant != 0 {
            out += " \(Model.constantColumn) \(objectiveName) \(number(objectiveConstant))\n"
        }
        out += "RHS\n"
        for i in 0..<constraintCount {
            let (l, u) = (rowLower[i], rowUpper[i])
            let rhs = l.isFinite ? l : (u.isFinite ? u : -1e30)
            if rhs != 0 { out += " RHS \(rowNames[i]) \(number(rhs))\n" }
        }
        var ranges = ""
        for i in 0..<constraintCount where rowLower[i].isFinite && rowUpper[i].isFinite && rowLower[i] != rowUpper[i] {
            ranges += " RNG \(rowNames[i]) \(number(rowUpper[i] - rowLower[i]))\n"
        }
        if !ranges.isEmpty { out += "RANGES\n" + ranges }
        out += "BOUNDS\n"
        for v in variables {
            let (l, u) = (v.lower, v.upper)
            if v.kind == .binary && l == 0 && u == 1 { out += " BV BND \(v.name)\n"; continue }
            if l == u { out += " FX BND \(v.name) \(number(l))\n"; continue }
            if !l.isFinite && !u.isFinite { out += " FR BND \(v.name)\n"; continue }
            if !l.isFinite { out += " MI BND \(v.name)\n" }
            else if l != 0 || v.kind != .continuous || u < 0 { out += " LO BND \(v.name) \(number(l))\n" }
            if u.isFinite { out += " UP BND \(v.name) \(number(u))\n" }
            else if v.kind != .continuous { out += " PL BND \(v.name)\n" }
        }
        if objectiveConstant != 0 { out += " FX BND \(Model.constantColumn) 1\n" }
        out += "ENDATA\n"
        return out
    }

    /// The model in CPLEX LP format.
    public func lp() throws(ModelError) -> String {
        try validate()
        try validateNames()
        var out = "\\ langplan model \(name): \(variableCount) columns, \(constraintCount) rows, \(nonZeroCount) non-zeros\n"
        out += sense == .maximize ? "Maximize\n" : "Minimize\n"
        var line = " \(objectiveName):"
        var any = false
        func term(_ c: Double, _ name: String, into s: inout String) {
            s += c < 0 ? " - " : " + "
            let a = abs(c)
            if a != 1 { s += number(a) + " " }
            s += name
            if s.utf8.count > 200 { out += s + "\n"; s = "  " }  // keep lines short (LP line limit)
        }
        for j in 0..<variableCount where objectiveCoefficients[j] != 0 {
            term(objectiveCoefficients[j], variables[j].name, into: &line); any = true
        }
        if objectiveConstant != 0 { term(objectiveConstant, Model.constantColumn, into: &line); any = true }
        if !any, let first = variables.first { line += " 0 \(first.name)" }
        out += line + "\n"
        out += "Subject To\n"
        var rangeColumns: [(String, Double)] = []
        for i in 0..<constraintCount {
            var s = " \(rowNames[i]):"
            let range = rowLower[i].isFinite && rowUpper[i].isFinite && rowLower[i] != rowUpper[i]
            if rowStart[i] == rowStart[i + 1] && !range { s += " 0 \(variables[0].name)" }
            for k in rowStart[i]..<rowStart[i + 1] {
                term(coefficient[k], variables[Int(columnIndex[k])].name, into: &s)
            }
            let (l, u) = (rowLower[i], rowUpper[i])
            if range {
                let slack = rowNames[i] + "_range"
                term(-1, slack, into: &s)
                rangeColumns.append((slack, u - l))
                s += " = \(number(l))"
            } else if l == u {
                s += " = \(number(l))"
            } else if l.isFinite {
                s += " >= \(number(l))"
            } else if u.isFinite {
                s += " <= \(number(u))"
            } else {
                s += " >= -1e30"
            }
            out += s + "\n"
        }
        out += "Bounds\n"
        for v in variables {
            let (l, u) = (v.lower, v.upper)
            if v.kind == .binary && l == 0 && u == 1 { continue }
            if l == u { out += " \(v.name) = \(number(l))\n"; continue }
            switch (l.isFinite, u.isFinite) {
            case (false, false): out += " \(v.name) free\n"
            case (false, true): out += " -inf <= \(v.name) <= \(number(u))\n"
            case (true, true): out += " \(number(l)) <= \(v.name) <= \(number(u))\n"
            case (true, false): if l != 0 || v.kind != .continuous { out += " \(v.name) >= \(number(l))\n" }
            }
        }
        for (name, width) in rangeColumns { out += " 0 <= \(name) <= \(number(width))\n" }
        if objectiveConstant != 0 { out += " \(Model.constantColumn) = 1\n" }
        let generals = variables.filter { $0.kind == .integer || ($0.kind == .binary && ($0.lower != 0 || $0.upper != 1)) }
        if !generals.isEmpty { out += "General\n" + generals.map { " \($0.name)\n" }.joined() }
        let binaries = variables.filter { $0.kind == .binary && $0.lower == 0 && $0.upper == 1 }
        if !binaries.isEmpty { out += "Binary\n" + binaries.map { " \($0.name)\n" }.joined() }
        out += "End\n"
        return out
    }
}
