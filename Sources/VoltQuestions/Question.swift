import Foundation
import VoltLoad
import VoltGraph
import VoltModel
import VoltPrivacy
import VoltIO
import VoltStore

/// A question an analyst, a panel or the workspace asks of the store: a request value with
/// every parameter typed, and a typed answer. Asking it (`Session.ask`) opens one
/// transaction, computes, and writes one audit entry derived from `parameters`, so what was
/// consulted is always written in full and in the same form.
///
/// A new question is one type here: its parameters, its `answer`, and an `Encodable` answer.
public protocol Question: Sendable {
    /// What asking returns.
    associatedtype Answer: Sendable

    /// The question's name as the audit log and the JSON `query` show it (`ego`, `map group`).
    static var name: String { get }

    /// The kind of processing: a consultation, or a disclosure for what leaves volt.
    static var action: AuditAction { get }

    /// Every parameter that changes what is read or shown, by name.
    var parameters: Parameters { get }

    /// Checks the request before anything is read: one sentence naming what to change.
    func validate() throws

    /// Reads what the question needs and computes its answer, inside the logged transaction.
    /// Throws `BadRequest` when it cannot be answered as asked.
    func answer(_ reader: StoreReader, in session: Session) throws -> Answer

    /// What the answer leaves in the store besides its audit entry, written in the entry's
    /// transaction: only derived records (who a detected group was found to be), never
    /// anything typed by a person. Most questions leave nothing.
    func remember(_ answer: Answer, in writer: StoreWriter) throws
}

extension Question {
    public static var action: AuditAction { .consultation }
    public func validate() throws {}
    public func remember(_ answer: Answer, in writer: StoreWriter) throws {}

    /// The audit entry's summary: the name, then every parameter (`Parameters.entry`).
    public var auditSummary: String { parameters.entry(Self.name) }
}

/// A question's parameters as named text: the audit entry and the JSON `query` object are
/// both made from it, so they cannot disagree.
public struct Parameters: Sendable, Hashable {
    private var values: [String: String] = [:]

    /// No parameters yet.
    public init() {}

    /// Sets `key` (nothing when `value` is nil).
    public mutating func set(_ key: String, _ value: String?) {
        if let value { values[key] = value }
    }

    /// Sets `key` to a number.
    public mutating func set<N: Numeric & LosslessStringConvertible>(_ key: String, _ value: N?) {
        if let value { values[key] = String(value) }
    }

    /// Sets `key` to "true" when `flag` is set (an unset flag is left out).
    public mutating func flag(_ key: String, _ flag: Bool) {
        if flag { values[key] = "true" }
    }

    /// Sets a comma-separated list, in the order given (nothing when nil).
    public mutating func list(_ key: String, _ items: [String]?) {
        if let items { values[key] = items.joined(separator: ",") }
    }

    /// Sets link types, in the vocabulary's order (custom types last, sorted).
    public mutating func list(_ key: String, _ types: Set<LinkType>?) {
        list(key, types.map { t in
            LinkType.known.filter(t.contains).map(\.rawValue) + t.filter(\.isCustom).map(\.rawValue).sorted()
        })
    }

    /// Sets VOLT types, in the vocabulary's order.
    public mutating func list(_ key: String, _ types: Set<VoltType>?) {
        list(key, types.map { t in VoltType.allCases.filter(t.contains).map(\.rawValue) })
    }

    /// Sets every parameter of `other`.
    public mutating func merge(_ other: Parameters) { values.merge(other.values) { $1 } }

    /// The value of `key`.
    public subscript(key: String) -> String? { values[key] }

    /// The parameters by name: the JSON `query` object.
    public var query: [String: String] { values }

