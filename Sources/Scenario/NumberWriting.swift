/// Numbers as Vietnamese (and other European) habits write them, which YAML and CSV read as
/// something else: "400.000" (four hundred thousand) is the float 400.0 to YAML, "0,75" is
/// text. Whole-number fields and share fields refuse these forms with a message saying what
/// was read and how to write the number; one place for the rule, used by the scenario reader
/// and the roster reader.
public enum NumberWriting {
    /// A message when `text` looks like digits grouped in thousands with ".", ",", a space or
    /// a no-break space ("400.000", "1.234.567", "2,000", "250 000"), also with decimals after
    /// the other of "." and "," ("1.000.000,5"); nil otherwise.
    /// - Parameters:
    ///   - text: the value's source text, as written.
    ///   - what: what the field expects, e.g. "an amount in VND (whole number)".
    ///   - whole: the field takes whole numbers only (then decimals are not suggested back).
    /// - Returns: e.g. `found 400.000, which YAML reads as 400 (a dot is a decimal point there); if you mean 400000, write 400000 or 400_000 (expected an amount in VND (whole number))`.
    public static func groupedThousands(_ text: String, what: String, whole: Bool = false) -> String? {
        let t = text.trimmingSpaces
        var body = Substring(t)
        var sign = ""
        if let f = body.first, f == "-" || f == "+" { sign = f == "-" ? "-" : ""; body = body.dropFirst() }
        // Thousands grouped with one of "." and "," and decimals after the other: the Vietnamese
        // "1.000.000,5" (and the English "1,000,000.5").
        for (group, decimal) in [(Character("."), Character(",")), (Character(","), Character("."))] {
            let halves = body.split(separator: decimal, omittingEmptySubsequences: false)
            guard halves.count == 2, !halves[1].isEmpty, halves[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            let groups = halves[0].split(separator: group, omittingEmptySubsequences: false)
            guard groups.count >= 2, (1...3).contains(groups[0].count),
                  groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else { continue }
            let number = sign + groups.joined() + "." + halves[1]
            let found = "found \(t), digits grouped with \(group == "." ? "dots" : "commas") and a decimal \(decimal == "," ? "comma" : "point")"
            // A whole-number field: the decimals cannot be written at all; say so, and the two
            // whole numbers around it (the decimals all zero: that whole number).
            if whole, let integer = Int(groups.joined()) {
                let signed = sign == "-" ? -integer : integer
                if halves[1].allSatisfy({ $0 == "0" }) { return "\(found); write \(signed) (expected \(what))" }
                let (low, high) = sign == "-" ? (signed - 1, signed) : (signed, signed + 1)
                return "\(found) (\(number)), but this field takes whole numbers only: write \(low) or \(high) (expected \(what))"
            }
            return "\(found); if you mean \(number), write \(number) (expected \(what))"
        }
        guard let separator = body.first(where: { !$0.isASCII || !$0.isNumber }),
              [".", ",", " ", "\u{00A0}", "\u{202F}"].contains(separator) else { return nil }
        let groups = body.split(separator: separator, omittingEmptySubsequences: false)
        guard groups.count >= 2, let head = groups.first, (1...3).contains(head.count),
              groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        let whole = sign + groups.joined()
        let underscored = sign + groups.joined(separator: "_")
        let name: String
        switch separator {
        case ".": name = "dots"
        case ",": name = "commas"
        default: name = "spaces"
        }
        var read = ""
        if separator == ".", groups.count == 2, let v = Double(t) {
            let shown = v == v.rounded() ? String(Int(v)) : String(v)
            read = ", which YAML reads as \(shown) (a dot is a decimal point there)"
        } else {
            read = " (digits grouped with \(name))"
        }
        return "found \(t)\(read); if you mean \(whole), write \(whole) or \(underscored), without \(name) (expected \(what))"
    }

    /// A message when `text` is a number written with a decimal comma ("0,75", "2,5%"); nil otherwise.
    /// - Parameters:
    ///   - text: the value's source text.
    ///   - what: what the field expects, e.g. "a share 0...1".
    /// - Returns: e.g. `found 0,75, a decimal comma; write 0.75 (or 75%) (expected a share 0...1)`.
    public static func decimalComma(_ text: String, what: String) -> String? {
        var t = Substring(text.trimmingSpaces)
        let percent = t.hasSuffix("%")
        if percent { t = t.dropLast() }
        var body = t
        if let f = body.first, f == "-" || f == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let dotted = t.replacingOccurrences(of: ",", with: ".")
        var hint = dotted + (percent ? "%" : "")
        if !percent, let v = Double(dotted), v > 0, v < 1, what.contains("share") {
            let pct = (v * 100 * 1000).rounded() / 1000
            hint += " (or \(pct == pct.rounded() ? String(Int(pct)) : String(pct))%)"
        }
        return "found \(text.trimmingSpaces), a decimal comma; write \(hint) with a decimal point (expected \(what))"
    }
}
