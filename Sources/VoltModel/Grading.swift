/// UK 3x5x2 intelligence grading, written `1A-P`.
///
/// - Source evaluation: 1 reliable, 2 untested, 3 not reliable.
/// - Intelligence assessment: A known directly to the source, B known indirectly but corroborated,
///   C known indirectly, D not known, E suspected to be false.
/// - Handling: P lawful sharing permitted, C lawful sharing permitted with conditions.
///
/// A map or list must never make a link look more certain than its grading: later filters use
/// `meets(_:)` to keep only links at least as reliable as a stated minimum.
public struct Grading: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Source evaluation, 1 (reliable) to 3 (not reliable).
    public let source: Int
    /// Intelligence assessment, `A` (known directly) to `E` (suspected false).
    public let intelligence: Character
    /// Handling code, `P` or `C`.
    public let handling: Character

    /// Reads `1A-P` (case-insensitive; `1AP` is accepted too). Nil for anything else.
    public init?(_ text: String) {
        let u = Array(text.uppercased().utf8)
        let hasDash = u.count == 4 && u[2] == UInt8(ascii: "-")
        guard u.count == 3 || hasDash else { return nil }
        let s = u[0], i = u[1], h = u[hasDash ? 3 : 2]
        guard (UInt8(ascii: "1")...UInt8(ascii: "3")).contains(s),
              (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(i),
              h == UInt8(ascii: "P") || h == UInt8(ascii: "C")
        else { return nil }
        source = Int(s - UInt8(ascii: "0"))
        intelligence = Character(UnicodeScalar(i))
        handling = Character(UnicodeScalar(h))
    }

    /// `1A-P`.
    public var description: String { "\(source)\(intelligence)-\(handling)" }

    /// True when this grading is at least as reliable as `minimum` on both the source and the
    /// intelligence scale (the handling code says how to share, not how reliable, so it is ignored).
    public func meets(_ minimum: Grading) -> Bool {
        source <= minimum.source && intelligence <= minimum.intelligence
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let g = Grading(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a 3x5x2 grading: \(text)")
        }
        self = g
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// How far a link's grading can be relied on, in three steps: maps draw them as line styles
/// (solid, dashed, dotted) and the Top N score counts them (1, 0.5, 0.25).
public enum GradingConfidence: Int, Sendable, Comparable, CaseIterable {
    /// Ungraded, source 3 (not reliable) or intelligence E (suspected false).
    case weak
    /// Anything between.
    case middling
    /// Source 1 (reliable) or intelligence A–B (known directly, or indirectly and corroborated).
    case strong

    public static func < (a: GradingConfidence, b: GradingConfidence) -> Bool { a.rawValue < b.rawValue }

    /// The confidence of one link's grading (source 1–3, intelligence A–E as ASCII; 0: none).
    public init(source: UInt8, intelligence: UInt8) {
        let i = Character(UnicodeScalar(intelligence))
        if source == 0 || source >= 3 || i == "E" {
            self = .weak
        } else if source == 1 || i == "A" || i == "B" {
            self = .strong
        } else {
            self = .middling
        }
    }
}
