import GRDB
import VoltModel

/// A casework subject as the store holds it: an entity (a person or a place) or a named group.
public enum SubjectRef: Sendable, Hashable {
    case entity(n: Int64, kind: EntityKind)
    case group(n: Int64)

    /// The `subject` and `subject_group` columns.
    var columns: (entity: Int64?, group: Int64?) {
        switch self {
        case .entity(let n, _): return (n, nil)
        case .group(let n): return (nil, n)
        }
    }
}

extension StoreWriter {
    /// The internal number of a named group, or nil.
    public func resolveGroup(_ id: String) throws -> Int64? {
        if let n = groupNumbers[id] { return n }
        let n = try lookUp(.group, id)
        if let n { groupNumbers[id] = n }
        return n
    }

    /// The internal number of a meeting, or nil.
    public func resolveMeeting(_ id: String) throws -> Int64? {
        if let n = meetingNumbers[id] { return n }
        let n = try lookUp(.meeting, id)
        if let n { meetingNumbers[id] = n }
        return n
    }

    /// A subject id: an entity first, else a named group; nil when neither is held.
    public func resolveSubject(_ id: String) throws -> SubjectRef? {
        if let (n, kind) = try resolve(id) { return .entity(n: n, kind: kind) }
        return try resolveGroup(id).map { .group(n: $0) }
    }

    /// Remembers that a group or meeting will be defined by this import, without writing it
    /// (once an import is known to fail, so that the references that follow are still checked).
    public func expectGroup(_ id: String) { if groupNumbers[id] == nil { groupNumbers[id] = -1 } }
    /// See `expectGroup`.
    public func expectMeeting(_ id: String) { if meetingNumbers[id] == nil { meetingNumbers[id] = -1 } }

    /// Adds a named group, or changes the name or kind of the one held.
    public func upsert(_ g: NamedGroup) throws -> WriteOutcome {
        let (o, n) = try upsertRow("subject_group", key: [("id", g.id)],
                                   values: [("name", g.name), ("kind", g.kind?.rawValue), ("detected_at", g.detectedAt?.seconds)])
        groupNumbers[g.id] = n
        return o
    }

    /// Adds a membership (keyed by group, member and from); a held one takes the new end.
    public func insert(_ m: GroupMembership, group: Int64, member: Int64) throws -> WriteOutcome {
        try upsertRow("group_member", key: [("grp", group), ("member", member), ("from_time", m.from.seconds)],
                      values: [("to_time", m.to?.seconds)]).0
    }

    /// Adds a meeting, or changes the one held with its id.
    public func upsert(_ m: Meeting) throws -> WriteOutcome {
        let (o, n) = try upsertRow("meeting", key: [("id", m.id)],
                                   values: [("forum", m.forum), ("date", m.date.seconds), ("chair", m.chair)])
        meetingNumbers[m.id] = n
        return o
    }

    /// Adds a referral, or changes the one held with its id.
    public func upsert(_ r: Referral, subject: SubjectRef) throws -> WriteOutcome {
        let (e, g) = subject.columns
        return try upsertRow("referral", key: [("id", r.id)], values: [
            ("subject", e), ("subject_group", g), ("date", r.date.seconds), ("agency", r.agency), ("reason", r.reason),
            ("themes", joined(r.themes)), ("contexts", joined(r.contexts.map(\.rawValue))), ("forum", r.forum),
            ("outcome", r.outcome), ("referrer", r.referrer),
        ]).0
    }

    /// Adds a status spell (keyed by person, status, from and agency); a held one takes the
    /// new end and lead.
    public func insert(_ s: StatusSpell, person: Int64) throws -> WriteOutcome {
        try upsertRow("case_status", key: [("person", person), ("status", s.status.rawValue), ("from_time", s.from.seconds),
                                           ("agency", s.agency ?? "")],
                      values: [("to_time", s.to?.seconds), ("lead", s.lead)]).0
    }

    /// Adds an action, or changes the one held with its id (it was done, its due date moved).
    public func upsert(_ a: PanelAction, subject: SubjectRef, meeting: Int64) throws -> WriteOutcome {
        let (e, g) = subject.columns
        return try upsertRow("panel_action", key: [("id", a.id)], values: [
            ("subject", e), ("subject_group", g), ("meeting", meeting), ("owner", a.owner), ("description", a.description),
            ("due", a.due?.seconds), ("closed", a.closed?.seconds), ("decision", a.decision),
            ("contexts", joined(a.contexts.map(\.rawValue))),
        ]).0
    }

