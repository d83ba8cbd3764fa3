import GRDB
import VoltModel

extension StoreReader {
    // A subject's id, whichever table holds it.
    private static let subjectID = "COALESCE((SELECT id FROM entity WHERE n = x.subject), (SELECT id FROM subject_group WHERE n = x.subject_group))"

    private static func time(_ row: Row, _ column: String) -> Timestamp? { (row[column] as Int64?).map(Timestamp.init(seconds:)) }
    private static func list(_ row: Row, _ column: String) -> [String] {
        (row[column] as String?).map { $0.split(separator: ";").map(String.init) } ?? []
    }
    private static func contexts(_ row: Row, _ column: String) -> [SafeguardingContext] {
        list(row, column).compactMap(SafeguardingContext.init(rawValue:))
    }

    /// Everything the panels recorded, in a stable order (by id, or by subject and date).
    public func casework() throws -> Casework {
        var c = Casework()
        c.groups = try Row.fetchAll(db, sql: "SELECT id, name, kind, detected_at FROM subject_group ORDER BY id").map { row in
            var g = NamedGroup(id: row["id"], name: row["name"], kind: (row["kind"] as String?).flatMap(GroupKind.init(rawValue:)))
            g.detectedAt = Self.time(row, "detected_at")
            return g
        }
        c.memberships = try Row.fetchAll(db, sql: """
            SELECT g.id AS grp, e.id AS member, m.from_time, m.to_time FROM group_member m
            JOIN subject_group g ON g.n = m.grp JOIN entity e ON e.n = m.member ORDER BY g.id, e.id, m.from_time
            """).map { row in
            GroupMembership(group: row["grp"], member: row["member"], from: Timestamp(seconds: row["from_time"]), to: Self.time(row, "to_time"))
        }
        c.meetings = try Row.fetchAll(db, sql: "SELECT id, forum, date, chair FROM meeting ORDER BY date, id").map { row in
            Meeting(id: row["id"], forum: row["forum"], date: Timestamp(seconds: row["date"]), chair: row["chair"])
        }
        c.referrals = try Row.fetchAll(db, sql: "SELECT x.*, \(Self.subjectID) AS subject_id FROM referral x ORDER BY x.date, x.id").map { row in
            var r = Referral(id: row["id"], subject: row["subject_id"], date: Timestamp(seconds: row["date"]), agency: row["agency"])
            r.reason = row["reason"]
            r.themes = Self.list(row, "themes")
            r.contexts = Self.contexts(row, "contexts")
            r.forum = row["forum"]
            r.outcome = row["outcome"]
            r.referrer = row["referrer"]
            return r
        }
        c.statuses = try Row.fetchAll(db, sql: """
            SELECT e.id AS person_id, s.* FROM case_status s JOIN entity e ON e.n = s.person ORDER BY e.id, s.from_time, s.status
            """).map { row in
            var s = StatusSpell(subject: row["person_id"], status: CaseStatus(unchecked: row["status"]),
                                from: Timestamp(seconds: row["from_time"]), to: Self.time(row, "to_time"))
            let agency: String = row["agency"]
            s.agency = agency.isEmpty ? nil : agency
            s.lead = row["lead"]
            return s
        }
        c.actions = try Row.fetchAll(db, sql: """
            SELECT x.*, \(Self.subjectID) AS subject_id, m.id AS meeting_id FROM panel_action x
            JOIN meeting m ON m.n = x.meeting ORDER BY m.date, x.id
            """).map { row in
            var a = PanelAction(id: row["id"], subject: row["subject_id"], meeting: row["meeting_id"], owner: row["owner"],
                                description: row["description"])
            a.due = Self.time(row, "due")
            a.closed = Self.time(row, "closed")
            a.decision = row["decision"]
            a.contexts = Self.contexts(row, "contexts")
            return a
        }
        c.outcomes = try Row.fetchAll(db, sql: "SELECT x.*, \(Self.subjectID) AS subject_id FROM outcome x ORDER BY x.date, subject_id, x.type, x.agency, x.ref").map { row in
            var o = Outcome(subject: row["subject_id"], type: OutcomeType(unchecked: row["type"]), date: Timestamp(seconds: row["date"]),
                            agency: row["agency"])
            let ref: String = row["ref"]
            o.reference = ref.isEmpty ? nil : ref
            o.note = row["note"]
            return o
        }
        return c
    }

    /// Return interviews of missing episodes, by episode row number (for episodes that have one).
    public func returnInterviews() throws -> [Int64: (date: Timestamp, by: String?)] {
        var out: [Int64: (date: Timestamp, by: String?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT n, return_interview, return_interview_by FROM missing WHERE return_interview IS NOT NULL") {
            out[row["n"]] = (Timestamp(seconds: row["return_interview"]), row["return_interview_by"])
        }
        return out
    }
}

extension StoreReader {
    /// Every held group with the member sets it is known by on `at`: its recorded members
    /// that day, and its members when `method` last found it on or before `at`.
    public func knownGroups(method: String, at: Timestamp) throws -> [(id: String, name: String, memberships: [Set<String>], detected: Bool)] {
        var recorded: [String: Set<String>] = [:], tracked: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT g.id AS grp, e.id AS member FROM group_member m JOIN subject_group g ON g.n = m.grp JOIN entity e ON e.n = m.member
            WHERE m.from_time <= ?1 AND (m.to_time IS NULL OR m.to_time >= ?1)
            """, arguments: [at.seconds]) {
            recorded[row["grp"], default: []].insert(row["member"])
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT g.id AS grp, e.id AS member FROM group_track t JOIN subject_group g ON g.n = t.grp JOIN entity e ON e.n = t.member
            WHERE t.method = ?1 AND t.at = (SELECT MAX(at) FROM group_track u WHERE u.grp = t.grp AND u.method = ?1 AND u.at <= ?2)
            """, arguments: [method, at.seconds]) {
            tracked[row["grp"], default: []].insert(row["member"])
        }
        return try Row.fetchAll(db, sql: "SELECT id, name, detected_at IS NOT NULL AS detected FROM subject_group ORDER BY id").map { row in
            let id: String = row["id"]
            return (id, row["name"], [recorded[id], tracked[id]].compactMap { $0 }, row["detected"])
        }
    }
}

