import GLPK
import LinearModel

/// Cuts langplan adds itself at the root: complemented mixed-integer rounding (c-MIR,
/// Marchand and Wolsey 2001) on single rows, with the class-fill rows as variable upper
/// bounds. GLPK's own MIR cuts are off (they reported numerical instability on this model and
/// once proved a false optimum), and its bound without cuts stays ~0.2% above the district
/// rung's optimum: the LP opens fractional classes, filled to the last seat, and spends every
/// budget to the last đồng. A cut here says "whole classes cost whole classes' money unless
/// seats stay empty".
///
/// Why every cut is valid (for every point with integral class and share counts that meets
/// the model's rows): a base row Σ a·x ≤ b of the model is rewritten exactly, by bounds and by
/// the fill rows Σ_{j∈G} x_j ≤ M·Σ_i y_i (so s_G = M·Σ y − Σ_{j∈P} x_j ≥ 0 for any subset P of
/// G), into Σ A_k·z_k − Σ c_i·q_i + (dropped terms ≥ 0) ≤ β with z_k ≥ 0 integral (a distance
/// from an integral bound), q_i ≥ 0, c_i > 0; dropping non-negative terms relaxes it. Dividing by
/// δ > 0 and applying the MIR inequality (Nemhauser–Wolsey II.1.7: for Σ a_k z_k − s ≤ β,
/// z ≥ 0 integral, s ≥ 0, f0 = β − ⌊β⌋ > 0: Σ (⌊a_k⌋ + max(0, f_k − f0)/(1 − f0)) z_k −
/// s/(1 − f0) ≤ ⌊β⌋) gives a valid inequality in z and q, which is mapped back to the
/// model's columns by the same exact substitutions.
public enum Cuts {
    /// Σ_{j ∈ members} x_j ≤ capacity · Σ_{i ∈ classes} y_i: learners of one fill group and
    /// its classes (column indices; members continuous ≥ 0, classes integral ≥ 0).
    public struct VariableUpperBound: Sendable {
        public var members: [Int]
        public var classes: [Int]
        public var capacity: Double
        public init(members: [Int], classes: [Int], capacity: Double) {
            self.members = members; self.classes = classes; self.capacity = capacity
        }
    }

    /// A cut: `expression ≤ rhs`, with its violation at the point it was separated from,
    /// divided by the Euclidean norm of its coefficients (its efficacy, in the units of x).
    public struct Cut: Sendable {
        public var expression: LinearExpression
        public var rhs: Double
        public var efficacy: Double
    }

    /// A non-negative quantity q = Σ coef·x + constant in the model's columns.
    private struct Quantity {
        var terms: [(Int, Double)]
        var constant: Double
        func value(_ x: [Double]) -> Double { terms.reduce(constant) { $0 + $1.1 * x[$1.0] } }
    }

    /// Separates c-MIR cuts from every row of `model` at the point `x`.
    /// - Parameters:
    ///   - model: the model (rows in CSR; bounds and kinds of columns).
    ///   - x: a point, one value per column (usually the LP relaxation's optimum).
    ///   - bounds: fill rows as variable upper bounds (a column in at most one).
    ///   - rows: the rows to start from (default: every row).
    ///   - minEfficacy: the least violation per unit of coefficient norm to keep a cut.
    /// - Returns: at most one cut per row, those violated by at least `minEfficacy`,
    ///   the most effective first.
    public static func separate(model: Model, x: [Double], bounds: [VariableUpperBound],
                                rows: Range<Int>? = nil, minEfficacy: Double = 1e-4) -> [Cut] {
        var groupOf = [Int: Int]()
        for (g, b) in bounds.enumerated() { for j in b.members { groupOf[j] = g } }
        var cuts: [Cut] = []
        for r in rows ?? 0..<model.constraintCount {
            let range = model.rowStart[r]..<model.rowStart[r + 1]
            let terms = range.map { (Int(model.columnIndex[$0]), model.coefficient[$0]) }
            guard terms.contains(where: { model.variables[$0.0].kind != .continuous }) || terms.contains(where: { groupOf[$0.0] != nil })
            else { continue }
            if model.rowUpper[r].isFinite,
               let c = separateRow(model: model, x: x, terms: terms, rhs: model.rowUpper[r], bounds: bounds, groupOf: groupOf) {
                cuts.append(c)
            }
            if model.rowLower[r].isFinite,
               let c = separateRow(model: model, x: x, terms: terms.map { ($0.0, -$0.1) }, rhs: -model.rowLower[r],
                                   bounds: bounds, groupOf: groupOf) {
                cuts.append(c)
            }
        }
        return cuts.filter { $0.efficacy >= minEfficacy }.sorted { $0.efficacy > $1.efficacy }
    }

