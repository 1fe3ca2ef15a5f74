import LinearModel

extension StrategicModel {
    /// The integer columns that are not class counts: whole teachers and whole rooms given to
    /// each rhythm (`teacherShares`, `roomShares`), sorted by column. Dives fix them with the
    /// class counts so that a dived point is integral in every integer column.
    var shareVariables: [Variable] {
        let teachers = teacherShares.flatMap { $0.variables.values.flatMap(\.values) }
        let rooms = roomShares.flatMap { $0.variables.values.flatMap(\.values) }
        return (teachers + rooms).sorted { $0.index < $1.index }
    }
}
