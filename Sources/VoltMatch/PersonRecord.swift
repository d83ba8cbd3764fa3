import VoltModel

/// One agency's record of a person, as matching reads it: what agencies record to tell people
/// apart, nothing else.
public struct PersonRecord: Sendable, Hashable {
    /// The record's id.
    public var id: String
    /// Full name as recorded ("Kai Wickerham", "K. Wickerham", "Wickerham, Kai").
    public var name: String
    /// Date of birth, where recorded.
    public var dateOfBirth: CalendarDate?
    /// Gender as recorded.
    public var gender: String?
    /// Home address as recorded.
    public var address: String?
    /// Postcode as recorded.
    public var postcode: String?
    /// The recording agency.
    public var source: String?
    /// References in agencies' systems.
    public var references: [AgencyReference]

    /// A record with these values.
    public init(id: String, name: String, dateOfBirth: CalendarDate? = nil, gender: String? = nil, address: String? = nil,
                postcode: String? = nil, source: String? = nil, references: [AgencyReference] = []) {
        self.id = id
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.address = address
        self.postcode = postcode
        self.source = source
        self.references = references
    }

    /// The record of a stored person.
    public init(_ e: Entity) {
        self.init(id: e.id, name: e.name, dateOfBirth: e.dateOfBirth, gender: e.gender, address: e.address,
                  postcode: e.postcode, source: e.source, references: e.references)
    }
}

/// A person's name split as matching compares it: the given name (the first word) and the
/// family name (the last). "Wickerham, Kai" is read family first; a middle name or initial is
/// left out, since agencies record it inconsistently.
struct SplitName: Hashable {
    var given: String
    var family: String

    init(_ name: String) {
        let commaFirst = name.contains(",")
        let words = NameFolding.words(name).map(String.init)
        guard let first = words.first else {
            given = ""
            family = ""
            return
        }
        if words.count == 1 {
            given = ""
            family = first
        } else if commaFirst {
            family = first
            given = words[1]
        } else {
            given = first
            family = words.last!
        }
    }
}

/// A postcode split into the parts that narrow a place down: the unit ("ab12cd"), the sector
/// (the unit less its last two letters) and the district (the outward code).
struct PostcodeParts: Hashable {
    var unit: String
    var sector: String
    var district: String

    init?(_ text: String?) {
        guard let text else { return nil }
        let compact = String(NameFolding.fold(text).filter { $0 != " " })
        guard compact.count >= 5 else { return nil }
        unit = compact
        sector = String(compact.dropLast(2))
        district = String(compact.dropLast(3))
    }
}
