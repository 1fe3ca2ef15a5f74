/// Whether the objective is maximised or minimised.
public enum ObjectiveSense: String, Sendable, Codable { case minimize, maximize }

/// A column of the model.
public struct VariableInfo: Sendable {
    public var name: String
    public var lower: Double
    public var upper: Double
    public var kind: VariableKind
}

/// A handle to a constraint (its row index).
public struct ConstraintRef: Hashable, Sendable {
    public let index: Int
    public init(index: Int) { self.index = index }
}

/// A mixed-integer linear program: variables with bounds and kinds, named rows
/// lower ≤ Σ a·x ≤ upper stored row-wise, and a linear objective.
///
/// Solver-neutral: GLPK (module `GLPK`) solves it; `mps()` and `lp()` export it for others.
public struct Model: Sendable {
    public var name: String
    public private(set) var variables: [VariableInfo] = []
    public private(set) var rowNames: [String] = []
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    /// CSR storage: row i holds entries rowStart[i] ..< rowStart[i+1].
    public private(set) var rowStart: [Int] = [0]
    public private(set) var columnIndex: [Int32] = []
    public private(set) var coefficient: [Double] = []
    public private(set) var sense: ObjectiveSense = .minimize
    /// Objective coefficient per column (dense) and its constant.
    public private(set) var objectiveCoefficients: [Double] = []
    public private(set) var objectiveConstant: Double = 0
    public var objectiveName = "objective"

    /// Scratch for merging repeated variables of a row in O(terms).
    private var slot: [Int32] = []

    public init(name: String = "model") { self.name = name }

    public var variableCount: Int { variables.count }
    public var constraintCount: Int { rowNames.count }
    public var nonZeroCount: Int { columnIndex.count }
    public var integerCount: Int { variables.lazy.filter { $0.kind != .continuous }.count }

    // MARK: Variables

    /// Adds a variable. A binary variable's bounds are [0, 1] unless narrowed.
    @discardableResult
    public mutating func addVariable(_ name: String, lower: Double = 0, upper: Double = .infinity,
                                     kind: VariableKind = .continuous) -> Variable {
        let (lo, hi) = kind == .binary ? (max(lower, 0), min(upper, 1)) : (lower, upper)
        variables.append(VariableInfo(name: name, lower: lo, upper: hi, kind: kind))
        objectiveCoefficients.append(0)
        slot.append(-1)
        return Variable(index: variables.count - 1)
    }

    public mutating func setBounds(_ v: Variable, lower: Double, upper: Double) {
        variables[v.index].lower = lower
        variables[v.index].upper = upper
    }

    public mutating func setKind(_ v: Variable, _ kind: VariableKind) {
        variables[v.index].kind = kind
    }

    public func info(_ v: Variable) -> VariableInfo { variables[v.index] }

    // MARK: Constraints

    /// Adds `constraint` as a named row; repeated variables are summed, the expression's
    /// constant moves to the bounds.
    @discardableResult
    public mutating func add(_ constraint: LinearConstraint, name: String? = nil) -> ConstraintRef {
        let row = rowNames.count
        let e = constraint.expression
        let begin = columnIndex.count
        for k in e.variables.indices {
            let j = Int(e.variables[k])
            let c = e.coefficients[k]
            let s = slot[j]
            if s >= 0 && Int(s) >= begin {
                coefficient[Int(s)] += c
            } else {
                slot[j] = Int32(columnIndex.count)
                columnIndex.append(e.variables[k])
                coefficient.append(c)
            }
        }
        // Reset scratch and drop entries that cancelled to zero.
        var write = begin
        for read in begin..<columnIndex.count {
            slot[Int(columnIndex[read])] = -1
            if coefficient[read] != 0 {
                columnIndex[write] = columnIndex[read]
                coefficient[write] = coefficient[read]
                write += 1
            }
        }
        columnIndex.removeLast(columnIndex.count - write)
        coefficient.removeLast(coefficient.count - write)
        rowStart.append(write)
        rowNames.append(name ?? "c\(row + 1)")
        rowLower.append(constraint.lower - e.constant)
        rowUpper.append(constraint.upper - e.constant)
        return ConstraintRef(index: row)
    }

    /// Changes a row's bounds (e.g. a budget line in a sweep).
    public mutating func setBounds(_ c: ConstraintRef, lower: Double, upper: Double) {
        rowLower[c.index] = lower
        rowUpper[c.index] = upper
    }

    /// The entries of row `c`.
    public func row(_ c: ConstraintRef) -> [(variable: Variable, coefficient: Double)] {
        (rowStart[c.index]..<rowStart[c.index + 1]).map {
            (Variable(index: Int(columnIndex[$0])), coefficient[$0])
        }
    }

    /// The value of row `c`'s Σ a·x at the point `x`.
    public func activity(_ c: ConstraintRef, at x: [Double]) -> Double {
        var s = 0.0
        for k in rowStart[c.index]..<rowStart[c.index + 1] { s += coefficient[k] * x[Int(columnIndex[k])] }
        return s
    }

    // MARK: Objective

    public mutating func maximize(_ e: LinearExpression) { setObjective(e, .maximize) }
    public mutating func minimize(_ e: LinearExpression) { setObjective(e, .minimize) }

    public mutating func setObjective(_ e: LinearExpression, _ sense: ObjectiveSense) {
        self.sense = sense
        for j in objectiveCoefficients.indices { objectiveCoefficients[j] = 0 }
        for k in e.variables.indices { objectiveCoefficients[Int(e.variables[k])] += e.coefficients[k] }
        objectiveConstant = e.constant
    }

    /// The objective's value at `x`.
    public func objectiveValue(at x: [Double]) -> Double {
        var s = objectiveConstant
        for j in objectiveCoefficients.indices where objectiveCoefficients[j] != 0 {
            s += objectiveCoefficients[j] * x[j]
        }
        return s
    }
}
