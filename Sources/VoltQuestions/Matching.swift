import Foundation
import VoltMatch
import VoltModel
import VoltPrivacy
import VoltStore

/// Pairs of person records that may be one person recorded by two agencies, best first, not
/// yet judged: the suggestion list a person works through with `accept` and `reject`.
public struct MatchQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "match"
    /// Which bands to list: `link`, `review`, or nil for both. `unlikely` pairs come only
    /// with `includeUnlikely`.
    public var band: MatchBand?
    /// Also list scored pairs below the review band.
    public var includeUnlikely = false
    /// Only pairs scoring at least this (bits).
    public var minimumScore: Double?
    /// At most this many pairs (0: all).
    public var limit = 0
    /// How records are matched.
    public var options = MatchOptions()

    /// A request with these values; every other parameter at its default.
    public init(band: MatchBand? = nil, includeUnlikely: Bool = false, minimumScore: Double? = nil, limit: Int = 0) {
        self.band = band
        self.includeUnlikely = includeUnlikely
        self.minimumScore = minimumScore
        self.limit = limit
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("band", includeUnlikely ? "all" : band?.rawValue)
        p.set("min_score", minimumScore.map { String(format: "%.2f", $0) })
        if limit > 0 { p.set("top", limit) }
        return p
    }

    public func validate() throws {
        if limit < 0 { throw BadRequest("--top cannot be negative") }
    }

    /// One suggested pair: its score, band and each field's level and weight (never the values).
    public struct Pair: Sendable, Encodable, Hashable {
        public let a: String, b: String
        public let score: Double
        public let band: String
        public let probability: Double
        public let sourceA: String?, sourceB: String?
        /// Field by field: level in words and weight in bits.
        public let fields: [Field]
        /// In the `link` band through these records (each step a link pair) rather than on
        /// its own score; empty otherwise.
        public let through: [String]
    }

    /// A field of a pair.
    public struct Field: Sendable, Encodable, Hashable {
        public let field: String, level: String, weight: Double
    }

    /// The suggestions and the model behind them.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        /// Pairs not yet judged, best first.
        public let pairs: [Pair]
        /// Pairs listed before `limit` cut the list.
        public let total: Int
        /// Person records compared.
        public let records: Int
        /// Candidate pairs the blocking passes proposed.
        public let candidates: Int
        /// Pairs found by each pass; blocks too large to compare.
        public let blocking: BlockingReport
        /// m and u per field and level, and the share of candidates that match.
        public let model: Model

        public var notes: Parameters {
            var p = Parameters()
            p.set("records", records)
            p.set("candidates", candidates)
            p.set("listed", pairs.count)
            return p
        }
    }

    /// The fitted model, field by field.
    public struct Model: Sendable, Encodable, Hashable {
        public let prior: Double
        public let iterations: Int
        public let fields: [FieldModel]
    }

    /// One field's levels with m, u and weight.
    public struct FieldModel: Sendable, Encodable, Hashable {
        public let field: String
        public let levels: [String]
        public let m: [Double], u: [Double], weight: [Double]
    }

    public func answer(_ reader: StoreReader, in session: Session) throws -> Answer {
        let people = try reader.personRecords()
        var options = options
        options.keepUnlikely = includeUnlikely
        let result = Matcher.match(people.map(PersonRecord.init), options: options)
        let judged = try reader.judgements()
        let rules = Judgements(judged.map(\.pair))
        let done = Set(judged.map { MatchQuestion.key($0.a, $0.b) })
        // Each judged record's person, named by its smallest id (only judged records can share one).
        var personOf: [String: String] = [:]
        for id in Set(judged.flatMap { [$0.a, $0.b] }) where personOf[id] == nil {
            let person = rules.person(of: id)
            let name = person.min()!
            for r in person { personOf[r] = name }
        }
        var rows: [Pair] = []
        var total = 0
        for c in result.candidates {
            if let band, c.band != band { continue }
            if !includeUnlikely && c.band == .unlikely { continue }
            if let minimumScore, c.score < minimumScore { continue }
            let a = result.records[Int(c.a)], b = result.records[Int(c.b)]
            if done.contains(Self.key(a.id, b.id)) { continue }
            if let x = personOf[a.id], x == personOf[b.id] { continue }  // already one person
            total += 1
            if limit > 0 && rows.count >= limit { continue }
            rows.append(Pair(a: a.id, b: b.id, score: c.score, band: c.band.rawValue, probability: c.probability,
                             sourceA: a.source, sourceB: b.source,
                             fields: result.fields(of: c).map { Field(field: $0.field, level: $0.level, weight: $0.weight) },
                             through: c.through.map { result.records[Int($0)].id }))
        }
        let w = result.weights
        let model = Model(prior: w.prior, iterations: w.iterations, fields: MatchField.allCases.map { f in
            FieldModel(field: f.name, levels: f.levels, m: w.m[f.rawValue], u: w.u[f.rawValue],
                       weight: f.levels.indices.map { w.weight(f, $0) })
        })
        return Answer(pairs: rows, total: total, records: people.count, candidates: result.blocking.candidates,
                      blocking: result.blocking, model: model)
    }

    static func key(_ a: String, _ b: String) -> String { a < b ? "\(a)\u{1F}\(b)" : "\(b)\u{1F}\(a)" }

}

