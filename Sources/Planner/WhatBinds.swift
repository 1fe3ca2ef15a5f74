import GLPK
import LinearModel
import Scenario

/// A row that limits attainment, with its marginal value from the LP relaxation.
public struct BindingLimit: Sendable {
    /// One line in English for the console, e.g. "teachers (level ≥4), 2026T1, school".
    public var what: String
    /// Weighted attainment gained per unit more of the resource (per billion VND for budgets).
    public var marginalValue: Double
    public var used: Double
    public var available: Double
    /// The limit's parts, for reports in any language: the resource as the model names its
    /// rows ("budget", "release", "room slots/week (≥25 seats)" ...), and where it binds.
    public var resource: String = ""
    /// The limit's typed kind (nil for a budget, whose payer and year say which).
    public var kind: Resource? = nil
    public var term: Int? = nil
    public var institution: Int? = nil
    public var segment: Int? = nil
    public var payer: Int? = nil
    public var year: Int? = nil
    public init(what: String, marginalValue: Double, used: Double, available: Double, resource: String = "",
                kind: Resource? = nil, term: Int? = nil, institution: Int? = nil, segment: Int? = nil, payer: Int? = nil,
                year: Int? = nil) {
        self.what = what; self.marginalValue = marginalValue; self.used = used; self.available = available
        self.resource = resource; self.kind = kind; self.term = term; self.institution = institution; self.segment = segment
        self.payer = payer; self.year = year
    }
}

/// What limits attainment: the LP duals of budget and capacity rows, read from the
/// targets' weighted attainment alone.
extension StrategicPlanner {
    /// The LP relaxation with the targets' weighted attainment alone as objective: its duals
    /// are what one more unit of a row buys in attainment. The stage-1 objective's priority
    /// tie-break (≤ 1e-4 of a weight) would otherwise give every row it touches a tiny
    /// positive dual even where the targets are all met.
    /// - Returns: the optimal LP (objective: weighted attainment; duals per row's unit), or
    ///   nil when GLPK does not prove it optimal within `timeLimit` seconds.
    static func attainmentLP(_ sm: StrategicModel, timeLimit: Double) -> SolveResult? {
        var m = sm.model
        m.maximize(sm.weightedAttainment)
        var o = SolveOptions(); o.relaxIntegrality = true; o.timeLimit = timeLimit
        guard let r = try? m.solve(o), r.status == .optimal, r.duals != nil, r.objective != nil else { return nil }
        return r
    }

    /// Budget and capacity rows with a positive shadow price in the LP relaxation of the
    /// targets' weighted attainment, most valuable first: what limits attainment.
    /// - Parameter duals: stage 1's LP duals, used only if that LP cannot be re-solved.
    static func bindingLimits(_ sm: StrategicModel, duals stageDuals: [Double], x: [Double]) -> [BindingLimit] {
        let duals = attainmentLP(sm, timeLimit: 30)?.duals ?? stageDuals
        var out: [BindingLimit] = []
        let sc = sm.data.scenario
        for (key, row) in sm.budgetRows {
            let d = abs(duals[row.index])
            guard d > 1e-9 else { continue }
            out.append(BindingLimit(what: "budget \(sc.payers[key.payer].id) \(key.year)", marginalValue: d * 1000,
                                    used: sm.model.activity(row, at: x) * StrategicModel.moneyUnit,
                                    available: sm.model.rowUpper[row.index] * StrategicModel.moneyUnit,
                                    resource: "budget", payer: key.payer, year: key.year))
        }
        for c in sm.capacityRows {
            let d = abs(duals[c.row.index])
            guard d > 1e-9 else { continue }
            var what = "\(c.resource), \(sc.horizon.label(ofTerm: c.term))"
            if let i = c.institution { what += ", \(sc.institutions[i].id)" }
            if let s = c.segment { what += ", \(sc.segments[s].id)" }
            out.append(BindingLimit(what: what, marginalValue: d, used: sm.model.activity(c.row, at: x), available: c.capacity,
                                    resource: c.resource, kind: c.kind, term: c.term, institution: c.institution,
                                    segment: c.segment))
        }
        return out.sorted { $0.marginalValue > $1.marginalValue }
    }
}
