import Foundation
import GLPK
import LinearModel
import Scenario

/// How the national scenario falls into blocks (provinces), and how capacity and work are
/// shared among them: the parts of the decomposition (`Decomposition.swift`) that are not the
/// bound or the plan.
extension Decomposition {
    /// Blocks of segments that no target or transfer links: connected components, then
    /// merged by a province tag ("unitN", as `ScenarioGenerator` writes) when one is set.
    /// - Parameter sc: the scenario.
    /// - Returns: segment indices per block, blocks in order of their first segment.
    public static func blocks(_ sc: Scenario) -> [[Int]] {
        let data = PlanningData(sc)
        var parent = Array(sc.segments.indices)
        func find(_ a: Int) -> Int { var a = a; while parent[a] != a { parent[a] = parent[parent[a]]; a = parent[a] }; return a }
        func union(_ a: Int, _ b: Int) { let (x, y) = (find(a), find(b)); if x != y { parent[max(x, y)] = min(x, y) } }
        for covered in data.segmentsOfTarget { for s in covered.dropFirst() { union(covered[0], s) } }
        for (s, from) in data.transfersIn.enumerated() { for f in from { union(s, f.from) } }
        var byTag: [String: Int] = [:]
        for (s, seg) in sc.segments.enumerated() {
            for tag in seg.tags where tag.hasPrefix("unit") && tag.dropFirst(4).allSatisfy(\.isNumber) && tag.count > 4 {
                if let other = byTag[tag] { union(other, s) } else { byTag[tag] = s }
            }
        }
        var groups: [Int: [Int]] = [:]
        for s in sc.segments.indices { groups[find(s), default: []].append(s) }
        return groups.values.sorted { $0[0] < $1[0] }
    }

    /// Block `segments`' model: its segments, the targets all of whose segments it has, every
    /// institution, payer and budget; the rows it shares with the others (institutions' rows,
    /// budgets, exam seats, places) by name.
    static func block(_ segments: [Int], of sc: Scenario, national: PlanningData) -> Block {
        var sub = sc
        sub.segments = segments.map { sc.segments[$0] }
        let ids = Set(sub.segments.map(\.id))
        sub.targets = sc.targets.indices.filter { k in
            !national.segmentsOfTarget[k].isEmpty && national.segmentsOfTarget[k].allSatisfy { ids.contains(sc.segments[$0].id) }
        }.map { sc.targets[$0] }
        let sm = StrategicModel(PlanningData(sub))
        var shared = sm.capacityRows.filter { $0.segment == nil }.map(\.row)
        shared += sm.budgetRows.values
        let named = shared.map { (name: sm.model.rowNames[$0.index], row: $0) }.sorted { $0.name < $1.name }
        let staff = sub.segments.reduce(0.0) { $0 + Double($1.total) }
        return Block(segments: segments, model: sm, shared: named, staff: staff)
    }

    /// Each shared row's national capacity, by name (the same in every block that has it).
    static func capacities(_ blocks: [Block]) -> [String: Double] {
        var capacity: [String: Double] = [:]
        for b in blocks { for r in b.shared { capacity[r.name] = b.model.model.rowUpper[r.row.index] } }
        return capacity
    }

    /// Each block's model maximising its weighted attainment (what its LPs solve).
    static func attainmentModels(_ blocks: [Block]) -> [Model] {
        blocks.map { b in var m = b.model.model; m.maximize(b.model.weightedAttainment); return m }
    }

    /// One block: its scenario, model, and the rows it shares with the others, by name.
    struct Block {
        var segments: [Int]
        var model: StrategicModel
        var shared: [(name: String, row: ConstraintRef)]
        var staff: Double
    }

    /// Shares of one shared row's capacity among the blocks that have it: in proportion to
    /// what each wants (scaled down when they want more than there is), the slack by staff.
    /// - Parameters:
    ///   - name: the row; `cap`: its capacity; `want`: one amount per block (its unit).
    ///   - whole: whole units (rooms, teachers, online classes), else a hair below the exact
    ///     shares so that their sum never passes `cap` by rounding.
    /// - Returns: one share per block (0 where the block has no such row); Σ ≤ cap.
    static func shareOut(_ name: String, _ cap: Double, want: [Double], blocks: [Block], whole: Bool) -> [Double] {
        let has = blocks.map { $0.shared.contains { $0.name == name } }
        let used = want.enumerated().map { has[$0.offset] ? max(0, $0.element) : 0 }
        let total = used.reduce(0, +)
        let scale = total > cap ? cap / total : 1
        let slack = max(0, cap - total * scale)
        let staffWith = max(1, blocks.indices.filter { has[$0] }.reduce(0.0) { $0 + blocks[$1].staff })
        let exact = blocks.indices.map { has[$0] ? used[$0] * scale + slack * blocks[$0].staff / staffWith : 0 }
        guard whole else { return exact.map { $0 * (1 - 1e-9) } }
        return apportion(Int((cap + 1e-9).rounded(.down)), weights: exact).map(Double.init)
    }

    /// `body(0) … body(count − 1)` on at most `jobs` threads at a time, results in order.
    /// - Throws: the first error a call threw (the others still finish).
    static func parallelMap<R>(_ count: Int, jobs: Int, _ body: @escaping (Int) throws(SolveError) -> R) throws(SolveError) -> [R] {
        let box = ParallelResults<R>(count)
        let group = DispatchGroup()
        nonisolated(unsafe) let work = body
        for _ in 0..<max(1, min(jobs, count)) {
            group.enter()
            Thread {
                while true {
                    box.lock.lock(); let i = box.next; box.next += 1; box.lock.unlock()
                    guard i < count else { break }
                    let r: Result<R, SolveError>
                    do throws(SolveError) { r = .success(try work(i)) } catch { r = .failure(error) }
                    box.lock.lock(); box.results[i] = r; box.lock.unlock()
                }
                group.leave()
            }.start()
        }
        group.wait()
        var out: [R] = []
        for r in box.results {
            switch r {
            case .success(let v)?: out.append(v)
            case .failure(let e)?: throw e
            case nil: throw .glpk("a block was not solved")
            }
        }
        return out
    }
}

/// Results of `Decomposition.parallelMap`, written by its threads under `lock`.
final class ParallelResults<R>: @unchecked Sendable {
    let lock = NSLock()
    var results: [Result<R, SolveError>?]
    var next = 0
    init(_ n: Int) { results = [Result<R, SolveError>?](repeating: nil, count: n) }
}
