/// A decision variable of a ``Model``: a handle (its column index), cheap to copy and hash.
public struct Variable: Hashable, Sendable, Comparable {
    /// Column index in the model that created it.
    public let index: Int
    public init(index: Int) { self.index = index }
    public static func < (a: Variable, b: Variable) -> Bool { a.index < b.index }
}

/// What values a variable may take.
public enum VariableKind: String, Sendable, Codable {
    case continuous, integer, binary
}

/// A linear expression Σ coefficient·variable + constant.
///
/// Terms are kept in insertion order and may repeat a variable; they are merged when the
/// expression becomes a constraint or an objective. That keeps `+=` O(1) amortised, so a
/// model with hundreds of thousands of terms builds in linear time.
public struct LinearExpression: Sendable {
    public var variables: [Int32] = []
    public var coefficients: [Double] = []
    public var constant: Double = 0

    public init() {}
    public init(_ constant: Double) { self.constant = constant }
    public init(_ v: Variable, _ coefficient: Double = 1) {
        variables = [Int32(truncatingIfNeeded: v.index)]
        coefficients = [coefficient]
    }

    /// Number of (possibly repeated) terms.
    public var termCount: Int { variables.count }

    public mutating func add(_ v: Variable, _ coefficient: Double = 1) {
        variables.append(Int32(truncatingIfNeeded: v.index))
        coefficients.append(coefficient)
    }

    public mutating func add(_ e: LinearExpression, scaledBy factor: Double = 1) {
        variables.append(contentsOf: e.variables)
        if factor == 1 {
            coefficients.append(contentsOf: e.coefficients)
        } else {
            coefficients.append(contentsOf: e.coefficients.lazy.map { $0 * factor })
        }
        constant += factor * e.constant
    }

    public mutating func reserveCapacity(_ n: Int) {
        variables.reserveCapacity(n)
        coefficients.reserveCapacity(n)
    }

    /// The value of the expression at a point given per column.
    public func value(at x: [Double]) -> Double {
        var s = constant
        for k in variables.indices { s += coefficients[k] * x[Int(variables[k])] }
        return s
    }

    /// Terms with repeated variables summed and zeros dropped, in first-seen order.
    public func merged() -> [(variable: Variable, coefficient: Double)] {
        var position: [Int32: Int] = [:]
        var out: [(variable: Variable, coefficient: Double)] = []
        for k in variables.indices {
            if let p = position[variables[k]] {
                out[p].coefficient += coefficients[k]
            } else {
                position[variables[k]] = out.count
                out.append((Variable(index: Int(variables[k])), coefficients[k]))
            }
        }
        return out.filter { $0.coefficient != 0 }
    }
}

extension Variable {
    public var expression: LinearExpression { LinearExpression(self) }
}

// MARK: Arithmetic, written the way the mathematics reads.

public func * (c: Double, v: Variable) -> LinearExpression { LinearExpression(v, c) }
public func * (v: Variable, c: Double) -> LinearExpression { LinearExpression(v, c) }
public func * (c: Double, e: LinearExpression) -> LinearExpression {
    var r = LinearExpression(); r.add(e, scaledBy: c); return r
}
public func * (e: LinearExpression, c: Double) -> LinearExpression { c * e }
public func / (e: LinearExpression, c: Double) -> LinearExpression { (1 / c) * e }
public func / (v: Variable, c: Double) -> LinearExpression { LinearExpression(v, 1 / c) }

public func + (a: LinearExpression, b: LinearExpression) -> LinearExpression {
    var r = a; r.add(b); return r
}
public func + (a: LinearExpression, v: Variable) -> LinearExpression { var r = a; r.add(v); return r }
public func + (v: Variable, a: LinearExpression) -> LinearExpression { var r = a; r.add(v); return r }
public func + (a: Variable, b: Variable) -> LinearExpression { var r = LinearExpression(a); r.add(b); return r }
public func + (a: LinearExpression, c: Double) -> LinearExpression { var r = a; r.constant += c; return r }
public func + (c: Double, a: LinearExpression) -> LinearExpression { a + c }
public func + (v: Variable, c: Double) -> LinearExpression { LinearExpression(v) + c }
public func + (c: Double, v: Variable) -> LinearExpression { LinearExpression(v) + c }

