import ArgumentParser

/// langplan: plans foreign-language training for public servants (Decision 1659/QĐ-TTg).
@main
struct Langplan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langplan",
        abstract: "Plan foreign-language training: cohorts, attainment, budget and timetables.",
        version: langplanVersion,
        subcommands: allSubcommands)
}

/// What `langplan --version` prints.
let langplanVersion = "langplan 0.10.0"
