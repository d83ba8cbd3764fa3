/// What an entity is: a person (who may hold the victim role, the offender role, both or
/// neither), a location, or a theme.
public enum EntityKind: String, Sendable, Codable, CaseIterable {
    case person, location, theme
}

/// The VOLT type written in files: `victim`, `offender`, `victim+offender`, `person`,
/// `location` or `theme`.
///
/// One person can be both victim and offender (exploited children are drawn into offending):
/// that is one record with two roles, never two records.
public enum VoltType: String, Sendable, Codable, CaseIterable {
    case victim
    case offender
    case victimOffender = "victim+offender"
    /// A person who holds neither role yet (a sibling, a parent, a witness).
    case person
    case location
    case theme

    /// Reads a type as written in a file, ignoring case and surrounding space;
    /// `offender+victim` is accepted for `victim+offender`.
    public init?(parsing text: String) {
        let t = text.lowercased().trimmingSpaces
        if t == "offender+victim" { self = .victimOffender; return }
        self.init(rawValue: t)
    }

    /// The kind of entity this type describes.
    public var kind: EntityKind {
        switch self {
        case .victim, .offender, .victimOffender, .person: return .person
        case .location: return .location
        case .theme: return .theme
        }
    }

    /// Accepted spellings, for error messages.
    public static let accepted = "victim, offender, victim+offender, person, location, theme"
}

/// Where harm happens or people gather.
public enum LocationCategory: String, Sendable, Codable, CaseIterable {
    case address, school, park, shop, takeaway, hotel
    case transportHub = "transport_hub"
    case online, other

    /// Reads a category; `transport hub` and `transport-hub` are accepted.
    public init?(parsing text: String) {
        let t = text.lowercased().trimmingSpaces
            .replacingAll(" ", with: "_").replacingAll("-", with: "_")
        self.init(rawValue: t)
    }

    /// Accepted spellings, for error messages.
    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Whether the place is public (a school, park, shop, takeaway, hotel, transport hub or
    /// online space): public places keep their names below the names level, and strategic
    /// packs show them by name rather than by area. Addresses and other places are private.
    public var isPublic: Bool { self != .address && self != .other }
}

/// The catalogue of harm themes. Themes are entities, so the list is extensible: a theme name
/// outside this list is kept as written; these names are the ones reports group by.
public enum ThemeCatalogue {
    /// Known theme names, in the form reports use.
    public static let known: [String] = [
        "CCE", "CSE", "county lines", "serious youth violence", "knife crime", "drugs",
        "missing", "online harm", "modern slavery", "peer-on-peer abuse",
        "relationship abuse", "gang association",
    ]
}

/// A person's reference in one agency's system (a crime number, a social-care id).
public struct AgencyReference: Hashable, Sendable, Codable {
    /// The agency, lower case: `police`, `social_care`, `education`, ...
    public var agency: String
    /// The agency's own reference.
    public var reference: String

    /// A reference of one agency.
    public init(agency: String, reference: String) {
        self.agency = agency
        self.reference = reference
    }
}

/// A victim, offender, person, location or theme.
///
/// Fields that do not apply to the entity's kind stay nil (a location has no date of birth).
public struct Entity: Hashable, Sendable, Codable {
    /// The id used in files and on the command line, unique across all kinds.
    public var id: String
    /// Person, location or theme.
    public var kind: EntityKind
    /// Display name (a person's full name, a place's name, a theme's name).
    public var name: String
    /// Holds the victim role.
    public var isVictim: Bool = false
    /// When the victim role was first recorded, if known.
    public var victimSince: Timestamp?
    /// Holds the offender role.
    public var isOffender: Bool = false
    /// When the offender role was first recorded, if known.
    public var offenderSince: Timestamp?
    /// Date of birth, where known.
    public var dateOfBirth: CalendarDate?
    /// Age band (`10-13`, `14-15`, `16-17`, `18-25`) where the date of birth is not known.
    public var ageBand: String?
    /// Gender as recorded.
    public var gender: String?
    /// Ethnicity as recorded (optional).
    public var ethnicity: String?
    /// A location's category.
    public var category: LocationCategory?
    /// A location's latitude, WGS84.
    public var latitude: Double?
    /// A location's longitude, WGS84.
    public var longitude: Double?
    /// Local area (ward or beat).
    public var area: String?
    /// References in agencies' systems.
    public var references: [AgencyReference] = []
    /// A person's home address as the recording agency holds it (for matching records across
    /// agencies; personal data, shown only at the names level).
    public var address: String?
    /// The postcode of that address, as written (`AB1 2CD`).
    public var postcode: String?
    /// The agency whose record this is (`police`, `social_care`, `education`, ...), lower case.
    public var source: String?
    /// When the record is due for review under the retention policy.
    public var reviewDate: CalendarDate?

    /// An entity with only its id, kind and name set.
    public init(id: String, kind: EntityKind, name: String) {
        self.id = id
        self.kind = kind
        self.name = name
    }

    /// The VOLT type this entity would be written as in a file.
    public var voltType: VoltType {
        switch kind {
        case .location: return .location
        case .theme: return .theme
        case .person:
            switch (isVictim, isOffender) {
            case (true, true): return .victimOffender
            case (true, false): return .victim
            case (false, true): return .offender
            case (false, false): return .person
            }
        }
    }

    /// Adds the roles of `other` to this record, keeping the earliest date for each role,
    /// and takes `other`'s non-empty details. Roles are never removed by a merge: an import
    /// that says "offender" about a known victim records a second role on the same person.
    public mutating func merge(_ other: Entity) {
        func earliest(_ a: Timestamp?, _ b: Timestamp?) -> Timestamp? {
            switch (a, b) {
            case let (x?, y?): return min(x, y)
            default: return a ?? b
            }
        }
        if other.isVictim {
            victimSince = isVictim ? earliest(victimSince, other.victimSince) : other.victimSince
            isVictim = true
        }
        if other.isOffender {
            offenderSince = isOffender ? earliest(offenderSince, other.offenderSince) : other.offenderSince
            isOffender = true
        }
        name = other.name
        dateOfBirth = other.dateOfBirth ?? dateOfBirth
        ageBand = other.ageBand ?? ageBand
        gender = other.gender ?? gender
        ethnicity = other.ethnicity ?? ethnicity
        category = other.category ?? category
        latitude = other.latitude ?? latitude
        longitude = other.longitude ?? longitude
        area = other.area ?? area
        reviewDate = other.reviewDate ?? reviewDate
        address = other.address ?? address
        postcode = other.postcode ?? postcode
        source = other.source ?? source
        for r in other.references where !references.contains(r) { references.append(r) }
        references.sort { ($0.agency, $0.reference) < ($1.agency, $1.reference) }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
            end = scalars.index(before: end)
        }
        return String(scalars[start..<end])
    }

    func replacingAll(_ a: Character, with b: Character) -> String {
        String(map { $0 == a ? b : $0 })
    }
}