public prefix func - (a: LinearExpression) -> LinearExpression { -1 * a }
public prefix func - (v: Variable) -> LinearExpression { LinearExpression(v, -1) }
public func - (a: LinearExpression, b: LinearExpression) -> LinearExpression {
    var r = a; r.add(b, scaledBy: -1); return r
}
public func - (a: LinearExpression, v: Variable) -> LinearExpression { var r = a; r.add(v, -1); return r }
public func - (v: Variable, a: LinearExpression) -> LinearExpression { LinearExpression(v) - a }
public func - (a: Variable, b: Variable) -> LinearExpression { var r = LinearExpression(a); r.add(b, -1); return r }
public func - (a: LinearExpression, c: Double) -> LinearExpression { a + (-c) }
public func - (c: Double, a: LinearExpression) -> LinearExpression { -a + c }
public func - (v: Variable, c: Double) -> LinearExpression { LinearExpression(v) - c }
public func - (c: Double, v: Variable) -> LinearExpression { c - LinearExpression(v) }

public func += (a: inout LinearExpression, b: LinearExpression) { a.add(b) }
public func += (a: inout LinearExpression, v: Variable) { a.add(v) }
public func += (a: inout LinearExpression, c: Double) { a.constant += c }
public func -= (a: inout LinearExpression, b: LinearExpression) { a.add(b, scaledBy: -1) }
public func -= (a: inout LinearExpression, v: Variable) { a.add(v, -1) }
public func -= (a: inout LinearExpression, c: Double) { a.constant -= c }

extension Sequence where Element == Variable {
    /// Σ v over the sequence.
    public func sum() -> LinearExpression {
        var r = LinearExpression(); for v in self { r.add(v) }; return r
    }
}

extension Sequence where Element == LinearExpression {
    /// Σ e over the sequence.
    public func sum() -> LinearExpression {
        var r = LinearExpression(); for e in self { r.add(e) }; return r
    }
}

extension Sequence {
    /// Σ term(x) over the sequence, e.g. `segments.sum { s in 2 * enrol[s] }`.
    public func sum(_ term: (Element) throws -> LinearExpression) rethrows -> LinearExpression {
        var r = LinearExpression()
        for x in self { r.add(try term(x)) }
        return r
    }
}

// MARK: Constraints as values: `x + y <= 4` is a LinearConstraint.

/// lower ≤ expression ≤ upper (either side may be infinite).
public struct LinearConstraint: Sendable {
    public var expression: LinearExpression
    public var lower: Double
    public var upper: Double
    public init(_ expression: LinearExpression, lower: Double, upper: Double) {
        self.expression = expression; self.lower = lower; self.upper = upper
    }
}

public func <= (a: LinearExpression, b: LinearExpression) -> LinearConstraint {
    LinearConstraint(a - b, lower: -.infinity, upper: 0)
}
public func >= (a: LinearExpression, b: LinearExpression) -> LinearConstraint {
    LinearConstraint(a - b, lower: 0, upper: .infinity)
}
public func == (a: LinearExpression, b: LinearExpression) -> LinearConstraint {
    LinearConstraint(a - b, lower: 0, upper: 0)
}
public func <= (a: LinearExpression, c: Double) -> LinearConstraint {
    LinearConstraint(a, lower: -.infinity, upper: c)
}
public func >= (a: LinearExpression, c: Double) -> LinearConstraint {
    LinearConstraint(a, lower: c, upper: .infinity)
}
public func == (a: LinearExpression, c: Double) -> LinearConstraint {
    LinearConstraint(a, lower: c, upper: c)
}
public func <= (v: Variable, c: Double) -> LinearConstraint { LinearExpression(v) <= c }
public func >= (v: Variable, c: Double) -> LinearConstraint { LinearExpression(v) >= c }
public func == (v: Variable, c: Double) -> LinearConstraint { LinearExpression(v) == c }
public func <= (a: LinearExpression, v: Variable) -> LinearConstraint { a <= LinearExpression(v) }
public func >= (a: LinearExpression, v: Variable) -> LinearConstraint { a >= LinearExpression(v) }
public func <= (v: Variable, a: LinearExpression) -> LinearConstraint { LinearExpression(v) <= a }
public func >= (v: Variable, a: LinearExpression) -> LinearConstraint { LinearExpression(v) >= a }
public func <= (a: Variable, b: Variable) -> LinearConstraint { LinearExpression(a) <= LinearExpression(b) }
public func >= (a: Variable, b: Variable) -> LinearConstraint { LinearExpression(a) >= LinearExpression(b) }

/// lower ≤ expression ≤ upper, written `expression.between(lower, upper)`.
extension LinearExpression {
    public func between(_ lower: Double, _ upper: Double) -> LinearConstraint {
        LinearConstraint(self, lower: lower, upper: upper)
    }
}

public func == (v: Variable, a: LinearExpression) -> LinearConstraint { LinearExpression(v) == a }
public func == (a: LinearExpression, v: Variable) -> LinearConstraint { a == LinearExpression(v) }
