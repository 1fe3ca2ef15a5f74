import Foundation
import GLPK
import LinearModel
import Testing

/// Our MPS and LP writers (and GLPK's own, through `writeWithGLPK`) read back by glpsol.
@Suite("Export read by glpsol", .enabled(if: glpsolPath != nil, "glpsol (glpk-utils) is not installed"))
struct ExportTests {
    /// Every kind of column and row: integer, binary, free, negative-bounded, fixed and
    /// boxed variables; ≤, ≥, =, range and free rows; an objective constant; maximise.
    static func mixedModel() -> (Model, [String: Variable]) {
        var m = Model(name: "mixed model")
        let n = m.addVariable("n_int", lower: 0, upper: 7, kind: .integer)
        let b = m.addVariable("b_bin", kind: .binary)
        let f = m.addVariable("f_free", lower: -.infinity, upper: .infinity)
        let g = m.addVariable("g_neg", lower: -5, upper: -1)
        let h = m.addVariable("h_fixed", lower: 2.5, upper: 2.5)
        let k = m.addVariable("k_geint", lower: -3, kind: .integer)
        let u = m.addVariable("u_upper", lower: -.infinity, upper: 4)
        let z = m.addVariable("z_unused", lower: 0, upper: 1)
        m.add(n + 2 * b + f <= 9.5, name: "cap_le")
        m.add(f - g >= 1, name: "floor_ge")
        m.add(f + h + k == 6, name: "bal_eq")
        m.add((n + k + u).between(-2, 8), name: "band_rng")
        m.add(u - 0.5 * n >= -10, name: "u_ge")
        m.add(k <= 4, name: "k_le")
        m.add((f + n).between(-.infinity, .infinity), name: "free_row")  // a free (N) row
        m.maximize(3 * n + 5 * b + 0.5 * f + 2 * g - h + k + 0.25 * u + 10)
        return (m, ["n_int": n, "b_bin": b, "f_free": f, "g_neg": g, "h_fixed": h, "k_geint": k, "u_upper": u, "z_unused": z])
    }