    /// The most effective c-MIR cut from one row Σ terms ≤ rhs, or nil.
    static func separateRow(model: Model, x: [Double], terms: [(Int, Double)], rhs: Double,
                            bounds: [VariableUpperBound], groupOf: [Int: Int]) -> Cut? {
        var beta = rhs
        var integral = [Int: Double]()          // column → coefficient (before bound shifts)
        var negatives: [(Double, Quantity)] = []  // c > 0, q ≥ 0: the row holds −c·q
        var continuous: [(Int, Double)] = []
        for (j, a) in terms where a != 0 {
            if model.variables[j].kind != .continuous { integral[j, default: 0] += a } else { continuous.append((j, a)) }
        }
        // Fill rows: the learners of a group in this row, when nearer their classes' seats than 0,
        // become M·Σ y − s with s ≥ 0 (s the empty seats), at the least coefficient among them.
        var byGroup = [Int: [(Int, Double)]]()
        var rest: [(Int, Double)] = []
        for (j, a) in continuous {
            if a > 0, let g = groupOf[j] { byGroup[g, default: []].append((j, a)) } else { rest.append((j, a)) }
        }
        for (g, members) in byGroup {
            let b = bounds[g]
            let c = members.map(\.1).min() ?? 0
            let seats = b.capacity * b.classes.reduce(0) { $0 + x[$1] }
            let learners = members.reduce(0) { $0 + x[$1.0] }
            guard seats - learners <= learners else { rest += members; continue }
            for (j, a) in members where a > c { rest.append((j, a - c)) }
            for i in b.classes { integral[i, default: 0] += c * b.capacity }
            var q = Quantity(terms: members.map { ($0.0, -1) }, constant: 0)
            q.terms += b.classes.map { ($0, b.capacity) }
            negatives.append((c, q))
        }
        // Other continuous columns: shifted to their nearer finite bound; kept (as −c·q) only
        // where the row holds them with a negative sign, dropped (a relaxation) otherwise.
        for (j, a) in rest {
            let v = model.variables[j]
            let nearUpper = v.upper.isFinite && (!v.lower.isFinite || v.upper - x[j] < x[j] - v.lower)
            if v.lower.isFinite && v.upper.isFinite && v.lower == v.upper { beta -= a * v.lower; continue }
            if nearUpper {
                // a·x = a·u − a·(u − x)
                beta -= a * v.upper
                if a > 0 { negatives.append((a, Quantity(terms: [(j, -1)], constant: v.upper))) }
            } else if v.lower.isFinite {
                beta -= a * v.lower
                if a < 0 { negatives.append((-a, Quantity(terms: [(j, 1)], constant: -v.lower))) }
            } else {
                return nil   // a free column: no bound to measure from
            }
        }
        // Integer columns: z = y − l or u − y, whichever bound is nearer.
        struct Z { var column: Int; var coef: Double; var fromUpper: Bool; var bound: Double; var value: Double }
        var zs: [Z] = []
        for (j, a) in integral.sorted(by: { $0.key < $1.key }) where a != 0 {
            let v = model.variables[j]
            let fromUpper = v.upper.isFinite && (!v.lower.isFinite || v.upper - x[j] < x[j] - v.lower)
            if fromUpper {
                beta -= a * v.upper
                zs.append(Z(column: j, coef: -a, fromUpper: true, bound: v.upper, value: v.upper - x[j]))
            } else if v.lower.isFinite {
                beta -= a * v.lower
                zs.append(Z(column: j, coef: a, fromUpper: false, bound: v.lower, value: x[j] - v.lower))
            } else { return nil }
        }
        guard !zs.isEmpty else { return nil }
        let sValue = negatives.reduce(0.0) { $0 + $1.0 * max(0, $1.1.value(x)) }
        // δ: the coefficients of integer columns off their bounds, and halves of the best.
        var deltas = Set(zs.filter { $0.value > 1e-6 }.map { abs($0.coef) }.filter { $0 > 1e-9 })
        func evaluate(_ delta: Double) -> (violation: Double, f0: Double)? {
            let bd = beta / delta
            guard abs(bd) < 1e6 else { return nil }
            let f0 = bd - bd.rounded(.down)
            guard f0 > 0.01, f0 < 0.99 else { return nil }
            var lhs = -sValue / (delta * (1 - f0))
            for z in zs {
                let ad = z.coef / delta
                let fk = ad - ad.rounded(.down)
                lhs += (ad.rounded(.down) + max(0, fk - f0) / (1 - f0)) * z.value
            }
            return (lhs - bd.rounded(.down), f0)
        }
        var best: (delta: Double, violation: Double)? = nil
        for d in deltas { if let e = evaluate(d), e.violation > (best?.violation ?? 1e-9) { best = (d, e.violation) } }
        if let b = best {
            deltas = [b.delta / 2, b.delta / 4, b.delta / 8]
            for d in deltas { if let e = evaluate(d), e.violation > (best?.violation ?? 1e-9) { best = (d, e.violation) } }
        }
        guard let delta = best?.delta, let f0 = evaluate(delta)?.f0 else { return nil }
        // The cut in z and q, mapped back to the model's columns.
        var coef = [Int: Double]()
        var constant = 0.0   // moves to the right-hand side
        let bd = beta / delta
        for z in zs {
            let ad = z.coef / delta
            let g = ad.rounded(.down) + max(0, (ad - ad.rounded(.down)) - f0) / (1 - f0)
            if z.fromUpper { constant += g * z.bound; coef[z.column, default: 0] -= g }
            else { constant -= g * z.bound; coef[z.column, default: 0] += g }
        }
        for (c, q) in negatives {
            let w = -c / (delta * (1 - f0))
            constant += w * q.constant
            for (j, a) in q.terms { coef[j, default: 0] += w * a }
        }
        // Coefficients below 1e-7 of the largest leave the cut at a bound of their column (a
        // relaxation: a·x ≥ a·l for a > 0, ≥ a·u for a < 0): GLPK's LPs with cuts of wide range
        // reported numerical instability.
        let largest = coef.values.map(abs).max() ?? 0
        for (j, a) in coef where abs(a) < 1e-7 * largest {
            let v = model.variables[j]
            if a > 0, v.lower.isFinite { constant += a * v.lower; coef[j] = 0 }
            else if a < 0, v.upper.isFinite { constant += a * v.upper; coef[j] = 0 }
        }
        var e = LinearExpression()
        var norm = 0.0
        for (j, a) in coef.sorted(by: { $0.key < $1.key }) where a != 0 { e.add(Variable(index: j), a); norm += a * a }
        norm = norm.squareRoot()
        // A cut whose coefficients span more than 10⁶ is left out: GLPK's simplex cycled on one
        // (a segment of 5·10⁷ people: coefficients from 6·10⁻¹⁴ to 1).
        let kept = coef.values.filter { $0 != 0 }.map(abs)
        guard norm > 1e-9, let big = kept.max(), let small = kept.min(), small >= 1e-6 * big else { return nil }
        let cutRhs = bd.rounded(.down) - constant
        let violation = e.value(at: x) - cutRhs
        guard violation > 0 else { return nil }
        // Scaled to unit norm; the right-hand side loosened by 1e-9 of the norm for rounding.
        return Cut(expression: (1 / norm) * e, rhs: cutRhs / norm + 1e-9 * max(1, abs(cutRhs / norm)), efficacy: violation / norm)
    }

