/// The type of a link. The known types are listed below; an agency's own type is written
/// `custom:NAME` so that a misspelt known type is caught rather than silently kept.
public struct LinkType: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name stored and written in files: `associate`, `exploits`, `custom:debt_bondage`.
    public let rawValue: String

    private init(known: String) { rawValue = known }

    /// Peers who spend time together.
    public static let associate = LinkType(known: "associate")
    /// Siblings and other family.
    public static let family = LinkType(known: "family")
    /// Offended together.
    public static let coOffends = LinkType(known: "co_offends")
    /// Exploits or grooms: directed, from the offender to the victim.
    public static let exploits = LinkType(known: "exploits")
    /// Supplies (drugs, weapons, money): directed, from supplier to recipient.
    public static let supplies = LinkType(known: "supplies")
    /// A person lives at a location.
    public static let livesAt = LinkType(known: "lives_at")
    /// A person attends a school or other place.
    public static let attends = LinkType(known: "attends")
    /// A person or location is linked to a theme.
    public static let linkedToTheme = LinkType(known: "linked_to_theme")

    /// Every known type.
    public static let known: [LinkType] = [
        .associate, .family, .coOffends, .exploits, .supplies, .livesAt, .attends, .linkedToTheme,
    ]

    private static let aliases: [String: LinkType] = [
        "associates": .associate, "associates_with": .associate, "peer": .associate,
        "sibling": .family, "co_offender": .coOffends, "cooffends": .coOffends,
        "grooms": .exploits, "exploits_grooms": .exploits, "supplies_to": .supplies,
        "lives": .livesAt, "attends_school": .attends, "linked_to": .linkedToTheme, "theme": .linkedToTheme,
    ]

    /// Reads a type: a known name or alias (case, spaces and hyphens ignored), or `custom:NAME`
    /// where NAME is letters, digits and underscores. Nil otherwise.
    public init?(parsing text: String) {
        // Written as stored (every row read back from the store, most rows of a file): no
        // lower-casing and replacing, which cost an eighth of a whole export.
        if let k = LinkType.known.first(where: { $0.rawValue == text }) { self = k; return }
        let t = text.lowercased().trimmingSpaces.replacingAll(" ", with: "_").replacingAll("-", with: "_")
        if t.hasPrefix("custom:") {
            let name = t.dropFirst(7)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { return nil }
            rawValue = t
            return
        }
        if let k = LinkType.known.first(where: { $0.rawValue == t }) { self = k; return }
        if let a = LinkType.aliases[t] { self = a; return }
        return nil
    }

    /// True for agency-defined types.
    public var isCustom: Bool { rawValue.hasPrefix("custom:") }

    /// True when the link has a direction (exploits, supplies); all others are symmetric.
    /// The only home of that rule: snapshots, exports, maps and time-respecting paths ask here.
    public var isDirected: Bool { self == .exploits || self == .supplies }

    /// The links between people: what peer groups, networks, paths and centrality are made of
    /// by default. The only home of that list.
    public static let betweenPeople: Set<LinkType> = [.associate, .family, .coOffends, .exploits, .supplies]

    /// The links from people to the places and themes around them (attends, lives_at,
    /// linked_to_theme): what a peer group's places and themes are read from.
    public static let toPlacesAndThemes: Set<LinkType> = [.attends, .livesAt, .linkedToTheme]

    /// The kind of entity the link must point to, when the type fixes it.
    public var requiredTargetKind: EntityKind? {
        switch self {
        case .livesAt, .attends: return .location
        case .linkedToTheme: return .theme
        case .associate, .family, .coOffends, .exploits, .supplies: return .person
        default: return nil
        }
    }

    /// The kind of entity the link must come from, when the type fixes it.
    public var requiredSourceKind: EntityKind? {
        (self == .linkedToTheme || isCustom) ? nil : .person
    }

    public var description: String { rawValue }

    /// Accepted spellings, for error messages.
    public static var accepted: String {
        known.map(\.rawValue).joined(separator: ", ") + ", or custom:NAME"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = LinkType(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown link type \(text)")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
