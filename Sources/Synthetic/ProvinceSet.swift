import Scenario

extension ScenarioGenerator {
    /// A set of province scenarios, one per province, as a ministry would batch them: each
    /// with its own staff, institutions and budgets (seeded per province, so provinces differ
    /// in size and structure), named "p1" … "pN" with target ids shared across provinces
    /// (the same QĐ 1659 targets everywhere), which a roll-up adds up by id.
    /// - Parameters:
    ///   - count: provinces.
    ///   - staff: mean staff per province; each province has 60-140% of it.
    ///   - institutions: institutions per province.
    ///   - years: planning horizon in years (from 2026), 2 terms a year.
    ///   - seed: seed of the first province; province k uses seed + k.
    /// - Returns: `count` scenarios.
    public static func provinceSet(count: Int, staff: Int, institutions: Int = 1, years: Int = 2, seed: UInt64 = 1) -> [Scenario] {
        (0..<count).map { k in
            var rng = Rand(seed &+ UInt64(k) &* 7919)
            let size = Int((Double(staff) * rng.uniform(0.6, 1.4)).rounded())
            var s = ScenarioGenerator(name: "p\(k + 1)", staff: size, institutions: institutions, years: years, termsPerYear: 2,
                                      budgetFactor: rng.uniform(0.4, 0.9), seed: seed &+ UInt64(k)).make()
            s.name = "p\(k + 1)"
            return s
        }
    }
}
