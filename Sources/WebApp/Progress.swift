import Foundation
import Reports

/// The run page's progress line in the viewer's language. The solving child prints the CLI's
/// progress lines (English, on stderr; the first stdout line when it ends); the store keeps
/// them as printed (the API returns them so, and stderr.txt holds them all). Here each known
/// line shape becomes a key and its values, and the page shows the key's sentence from
/// `Strings` with the values in the viewer's number format. A line of no known shape is shown
/// as printed (a test runs every kind of run and checks that none is left unrecognised).
enum ProgressText {
    /// A line recognised: its key in `Strings` ("p_" + key) and the values it carried.
    struct Parsed: Equatable {
        var key: String
        var values: [String]
        /// Seconds since the solve started ("[  3.2s] " prefix), when the line had one.
        var elapsed: String?
    }

    /// Line shapes, in the order tried (anchored regular expressions; groups are the values).
    static let shapes: [(key: String, pattern: String)] = [
        ("starting", #"^starting$"#),
        ("model", #"^model: (\d+) variables \((\d+) integer\), (\d+) rows, (\d+) non-zeros$"#),
        ("greedy", #"^greedy baseline: weighted attainment ([0-9.]+)$"#),
        ("lp_bound", #"^LP relaxation bound ([0-9.]+) in ([0-9.]+)s$"#),
        ("incumbent", #"^incumbent ([0-9.]+) from (.+), gap ([0-9.]+)%$"#),
        ("stage2_start", #"^stage 2: least cost at attainment ([0-9.]+)$"#),
        ("stage2_cost", #"^stage 2: cost ([0-9.]+) → ([0-9.]+) million VND$"#),
        ("stage2_skipped", #"^stage 2 skipped: (.+)$"#),
        ("plan_found", #"^plan: weighted attainment ([0-9.]+) \(bound ([^,]+), gap ([^)]+)\), greedy ([0-9.]+)$"#),
        ("bnc_start", #"^branch and cut from (.+) \(([0-9]+)s left\)$"#),
        ("root_cuts", #"^root cuts: (\d+) c-MIR cuts in (\d+) rounds, LP bound ([0-9.]+) → ([0-9.]+)$"#),
        ("root_cuts_dropped", #"^root cuts' LP bound ([0-9.-]+) is below the plan found \(([0-9.-]+)\): cuts dropped$"#),
        ("bnc", #"^branch and cut: ([^,]+), incumbent ([0-9.]+), bound ([0-9.]+), gap ([0-9.]+)%$"#),
        ("sizing_stage", #"^stage (\d+): ([0-9.]+) million VND$"#),
        ("sizing_unlimited", #"^targets cannot all be met \((.+)\); planning with unlimited money$"#),
        ("sweep_point", #"^(budget|teachers|rooms) × ([0-9.]+) done$"#),
        ("replan_kept", #"^re-plan: every class announced for the first (\d+) term\(s\) kept$"#),
        ("replan_changing", #"^re-plan: the announced classes cannot all be kept; changing as few as possible$"#),
        ("replan_impossible", #"^re-plan: (\d+) announced class group\(s\) can no longer run anywhere they were placed$"#),
        ("replan_best", #"^re-plan: best attainment ([0-9.]+) needs ([0-9]+) change\(s\) to the announced classes$"#),
        ("start_unused", #"^start "(.+)" not used: it breaks (\d+) rows, e\.g\. (.+)$"#),
        ("greedy_breaks", #"^greedy plan breaks (\d+) rows \(e\.g\. (.+)\); not used as a start$"#),
        ("lp_fallback", #"^LP relaxation: (.+); keeping the (.+) plan, bound unknown$"#),
        ("robust_step", #"^robust: quantile ([0-9.]+): cost ([0-9.]+) bn VND, lowest P\(met\) ([0-9.]+) \(95% lower bound ([0-9.]+)\) (accepted|rejected)$"#),
        ("robust_none", #"^robust: quantile ([0-9.]+): no plan$"#),
        ("blocks", #"^(\d+) blocks, (\d+) shared rows, block models of (\d+) variables at most$"#),
        ("block_lps", #"^LPs with a staff share of every shared row solved: ([0-9.]+)$"#),
        ("lagrangian", #"^Lagrangian bound ([0-9.]+) \(best ([0-9.]+)\), step (\d+), θ (\S+)$"#),
        ("planning_blocks", #"^planning (\d+) blocks, ([0-9.]+) s each$"#),
        ("second_round", #"^second round: (\d+) blocks in waves of (\d+), ([0-9.]+) s each$"#),
        ("greedy_plan", #"^greedy plan: weighted attainment ([0-9.]+)$"#),
        ("decomposed", #"^plan \((.+)\): weighted attainment ([0-9.]+), bound ([0-9.]+), gap ([0-9.]+)%, (\d+) rows broken$"#),
        ("sub_mips_from", #"^sub-MIPs from (.+) ([0-9.-]+)$"#),
        ("sub_mip", #"^sub-MIP (.+): ([0-9.-]+)$"#),
        ("sub_mips_improved", #"^sub-MIPs improved the plan: (.*)$"#),
        ("lp_bound_below", #"^LP relaxation bound ([0-9.-]+) is below the plan found \(([0-9.-]+)\): GLPK's LP failed numerically; bound unknown$"#),
        ("bnc_bound_below", #"^branch and cut bound ([0-9.-]+) is below its own plan \(([0-9.-]+)\): bound unknown$"#),
        ("whole", #"^whole people \((.+)\): ([0-9.]+) → (\d+) learners, weighted attainment ([0-9.]+) → ([0-9.]+), spend ([0-9.]+) → ([0-9.]+) million VND, ([0-9.]+)s$"#),
        ("whole_none", #"^whole people: none found with the classes of the plan; keeping the greedy plan$"#),
        ("whole_short_proven", #"^whole people fall short: weighted attainment ([0-9.]+) → ([0-9.]+) \(the status and gap are the continuous plan's\); GLPK proves no whole-people plan with classes within one of its own meets every target it met$"#),
        ("whole_short", #"^whole people fall short: weighted attainment ([0-9.]+) → ([0-9.]+) \(the status and gap are the continuous plan's\); a longer --time-limit may close it$"#),
        ("check_placed", #"^timetable check, round (\d+): every class placed in every term of its span \(([0-9.]+) s\)$"#),
        ("check_lost", #"^timetable check, round (\d+): (\d+) classes not placed in (\d+) class-terms \(([0-9.]+) s\)$"#),
        ("check_row", #"^row: (\S+) classes at (\S+) in (\S+) ≤ (\d+) \(planned (\d+)\); e\.g\. (.*)$"#),
        ("check_taken_out", #"^taken out: (\S+) classes at (\S+) in (\S+) ≤ (\d+) \(planned (\d+)\); e\.g\. (.*)$"#),
        // A GLPK message passed on by the solver layer (its own words: shown as GLPK wrote them).
        ("glpk", #"^\[GLPK\] (.+)$"#),
        // The first line a finished child printed on stdout.
        ("done_plan", #"^plan: (\w+), weighted attainment ([0-9.]+) \(greedy ([0-9.]+)\), gap ([0-9.]+)%, (\d+)/(\d+) target milestones met, (\d+) classes"#),
        ("done_sizing", #"^least total spend meeting every target: (\w+), gap ([0-9.]+)%$"#),
        ("done_budget", #"^least budget meeting every target: ([0-9.]+) bn VND$"#),
        ("done_sweep", #"^(budget|teachers|rooms) +(\d+)%: weighted attainment ([0-9.]+) \(LP ([0-9.]+)\) spend ([0-9.]+) bn"#),
        ("done_timetable", #"^(\S+) (\S+) \(([0-9-]+)\.\.([0-9-]+)\): (\d+)/(\d+) classes placed"#),
        ("done_replan", #"^target / milestone: planned → re-planned \(target\)$"#),
    ]

    static let compiled: [(key: String, regex: NSRegularExpression)] = shapes.map { shape in
        (shape.key, try! NSRegularExpression(pattern: shape.pattern))  // safe: literal patterns above; ProgressTests parses every shape
    }

    /// The key and values of a CLI progress line.
    /// - Parameter raw: one line as the child printed it (a "[  1.2s] " prefix allowed).
    /// - Returns: nil when the line has no known shape.
    static func parse(_ raw: String) -> Parsed? {
        var line = raw.trimmingCharacters(in: .whitespaces)
        // A swift-log line on stderr: "2026-11-30T03:50:22+0000 warning langplan.glpk: [Planner] …".
        if let m = line.range(of: #"^\d{4}-\d{2}-\d{2}T[0-9:+-]+Z? (trace|debug|info|notice|warning|error|critical) [\w.-]+: (\[Planner\] )?"#,
                              options: .regularExpression) {
            line = String(line[m.upperBound...])
        }
        var elapsed: String?
        if let m = line.range(of: #"^\[\s*([0-9.]+)s\] "#, options: .regularExpression) {
            elapsed = line[m].trimmingCharacters(in: CharacterSet(charactersIn: "[] s"))
            line = String(line[m.upperBound...])
        }
        let ns = line as NSString
        for (key, regex) in compiled {
            guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
            let values = (1..<max(1, m.numberOfRanges)).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
            return Parsed(key: key, values: values, elapsed: elapsed)
        }
        return nil
    }

    /// A run's progress line for the page.
    /// - Parameters:
    ///   - raw: the stored line (the CLI's, or the app's own note).
    ///   - lang: the viewer's language.
    /// - Returns: the sentence in `lang`, numbers in its format; the raw line when unknown.
    static func text(_ raw: String, _ lang: Language) -> String {
        // The app's own suffix when the server stopped during the run.
        let stopped = " (server stopped)"
        if raw.hasSuffix(stopped) { return text(String(raw.dropLast(stopped.count)), lang) + " (" + word("server_stopped", lang) + ")" }
        guard let p = parse(raw), let sentence = Strings.table(lang)["p_" + p.key] else { return raw }
        var s = sentence
        for (i, v) in p.values.enumerated() { s = s.replacingOccurrences(of: "{\(i + 1)}", with: value(v, lang)) }
        if let e = p.elapsed { s = "[\(value(e, lang)) s] " + s }
        return s
    }

    /// A value in the viewer's terms: decimals with the language's separator, solver states,
    /// starting plans and swept resources by name.
    static func value(_ v: String, _ lang: Language) -> String {
        if v.range(of: #"^[0-9]+\.[0-9]+%?$"#, options: .regularExpression) != nil {
            return lang == .vi ? v.replacingOccurrences(of: ".", with: ",") : v
        }
        if let known = Strings.table(lang)["pv_" + v.replacingOccurrences(of: " ", with: "_")] { return known }
        return v
    }

    static func word(_ key: String, _ lang: Language) -> String { Strings.table(lang)[key] ?? key }
}
