import Foundation
import TestSupport
import GLPK
import LinearModel

/// A deterministic generator (SplitMix64) so random instances are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The 0-1 knapsack used in several tests: values, weights, capacity 15.
/// Optimum 31 (items 0, 1, 3: weights 5 + 7 + 3 = 15), found by enumerating all 64 subsets.
enum Knapsack {
    static let values: [Double] = [10, 13, 7, 8, 9, 4]
    static let weights: [Double] = [5, 7, 4, 3, 6, 2]
    static let capacity: Double = 15
    static let optimum: Double = 31

    static func model() -> (Model, [Variable]) {
        var m = Model(name: "knapsack")
        let x = values.indices.map { m.addVariable("x\($0)", kind: .binary) }
        m.add(x.indices.sum { weights[$0] * x[$0] } <= capacity, name: "capacity")
        m.maximize(x.indices.sum { values[$0] * x[$0] })
        return (m, x)
    }

    static func enumerate() -> Double {
        var best = 0.0
        for mask in 0..<(1 << values.count) {
            var w = 0.0, v = 0.0
            for i in values.indices where mask >> i & 1 == 1 { w += weights[i]; v += values[i] }
            if w <= capacity { best = max(best, v) }
        }
        return best
    }
}

/// A seeded multi-dimensional knapsack: n binary items, k capacity rows at half the total
/// weight. Hard for GLPK's plain branch and cut at n ≥ 200 (the gap closes slowly).
enum MultiKnapsack {
    static func model(items n: Int, rows k: Int, seed: UInt64) -> (Model, [Variable], [[Double]], [Double]) {
        var rng = SeededGenerator(seed: seed)
        var m = Model(name: "mkp")
        let x = (0..<n).map { m.addVariable("x\($0)", kind: .binary) }
        var weights: [[Double]] = []
        var caps: [Double] = []
        for r in 0..<k {
            let w = (0..<n).map { _ in Double(Int.random(in: 10...100, using: &rng)) }
            let cap = (w.reduce(0, +) / 2).rounded(.down)
            m.add(x.indices.sum { w[$0] * x[$0] } <= cap, name: "cap\(r)")
            weights.append(w); caps.append(cap)
        }
        // Values correlated with the weights make the instance hard.
        let values = (0..<n).map { j in
            (weights.reduce(0) { $0 + $1[j] } / Double(k) + Double(Int.random(in: 0...20, using: &rng))).rounded()
        }
        m.maximize(x.indices.sum { values[$0] * x[$0] })
        return (m, x, weights, caps)
    }

    /// Greedy start: items by value/weight ratio while every row still fits.
    static func greedy(_ m: Model, weights: [[Double]], caps: [Double]) -> [Double] {
        let n = m.variableCount
        let ratio = (0..<n).map { j in m.objectiveCoefficients[j] / weights.reduce(0) { $0 + $1[j] } }
        let order = (0..<n).sorted { ratio[$0] > ratio[$1] }
        var used = [Double](repeating: 0, count: caps.count)
        var x = [Double](repeating: 0, count: n)
        for j in order where (0..<caps.count).allSatisfy({ used[$0] + weights[$0][j] <= caps[$0] }) {
            x[j] = 1
            for r in caps.indices { used[r] += weights[r][j] }
        }
        return x
    }
}

func approx(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

/// Where glpsol lives, if anywhere on PATH.
let glpsolPath: String? = {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let p = "\(dir)/glpsol"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}()

/// Runs glpsol with `arguments`; returns its exit status and standard output.
func runGlpsol(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let r = try runChild(glpsolPath!, arguments, directory: FileManager.default.currentDirectoryPath)
    return (r.status, String(decoding: r.stdout + r.stderr, as: UTF8.self))
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("langplan-glpk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// What glpsol's `-o` report says: objective, and activity per row and column name.
struct GlpsolReport {
    var objective: Double?
    var rows: [String: Double] = [:]
    var columns: [String: Double] = [:]

    init(_ text: String) {
        var section = 0  // 1 rows, 2 columns
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var pendingName: String? = nil
        for line in lines {
            let t = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Objective:") {
                // "Objective:  objective = 12.5 (MAXimum)"
                if let eq = t.firstIndex(of: "="), eq + 1 < t.count { objective = Double(t[eq + 1]) }
            }
            if t.first == "No." && t.count > 1 { section = t[1] == "Row" ? 1 : t[1] == "Column" ? 2 : 0; continue }
            if line.hasPrefix("Karush") || line.hasPrefix("Integer feasibility") { section = 0 }
            guard section != 0, !t.isEmpty else { continue }
            var rest: ArraySlice<String>
            let name: String
            if let n = pendingName {
                name = n; pendingName = nil; rest = t[...]
            } else if t.count >= 1, Int(t[0]) != nil {
                if t.count == 2 { pendingName = t[1]; continue }  // long name: values on the next line
                name = t[1]; rest = t.dropFirst(2)
            } else { continue }
            // Skip a marker ("*" for integer columns) or a basis status (B, NL, NU, NF, NS).
            if let f = rest.first, ["*", "B", "NL", "NU", "NF", "NS"].contains(f) { rest = rest.dropFirst() }
            guard let v = rest.first.flatMap(Double.init) else { continue }
            if section == 1 { rows[name] = v } else { columns[name] = v }
        }
    }
}

/// The transportation LP of `KnownAnswerTests.transportation` (cost 140, worked by hand there):
/// two supplies, three demands, cost minimised, or −cost maximised (`sign` −1).
enum Transportation {
    static func model(_ sense: ObjectiveSense) -> (m: Model, x: [[Variable]], supply: [ConstraintRef], demand: [ConstraintRef], sign: Double) {
        let cost: [[Double]] = [[2, 4, 5], [3, 1, 7]]
        let supply: [Double] = [25, 30], demand: [Double] = [10, 15, 20]
        var m = Model(name: "transport")
        let x = (0..<2).map { i in (0..<3).map { j in m.addVariable("x_S\(i + 1)_D\(j + 1)") } }
        let s = (0..<2).map { i in m.add(x[i].sum() <= supply[i], name: "supply\(i + 1)") }
        let d = (0..<3).map { j in m.add((0..<2).sum { x[$0][j].expression } >= demand[j], name: "demand\(j + 1)") }
        let sign: Double = sense == .minimize ? 1 : -1
        m.setObjective(sign * (0..<2).sum { i in (0..<3).sum { j in cost[i][j] * x[i][j] } }, sense)
        return (m, x, s, d, sign)
    }
}
