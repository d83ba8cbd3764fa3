import VoltModel

/// Every entity of the store, numbered densely from 0 in store order: the shared index the
/// temporal tables (sightings, missing episodes, timed links) refer to.
public struct EntityTable: Sendable {
    /// Entity id of each entity.
    public let ids: [String]
    /// Display name of each entity.
    public let names: [String]
    /// VOLT type of each entity.
    public let types: [VoltType]
    /// Location category (nil for people and themes, or when not recorded).
    public let categories: [String?]
    /// Area or neighbourhood, if recorded.
    public let areas: [String?]
    /// Internal store number → index (-1 for a number with no entity).
    let indexByNumber: [Int32]
    private var indexByID: [String: Int32]

    /// A table as the store holds it: entity `i` has store number `storeNumbers[i]` (ascending).
    /// An alias is a record absorbed into a canonical person: its number and id find the
    /// person's entity, so sightings, episodes and links recorded against it count as theirs.
    public init(ids: [String], names: [String], types: [VoltType], categories: [String?], areas: [String?], storeNumbers: [Int64],
                aliases: [(number: Int64, id: String, canonical: Int64)] = []) {
        let top = max(storeNumbers.last ?? 0, aliases.map(\.number).max() ?? 0)
        var byNumber = [Int32](repeating: -1, count: Int(top) + 1)
        for (i, n) in storeNumbers.enumerated() { byNumber[Int(n)] = Int32(i) }
        for a in aliases { byNumber[Int(a.number)] = byNumber[Int(a.canonical)] }
        self.init(ids: ids, names: names, types: types, categories: categories, areas: areas, indexByNumber: byNumber)
        for a in aliases where byNumber[Int(a.number)] >= 0 { indexByID[a.id] = byNumber[Int(a.number)] }
    }

    /// A table from values (tests, generated data): entity `i` has store number `i`.
    public init(ids: [String], names: [String]? = nil, types: [VoltType], categories: [String?]? = nil, areas: [String?]? = nil) {
        self.init(ids: ids, names: names ?? ids, types: types, categories: categories ?? Array(repeating: nil, count: ids.count),
                  areas: areas ?? Array(repeating: nil, count: ids.count), indexByNumber: (0..<Int32(ids.count)).map { $0 })
    }

    private init(ids: [String], names: [String], types: [VoltType], categories: [String?], areas: [String?], indexByNumber: [Int32]) {
        self.ids = ids
        self.names = names
        self.types = types
        self.categories = categories
        self.areas = areas
        self.indexByNumber = indexByNumber
        indexByID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
    }

    /// How many entities.
    public var count: Int { ids.count }

    /// The index of an entity id.
    public func index(_ id: String) -> Int? { indexByID[id].map(Int.init) }

    /// The index of an internal store number.
    public func index(number n: Int64) -> Int32 { n >= 0 && n < indexByNumber.count ? indexByNumber[Int(n)] : -1 }

    /// Whether the entity is a person holding the victim role (victims and victim-offenders).
    public func isVictim(_ i: Int) -> Bool { types[i] == .victim || types[i] == .victimOffender }

    /// Whether the entity is a person holding the offender role (offenders and victim-offenders).
    public func isOffender(_ i: Int) -> Bool { types[i] == .offender || types[i] == .victimOffender }

    /// Whether entity `i` is a public place (`LocationCategory.isPublic`): its name is shown at
    /// every label level. Addresses and other places are personal data.
    public func isPublicPlace(_ i: Int) -> Bool {
        types[i] == .location && (LocationCategory(rawValue: categories[i] ?? "other")?.isPublic ?? false)
    }
}
