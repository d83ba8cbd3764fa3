import ArgumentParser
import Foundation
import VoltIO
import VoltInterop
import VoltModel
import VoltPack
import VoltPrivacy
import VoltQuestions
import VoltRender
import VoltTemporal

// The enums that are options: help lists their values and parsing is the library's.
extension LabelLevel: ExpressibleByArgument {}
extension PackAudience: ExpressibleByArgument {}
extension HotspotGrouping: ExpressibleByArgument {}
extension Cohort: ExpressibleByArgument {}
extension LayoutEngine: ExpressibleByArgument {}
extension Measure: ExpressibleByArgument {}
extension MissingQuestion.Section: ExpressibleByArgument {}
extension ThemesQuestion.Section: ExpressibleByArgument {}

extension RecordKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension LocationCategory: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension VoltType: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension LinkType: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { known.map(\.rawValue) + ["custom:NAME"] }
}

extension ExportFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Values that take a sentence to reject: each parse names the option and gives an example.
enum Parse {
    /// An ISO 8601 date or time.
    static func time(_ option: String) -> @Sendable (String) throws -> Timestamp {
        value(option, "is not an ISO 8601 date (like 2026-10-01)") { Timestamp(iso8601: $0) }
    }

    /// The end of a window: a bare date is the whole day.
    static func end(_ option: String) -> @Sendable (String) throws -> Timestamp {
        value(option, "is not an ISO 8601 date (like 2026-10-31)") { Timestamp(iso8601End: $0) }
    }

    /// A month like 2026-10.
    static func month(_ option: String) -> @Sendable (String) throws -> Month {
        value(option, "is not a month like 2026-10") { Month(parsing: $0) }
    }

    /// A duration like 30m, 2h or 90d; a negative one is refused as such.
    static func span(_ option: String) -> @Sendable (String) throws -> Span {
        { text in
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("-"), Span(parsing: String(t.dropFirst())) != nil { throw ValidationError("\(option) must be more than zero (got '\(text)')") }
            return try value(option, "is not a duration like 30m, 2h or 90d") { Span(parsing: $0) }(t)
        }
    }

    /// `parse`, or "OPTION 'TEXT' WHY".
    private static func value<T>(_ option: String, _ why: String, _ parse: @escaping @Sendable (String) -> T?) -> @Sendable (String) throws -> T {
        { text in
            guard let v = parse(text) else { throw ValidationError("\(option) '\(text)' \(why)") }
            return v
        }
    }

    /// A comma-separated list of link types.
    static func linkTypes(_ option: String) -> @Sendable (String) throws -> Set<LinkType> { list(option, "link type", LinkType.accepted) }

    /// A comma-separated list of VOLT types.
    static func voltTypes(_ option: String) -> @Sendable (String) throws -> Set<VoltType> { list(option, "VOLT type", VoltType.accepted) }

    /// A comma-separated list of location categories.
    static func categories(_ option: String) -> @Sendable (String) throws -> Set<LocationCategory> {
        list(option, "location category", LocationCategory.accepted)
    }

    /// A grading floor like 2B (the handling code does not matter for reliability).
    static func grading(_ text: String) throws -> Grading {
        guard let g = Grading(text.count == 2 ? text + "-P" : text) else {
            throw ValidationError("--min-grading '\(text)' is not a 3x5x2 grading like 2B")
        }
        return g
    }

    /// Two VOLT types, like victim,offender (that both are people is the question's rule).
    static func pair(_ text: String) throws -> PairSpec {
        let sides = text.split(separator: ",").map(String.init)
        guard sides.count == 2 else { throw ValidationError("--pair takes two VOLT types, like victim,offender (got '\(text)')") }
        let types = try sides.map { s in
            guard let t = VoltType(parsing: s) else { throw ValidationError("--pair: '\(s)' is not a VOLT type (expected \(VoltType.accepted))") }
            return t
        }
        return PairSpec(types[0], types[1])
    }

    /// A comma-separated list of values, each parsed as the option type parses one.
    private static func list<T: ExpressibleByArgument & Hashable & Sendable>(_ option: String, _ noun: String, _ accepted: String) -> @Sendable (String) throws -> Set<T> {
        { text in
            Set(try text.split(separator: ",").map { part in
                guard let t = T(argument: String(part)) else { throw ValidationError("unknown \(noun) '\(part)' in \(option) (expected \(accepted))") }
                return t
            })
        }
    }
}