extension StoreReader {
    /// The agencies holding any record of each person: the sources of their links, sightings
    /// and missing episodes, their agency references, and the agencies of their referrals,
    /// status spells and outcomes ("unspecified" sources are not an agency).
    public func agenciesByPerson() throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT e.id AS id, x.agency AS agency FROM (
                SELECT src AS n, source AS agency FROM link UNION SELECT dst, source FROM link
                UNION SELECT person, source FROM sighting UNION SELECT person, source FROM missing
                UNION SELECT entity, agency FROM entity_ref
                UNION SELECT subject, agency FROM referral WHERE subject IS NOT NULL
                UNION SELECT person, agency FROM case_status WHERE agency <> ''
                UNION SELECT subject, agency FROM outcome WHERE subject IS NOT NULL
            ) x JOIN entity e ON e.n = x.n WHERE e.kind = 'person' AND x.agency <> 'unspecified'
            """) {
            out[row["id"], default: []].insert(row["agency"])
        }
        return out
    }

    /// Entities whose retention review date is before `date`, by review date then id.
    public func reviewsDue(before date: CalendarDate) throws -> [(id: String, type: VoltType, name: String, review: CalendarDate)] {
        try Row.fetchAll(db, sql: "SELECT \(Self.entityColumns) FROM entity WHERE review_date IS NOT NULL AND review_date < ? ORDER BY review_date, id",
                         arguments: [date.text]).map { row in
            let e = try Self.entity(row)
            return (e.id, e.voltType, e.name, e.reviewDate!)
        }
    }
}

extension StoreReader {
    /// The agencies holding any record of one person (as `agenciesByPerson`, by index).
    public func agencies(of id: String) throws -> [String] {
        guard let (n, _) = try entityRow(id: id) else { return [] }
        return try String.fetchAll(db, sql: """
            SELECT source FROM link WHERE src = ?1 UNION SELECT source FROM link WHERE dst = ?1
            UNION SELECT source FROM sighting WHERE person = ?1 UNION SELECT source FROM missing WHERE person = ?1
            UNION SELECT agency FROM entity_ref WHERE entity = ?1 UNION SELECT agency FROM referral WHERE subject = ?1
            UNION SELECT agency FROM case_status WHERE person = ?1 AND agency <> '' UNION SELECT agency FROM outcome WHERE subject = ?1
            """, arguments: [n]).filter { $0 != "unspecified" }.sorted()
    }
}

extension StoreReader {
    /// When the newest link starts (nil: no links): the data's own "today", for questions
    /// whose window is open at the end.
    public func latestLinkStart() throws -> Timestamp? {
        try Int64.fetchOne(db, sql: "SELECT MAX(start_time) FROM link").map(Timestamp.init(seconds:))
    }

    /// When the newest record happens (a link's start, a sighting, a missing episode's start;
    /// nil: none): where a period open at the end stops, so that data a month behind does not
    /// thin every rate with a month of nothing.
    public func latestRecordTime() throws -> Timestamp? {
        try Int64.fetchOne(db, sql: """
            SELECT MAX(t) FROM (SELECT MAX(start_time) AS t FROM link UNION ALL SELECT MAX(time) FROM sighting
                                UNION ALL SELECT MAX(start_time) FROM missing)
            """).map(Timestamp.init(seconds:))
    }
}

extension StoreReader {
    /// Every agency reference and record reference held (entities' `agency:reference` and the
    /// bare reference; links', sightings', episodes' and outcomes' `ref`): what a label level hides.
    public func allReferences() throws -> Set<String> {
        var out = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT agency, reference FROM entity_ref") {
            let agency: String = row[0], reference: String = row[1]
            out.insert(reference)
            out.insert(agency + ":" + reference)
        }
        for table in ["link", "sighting", "missing", "outcome"] {
            out.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM \(table) WHERE ref <> ''"))
        }
        return out
    }

    /// Every recorded date of birth.
    public func allDatesOfBirth() throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT DISTINCT date_of_birth FROM entity WHERE date_of_birth IS NOT NULL"))
    }
}

extension Store {
    /// Reads what it takes to relabel an answer that was already asked and logged (the people's
    /// names and ids, references, dates of birth), without a second entry: the consultation
    /// that read them is the question's own.
    public func readForRelabelling<T>(_ body: (StoreReader) throws -> T) throws -> T {
        try run { try queue.read { db in try body(StoreReader(db, keys: keys)) } }
    }
}

extension Store {
    /// The number of the last audit entry that changed records: an answer made when it was N
    /// is still the answer while it is N (consultations and sign-ins do not change it).
    public func dataGeneration() throws -> Int64 {
        try readForRelabelling { r in try r.dataGeneration() }
    }
}

extension StoreReader {
    /// See `Store.dataGeneration`.
    public func dataGeneration() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT changed_seq FROM audit_head WHERE one = 1") ?? 0
    }
}
