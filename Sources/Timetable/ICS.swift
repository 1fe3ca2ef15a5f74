import Foundation
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

    /// An event's version as a calendar last received it: what `SEQUENCE` and `DTSTAMP` said,
    /// and a fingerprint of what the event showed (`X-LANGPLAN-CONTENT`).
    public struct Version: Sendable, Equatable {
        public var sequence: Int
        public var stamp: String
        public var content: String
        public init(sequence: Int, stamp: String, content: String) { self.sequence = sequence; self.stamp = stamp; self.content = content }
    }

    /// The UID of a class's `ordinal`-th session (1-based, in date and period order).
    ///
    /// Globally unique and stable: a hash of the scenario's checksum (`Scenario.checksum`, its
    /// canonical content), the institution, the term, the class id, its course and mode, then
    /// the session's ordinal. A re-run of the same plan gives the same UIDs; another scenario,
    /// or a class whose course or mode changed, gives new ones. A session that moves to another
    /// day keeps its UID (its ordinal is the same), so a calendar updates it in place instead of
    /// keeping a stale copy.
    /// - Returns: `lp-<16 hex>-s<ordinal>@langplan`.
    public static func uid(scenario checksum: String, institution: String, planned: PlannedClass, ordinal: Int) -> String {
        let identity = [checksum, institution, planned.term, planned.id, planned.course, planned.mode.rawValue]
            .map { "\($0.utf8.count):\($0)" }.joined()  // length-prefixed: no two lists give one text
        return "lp-\(FileNames.hash(identity))-s\(ordinal)@langplan"
    }

    /// The versions of the events in the .ics files of `folder` (none when it has none), by UID.
    /// - Parameter folder: a folder of calendars written before (an institution's `ics/`).
    /// - Returns: each UID's version; the highest SEQUENCE when files disagree.
    public static func versions(inFolder folder: String) -> [String: Version] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [:] }
        var out: [String: Version] = [:]
        for n in names.sorted() where n.hasSuffix(".ics") {
            guard let path = try? FileNames.join(folder, n),
                  let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            // Unfold (a line break followed by a space continues the line), then read VEVENTs.
            let lines = text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\n ", with: "")
                .components(separatedBy: "\r\n").flatMap { $0.components(separatedBy: "\n") }
            var uid = "", seq = 0, stamp = "", content = ""
            for line in lines {
                if line == "BEGIN:VEVENT" { uid = ""; seq = 0; stamp = ""; content = "" }
                else if line.hasPrefix("UID:") { uid = String(line.dropFirst(4)) }
                else if line.hasPrefix("SEQUENCE:") { seq = Int(line.dropFirst(9)) ?? 0 }
                else if line.hasPrefix("DTSTAMP:") { stamp = String(line.dropFirst(8)) }
                else if line.hasPrefix("X-LANGPLAN-CONTENT:") { content = String(line.dropFirst(19)) }
                else if line == "END:VEVENT", !uid.isEmpty {
                    if (out[uid]?.sequence ?? -1) < seq { out[uid] = Version(sequence: seq, stamp: stamp, content: content) }
                }
            }
        }
        return out
    }

    /// A calendar of `sessions`; `title` names it.
    ///
    /// Versions: an event whose UID is not in `previous` gets `SEQUENCE:0` and `DTSTAMP:stamp`;
    /// one whose content (times, summary, description, location) is unchanged keeps its
    /// previous SEQUENCE and DTSTAMP; one that changed gets the previous SEQUENCE + 1 and
    /// `stamp`. So SEQUENCE only ever rises, and only when the event changed: deterministic
    /// given the previous calendar.
    /// - Parameters:
    ///   - sessions: the events, one per dated session.
    ///   - periods: the calendar's periods (start and end times).
    ///   - describe: SUMMARY and DESCRIPTION of a session.
    ///   - uid: the UID of a session (`uid(scenario:institution:planned:ordinal:)`).
    ///   - previous: versions from the calendar last written (`versions(inFolder:)`), by UID.
    ///   - stamp: now, UTC, "YYYYMMDDTHHMMSSZ".
    /// - Returns: the iCalendar text, CRLF line ends, folded.
    public static func calendar(title: String, sessions: [DatedSession], periods: [Period],
                                describe: (DatedSession) -> (summary: String, description: String),
                                uid: (DatedSession) -> String, previous: [String: Version] = [:],
                                stamp: String) -> String {
        let byID = Dictionary(periods.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//langplan//timetable//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:\(escape(title))", "X-WR-TIMEZONE:\(timeZone)"]
        lines += vtimezone
        for s in sessions.sorted(by: { ($0.date, $0.period, $0.classID) < ($1.date, $1.period, $1.classID) }) {
            let p = byID[s.period]
            let (summary, description) = describe(s)
            let body = [
                "DTSTART;TZID=\(timeZone):\(s.date.compact)T\(time(p?.start ?? "00:00"))",
                "DTEND;TZID=\(timeZone):\(s.date.compact)T\(time(p?.end ?? "00:00"))",
                "SUMMARY:\(escape(summary))",
                "DESCRIPTION:\(escape(description))",
                "LOCATION:\(s.room.map(escape) ?? "online")",
            ]
            let id = uid(s)
            let content = FileNames.hash(body.joined(separator: "\n"))
            var version = Version(sequence: 0, stamp: stamp, content: content)
            if let old = previous[id] {
                version = old.content == content ? old : Version(sequence: old.sequence + 1, stamp: stamp, content: content)
            }
            lines += ["BEGIN:VEVENT", "UID:\(id)", "DTSTAMP:\(version.stamp)", "SEQUENCE:\(version.sequence)"]
            lines += body
            lines += ["X-LANGPLAN-CONTENT:\(content)", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}

