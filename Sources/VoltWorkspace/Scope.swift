import VoltStore

/// What one session may ask and about whom (docs/workspace.md): an analyst everything; a panel
/// member the subjects referred to their forums; the strategic role aggregates only; an admin
/// manages accounts and sees no records. Whatever is outside is answered as if it did not exist.
struct WorkspaceScope: Sendable {
    /// The questions the API answers.
    static let questions = ["stats", "search", "show", "path", "top", "referrals"]
    /// The questions that name no one (counts, suppressed for the strategic role).
    static let aggregate: Set<String> = ["stats", "referrals"]

    let role: WorkspaceRole
    /// The subjects in scope (nil: everyone).
    let subjects: Set<String>?

    init(_ session: WorkspaceSession, store: Store) throws {
        role = session.user.role
        switch role {
        case .analyst: subjects = nil
        case .admin, .strategic: subjects = []
        case .panel:
            let forums = Set(session.user.forums)
            subjects = try store.readForRelabelling { r in
                Set(try r.casework().referrals.filter { $0.forum.map { forums.contains($0.lowercased()) } ?? false }.map(\.subject))
            }
        }
    }

    /// Whether `id` is in scope.
    func includes(_ id: String) -> Bool { subjects?.contains(id) ?? true }

    /// Refuses (404) a question this role may not ask.
    func allow(question: String) throws {
        let allowed: Bool
        switch role {
        case .analyst: allowed = true
        case .admin: allowed = false
        case .strategic: allowed = Self.aggregate.contains(question)
        // The Top N ranks every child: a forum's own list is not built yet.
        case .panel: allowed = question != "top"
        }
        guard allowed, Self.questions.contains(question) else {
            throw Refusal(status: .notFound, message: "no question '\(question.prefix(40))' for the \(role.rawValue) role")
        }
    }
}