    func checkReport(_ report: GlpsolReport, _ m: Model, objective: Double, values: [Double], rowNames: Bool = true) {
        #expect(approx(report.objective, objective), "glpsol objective \(String(describing: report.objective)) vs \(objective)")
        for (j, v) in m.variables.enumerated() {
            let got = report.columns[v.name]
            #expect(got != nil, "column \(v.name) missing in glpsol's report")
            // Only the integer columns are pinned down uniquely here; check their values.
            if v.kind != .continuous, let got { #expect(approx(got, values[j], 1e-6), "\(v.name)") }
        }
        if rowNames { for name in m.rowNames { #expect(report.rows[name] != nil, "row \(name) missing") } }
    }

    @Test("Our MPS and LP files, solved by glpsol, give our objective and keep the names")
    func ourWriters() throws {
        let (m, _) = Self.mixedModel()
        let r = try m.solve()
        #expect(r.status == .optimal)
        let objective = try #require(r.objective)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        let mps = dir.appendingPathComponent("m.mps").path
        try m.mps(objectiveSense: false).write(toFile: mps, atomically: true, encoding: .utf8)
        let mpsRun = try runGlpsol(["--freemps", "--max", mps, "-o", dir.appendingPathComponent("mps.out").path,
                                    "--wlp", dir.appendingPathComponent("back.lp").path])
        #expect(mpsRun.status == 0, "\(mpsRun.output)")
        let mpsReport = GlpsolReport(try String(contentsOfFile: dir.appendingPathComponent("mps.out").path, encoding: .utf8))
        checkReport(mpsReport, m, objective: objective, values: r.values)
        // glpsol's own LP rendering of what it read keeps our names.
        let back = try String(contentsOfFile: dir.appendingPathComponent("back.lp").path, encoding: .utf8)
        for name in m.variables.map(\.name) + m.rowNames { #expect(back.contains(name), "\(name) not in --wlp output") }

        let lp = dir.appendingPathComponent("m.lp").path
        try m.lp().write(toFile: lp, atomically: true, encoding: .utf8)
        let lpRun = try runGlpsol(["--lp", lp, "-o", dir.appendingPathComponent("lp.out").path])
        #expect(lpRun.status == 0, "\(lpRun.output)")
        let lpReport = GlpsolReport(try String(contentsOfFile: dir.appendingPathComponent("lp.out").path, encoding: .utf8))
        checkReport(lpReport, m, objective: objective, values: r.values)
    }

    @Test("The LP relaxation exported and solved by glpsol matches ours, minimising too")
    func relaxationAndMinimise() throws {
        var (m, v) = Self.mixedModel()
        m.minimize(-3 * v["n_int"]! + v["f_free"]! - v["u_upper"]! + 2 * v["k_geint"]! - 4)
        let r = try m.solve()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(r.status == .optimal, "\(r.detail)")
        let objective = try #require(r.objective)
        let mps = dir.appendingPathComponent("m.mps").path
        try m.mps(objectiveSense: false).write(toFile: mps, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("o.txt").path
        #expect(try runGlpsol(["--freemps", "--min", mps, "-o", out]).status == 0)
        checkReport(GlpsolReport(try String(contentsOfFile: out, encoding: .utf8)), m, objective: objective, values: r.values)
        let lp = dir.appendingPathComponent("m.lp").path
        try m.lp().write(toFile: lp, atomically: true, encoding: .utf8)
        #expect(try runGlpsol(["--lp", lp, "-o", out]).status == 0)
        checkReport(GlpsolReport(try String(contentsOfFile: out, encoding: .utf8)), m, objective: objective, values: r.values)
    }

    @Test("GLPK's own writers (writeWithGLPK) solve the same")
    func glpkWriters() throws {
        let (m, _) = Self.mixedModel()
        let objective = try #require(try m.solve().objective)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mps = dir.appendingPathComponent("g.mps").path
        let lp = dir.appendingPathComponent("g.lp").path
        let out = dir.appendingPathComponent("o.txt").path
        try m.writeWithGLPK(to: mps, lp: false)
        let values = try m.solve().values
        #expect(try runGlpsol(["--freemps", "--max", mps, "-o", out]).status == 0)
        checkReport(GlpsolReport(try String(contentsOfFile: out, encoding: .utf8)), m, objective: objective, values: values)
        let mpsText = try String(contentsOfFile: mps, encoding: .utf8)
        #expect(mpsText.contains("NAME mixed_model"))  // GLPK's MPS writer calls the objective R0000000
        try m.writeWithGLPK(to: lp, lp: true)
        #expect(try runGlpsol(["--lp", lp, "-o", out]).status == 0)
        // GLPK's LP writer writes the objective constant (10) only as a comment.
        let lpText = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(lpText.contains("constant term = 10"))
        #expect(lpText.contains(" objective: "))
        checkReport(GlpsolReport(try String(contentsOfFile: out, encoding: .utf8)), m, objective: objective - m.objectiveConstant,
                    values: values)
        #expect(GLPKDiagnostics.liveProblems == 0)
    }

    @Test("Largest export: the 250-item multi-knapsack LP relaxation, same objective from glpsol")
    func largerModel() throws {
        let (m, _, _, _) = MultiKnapsack.model(items: 250, rows: 5, seed: 20_261_123)
        var o = SolveOptions(); o.relaxIntegrality = true
        let objective = try #require(try m.solve(o).objective)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("k.lp").path
        try m.lp().write(toFile: lp, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("o.txt").path
        #expect(try runGlpsol(["--lp", lp, "--nomip", "-o", out]).status == 0)
        #expect(approx(GlpsolReport(try String(contentsOfFile: out, encoding: .utf8)).objective, objective))
    }

    @Test("Invalid names are refused by the exporters and by writeWithGLPK with a clear error")
    func invalidNames() throws {
        var m = Model(name: "names")
        _ = m.addVariable("has space")
        #expect(throws: ModelError.invalidName("has space", reason: "contains ' ' (use ASCII letters, digits, _ and .)")) {
            try m.mps()
        }
        #expect(throws: ModelError.self) { try m.lp() }
        do {
            try m.writeWithGLPK(to: "/tmp/never-written.mps", lp: false)
            Issue.record("no error")
        } catch {
            guard case .invalidModel(.invalidName) = error else { Issue.record("\(error)"); return }
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.mps"))
        // Solving does not need names.
        #expect(try m.solve().status == .optimal)
    }
}
