import ArgumentParser

/// Every subcommand, in the order `langplan --help` lists them.
let allSubcommands: [ParsableCommand.Type] = [
    PlanCommand.self,
    ValidateCommand.self,
    ImportRosterCommand.self,
    TimetableCommand.self,
    VerifyTimetableCommand.self,
    ExportModelCommand.self,
]
