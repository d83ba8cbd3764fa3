import VoltCasework
import VoltModel
import VoltStore

/// Counts by VOLT type, link type, agency and month.
public struct StatsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "stats"
    /// A request with these values; every other parameter at its default.
    public init() {}
    public var parameters: Parameters { Parameters() }
    public func answer(_ reader: StoreReader, in session: Session) throws -> StoreStats { try reader.stats() }
}

/// Entities whose id, name, area or agency reference contains some text.
public struct SearchQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "search"
    /// The text to look for (case-insensitive, any part).
    public var text: String
    /// At most this many matches.
    public var limit: Int

    /// A request with these values; every other parameter at its default.
    public init(text: String, limit: Int = 50) {
        self.text = text
        self.limit = limit
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("text", text)
        p.set("top", limit)
        return p
    }

    /// One match.
    public struct Match: Sendable, Encodable {
        public let id: String, type: String, name: String, area: String?
    }

    public func answer(_ reader: StoreReader, in session: Session) throws -> [Match] {
        guard !text.trimmingSpaces.isEmpty else { throw BadRequest("give some text to search for") }
        return try reader.search(text, limit: limit).map { Match(id: $0.id, type: $0.voltType.rawValue, name: $0.name, area: $0.area) }
    }
}

/// One entity with its links, sightings and missing episodes in time order.
public struct ShowQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "show"
    /// The entity.
    public var id: String

    /// A request with these values; every other parameter at its default.
    public init(id: String) { self.id = id }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        return p
    }

    /// An entity's record and evidence, or a named group's members, with the casework about
    /// it in time order and the agencies that hold a record of it.
    public struct Answer: Sendable, Encodable {
        /// The entity and its evidence (nil for a named group).
        public let profile: EntityProfile?
        /// The named group (nil for an entity).
        public let group: NamedGroup?
        /// A group's members today (ids).
        public let members: [String]
        /// Status spells, referrals, actions, outcomes, memberships and return interviews, oldest first.
        public let casework: [CaseEvent]
        /// Agencies holding any record of the person.
        public let agencies: [String]
        /// The person's records judged to be them (`volt match accept`), earliest first, with
        /// the agency whose record each is; one record when nothing is accepted.
        public var records: [HeldRecord] = []

        enum Keys: String, CodingKey { case entity, links, sightings, missing, group, members, casework, agencies, records }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            if let p = profile {
                try c.encode(p.entity, forKey: .entity)
                try c.encode(p.links, forKey: .links)
                try c.encode(p.sightings, forKey: .sightings)
                try c.encode(p.missing, forKey: .missing)
            }
            if let group {
                try c.encode(group, forKey: .group)
                try c.encode(members, forKey: .members)
            }
            try c.encode(casework, forKey: .casework)
            try c.encode(agencies, forKey: .agencies)
            if profile?.entity.kind == .person { try c.encode(records, forKey: .records) }
        }
    }

    /// One agency's record of a person.
    public struct HeldRecord: Sendable, Encodable, Hashable {
        /// The record's id, name and date of birth as that agency holds them.
        public let id: String, name: String, dob: String?
        /// The agency whose record it is (nil: not recorded).
        public let source: String?
        /// Its agency references (`agency:reference`).
        public let refs: [String]
    }

    public func answer(_ reader: StoreReader, in session: Session) throws -> Answer {
        let c = try reader.casework()
        guard try reader.entity(id: id) != nil else {
            guard let g = c.groups.first(where: { $0.id == id }) else { throw StoreError.unknownEntity(id) }
            return Answer(profile: nil, group: g, members: c.members(of: id, at: .now).sorted(), casework: c.timeline(of: id), agencies: [])
        }
        // Seeing canonical persons, the person's evidence is every one of their records'.
        let held = try reader.recordsOfPerson(id)
        let ids = reader.canonicalPersons ? held.map(\.id) : [id]
        let p = try Self.profile(ids, reader)
        var events = ids.flatMap { c.timeline(of: $0) }
        // Return interviews: held (and by whom), or not recorded once the child was back.
        for m in p.missing where ids.contains(m.person) {
            if let t = m.returnInterview {
                events.append(CaseEvent(date: t, kind: "return_interview", detail: "held\(m.returnInterviewBy.map { " by \($0)" } ?? "") after the episode of \(m.start.day)"))
            } else if let end = m.end {
                events.append(CaseEvent(date: end, kind: "return_interview", detail: "none recorded after the episode of \(m.start.day)"))
            }
        }
        events.sort { ($0.date, $0.kind, $0.detail) < ($1.date, $1.kind, $1.detail) }
        let agencies = p.entity.kind == .person ? Set(try ids.flatMap { try reader.agencies(of: $0) } + held.compactMap(\.source)).sorted() : []
        var a = Answer(profile: p, group: nil, members: [], casework: events, agencies: agencies)
        a.records = held.map { HeldRecord(id: $0.id, name: $0.name, dob: $0.dateOfBirth?.text, source: $0.source,
                                         refs: $0.references.map { "\($0.agency):\($0.reference)" }) }
        return a
    }

    /// One profile of several records of a person: the earliest record's details with every
    /// record's roles and references, and all their evidence in time order.
    static func profile(_ ids: [String], _ reader: StoreReader) throws -> EntityProfile {
        let all = try ids.map { try reader.profile(id: $0) }
        guard all.count > 1 else { return all[0] }
        var e = all[0].entity
        for other in all.dropFirst() {
            let details = e
            e.merge(other.entity)
            // The canonical record's own details stand; the others add roles and references.
            let (roles, refs) = ((e.isVictim, e.victimSince, e.isOffender, e.offenderSince), e.references)
            e = details
            (e.isVictim, e.victimSince, e.isOffender, e.offenderSince) = roles
            e.references = refs
        }
        let links = all.flatMap(\.links).filter { !ids.contains($0.other) }
            .sorted { ($0.link.start, $0.link.type.rawValue, $0.other) < ($1.link.start, $1.link.type.rawValue, $1.other) }
        let sightings = all.flatMap(\.sightings).sorted { ($0.time, $0.person) < ($1.time, $1.person) }
        let missing = all.flatMap(\.missing).sorted { ($0.start, $0.person) < ($1.start, $1.person) }
        return EntityProfile(entity: e, links: links, sightings: sightings, missing: missing)
    }
}
