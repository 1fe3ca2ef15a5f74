// Times the model layer and GLPK on the foundation's reference sizes:
//   1. building a 200,000-variable, 500,000-non-zero model with the expression operators
//      (and validating it, exporting it, loading it into GLPK),
//   2. solving the largest test model (GLPKTests' 250-item, 5-row multi-dimensional knapsack).
// Usage: swift build -c release --product model-build-bench
//        .build/release/model-build-bench [--solve-big] [--mip-limit seconds]
import Foundation
import GLPK
import LinearModel

func time<R>(_ body: () throws -> R) rethrows -> (R, Double) {
    let t = ContinuousClock.now
    let r = try body()
    let d = ContinuousClock.now - t
    return (r, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
}

func fmt(_ s: Double) -> String { String(format: "%.3f s", s) }

// MARK: 1. Build: 200k variables (half integer), 100k rows of 5 terms = 500k non-zeros.

struct LCG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

func buildBig() -> Model {
    var rng = LCG(state: 42)
    let n = 200_000, rows = 100_000
    var m = Model(name: "big")
    var x: [Variable] = []
    x.reserveCapacity(n)
    for j in 0..<n {
        let upper = Double(1 + j % 50)
        let kind: VariableKind = j % 2 == 0 ? .integer : .continuous
        x.append(m.addVariable("x\(j)", lower: 0, upper: upper, kind: kind))
    }
    for i in 0..<rows {
        // Five distinct columns per row, written as Σ a·x with the operators.
        let base = Int.random(in: 0..<n, using: &rng)
        let terms: [LinearExpression] = (0..<5).map { k in
            let a = Double(1 + (i + k) % 9)
            return a * x[(base + k * 40_009) % n]
        }
        let row = terms.sum()
        if i % 3 == 0 { m.add(row <= Double(100 + i % 400), name: "r\(i)") }
        else if i % 3 == 1 { m.add(row >= 1, name: "r\(i)") }
        else { m.add(row.between(0, 500), name: "r\(i)") }
    }
    m.minimize(x.indices.sum { j -> LinearExpression in
        let c = Double(1 + j % 7)
        return c * x[j]
    })
    return m
}

let rounds = 5
var builds: [Double] = []
var big = Model()
for _ in 0..<rounds {
    let (m, t) = time { buildBig() }
    builds.append(t); big = m
}
print("## Model layer (release build)")
print("build 200k variables / \(big.nonZeroCount) non-zeros / \(big.constraintCount) rows: "
      + "best \(fmt(builds.min()!)), median \(fmt(builds.sorted()[rounds / 2])) over \(rounds) runs")
// Where the time goes: the same model in phases, and rows written with `add` instead of operators.
do {
    var rng = LCG(state: 42)
    var m = Model(name: "phases")
    let (x, tVars) = time { (0..<200_000).map { j in m.addVariable("x\(j)", upper: Double(1 + j % 50)) } }
    let (_, tRows) = time {
        for i in 0..<100_000 {
            let base = Int.random(in: 0..<200_000, using: &rng)
            var e = LinearExpression()
            e.reserveCapacity(5)
            for k in 0..<5 { e.add(x[(base + k * 40_009) % 200_000], Double(1 + (i + k) % 9)) }
            m.add(e <= 100)
        }
    }
    let (_, tObj) = time {
        var e = LinearExpression()
        e.reserveCapacity(200_000)
        for j in x.indices { e.add(x[j], Double(1 + j % 7)) }
        m.minimize(e)
    }
    print("phases: 200k addVariable \(fmt(tVars)); 100k rows built with add(_:_:) \(fmt(tRows)); objective \(fmt(tObj))")
}
let (_, tValidate) = time { try! big.validate() }
print("validate(): \(fmt(tValidate))")
let (mpsText, tMPS) = time { try! big.mps() }
print("mps(): \(fmt(tMPS)) (\(mpsText.utf8.count / 1_000_000) MB)")
let (lpText, tLP) = time { try! big.lp() }
print("lp(): \(fmt(tLP)) (\(lpText.utf8.count / 1_000_000) MB)")

if CommandLine.arguments.contains("--solve-big") {
    var o = SolveOptions()
    o.relaxIntegrality = true
    o.timeLimit = 120
    let (r, t) = time { try! big.solve(o) }
    print("GLPK LP relaxation of the big model: \(r.status) in \(fmt(t)) (objective \(r.objective ?? .nan))")
}

// MARK: 2. The largest test model: 250-item, 5-row multi-dimensional knapsack (same generator
// and seed as Tests/GLPKTests/Support.swift).

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func mkp(items n: Int, rows k: Int, seed: UInt64) -> (Model, [[Double]], [Double]) {
    var rng = SplitMix(state: seed)
    var m = Model(name: "mkp")
    let x = (0..<n).map { m.addVariable("x\($0)", kind: .binary) }
    var weights: [[Double]] = [], caps: [Double] = []
    for r in 0..<k {
        let w = (0..<n).map { _ in Double(Int.random(in: 10...100, using: &rng)) }
        let cap = (w.reduce(0, +) / 2).rounded(.down)
        m.add(x.indices.sum { w[$0] * x[$0] } <= cap, name: "cap\(r)")
        weights.append(w); caps.append(cap)
    }
    let values = (0..<n).map { j in
        (weights.reduce(0) { $0 + $1[j] } / Double(k) + Double(Int.random(in: 0...20, using: &rng))).rounded()
    }
    m.maximize(x.indices.sum { values[$0] * x[$0] })
    return (m, weights, caps)
}

func greedy(_ m: Model, _ weights: [[Double]], _ caps: [Double]) -> [Double] {
    let n = m.variableCount
    let ratio = (0..<n).map { j in m.objectiveCoefficients[j] / weights.reduce(0) { $0 + $1[j] } }
    var used = [Double](repeating: 0, count: caps.count), x = [Double](repeating: 0, count: n)
    for j in (0..<n).sorted(by: { ratio[$0] > ratio[$1] })
    where caps.indices.allSatisfy({ used[$0] + weights[$0][j] <= caps[$0] }) {
        x[j] = 1
        for r in caps.indices { used[r] += weights[r][j] }
    }
    return x
}

print("\n## Largest test model: multi-dimensional knapsack, 250 binaries x 5 rows (seed 20261123)")
let (k, w, c) = mkp(items: 250, rows: 5, seed: 20_261_123)
var lpOptions = SolveOptions()
lpOptions.relaxIntegrality = true
let (lp, tLPSolve) = time { try! k.solve(lpOptions) }
print("LP relaxation: \(lp.status), objective \(lp.objective!), \(fmt(tLPSolve))")
let start = greedy(k, w, c)
print("greedy start: objective \(k.objectiveValue(at: start))")
// --mip-limit S: the longer of the two limits (default 10 s).
let longLimit = CommandLine.arguments.firstIndex(of: "--mip-limit").flatMap {
    $0 + 1 < CommandLine.arguments.count ? Double(CommandLine.arguments[$0 + 1]) : nil
} ?? 10
for limit in [0.5, longLimit] {
    for withStart in [true, false] {
        var o = SolveOptions()
        o.timeLimit = limit
        if withStart { o.start = start }
        let (r, t) = time { try! k.solve(o) }
        print("MIP, limit \(limit) s, \(withStart ? "greedy start, presolve off" : "no start, presolve on"): "
              + "\(r.status) (\(r.detail)), incumbent \(r.objective.map { String($0) } ?? "none"), "
              + "bound \(r.bestBound.map { String(format: "%.2f", $0) } ?? "none"), "
              + "gap \(r.gap.map { String(format: "%.4f%%", 100 * $0) } ?? "-"), wall \(fmt(t))")
    }
}
