import Foundation
import PlanFiles
import Planner
import Reports
import Scenario
import Timetable

/// The judge of `plan`'s timetable check: the plan's classes exactly as cohorts.csv will hold
/// them (the same rows, parsed by the same reader), timetabled over every term of the horizon
/// by the code `langplan timetable --all-years` runs, with its default options.
/// - Parameter options: the timetabler's options (default: `timetable`'s).
/// - Returns: a judge listing every class-term not placed, keyed back to the plan.
func timetableJudge(options: TimetableOptions = TimetableOptions()) -> TimetableJudge {
    { plan, data in
        let sc = data.scenario
        let tables = PlanTables(plan: plan, data: data)
        var keyOf: [String: ClassKey] = [:]
        for c in tables.cohorts {
            keyOf[c.id] = ClassKey(offering: c.offering, payer: c.payer, institution: c.institution, term: c.term)
        }
        let classes = try CohortFile.parse(PlanFiles.csv(PlanReport.cohortsRows(tables, data)))
        let tts = try Timetabler.solveAll(scenario: sc, classes: classes, terms: Array(0..<sc.horizon.termCount), options: options)
        return tts.flatMap { tt in
            tt.unplaced.compactMap { u in
                keyOf[u.planned.id].map { TimetableLoss(key: $0, classID: u.planned.id, term: tt.termIndex, reason: u.reason) }
            }
        }
    }
}
