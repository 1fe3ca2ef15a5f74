import Scenario

/// iCalendar (RFC 5545) writing: CRLF line ends, lines folded at 75 octets, TEXT escaped,
/// local times in Asia/Ho_Chi_Minh with its VTIMEZONE, one VEVENT per dated session.
public enum ICS {
    public static let timeZone = "Asia/Ho_Chi_Minh"

    /// Escapes a TEXT value: backslash, semicolon, comma and newlines.
    public static func escape(_ s: String) -> String {
        var out = ""
        var it = s.makeIterator()
        while let c = it.next() {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds one content line: at most 75 octets per line, continuation lines start with a
    /// space, never splitting a UTF-8 character. Returns the line with CRLF ends.
    public static func fold(_ line: String) -> String {
        var out = ""
        var current = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            if current + n > limit {
                out += "\r\n "
                current = 1
                limit = 75
            }
            out.unicodeScalars.append(scalar)
            current += n
        }
        return out + "\r\n"
    }

    static let vtimezone = [
        "BEGIN:VTIMEZONE", "TZID:\(timeZone)", "X-LIC-LOCATION:\(timeZone)",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:+07", "DTSTART:19700101T000000",
        "END:STANDARD", "END:VTIMEZONE",
    ]

    /// "HH:MM" → "HHMM00".
    static func time(_ hhmm: String) -> String {
        let p = hhmm.split(separator: ":")
        func two(_ s: Substring) -> String { s.count == 1 ? "0" + s : String(s) }
        guard p.count == 2 else { return "000000" }
        return two(p[0]) + two(p[1]) + "00"
    }

    /// A calendar of `sessions`; `title` names it, `stamp` is DTSTAMP (UTC, "YYYYMMDDTHHMMSSZ").
    public static func calendar(title: String, sessions: [DatedSession], periods: [Period],
                                describe: (DatedSession) -> (summary: String, description: String),
                                stamp: String) -> String {
        let byID = Dictionary(periods.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//langplan//timetable//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:\(escape(title))", "X-WR-TIMEZONE:\(timeZone)"]
        lines += vtimezone
        for s in sessions.sorted(by: { ($0.date, $0.period, $0.classID) < ($1.date, $1.period, $1.classID) }) {
            let p = byID[s.period]
            let (summary, description) = describe(s)
            lines += [
                "BEGIN:VEVENT",
                "UID:\(s.classID)-\(s.date.compact)-\(s.period)@langplan",
                "DTSTAMP:\(stamp)",
                "DTSTART;TZID=\(timeZone):\(s.date.compact)T\(time(p?.start ?? "00:00"))",
                "DTEND;TZID=\(timeZone):\(s.date.compact)T\(time(p?.end ?? "00:00"))",
                "SUMMARY:\(escape(summary))",
                "DESCRIPTION:\(escape(description))",
            ]
            if let room = s.room { lines.append("LOCATION:\(escape(room))") } else { lines.append("LOCATION:online") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}