    /// Adds an outcome (keyed by subject, type, date, agency and reference); a held one takes
    /// the new note.
    public func insert(_ o: Outcome, subject: SubjectRef) throws -> WriteOutcome {
        let (e, g) = subject.columns
        return try upsertRow("outcome", key: [("subject", e), ("subject_group", g), ("type", o.type.rawValue),
                                              ("date", o.date.seconds), ("agency", o.agency), ("ref", o.reference ?? "")],
                             values: [("note", o.note)]).0
    }

    private func joined(_ items: [String]) -> String? { items.isEmpty ? nil : items.joined(separator: ";") }

    /// Inserts a row, or updates the row with the same key when a value differs. Keys are
    /// matched with `IS` so that an empty (NULL) key column matches itself. Casework is small
    /// (thousands of rows): clarity over the import's C-level fast path.
    private func upsertRow(_ table: String, key: [(String, (any DatabaseValueConvertible)?)],
                           values: [(String, (any DatabaseValueConvertible)?)]) throws -> (WriteOutcome, Int64) {
        for l in Lookup.allCases where l.table == table { emptyTables[l.rawValue] = nil }
        let keyArgs = StatementArguments(key.map { $0.1?.databaseValue ?? .null })
        let condition = key.map { "\($0.0) IS ?" }.joined(separator: " AND ")
        let select = "SELECT n, \(values.map(\.0).joined(separator: ", ")) FROM \(table) WHERE \(condition)"
        if let row = try Row.fetchOne(db.cachedStatement(sql: select), arguments: keyArgs) {
            let n: Int64 = row[0]
            let same = values.enumerated().allSatisfy { i, v in row[i + 1] as DatabaseValue == (v.1?.databaseValue ?? .null) }
            if same { return (.unchanged, n) }
            let update = "UPDATE \(table) SET \(values.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE n = ?"
            try db.cachedStatement(sql: update).execute(arguments: StatementArguments(values.map { $0.1?.databaseValue ?? .null } + [n.databaseValue]))
            return (.updated, n)
        }
        let columns = key.map(\.0) + values.map(\.0)
        let insert = "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        try db.cachedStatement(sql: insert).execute(arguments: StatementArguments((key + values).map { $0.1?.databaseValue ?? .null }))
        return (.added, db.lastInsertedRowID)
    }
}

extension StoreWriter {
    /// Records that a group was found by `method` (`groups`, `communities`) on the day `at`
    /// with `members` (entity ids): a group not held yet is added as a detected peer group
    /// named `name`. A second finding on the same day replaces the first.
    public func track(group id: String, name: String, method: String, at: Timestamp, members: [String]) throws {
        var g = try resolveGroup(id)
        if g == nil {
            try db.execute(sql: "INSERT INTO subject_group(id, name, kind, detected_at) VALUES (?, ?, 'peer_group', ?)",
                           arguments: [id, name, at.seconds])
            g = db.lastInsertedRowID
            groupNumbers[id] = g
            emptyTables[Lookup.group.rawValue] = nil
        }
        try db.execute(sql: "DELETE FROM group_track WHERE grp = ? AND method = ? AND at = ?", arguments: [g, method, at.seconds])
        for m in members {
            guard let (n, _) = try resolve(m) else { continue }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO group_track(grp, method, at, member) VALUES (?, ?, ?, ?)")
                .execute(arguments: [g, method, at.seconds, n])
        }
    }
}

extension StoreWriter {
    /// The ids of actions that start with `prefix` (the numbering of a sitting's actions).
    public func actionIDs(prefix: String) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT id FROM panel_action WHERE substr(id, 1, length(?)) = ?", arguments: [prefix, prefix]))
    }

    /// Marks the action `id` done at `t`; false when there is no such action.
    public func closeAction(_ id: String, at t: Timestamp) throws -> Bool {
        try db.execute(sql: "UPDATE panel_action SET closed = ? WHERE id = ?", arguments: [t.seconds, id])
        return db.changesCount > 0
    }
}
