/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Every time in volt is stored and compared in UTC. Times in files are ISO 8601; a time written
/// without a zone is read as UTC (see `docs/data-format.md`). Seconds are the resolution: a
/// fraction of a second in a file is dropped, since no meeting asks a question finer than that.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var seconds: Int64

    /// A time from seconds since the Unix epoch.
    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    /// ISO 8601 in UTC, `2026-03-04T15:30:00Z`.
    public var description: String { iso8601 }

    /// ISO 8601 in UTC, `2026-03-04T15:30:00Z`.
    public var iso8601: String {
        let (days, secs) = seconds.floorDivided(by: 86_400)
        let (y, m, d) = civil(fromDays: days)
        let hh = secs / 3600, mm = (secs % 3600) / 60, ss = secs % 60
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))Z"
    }

    /// The calendar date in UTC, `2026-03-04`.
    public var day: String { String(iso8601.prefix(10)) }

    /// The calendar month in UTC, `2026-03`.
    public var month: String { String(iso8601.prefix(7)) }

    /// Reads ISO 8601: `2026-03-04`, `2026-03-04T15:30`, `2026-03-04 15:30:05`,
    /// `2026-03-04T15:30:05.250Z`, `2026-03-04T15:30:05+01:00` (also `+0100`, `+01`).
    /// Without a zone the time is UTC. Returns nil for anything else, including impossible
    /// dates such as 2026-02-30 or 24:00.
    public init?(iso8601 text: Substring) {
        var p = TimeScanner(text.utf8)
        guard let y = p.digits(4), p.take(UInt8(ascii: "-")),
              let mo = p.digits(2), p.take(UInt8(ascii: "-")),
              let d = p.digits(2),
              (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y)
        else { return nil }
        var secs: Int64 = 0
        if p.take(UInt8(ascii: "T")) || p.take(UInt8(ascii: " ")) {
            guard let hh = p.digits(2), hh < 24, p.take(UInt8(ascii: ":")),
                  let mi = p.digits(2), mi < 60 else { return nil }
            var ss: Int64 = 0
            if p.take(UInt8(ascii: ":")) {
                guard let s = p.digits(2), s < 60 else { return nil }
                ss = s
                if p.take(UInt8(ascii: ".")) || p.take(UInt8(ascii: ",")) {
                    guard p.skipDigits() > 0 else { return nil }
                }
            }
            secs = hh * 3600 + mi * 60 + ss
            if p.take(UInt8(ascii: "Z")) || p.take(UInt8(ascii: "z")) {
                // UTC
            } else if let sign = p.sign() {
                guard let oh = p.digits(2), oh <= 18 else { return nil }
                var om: Int64 = 0
                if p.take(UInt8(ascii: ":")) {
                    guard let m = p.digits(2), m < 60 else { return nil }
                    om = m
                } else if !p.atEnd {
                    guard let m = p.digits(2), m < 60 else { return nil }
                    om = m
                }
                secs -= sign * (oh * 3600 + om * 60)
            }
        }
        guard p.atEnd else { return nil }
        seconds = days(fromCivil: y, m: mo, d: d) * 86_400 + secs
    }

    /// Reads ISO 8601 as `init?(iso8601: Substring)` does.
    public init?(iso8601 text: String) { self.init(iso8601: text[...]) }

    /// Times are written to JSON as ISO 8601 UTC strings.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 time: \(text)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }
}

/// A calendar date with no time of day (dates of birth, review dates), checked for validity.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// `YYYY-MM-DD`.
    public let text: String

    /// Reads `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        guard text.utf8.count == 10, let t = Timestamp(iso8601: text) else { return nil }
        self.text = t.day
    }

    public var description: String { text }
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.text < b.text }

    /// The year, month (1–12) and day of the month.
    public var year: Int { number(0, 4) }
    /// The month, 1–12.
    public var month: Int { number(5, 2) }
    /// The day of the month.
    public var day: Int { number(8, 2) }

    private func number(_ from: Int, _ length: Int) -> Int {
        var v = 0
        for b in text.utf8.dropFirst(from).prefix(length) { v = v * 10 + Int(b) - 48 }
        return v
    }
}

private struct TimeScanner {
    let bytes: [UInt8]
    var i = 0
    init(_ utf8: Substring.UTF8View) { bytes = Array(utf8) }

    var atEnd: Bool { i == bytes.count }

    mutating func take(_ c: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
        return true
    }

    mutating func sign() -> Int64? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }

    mutating func digits(_ n: Int) -> Int64? {
        guard i + n <= bytes.count else { return nil }
        var v: Int64 = 0
        for k in i..<(i + n) {
            let c = bytes[k]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int64(c - 48)
        }
        i += n
        return v
    }

    mutating func skipDigits() -> Int {
        let start = i
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
        return i - start
    }
}

private func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

private func daysIn(month m: Int64, year y: Int64) -> Int64 {
    switch m {
    case 2: return isLeap(y) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
private func days(fromCivil y0: Int64, m: Int64, d: Int64) -> Int64 {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

private func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
}

private func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int64 {
    /// Floor division with a non-negative remainder (times before 1970 stay correct).
    func floorDivided(by d: Int64) -> (Int64, Int64) {
        let q = self / d, r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}
