import Yams

extension ScenarioDecoder {
    /// Keys of an estimate written as a range.
    static let estimateKeys = ["low", "likely", "high"]

    /// A number or a range `{low, likely, high}` (see `Estimate`); each part read by `read`.
    /// - Parameters:
    ///   - node: the field's value.
    ///   - path: its field path, e.g. "courses[0].modes[1].pass_rate".
    ///   - what: what one number is, e.g. "a share 0...1".
    ///   - read: reads one number (the field's ordinary reader, so number writing is one rule).
    /// - Returns: the estimate, nil when unreadable (the problem is recorded).
    func estimate(_ node: Node, _ path: String, what: String, read: (Node, String) -> Double?) -> Estimate? {
        guard case .mapping = node else { return read(node, path).map { Estimate($0) } }
        let f = Fields(r, node, path, known: Self.estimateKeys,
                       what: "\(what), or a range {low, likely, high} of such numbers")
        guard f.ok else { return nil }
        func part(_ key: String, _ role: String) -> Double? {
            f.required(key, "\(role) (\(what))").flatMap { read($0, "\(path).\(key)") }
        }
        guard let low = part("low", "the lowest plausible value"), let likely = part("likely", "the most likely value"),
              let high = part("high", "the highest plausible value") else { return nil }
        return Estimate(low: low, likely: likely, high: high)
    }
}
