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
    public var isDirected: Bool { self == .exploits || self == .supplies }

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

/// Who said so: the agency, its record reference and when the record was made.
public struct Provenance: Hashable, Sendable, Codable {
    /// The source agency, lower case (`police`, `social_care`, `education`, `health`,
    /// `youth_justice`, `housing`, `youth_services`, `drugs_alcohol`, ...).
    public var source: String
    /// The agency's record reference, where given.
    public var reference: String?
    /// When the agency recorded it, where given.
    public var recordedAt: Timestamp?

    /// Provenance from one agency.
    public init(source: String, reference: String? = nil, recordedAt: Timestamp? = nil) {
        self.source = source
        self.reference = reference
        self.recordedAt = recordedAt
    }
}

/// A time-stamped, graded link between two entities. Many links between the same pair at
/// different times are normal and are all kept: frequency and recency carry information.
public struct Link: Hashable, Sendable, Codable {
    /// The entity the link comes from (for directed types, the offender or supplier).
    public var from: String
    /// The entity the link goes to.
    public var to: String
    /// What kind of link.
    public var type: LinkType
    /// When the link began, or the instant it was observed.
    public var start: Timestamp
    /// When the link ended; nil means still in force (open-ended). An instant has end == start.
    public var end: Timestamp?
    /// Who said so.
    public var provenance: Provenance
    /// 3x5x2 grading; nil when the source gave none (treated as the least reliable).
    public var grading: Grading?
    /// An optional weight (strength of the tie), default none.
    public var weight: Double?

    /// A link with every field given.
    public init(from: String, to: String, type: LinkType, start: Timestamp, end: Timestamp?,
                provenance: Provenance, grading: Grading?, weight: Double? = nil) {
        self.from = from
        self.to = to
        self.type = type
        self.start = start
        self.end = end
        self.provenance = provenance
        self.grading = grading
        self.weight = weight
    }
}

/// A person seen at a location at a time (with an optional end, for a stay).
public struct Sighting: Hashable, Sendable, Codable {
    /// The person seen.
    public var person: String
    /// Where.
    public var location: String
    /// When (the start of the stay).
    public var time: Timestamp
    /// End of the stay, where known.
    public var end: Timestamp?
    /// Who saw or recorded it.
    public var provenance: Provenance
    /// 3x5x2 grading, where given.
    public var grading: Grading?

    /// A sighting with every field given.
    public init(person: String, location: String, time: Timestamp, end: Timestamp? = nil,
                provenance: Provenance, grading: Grading? = nil) {
        self.person = person
        self.location = location
        self.time = time
        self.end = end
        self.provenance = provenance
        self.grading = grading
    }
}

/// A missing episode: from when a child went missing to when they were found (nil: still missing).
public struct MissingEpisode: Hashable, Sendable, Codable {
    /// The child.
    public var person: String
    /// When they were reported missing.
    public var start: Timestamp
    /// When they were found or returned; nil while still missing.
    public var end: Timestamp?
    /// Where they were found, if known.
    public var foundAt: String?
    /// Who recorded the episode.
    public var provenance: Provenance

    /// An episode with every field given.
    public init(person: String, start: Timestamp, end: Timestamp?, foundAt: String?, provenance: Provenance) {
        self.person = person
        self.start = start
        self.end = end
        self.foundAt = foundAt
        self.provenance = provenance
    }
}
