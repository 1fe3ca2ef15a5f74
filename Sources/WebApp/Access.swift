import Foundation

/// What a user may do: the one place where roles become permissions. Routes ask `Access`;
/// objects outside a user's own institution or unit answer 404 (see `Routes.ownFile`).
enum Action: Sendable {
    case manageUsers, readAudit
    case readScenarios, editScenarios
    case readRuns, start(RunKind), cancelRun
    case readSurveys, mergeSurveys, submitSurvey
    case institutionFiles
}

enum Access {
    /// - Returns: whether `role` may do `action` at all (per-object checks come after).
    static func may(_ role: Role, _ action: Action) -> Bool {
        switch (role, action) {
        // The admin manages users and roles and, so that one account can run a province's
        // first plans, may do what a planner does.
        case (.admin, .institutionFiles), (.admin, .submitSurvey): return false
        case (.admin, _): return true
        case (.planner, .manageUsers), (.planner, .readAudit), (.planner, .institutionFiles), (.planner, .submitSurvey): return false
        case (.planner, _): return true
        case (.finance, .readScenarios), (.finance, .readRuns), (.finance, .cancelRun): return true
        case (.finance, .start(let k)): return k == .sizeBudget || k == .sweep
        case (.finance, _): return false
        case (.institution, .institutionFiles): return true
        case (.institution, _): return false
        case (.agency, .submitSurvey): return true
        case (.agency, _): return false
        }
    }
}