    /// Sorted by name.
    public var sorted: [(String, String)] { values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// `key=value` sorted, one line (empty when there are none).
    public var line: String { sorted.map { "\($0)=\($1)" }.joined(separator: " ") }

    /// An audit entry's summary: `name`, every parameter as `key=value` sorted by key (values
    /// with spaces in quotes), then `; ` and `notes` when there are any. Questions and changes
    /// are logged in this one form.
    public func entry(_ name: String, notes: Parameters? = nil) -> String {
        let head = ([name] + sorted.map { k, v in "\(k)=\(v.contains(" ") || v.isEmpty ? "\"\(v)\"" : v)" }).joined(separator: " ")
        guard let notes, !notes.values.isEmpty else { return head }
        return head + "; " + notes.line
    }
}

/// Who is asking, and of which store: every question is asked through one.
public struct Session: Sendable {
    /// The store.
    public let store: Store
    /// The actor and purpose every audit entry carries.
    public let context: AuditContext
    /// What this session's printed answers show of people (`redactor`); logged with every
    /// question when it is not names.
    public var labels = LabelLevel.names
    /// Answers to reuse while the records are unchanged (nil: every answer is computed).
    public var cache: AnswerCache?
    /// See each agency's record of a person apart. By default every question sees records
    /// judged to be one person (`volt match accept`) as that one person; logged when set.
    public var records = false

    /// A session on `store` for `context`.
    public init(store: Store, context: AuditContext, labels: LabelLevel = .names) {
        self.store = store
        self.context = context
        self.labels = labels
    }

    /// What rewrites this session's printed answers at its label level (nil at names): every
    /// person's name and id becomes their label, private places their pseudonym, references
    /// and dates of birth are blanked.
    public func redactor() throws -> Redactor? {
        guard labels != .names else { return nil }
        return try store.readForRelabelling { r in
            Redactor(Labeller(level: labels, key: try r.pseudonymKey()), entities: try EntityTable(r),
                     references: try r.allReferences(), datesOfBirth: try r.allDatesOfBirth())
        }
    }

    /// Asks `question`: a read transaction that reads and computes (without the write lock, so
    /// imports and other questions go on meanwhile), then one short write transaction with the
    /// audit entry of the question's kind, derived from its parameters, in which the files it
    /// wrote (a map, an export, a pack) get their names: file and entry appear together or not
    /// at all. An error thrown while answering reaches the caller unchanged.
    ///
    /// A question refused before anything is read (`validate`) leaves no entry. One that read
    /// and then could not be answered (an unknown id, no links in the window) is still a
    /// consultation, since the refusal itself says something about a person: it is logged with
    /// "; unanswered: " and the reason, and the error is thrown on. One stopped by SIGINT or
    /// SIGTERM leaves no file and is logged with "; not completed: " (a `kill -9` leaves no file
    /// either, but cannot be logged).
    public func ask<Q: Question>(_ question: Q) throws -> Q.Answer {
        defer { WorkProgress.done() }
        try question.validate()
        let (path, keys, context) = (store.path, store.keysPath, self.context)
        let stopped = entryParameters(question).entry(Q.name)
        let batch = AtomicFile.Batch { signal in
            // On the signal's own thread, through a connection of its own: the question's
            // transaction is on another thread and never finishes.
            let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
            _ = try? Store.open(at: path, keys: keys).write(context, action: Q.action) { _ in
                ((), stopped + "; not completed: stopped by \(name) before its output was written; no file was left")
            }
        }
        do {
            return try batch.run {
                try store.consultConcurrently(context, action: Q.action, { r in
                    // A kept answer is looked up inside the read transaction, against the
                    // generation that transaction sees.
                    let key = cache.flatMap { _ in AnswerCache.key(question, labels: labels.rawValue + (records ? "+records" : "")) }
                    let generation = key == nil ? 0 : try r.dataGeneration()
                    if let key, let kept: Q.Answer = cache?.answer(key, generation: generation) {
                        return (kept, summary(question, kept))
                    }
                    let answer = try question.answer(r.seeingCanonicalPersons(!records), in: self)
                    if let key { cache?.keep(answer, key, generation: generation) }
                    TestHold.here()
                    return (answer, summary(question, answer))
                }, then: { answer, w in
                    try question.remember(answer, in: w)
                    try batch.commitAll()
                })
            }
        } catch let e where Self.isUnanswered(e) {
            batch.discardAll()
            try store.write(context, action: .consultation) { _ in ((), entryParameters(question).entry(Q.name) + "; unanswered: \(e)") }
            throw e
        } catch {
            batch.discardAll()
            throw error
        }
    }

    /// Whether `error` says the question could not be answered as asked (rather than that the
    /// store or the system failed).
    static func isUnanswered(_ error: any Error) -> Bool {
        if error is BadRequest { return true }
        if case .unknownEntity = error as? StoreError { return true }
        return false
    }

    /// The audit summary: the question's parameters, then what only the answer knows (a
    /// disclosure's counts, a sampled measure's error bound), so the entry says in full what
    /// was consulted or disclosed.
    func summary<Q: Question>(_ question: Q, _ answer: Q.Answer) -> String {
        entryParameters(question).entry(Q.name, notes: (answer as? AnnotatedAnswer)?.notes)
    }

    /// The question's parameters, with the session's label level when it is not names (a
    /// question with its own `labels`, like a map, says it itself).
    func entryParameters<Q: Question>(_ question: Q) -> Parameters {
        var p = question.parameters
        if labels != .names && p["labels"] == nil { p.set("labels", labels.rawValue) }
        p.flag("records", records)
        return p
    }
}

/// A debug build's seam for the tests of interruption and concurrency: with
/// `VOLT_TEST_HOLD_SECONDS` set, a question that has computed its answer (its files written to
/// temporaries, not yet named) says "holding" on standard error and keeps its read transaction
/// open that long, as a long pack would. Release builds have no such seam.
enum TestHold {
    static func here() {
        #if DEBUG
        guard let s = ProcessInfo.processInfo.environment["VOLT_TEST_HOLD_SECONDS"], let seconds = Double(s) else { return }
        FileHandle.standardError.write(Data("volt: holding for \(s) s (VOLT_TEST_HOLD_SECONDS)\n".utf8))
        Thread.sleep(forTimeInterval: seconds)
        #endif
    }
}
