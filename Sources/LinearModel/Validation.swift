/// Why a model cannot be handed to a solver.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
    case empty
    case notFinite(what: String)
    case crossedBounds(what: String, lower: Double, upper: Double)
    case fractionalIntegerBounds(variable: String, lower: Double, upper: Double)
    case invalidName(String, reason: String)
    case duplicateName(String)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty: return "the model has no variables"
        case .notFinite(let w): return "\(w) is not a finite number"
        case .crossedBounds(let w, let l, let u): return "\(w): lower bound \(l) is above upper bound \(u)"
        case .fractionalIntegerBounds(let v, let l, let u):
            return "integer variable \(v) has bounds [\(l), \(u)] containing no integer"
        case .invalidName(let n, let r): return "name '\(n)' cannot be used: \(r)"
        case .duplicateName(let n): return "name '\(n)' is used twice"
        case .tooLarge(let w): return "model too large: \(w)"
        }
    }
}

/// A row or bound that a point breaks.
public struct Violation: Sendable, CustomStringConvertible {
    public var name: String
    public var amount: Double
    public var description: String { "\(name) violated by \(amount)" }
}

extension Model {
    /// Checks everything GLPK would abort on (NaN, infinite coefficients, crossed bounds,
    /// integer columns without an integer point, sizes beyond Int32).
    public func validate() throws(ModelError) {
        if variables.isEmpty { throw .empty }
        if variables.count >= Int(Int32.max) || columnIndex.count >= Int(Int32.max) - 1 {
            throw .tooLarge("\(variables.count) variables, \(columnIndex.count) non-zeros")
        }
        for v in variables {
            if v.lower.isNaN || v.upper.isNaN || v.lower == .infinity || v.upper == -.infinity {
                throw .notFinite(what: "bound of variable \(v.name)")
            }
            if v.lower > v.upper { throw .crossedBounds(what: "variable \(v.name)", lower: v.lower, upper: v.upper) }
            if v.kind != .continuous {
                let (lo, hi) = v.integralBounds
                if lo > hi { throw .fractionalIntegerBounds(variable: v.name, lower: v.lower, upper: v.upper) }
            }
        }
        for j in objectiveCoefficients.indices where !objectiveCoefficients[j].isFinite {
            throw .notFinite(what: "objective coefficient of \(variables[j].name)")
        }
        if !objectiveConstant.isFinite { throw .notFinite(what: "objective constant") }
        for i in rowNames.indices {
            let (l, u) = (rowLower[i], rowUpper[i])
            if l.isNaN || u.isNaN || l == .infinity || u == -.infinity {
                throw .notFinite(what: "bound of constraint \(rowNames[i])")
            }
            if l > u { throw .crossedBounds(what: "constraint \(rowNames[i])", lower: l, upper: u) }
            for k in rowStart[i]..<rowStart[i + 1] where !coefficient[k].isFinite {
                throw .notFinite(what: "coefficient of \(variables[Int(columnIndex[k])].name) in \(rowNames[i])")
            }
        }
    }

    /// Checks names for export: non-empty, at most 255 characters, no blanks, unique.
    public func validateNames() throws(ModelError) {
        var seen = Set<String>()
        seen.reserveCapacity(variables.count + rowNames.count)
        for n in variables.map(\.name) + rowNames + [objectiveName] {
            if let reason = Model.nameProblem(n) { throw .invalidName(n, reason: reason) }
            if !seen.insert(n).inserted { throw .duplicateName(n) }
        }
        // Columns the exporters add: the objective constant's and, in LP files, a range row's slack.
        var added = objectiveConstant != 0 ? [Model.constantColumn] : []
        for i in rowNames.indices where rowLower[i].isFinite && rowUpper[i].isFinite && rowLower[i] != rowUpper[i] {
            added.append(rowNames[i] + "_range")
        }
        for n in added where !seen.insert(n).inserted { throw .duplicateName(n) }
    }

    /// Names that MPS and CPLEX LP readers (GLPK, HiGHS, CBC) all accept.
    static func nameProblem(_ n: String) -> String? {
        if n.isEmpty { return "empty" }
        if n.utf8.count > 255 { return "longer than 255 bytes" }
        guard let first = n.unicodeScalars.first else { return "empty" }
        if first.properties.numericType != nil || first == "." { return "starts with a digit or '.'" }
        for s in n.unicodeScalars {
            let ok = (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))) || "_.".unicodeScalars.contains(s)
            if !ok { return "contains '\(s)' (use ASCII letters, digits, _ and .)" }
        }
        if (n.first == "e" || n.first == "E"), n.dropFirst().allSatisfy(\.isNumber), n.count > 1 {
            return "reads as a number exponent in LP files"
        }
        return nil
    }

    /// Makes a string usable as a name: other characters become '_'.
    public static func sanitizedName(_ s: String) -> String {
        var out = String(s.unicodeScalars.map { u -> Character in
            (u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u))) || "_.".unicodeScalars.contains(u)
                ? Character(u) : "_"
        })
        if out.isEmpty || out.first!.isNumber || out.first == "." { out = "_" + out }  // safe: non-empty here
        return String(out.prefix(255))
    }

    /// Rows and bounds that `x` breaks by more than `tolerance` (absolute, scaled by the
    /// row's size), and integer columns with a fractional value.
    public func violations(at x: [Double], tolerance: Double = 1e-6) -> [Violation] {
        var out: [Violation] = []
        for (j, v) in variables.enumerated() {
            let tol = tolerance * max(1, abs(x[j]))
            if x[j] < v.lower - tol { out.append(Violation(name: v.name, amount: v.lower - x[j])) }
            if x[j] > v.upper + tol { out.append(Violation(name: v.name, amount: x[j] - v.upper)) }
            if v.kind != .continuous, abs(x[j] - x[j].rounded()) > 1e-6 {
                out.append(Violation(name: "\(v.name) integrality", amount: abs(x[j] - x[j].rounded())))
            }
        }
        for i in rowNames.indices {
            let a = activity(ConstraintRef(index: i), at: x)
            let tol = tolerance * max(1, abs(rowLower[i].isFinite ? rowLower[i] : 0), abs(rowUpper[i].isFinite ? rowUpper[i] : 0))
            if a < rowLower[i] - tol { out.append(Violation(name: rowNames[i], amount: rowLower[i] - a)) }
            if a > rowUpper[i] + tol { out.append(Violation(name: rowNames[i], amount: a - rowUpper[i])) }
        }
        return out
    }
}

extension VariableInfo {
    /// The bounds an integer variable can take: rounded inward to integers, except that a bound
    /// within 1e-9 (relative) of an integer counts as that integer, so a bound computed as
    /// (0.1 + 0.2) · 10 = 3.0000000000000004 stays 3 instead of becoming 4. Infinite bounds stay infinite.
    public var integralBounds: (lower: Double, upper: Double) {
        func snapped(_ b: Double) -> Double? {
            let r = b.rounded()
            return abs(b - r) <= 1e-9 * max(1, abs(b)) ? r : nil
        }
        let lo = lower.isFinite ? (snapped(lower) ?? lower.rounded(.up)) : lower
        let hi = upper.isFinite ? (snapped(upper) ?? upper.rounded(.down)) : upper
        return (lo, hi)
    }
}
