import Foundation
import Synchronization
import VoltGraph
import VoltLoad
import VoltPrivacy
import VoltStore

/// What one session may ask and about whom (docs/workspace.md): an analyst everything; a panel
/// member the subjects referred to their forums, with their immediate context (the people
/// linked to them and the places they were seen at) on their pages; the strategic role
/// aggregates only; an admin manages accounts and sees no records. Whatever is outside is
/// answered as if it did not exist.
struct WorkspaceScope: Sendable {
    /// The questions the API answers.
    static let questions = ["stats", "search", "show", "path", "top", "referrals", "colocate", "meeting", "actions"]
    /// The questions that name no one (counts, suppressed for the strategic role).
    static let aggregate: Set<String> = ["stats", "referrals"]

    let role: WorkspaceRole
    /// The forums of a panel member (lower case).
    let forums: [String]
    /// The subjects in scope: their own pages, show, path (nil: everyone).
    let subjects: Set<String>?
    /// The subjects' immediate context (panel only).
    let context: [ContextEntity]
    /// Subjects and context: what may appear on a subject's page and network (nil: everyone).
    let visible: Set<String>?

    init(role: WorkspaceRole, forums: [String], subjects: Set<String>?, context: [ContextEntity]) {
        self.role = role
        self.forums = forums
        self.subjects = subjects
        self.context = context
        visible = subjects.map { $0.union(context.map(\.id)) }
    }

    /// Whether `id` is in scope.
    func includes(_ id: String) -> Bool { subjects?.contains(id) ?? true }
    /// Whether `id` may be shown as context.
    func shows(_ id: String) -> Bool { visible?.contains(id) ?? true }
    /// Whether the forum is one of this session's.
    func attends(_ forum: String) -> Bool { role == .analyst || (role == .panel && forums.contains(forum.lowercased())) }

    /// Refuses (404) a question this role may not ask.
    func allow(question: String) throws {
        let allowed: Bool
        switch role {
        case .analyst: allowed = true
        case .admin: allowed = false
        case .strategic: allowed = Self.aggregate.contains(question)
        // Co-location ranks pairs across the whole area: not a forum's view.
        case .panel: allowed = question != "colocate"
        }
        guard allowed, Self.questions.contains(question) else {
            throw Refusal(status: .notFound, message: "no question '\(question.prefix(40))' for the \(role.rawValue) role")
        }
    }
}

/// What the workspace derives from the store and keeps while the records do not change (the
/// store's data generation): scopes per set of forums, the redactor, and node handles. A
/// change anywhere (an import, an action typed in a meeting) starts a new generation.
final class WorkspaceCache: Sendable {
    struct Generation: Sendable {
        var number: Int64
        var scopes: [[String]: WorkspaceScope] = [:]
        var redactor: Redactor??
        var handles: Handles?
        /// Pages as sent below names, by the page as made: the same page asked again (a
        /// meeting's screen refreshed by each member) is not rewritten again.
        var redacted: [String: String] = [:]
    }

    private let state = Mutex(Generation(number: -1))
    let store: Store

    init(store: Store) { self.store = store }

    /// The current generation's value for `key`, made by `make` when missing.
    private func value<T: Sendable>(_ get: (Generation) -> T?, _ put: (inout Generation, T) -> Void, make: () throws -> T) throws -> T {
        let n = try store.dataGeneration()
        if let v = state.withLock({ g -> T? in g.number == n ? get(g) : nil }) { return v }
        let v = try make()
        state.withLock { g in
            if g.number != n { g = Generation(number: n) }
            put(&g, v)
        }
        return v
    }

    func scope(_ session: WorkspaceSession) throws -> WorkspaceScope {
        let role = session.user.role, forums = session.user.forums.map { $0.lowercased() }.sorted()
        switch role {
        case .analyst: return WorkspaceScope(role: role, forums: forums, subjects: nil, context: [])
        case .admin, .strategic: return WorkspaceScope(role: role, forums: forums, subjects: [], context: [])
        case .panel:
            return try value({ $0.scopes[forums] }, { $0.scopes[forums] = $1 }) {
                try store.readForRelabelling { r in
                    let set = Set(forums)
                    let subjects = Set(try r.casework().referrals.filter { $0.forum.map { set.contains($0.lowercased()) } ?? false }.map(\.subject))
                    return WorkspaceScope(role: role, forums: forums, subjects: subjects, context: try r.context(of: subjects))
                }
            }
        }
    }

    /// The redactor for the initials level (nil when the store has no one to redact).
    func redactor() throws -> Redactor? {
        try value({ $0.redactor }, { $0.redactor = .some($1) }) {
            try store.readForRelabelling { r in
                Redactor(Labeller(level: .initials, key: try r.pseudonymKey()), entities: try EntityTable(r),
                         references: try r.allReferences(), datesOfBirth: try r.allDatesOfBirth())
            }
        }
    }

    /// `text` at the initials level, rewritten once per generation.
    func redact(_ text: String) throws -> String {
        guard let r = try redactor() else { return text }
        let n = try store.dataGeneration()
        if let done = state.withLock({ g in g.number == n ? g.redacted[text] : nil }) { return done }
        let out = r.redact(text)
        state.withLock { g in
            guard g.number == n else { return }
            if g.redacted.count >= 256 { g.redacted.removeAll() }
            g.redacted[text] = out
        }
        return out
    }

    func handles() throws -> Handles {
        try value({ $0.handles }, { $0.handles = $1 }) {
            try store.readForRelabelling { r in Handles(ids: try EntityTable(r).ids, key: try r.pseudonymKey()) }
        }
    }
}

/// How pages name an entity in a link or a class without showing its id: `H-` and ten
/// characters of the store-keyed HMAC (the pseudonym scheme), resolved back only here.
struct Handles: Sendable {
    private let byID: [String: String]
    private let byHandle: [String: String]

    init(ids: [String], key: [UInt8]) {
        let l = Labeller(level: .pseudonyms, key: key)
        var a: [String: String] = [:], b: [String: String] = [:]
        a.reserveCapacity(ids.count)
        b.reserveCapacity(ids.count)
        for id in ids {
            let h = l.pseudonym(id, prefix: "H")
            a[id] = h
            b[h] = id
        }
        byID = a
        byHandle = b
    }

    func handle(_ id: String) -> String { byID[id] ?? id }
    /// The id of a handle, or of an id given as it is.
    func id(_ key: String) -> String? { byHandle[key] ?? (byID[key] != nil ? key : nil) }
}
