import GRDB
import VoltModel

/// A person's judgement about two person records: the same person (`accept`) or not (`reject`).
public enum MatchVerdict: String, Sendable, Codable, CaseIterable {
    case accept, reject
}

/// A judgement as the store holds it.
public struct MatchJudgement: Sendable, Hashable, Codable {
    /// The two records' ids, in store order (the earlier record first).
    public let a: String, b: String
    /// Same person or not.
    public let verdict: MatchVerdict
    /// When, and by whom (the audit actor).
    public let at: Timestamp
    /// Who judged (the audit actor).
    public let actor: String
    /// The score the pair had when judged, if it was a suggestion.
    public let score: Double?
    /// When it was undone, and by whom (nil: it stands).
    public let undoneAt: Timestamp?
    /// Who undid it.
    public let undoneBy: String?

    /// "Y012 and A3 accepted as one person by jo on 2026-11-02".
    public var sentence: String {
        "\(a) and \(b) \(verdict == .accept ? "accepted as one person" : "rejected as different people") by \(actor) on \(at.day)"
    }
}

/// A record absorbed into a canonical person: its number and id, and the number of the record
/// that stands for the person (the earliest of its records).
public struct EntityAlias: Sendable, Hashable {
    /// The record's internal number.
    public let n: Int64
    /// The record's id.
    public let id: String
    /// The internal number of the person's canonical record.
    public let canonical: Int64
}

extension StoreReader {
    /// Every person record, with references (for matching), ordered by id.
    public func personRecords() throws -> [Entity] {
        var out: [Entity] = []
        try forEachEntity { e in if e.kind == .person { out.append(e) } }
        return out
    }

    /// Judgements, oldest first: those standing, or (with `history`) every one ever made.
    public func judgements(history: Bool = false) throws -> [MatchJudgement] {
        try Row.fetchAll(db, sql: """
            SELECT x.id AS a, y.id AS b, j.verdict, j.at, j.actor, j.score, j.undone_at, j.undone_by
            FROM match_judgement j JOIN entity x ON x.n = j.a JOIN entity y ON y.n = j.b
            \(history ? "" : "WHERE j.undone_at IS NULL") ORDER BY j.n
            """).map { row in
            MatchJudgement(a: row["a"], b: row["b"], verdict: MatchVerdict(rawValue: row["verdict"]) ?? .reject,
                           at: Timestamp(seconds: row["at"]), actor: row["actor"], score: row["score"],
                           undoneAt: (row["undone_at"] as Int64?).map(Timestamp.init), undoneBy: row["undone_by"])
        }
    }

    /// Each accepted pair's records by internal number.
    func acceptedPairs() throws -> [(Int64, Int64)] {
        try Row.fetchAll(db, sql: "SELECT a, b FROM match_judgement WHERE verdict = 'accept' AND undone_at IS NULL")
            .map { ($0["a"], $0["b"]) }
    }

    /// The records absorbed into canonical persons (a connected component of accepted pairs is
    /// one person, standing under its earliest record): empty when records are seen apart or
    /// nothing is accepted.
    public func entityAliases() throws -> [EntityAlias] {
        guard canonicalPersons else { return [] }
        let pairs = try acceptedPairs()
        guard !pairs.isEmpty else { return [] }
        var parent: [Int64: Int64] = [:]
        func root(_ x: Int64) -> Int64 {
            var r = x
            while let p = parent[r], p != r { r = p }
            var y = x
            while let p = parent[y], p != r { parent[y] = r; y = p }
            return r
        }
        for (a, b) in pairs {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }  // the earliest record stands for the person
        }
        let absorbed = parent.keys.filter { root($0) != $0 }.sorted()
        guard !absorbed.isEmpty else { return [] }
        var ids: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT n, id FROM entity WHERE n IN (\(absorbed.map(String.init).joined(separator: ",")))") {
            ids[row["n"]] = row["id"]
        }
        return absorbed.compactMap { n in ids[n].map { EntityAlias(n: n, id: $0, canonical: root(n)) } }
    }

    /// The records of the person a record belongs to (itself alone when nothing is accepted),
    /// earliest first: what `volt show` lists with the agency holding each.
    public func recordsOfPerson(_ id: String) throws -> [Entity] {
        guard let (n, _) = try entityRow(id: id) else { throw StoreError.unknownEntity(id) }
        let pairs = try acceptedPairs()
        var members: Set<Int64> = [n], frontier = [n]
        while let x = frontier.popLast() {
            for (a, b) in pairs where a == x || b == x {
                let y = a == x ? b : a
                if members.insert(y).inserted { frontier.append(y) }
            }
        }
        var out: [Entity] = []
        for m in members.sorted() {
            guard let idText = try String.fetchOne(db, sql: "SELECT id FROM entity WHERE n = ?", arguments: [m]),
                  let e = try entity(id: idText) else { continue }
            out.append(e)
        }
        return out
    }

    /// This reader, seeing records judged to be one person as one (the default for questions).
    public func seeingCanonicalPersons(_ on: Bool = true) -> StoreReader {
        var r = self
        r.canonicalPersons = on
        return r
    }
}

extension StoreWriter {
    /// Records a judgement about two person records. The caller has checked it against the
    /// judgements standing (`VoltMatch.Judgements`); the store refuses a second standing
    /// judgement of one pair. Returns the judgement's two ids in store order.
    public func judge(_ a: String, _ b: String, _ verdict: MatchVerdict, actor: String, score: Double?) throws -> (String, String) {
        let (x, y) = try personPair(a, b)
        try db.execute(sql: "INSERT INTO match_judgement(a, b, verdict, at, actor, score) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [min(x.n, y.n), max(x.n, y.n), verdict.rawValue, Timestamp.now.seconds, actor, score])
        return x.n < y.n ? (x.id, y.id) : (y.id, x.id)
    }

    /// Marks the standing judgement of a pair undone; returns it, or nil when none stands.
    public func undoJudgement(_ a: String, _ b: String, actor: String) throws -> MatchJudgement? {
        let (x, y) = try personPair(a, b)
        let standing = try reader.judgements().first { Set([$0.a, $0.b]) == Set([x.id, y.id]) }
        guard let standing else { return nil }
        try db.execute(sql: "UPDATE match_judgement SET undone_at = ?, undone_by = ? WHERE a = ? AND b = ? AND undone_at IS NULL",
                       arguments: [Timestamp.now.seconds, actor, min(x.n, y.n), max(x.n, y.n)])
        return standing
    }

    private func personPair(_ a: String, _ b: String) throws -> ((n: Int64, id: String), (n: Int64, id: String)) {
        guard let x = try resolve(a) else { throw StoreError.unknownEntity(a) }
        guard let y = try resolve(b) else { throw StoreError.unknownEntity(b) }
        guard x.kind == .person else { throw StoreError.notAPerson(a) }
        guard y.kind == .person else { throw StoreError.notAPerson(b) }
        return ((x.n, a), (y.n, b))
    }
}
