import ArgumentParser

/// Every subcommand, in the order `langplan --help` lists them.
let allSubcommands: [ParsableCommand.Type] = [
    PlanCommand.self,
    SizeBudgetCommand.self,
    SweepCommand.self,
    ReplanCommand.self,
    ValidateCommand.self,
    ImportRosterCommand.self,
    TimetableCommand.self,
    VerifyTimetableCommand.self,
    ExportModelCommand.self,
    CompareCommand.self,
    TemplateCommand.self,
    ConvertCommand.self,
    ServeCommand.self,
    BatchCommand.self,
]