/// Why two records score as they do: the explanation card, field by field, with both
/// records' values at the names level (below it, levels and weights only).
public struct MatchExplainQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "match explain"
    /// The two records.
    public var a: String, b: String

    /// A request with these values.
    public init(a: String, b: String) {
        self.a = a
        self.b = b
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("a", a)
        p.set("b", b)
        return p
    }

    /// The card, and the standing judgement of the pair if any.
    public struct Answer: Sendable, Encodable {
        public let a: String, b: String
        public let score: Double, probability: Double
        public let band: String
        public let sourceA: String?, sourceB: String?
        public let fields: [Line]
        /// In the `link` band through these records (each step a link pair), not on its own score.
        public let through: [String]
        /// The judgement standing on the pair, in words.
        public let judgement: String?
    }

    /// One field of the card.
    public struct Line: Sendable, Encodable, Hashable {
        public let field: String, level: String, weight: Double
        public let valueA: String?, valueB: String?
    }

    public func answer(_ reader: StoreReader, in session: Session) throws -> Answer {
        let people = try reader.personRecords()
        guard let i = people.firstIndex(where: { $0.id == a }) else { throw try refusal(a, reader) }
        guard let j = people.firstIndex(where: { $0.id == b }) else { throw try refusal(b, reader) }
        guard i != j else { throw BadRequest("\(a) is one record: give two different records") }
        let result = Matcher.match(people.map(PersonRecord.init))
        let card = result.card(i, j)
        let values = session.labels == .names
        let judged = try reader.judgements().first { Set([$0.a, $0.b]) == Set([a, b]) }
        return Answer(a: card.a, b: card.b, score: card.score, probability: card.probability, band: card.band.rawValue,
                      sourceA: card.sourceA, sourceB: card.sourceB,
                      fields: card.lines.map { Line(field: $0.field, level: $0.level, weight: $0.weight,
                                                     valueA: values ? $0.a : nil, valueB: values ? $0.b : nil) },
                      through: card.through, judgement: judged?.sentence)
    }

    private func refusal(_ id: String, _ reader: StoreReader) throws -> any Error {
        try reader.entity(id: id) == nil ? StoreError.unknownEntity(id) : StoreError.notAPerson(id)
    }
}

/// A person's judgement that two records are one person (`accept`) or not (`reject`): a
/// combination under DPA 2018 s.62, logged with the actor and purpose. Records are never
/// rewritten; every analysis then sees accepted records as one person. Refused, naming the
/// judgements in the way, when it would make one person of records someone rejected.
public struct JudgeMatchChange: Change {
    /// The name in the audit log.
    public static let name = "match judge"
    /// Linking records is a combination.
    public static let action = AuditAction.combination
    /// The two records.
    public var a: String, b: String
    /// Same person or not.
    public var verdict: MatchVerdict
    /// Who judges (the session's actor).
    public var actor: String

    /// A judgement by `actor`.
    public init(a: String, b: String, verdict: MatchVerdict, actor: String) {
        self.a = a
        self.b = b
        self.verdict = verdict
        self.actor = actor
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("a", a)
        p.set("b", b)
        p.set("verdict", verdict.rawValue)
        return p
    }

    public func validate() throws {
        if a == b { throw BadRequest("\(a) is one record: give two different records") }
    }

    public func apply(_ writer: StoreWriter) throws -> Judged {
        let rules = Judgements(try writer.reader.judgements().map(\.pair))
        for id in [a, b] {
            guard let e = try writer.reader.entity(id: id) else { throw StoreError.unknownEntity(id) }
            guard e.kind == .person else { throw StoreError.notAPerson(id) }
        }
        if let refusal = verdict == .accept ? rules.refusal(accepting: a, b) : rules.refusal(rejecting: a, b) {
            throw BadRequest(refusal)
        }
        _ = try writer.judge(a, b, verdict, actor: actor, score: nil)
        let person = verdict == .accept ? rules.person(of: a).union(rules.person(of: b)) : []
        return Judged(verdict: verdict, records: person.sorted())
    }
}

/// Undoes the standing judgement of a pair: the pair is judged again from scratch, and every
/// analysis sees the records as it did before the judgement. Logged as a combination.
public struct UndoMatchChange: Change {
    /// The name in the audit log.
    public static let name = "match undo"
    /// Undoing a link between records is a combination too.
    public static let action = AuditAction.combination
    /// The two records.
    public var a: String, b: String
    /// Who undoes it.
    public var actor: String

    /// An undo by `actor`.
    public init(a: String, b: String, actor: String) {
        self.a = a
        self.b = b
        self.actor = actor
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("a", a)
        p.set("b", b)
        return p
    }

    public func validate() throws {
        if a == b { throw BadRequest("\(a) is one record: give two different records") }
    }

    public func apply(_ writer: StoreWriter) throws -> Judged {
        guard let undone = try writer.undoJudgement(a, b, actor: actor) else {
            throw BadRequest("no judgement of \(a) and \(b) stands, so there is nothing to undo ('volt match --explain \(a) \(b)' shows the pair)")
        }
        return Judged(verdict: undone.verdict, records: [], undid: undone.sentence)
    }
}

/// What a judgement did.
public struct Judged: Sendable, Encodable, AnnotatedAnswer {
    /// The verdict recorded (or undone).
    public let verdict: MatchVerdict
    /// After an accept: every record of the person now.
    public var records: [String] = []
    /// After an undo: the judgement undone, in words.
    public var undid: String?

    public var notes: Parameters {
        var p = Parameters()
        if !records.isEmpty { p.list("person", records) }
        if undid != nil { p.set("undone", verdict.rawValue) }
        return p
    }
}

extension MatchJudgement {
    /// The judgement as the matching rules see it.
    var pair: JudgedPair { JudgedPair(a: a, b: b, accepted: verdict == .accept, sentence: sentence) }
}
