extension Scenario {
    /// A one-screen summary: horizon, segments and people, targets, courses, institutions,
    /// teachers, rooms, budget per year and payer.
    public var summary: String {
        var out: [String] = []
        let h = horizon
        out.append("scenario \(name)  (checksum \(checksum))")
        out.append("  horizon     \(h.startYear)...\(h.endYear), \(h.termsPerYear) terms/year, milestones \(h.milestones.map(String.init).joined(separator: ", "))")
        let people = segments.reduce(0.0) { $0 + $1.headcount.reduce(0.0) { $0 + Double($1) } }
        var byLevel = [Double](repeating: 0, count: 7)
        for s in segments { for (l, n) in s.headcount.enumerated() where l < 7 { byLevel[l] += Double(n) } }
        out.append("  segments    \(segments.count), \(group(people)) people; by level 0..6: \(byLevel.map { group($0) }.joined(separator: " / "))")
        for s in segments.sorted(by: { $0.headcount.reduce(0, &+) > $1.headcount.reduce(0, &+) }).prefix(6) {
            out.append("              \(s.id.padding(28)) \(group(Double(s.headcount.reduce(0, &+))).leftPad(9))  [\(s.tags.joined(separator: ", "))]")
        }
        if segments.count > 6 { out.append("              … \(segments.count - 6) more") }
        out.append("  targets     \(targets.count)")
        for t in targets {
            let covered = segments.filter { t.filter.matches($0.tags) }
            let n = covered.reduce(0.0) { $0 + Double($1.headcount.reduce(0, &+)) }
            let now = covered.reduce(0.0) { acc, s in acc + s.headcount.enumerated().filter { $0.offset >= t.level }.reduce(0.0) { $0 + Double($1.element) } }
            let ms = t.milestones.sorted { $0.key < $1.key }.map { "\($0.key): \(pct($0.value))" }.joined(separator: ", ")
            out.append("              \(t.id.padding(28)) level ≥\(t.level) over \(group(n)) people (now \(n > 0 ? pct(now / n) : "–")), \(ms)")
        }
        let chain = courses.sorted { ($0.fromLevel, $0.toLevel) < ($1.fromLevel, $1.toLevel) }
            .map { "\($0.fromLevel)→\($0.toLevel) \($0.hours)h [\($0.modes.map(\.mode.rawValue).joined(separator: ","))]" }
        out.append("  courses     \(courses.count): \(chain.joined(separator: "; "))")
        let teachers = institutions.flatMap(\.teachers).reduce(0) { $0 &+ $1.count }
        let rooms = institutions.flatMap(\.rooms).reduce(0) { $0 &+ $1.count }
        let seats = institutions.flatMap(\.rooms).reduce(0) { $0 &+ $1.count &* $1.seats }
        let online = institutions.reduce(0) { $0 &+ $1.onlineClassesMax }
        out.append("  institutions \(institutions.count): \(teachers) teachers, \(rooms) rooms (\(group(Double(seats))) seats), \(online) online classes at once")
        let hol = holidayDates(calendar, years: h.startYear...max(h.startYear, h.endYear)).count
        out.append("  calendar    \(calendar.days.joined(separator: " ")); periods \(calendar.periods.map(\.id).joined(separator: ", ")); \(hol) holidays")
        out.append("  exams       fee \(vnd(exams.feePerCandidate))\(exams.seatsPerTerm.map { ", \(group(Double($0))) seats/term" } ?? "")")
        out.append("  budget (million VND)")
        let years = Array(h.startYear...min(max(h.startYear, h.endYear), h.startYear &+ Limits.horizonYears))
        out.append("    " + "payer".padding(16) + years.map { String($0).leftPad(9) }.joined() + "total".leftPad(11))
        for b in budgets {
            if b.open {
                out.append("    " + b.payer.padding(16) + "open (to be sized)")
                continue
            }
            let row = years.map { y in b.amounts[y].map { millions($0).leftPad(9) } ?? "–".leftPad(9) }.joined()
            let total = years.reduce(Int64(0)) { $0 &+ (b.amounts[$1] ?? 0) }
            out.append("    " + b.payer.padding(16) + row + millions(total).leftPad(11))
        }
        if !history.isEmpty {
            out.append("  history     " + history.map { "\($0.target) \($0.year): \(pct($0.share))" }.joined(separator: ", "))
        }
        return out.joined(separator: "\n")
    }

    /// FNV-1a 64-bit hash (16 hex digits) of the scenario's canonical YAML: the same for
    /// any two files that describe the same scenario, whatever their layout or comments.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in canonicalYAML.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

private func group(_ v: Double) -> String {
    let n = Int(min(max(v, -9e15), 9e15).rounded())
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}

private func pct(_ v: Double) -> String {
    guard v.isFinite else { return "?" }
    let p = (v * 1000).rounded() / 10
    return p == p.rounded() ? "\(Int(p))%" : "\(p)%"
}

private func millions(_ v: Int64) -> String { group(Double(v) / 1_000_000) }
private func vnd(_ v: Int64) -> String { group(Double(v)) + " VND" }

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
    func leftPad(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}
