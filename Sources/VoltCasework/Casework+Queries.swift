import VoltModel

/// An action as the tracker shows it: its state on the day, its subject and the meeting
/// (and so the decision) it came from.
public struct ActionRow: Sendable, Hashable, Codable {
    public var action: PanelAction
    public var state: ActionState
    public var meeting: Meeting?
}

/// Which actions to list.
public struct ActionFilter: Sendable, Hashable {
    public var meeting: String?
    public var forum: String?
    /// Only actions due before this moment.
    public var dueBefore: Timestamp?
    public var owner: String?
    /// Only these states (nil: all).
    public var states: Set<ActionState>?

    public init(meeting: String? = nil, forum: String? = nil, dueBefore: Timestamp? = nil, owner: String? = nil,
                states: Set<ActionState>? = nil) {
        self.meeting = meeting
        self.forum = forum
        self.dueBefore = dueBefore
        self.owner = owner
        self.states = states
    }
}

extension Casework {
    /// The actions `filter` takes, with their state at `asOf`: overdue first, then open, then
    /// done; within each, by due date (none last), then id.
    public func actionRows(_ filter: ActionFilter, asOf: Timestamp) -> [ActionRow] {
        let meetingsByID = Dictionary(meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rank: [ActionState: Int] = [.overdue: 0, .open: 1, .done: 2]
        return actions.compactMap { a -> ActionRow? in
            let m = meetingsByID[a.meeting]
            if let id = filter.meeting, a.meeting != id { return nil }
            if let f = filter.forum, m?.forum != f.lowercased() { return nil }
            if let d = filter.dueBefore { guard let due = a.due, due < d else { return nil } }
            if let o = filter.owner, a.owner != o.lowercased() { return nil }
            let state = a.state(at: asOf)
            if let s = filter.states, !s.contains(state) { return nil }
            return ActionRow(action: a, state: state, meeting: m)
        }.sorted { x, y in
            (rank[x.state]!, x.action.due?.seconds ?? .max, x.action.id) < (rank[y.state]!, y.action.due?.seconds ?? .max, y.action.id)
        }
    }

    /// The latest meeting of `forum` held on or before `asOf`; with no forum, the latest that
    /// agreed any action (a sitting with no actions recorded is not the panel's tracker).
    public func lastMeeting(forum: String? = nil, asOf: Timestamp) -> Meeting? {
        let withActions = Set(actions.map(\.meeting))
        return meetings.filter { m in (forum.map { m.forum == $0.lowercased() } ?? withActions.contains(m.id)) && m.date <= asOf }
            .max { ($0.date, $0.id) < ($1.date, $1.id) }
    }

    /// Subjects (named groups, and everyone referred) whose latest action, or referral when
    /// there is no action, is older than `days` days at `asOf`, oldest first: work that has
    /// gone quiet. Subjects with an open or overdue action are not quiet.
    public func quietSubjects(days: Int, asOf: Timestamp) -> [(subject: String, last: Timestamp?, lastWhat: String)] {
        var last: [String: (Timestamp, String)] = [:]
        func note(_ s: String, _ t: Timestamp, _ what: String) {
            if last[s].map({ $0.0 < t }) ?? true { last[s] = (t, what) }
        }
        for r in referrals where r.date <= asOf { note(r.subject, r.date, "referral \(r.id)") }
        let meetingDates = Dictionary(meetings.map { ($0.id, $0.date) }, uniquingKeysWith: { a, _ in a })
        var active = Set<String>()
        for a in actions {
            if let d = meetingDates[a.meeting], d <= asOf { note(a.subject, a.closed.map { max($0, d) } ?? d, "action \(a.id)") }
            if a.state(at: asOf) != .done { active.insert(a.subject) }
        }
        let cutoff = Timestamp(seconds: asOf.seconds - Int64(days) * 86_400)
        var out = last.filter { !active.contains($0.key) && $0.value.0 < cutoff }.map { (subject: $0.key, last: Optional($0.value.0), lastWhat: $0.value.1) }
        // Named groups never referred nor acted on are quiet too.
        for g in groups where last[g.id] == nil && g.detectedAt == nil { out.append((g.id, nil, "nothing recorded")) }
        return out.sorted { ($0.last?.seconds ?? .min, $0.subject) < ($1.last?.seconds ?? .min, $1.subject) }
    }

    /// A subject's casework in time order: status spells (start and end), referrals, meetings'
    /// actions, outcomes and group memberships, as (when, what, detail).
    public func timeline(of id: String) -> [CaseEvent] {
        var out: [CaseEvent] = []
        for s in statuses where s.subject == id {
            let extra = [s.agency, s.lead].compactMap { $0 }.joined(separator: ", ")
            out.append(CaseEvent(date: s.from, kind: "status", detail: "\(s.status.rawValue) begins\(extra.isEmpty ? "" : " (\(extra))")"
                                 + (s.to == nil ? ", still open" : "")))
            if let to = s.to { out.append(CaseEvent(date: to, kind: "status", detail: "\(s.status.rawValue) ends")) }
        }
        for r in referrals where r.subject == id {
            var d = "\(r.id) by \(r.agency)"
            if let f = r.forum { d += " to \(f)" }
            if let reason = r.reason { d += ": \(reason)" }
            if !r.contexts.isEmpty { d += " [contexts: \(r.contexts.map(\.rawValue).joined(separator: ", "))]" }
            if let o = r.outcome { d += "; outcome: \(o)" }
            out.append(CaseEvent(date: r.date, kind: "referral", detail: d))
        }
        let meetingsByID = Dictionary(meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for a in actions where a.subject == id {
            let m = meetingsByID[a.meeting]
            var d = "\(a.id) (\(a.owner)) \(a.description)"
            if let dec = a.decision { d += "; decision: \(dec)" }
            if let due = a.due { d += "; due \(due.day)" }
            d += "; \(a.state(at: .now).rawValue)" + (a.closed.map { " \($0.day)" } ?? "")
            out.append(CaseEvent(date: m?.date ?? a.due ?? Timestamp(seconds: 0), kind: "action", detail: d + (m.map { " [\($0.forum) \($0.id)]" } ?? "")))
        }
        for o in outcomes where o.subject == id {
            out.append(CaseEvent(date: o.date, kind: "outcome", detail: "\(o.type.rawValue) by \(o.agency)" + (o.reference.map { " (\($0))" } ?? "")
                                 + (o.note.map { ": \($0)" } ?? "")))
        }
        let groupNames = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        for m in memberships where m.member == id {
            out.append(CaseEvent(date: m.from, kind: "group", detail: "joined \(m.group) \(groupNames[m.group] ?? "")".trimmingSpaces))
            if let to = m.to { out.append(CaseEvent(date: to, kind: "group", detail: "left \(m.group)")) }
        }
        return out.sorted { ($0.date, $0.kind, $0.detail) < ($1.date, $1.kind, $1.detail) }
    }
}

/// One entry of a subject's casework timeline.
public struct CaseEvent: Sendable, Hashable, Codable {
    public var date: Timestamp
    /// `status`, `referral`, `action`, `outcome`, `group`, `missing`, `return_interview`.
    public var kind: String
    public var detail: String

    public init(date: Timestamp, kind: String, detail: String) {
        self.date = date
        self.kind = kind
        self.detail = detail
    }
}
