import VoltModel

/// Sightings of people at locations, as contiguous columns sorted by (location, start, person):
/// the input of the co-location sweep and of hotspots. Point sightings have `end == start`.
public struct SightingTable: Sendable {
    /// Entity index of the person seen.
    public let person: [Int32]
    /// Entity index of the location.
    public let place: [Int32]
    /// Start, seconds since 1970 UTC.
    public let start: [Int64]
    /// End (equal to start for a sighting at one moment).
    public let end: [Int64]
    /// Store row of each sighting (for its provenance); its position when built from values.
    public let row: [Int64]

    /// How many sightings.
    public var count: Int { person.count }

    /// Sightings already in (place, start, person) order, with their store rows.
    public init(storeOrder person: [Int32], place: [Int32], start: [Int64], end: [Int64], row: [Int64]) {
        self.person = person; self.place = place; self.start = start; self.end = end; self.row = row
    }

    /// Sightings from values, in any order; an end before its start is read as the start.
    public init(person: [Int32], place: [Int32], start: [Int64], end: [Int64]? = nil) {
        precondition(person.count == place.count && place.count == start.count && (end?.count ?? start.count) == start.count)
        let ends = end.map { zip(start, $0).map { max($0, $1) } } ?? start
        let order = (0..<person.count).sorted {
            (place[$0], start[$0], person[$0], $0) < (place[$1], start[$1], person[$1], $1)
        }
        self.person = order.map { person[$0] }
        self.place = order.map { place[$0] }
        self.start = order.map { start[$0] }
        self.end = order.map { ends[$0] }
        row = order.map { Int64($0) }
    }
}

/// Missing episodes as contiguous columns sorted by start.
public struct MissingTable: Sendable {
    /// Entity index of the child.
    public let person: [Int32]
    /// When the child went missing, seconds since 1970 UTC.
    public let start: [Int64]
    /// When the child was found; `Int64.max` while still missing.
    public let end: [Int64]
    /// Entity index of where the child was found, or -1.
    public let foundAt: [Int32]
    /// Store row of each episode; its position when built from values.
    public let row: [Int64]

    /// How many episodes.
    public var count: Int { person.count }

    /// Episodes already sorted by start, with their store rows.
    public init(storeOrder person: [Int32], start: [Int64], end: [Int64], foundAt: [Int32], row: [Int64]) {
        self.person = person; self.start = start; self.end = end; self.foundAt = foundAt; self.row = row
    }

    /// Episodes from values, in any order (`end` nil: still missing).
    public init(person: [Int32], start: [Int64], end: [Int64?], foundAt: [Int32]? = nil) {
        let order = (0..<person.count).sorted { (start[$0], person[$0], $0) < (start[$1], person[$1], $1) }
        self.person = order.map { person[$0] }
        self.start = order.map { start[$0] }
        self.end = order.map { i in end[i].map { e in max(e, start[i]) } ?? .max }
        self.foundAt = order.map { foundAt?[$0] ?? -1 }
        row = order.map { Int64($0) }
    }
}

/// Links with their time stamps, as contiguous columns in store order: what emerging clusters,
/// time-respecting paths and theme trends read.
public struct TimedLinkTable: Sendable {
    /// Entity index of the `from` side.
    public let src: [Int32]
    /// Entity index of the `to` side.
    public let dst: [Int32]
    /// Index into `typeNames`.
    public let type: [UInt16]
    /// Start, seconds since 1970 UTC.
    public let start: [Int64]
    /// End; `Int64.max` when open-ended.
    public let end: [Int64]
    /// Store row of each link; its position when built from values.
    public let row: [Int64]
    /// The link types present, by code.
    public let typeNames: [String]
    /// Source evaluation (1–3) of each link's grading; 0 when ungraded.
    public let gradeSource: [UInt8]
    /// Intelligence assessment (A–E, ASCII) of each link's grading; 0 when ungraded.
    public let gradeIntelligence: [UInt8]

    /// How many links.
    public var count: Int { src.count }

    /// Links in store order with their type codes, store rows and gradings.
    public init(storeOrder src: [Int32], dst: [Int32], type: [UInt16], typeNames: [String], start: [Int64], end: [Int64], row: [Int64],
                gradeSource: [UInt8], gradeIntelligence: [UInt8]) {
        self.src = src; self.dst = dst; self.type = type; self.typeNames = typeNames; self.start = start; self.end = end; self.row = row
        self.gradeSource = gradeSource; self.gradeIntelligence = gradeIntelligence
    }

    /// Links from values (`end` nil: open-ended; `grading` nil: all ungraded).
    public init(src: [Int32], dst: [Int32], type: [String], start: [Int64], end: [Int64?], grading: [Grading?]? = nil) {
        gradeSource = grading.map { $0.map { UInt8($0?.source ?? 0) } } ?? Array(repeating: 0, count: src.count)
        gradeIntelligence = grading.map { $0.map { $0?.intelligence.asciiValue ?? 0 } } ?? Array(repeating: 0, count: src.count)
        var names: [String] = [], code: [String: UInt16] = [:]
        self.type = type.map { t in
            if let c = code[t] { return c }
            code[t] = UInt16(names.count)
            names.append(t)
            return UInt16(names.count - 1)
        }
        self.src = src
        self.dst = dst
        self.start = start
        self.end = zip(start, end).map { s, e in e.map { max($0, s) } ?? .max }
        row = (0..<Int64(src.count)).map { $0 }
        typeNames = names
    }

    /// The codes of those of `types` the table holds.
    public func codes(of types: Set<LinkType>) -> Set<UInt16> {
        Set(typeNames.indices.filter { LinkType(parsing: typeNames[$0]).map(types.contains) ?? false }.map(UInt16.init))
    }

    /// The code of a link type, if any link has it.
    public func code(of type: LinkType) -> UInt16? { typeNames.firstIndex(of: type.rawValue).map(UInt16.init) }

    /// Whether links of this code point one way (exploits, supplies).
    public func isDirected(_ code: UInt16) -> Bool { LinkType(parsing: typeNames[Int(code)])?.isDirected ?? false }
}
