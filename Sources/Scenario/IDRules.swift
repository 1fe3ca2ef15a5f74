/// Ids become file and folder names (an institution's folder, a teacher's or room's calendar)
/// and cells in CSV files, so every kind of id follows one rule: a portable file name
/// (`FileNames.problem`). One rule for every kind keeps it simple to explain and to check.
extension SemanticChecker {
    mutating func checkIDs(_ s: Scenario) {
        func check(_ id: String, _ path: String, _ kind: String) {
            if let why = FileNames.problem(withID: id) {
                let article = kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                add(path, "found \(NodeReader.quoted(id)), which cannot be \(article) \(kind) id: \(why); an id may hold \(FileNames.allowed)")
            }
        }
        for (i, x) in s.segments.enumerated() { check(x.id, "segments[\(i)].id", "segment") }
        for (i, x) in s.courses.enumerated() { check(x.id, "courses[\(i)].id", "course") }
        for (i, x) in s.institutions.enumerated() {
            let p = "institutions[\(i)]"
            check(x.id, "\(p).id", "institution")
            for (j, r) in x.rooms.enumerated() { check(r.id, "\(p).rooms[\(j)].id", "room group") }
            for (j, t) in x.teachers.enumerated() { check(t.id, "\(p).teachers[\(j)].id", "teacher group") }
        }
        for (i, x) in s.payers.enumerated() { check(x.id, "payers[\(i)].id", "payer") }
        for (i, x) in s.targets.enumerated() { check(x.id, "targets[\(i)].id", "target") }
        for (i, x) in s.calendar.periods.enumerated() { check(x.id, "calendar.periods[\(i)].id", "period") }
    }
}
