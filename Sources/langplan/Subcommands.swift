import ArgumentParser

/// Every subcommand, in the order `langplan --help` lists them.
let allSubcommands: [ParsableCommand.Type] = [
    ValidateCommand.self,
    ImportRosterCommand.self,
    TimetableCommand.self,
    VerifyTimetableCommand.self,
]
