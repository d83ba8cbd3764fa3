#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A window of time, either side open: the one form a period takes from the option that names
/// it to the SQL that reads it. A link, sighting or episode falls in the window when it is
/// active at any moment of it (touching counts).
public struct TimeWindow: Sendable, Hashable {
    /// The first moment (nil: from the beginning of the records).
    public var from: Timestamp?
    /// The last moment (nil: up to now and beyond).
    public var to: Timestamp?

    /// A window; `from` after `to` gives an empty window (`isEmpty`).
    public init(from: Timestamp? = nil, to: Timestamp? = nil) {
        self.from = from
        self.to = to
    }

    /// All time.
    public static let all = TimeWindow()

    /// True when `from` is after `to`: nothing can fall in it.
    public var isEmpty: Bool {
        guard let from, let to else { return false }
        return from > to
    }

    /// True when neither side is bounded.
    public var isUnbounded: Bool { from == nil && to == nil }

    /// The first second as a number (`Int64.min` when open).
    public var lowerBound: Int64 { from?.seconds ?? .min }
    /// The last second as a number (`Int64.max` when open).
    public var upperBound: Int64 { to?.seconds ?? .max }

    /// Whether something active from `start` to `end` (nil: still going) is active at some
    /// moment of the window. The rule every reader of links, sightings and episodes follows.
    @inline(__always)
    public func admits(start: Timestamp, end: Timestamp?) -> Bool {
        (end?.seconds ?? .max) >= lowerBound && start.seconds <= upperBound
    }

    /// Whether a moment falls in the window.
    @inline(__always)
    public func contains(_ t: Timestamp) -> Bool { t.seconds >= lowerBound && t.seconds <= upperBound }

    /// The window's `to` side, or `now` when it is open.
    public func end(orNow now: Timestamp = .now) -> Timestamp { to ?? now }

    /// How the start reads in an audit entry: a date when it is the start of a day.
    public var fromText: String? { from.map { $0.seconds.floorModulo(86_400) == 0 ? $0.day : $0.iso8601 } }
    /// How the end reads in an audit entry: a date when it is the last second of a day.
    public var toText: String? { to.map { $0.seconds.floorModulo(86_400) == 86_399 ? $0.day : $0.iso8601 } }
}

extension Timestamp {
    /// Reads an ISO 8601 date or time as the end of a window: a bare date means the last second
    /// of that day, so a window "to 2026-10-31" includes the 31st.
    public init?(iso8601End text: String) {
        guard let t = Timestamp(iso8601: text) else { return nil }
        self = text.count == 10 ? Timestamp(seconds: t.seconds + 86_399) : t
    }
}

/// A length of time in whole seconds, written like `30m`, `2h`, `90d` or `1w`.
public struct Span: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds.
    public var seconds: Int64

    /// A span of `seconds`.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Reads a number and a unit (`s`, `m`, `h`, `d` or `w`); nil otherwise or when negative.
    public init?(parsing text: String) {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let t = text.trimmingSpaces.lowercased()
        guard let u = t.last, let unit = units[u], let n = Double(t.dropLast()), n.isFinite, n >= 0 else { return nil }
        seconds = Int64((n * Double(unit)).rounded())
    }

    public static func < (a: Span, b: Span) -> Bool { a.seconds < b.seconds }

    /// The largest whole unit: `90m`, `2h`, `90d`.
    public var description: String {
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}

extension Int64 {
    /// The remainder of flooring division (always from 0 to `m - 1`).
    @inline(__always)
    func floorModulo(_ m: Int64) -> Int64 { let r = self % m; return r < 0 ? r + m : r }
}

extension Timestamp {
    /// The current time, to the second.
    public static var now: Timestamp { Timestamp(seconds: Int64(time(nil))) }
}

/// A calendar month in UTC, written `2026-10`: what a monthly panel meets about.
public struct Month: Sendable, Hashable, CustomStringConvertible {
    public let year: Int, month: Int

    /// Reads `YYYY-MM` (years 1900 to 2999); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              (1...12).contains(m), (1900...2999).contains(y) else { return nil }
        year = y
        month = m
    }

    /// The month a moment falls in.
    public init(containing t: Timestamp) {
        let s = t.iso8601
        year = Int(s.prefix(4))!
        month = Int(s.dropFirst(5).prefix(2))!
    }

    /// Its first second.
    public var start: Timestamp {
        Timestamp(iso8601: "\(year)-\(month < 10 ? "0" : "")\(month)-01")!
    }

    /// Its last second.
    public var end: Timestamp {
        let next = month == 12 ? Timestamp(iso8601: "\(year + 1)-01-01")! : Timestamp(iso8601: "\(year)-\(month < 9 ? "0" : "")\(month + 1)-01")!
        return Timestamp(seconds: next.seconds - 1)
    }

    /// The whole month as a window.
    public var window: TimeWindow { TimeWindow(from: start, to: end) }

    /// `2026-10`.
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