    /// A root cut loop: solve the LP relaxation, add the most effective cuts, repeat.
    /// - Parameters:
    ///   - model: the model; `bounds`: its fill rows as variable upper bounds.
    ///   - rounds: most LP solves with new cuts; `perRound`: most cuts added a round.
    ///   - timeLimit: seconds for the whole loop (each LP gets what is left).
    ///   - maxLPSeconds: no further round after an LP that took longer.
    /// - Returns: the model with the cuts as rows named `cut.N` (up to the last round whose LP
    ///   GLPK solved), the LP bound of each such round (the first is the model's own LP bound)
    ///   and the number of cuts in the model returned.
    /// - Throws: `SolveError` when GLPK fails on the first LP.
    public static func strengthen(_ model: Model, bounds: [VariableUpperBound], rounds: Int = 10, perRound: Int = 60,
                                  timeLimit: Double = 10, maxLPSeconds: Double = .infinity) throws -> (model: Model, bounds: [Double], cuts: Int) {
        let start = ContinuousClock.now
        var m = model
        var good = (model: model, cuts: 0)   // the model of the last LP solved to optimality
        var history: [Double] = []
        var added = 0
        var seen = Set<[Int64]>()
        for round in 0...rounds {
            let left = timeLimit - elapsed(since: start)
            guard left > 0.1 else { break }
            let lp = try m.withGLPKSession { try $0.solveRelaxation(timeLimit: left) }
            // An LP that fails with the last round's cuts (time, GLPK's numerical trouble):
            // those cuts are dropped.
            guard lp.status == .optimal, let z = lp.objective else { break }
            good = (m, added)
            history.append(z)
            if history.count >= 2, abs(history[history.count - 2] - z) <= 1e-6 * max(1, abs(z)) { break }
            if round == rounds || lp.seconds > maxLPSeconds { break }
            let cuts = separate(model: m, x: lp.values, bounds: bounds, rows: nil)
            var n = 0
            for c in cuts where n < perRound {
                // Skip a cut already added (same coefficients to 1e-6): GLPK would cycle on it.
                let key = c.expression.merged().flatMap { [Int64($0.variable.index), Int64(($0.coefficient * 1e6).rounded())] }
                guard seen.insert(key).inserted else { continue }
                added += 1; n += 1
                m.add(c.expression <= c.rhs, name: "cut.\(added)")
            }
            if n == 0 { break }
        }
        return (good.model, history, good.cuts)
    }
}

extension StrategicModel {
    /// The class-fill rows as variable upper bounds: per (offering, payer, term), its learners
    /// (every segment) and its classes (every institution) with the class size.
    public var fillBounds: [Cuts.VariableUpperBound] {
        var classes = [FillKey: [Int]]()
        for (k, v) in classVar { classes[FillKey(offering: k.offering, payer: k.payer, term: k.term), default: []].append(v.index) }
        var members = [FillKey: [Int]]()
        for (k, v) in enrolVar {
            let fk = FillKey(offering: k.offering, payer: k.payer, term: k.term)
            if classes[fk] != nil { members[fk, default: []].append(v.index) }
        }
        return members.sorted { ($0.key.term, $0.key.offering, $0.key.payer) < ($1.key.term, $1.key.offering, $1.key.payer) }
            .map { fk, ms in
                Cuts.VariableUpperBound(members: ms.sorted(), classes: (classes[fk] ?? []).sorted(),
                                        capacity: Double(data.offeringMode[fk.offering].classSizeMax))
            }
    }
}
