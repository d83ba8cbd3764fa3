import Foundation
import VoltCasework
import VoltModel
import VoltStore

/// One sitting of a forum, as its chair runs it: the actions carried from earlier sittings
/// (the last one's first), what this sitting agreed, and the subjects referred to the forum.
/// The workspace's meeting page is this question with the Top N, missing and places beside it.
public struct MeetingQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "meeting"
    /// The forum (`efh_tactical`, `mace`, ...).
    public var forum: String
    /// The sitting (nil: the forum's latest).
    public var meeting: String?

    /// A request with these values.
    public init(forum: String, meeting: String? = nil) {
        self.forum = forum.lowercased()
        self.meeting = meeting
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("forum", forum)
        p.set("meeting", meeting)
        return p
    }

    public func validate() throws {
        guard !forum.trimmingSpaces.isEmpty else { throw BadRequest("give the forum, like efh_tactical") }
    }

    /// A sitting, with the forum's other sittings for navigation.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let forum: String
        /// The sitting shown (nil: the forum has none yet).
        public let sitting: Meeting?
        /// The sitting before it.
        public let previous: Meeting?
        /// Actions agreed before this sitting and not done by its date, with the last sitting's
        /// done ones too (the chair reads them out as closed): overdue first.
        public let carried: [ActionsQuestion.Row]
        /// Actions agreed at this sitting.
        public let agreed: [ActionsQuestion.Row]
        /// Subjects referred to the forum up to the sitting, newest referral first.
        public let referred: [ReferredSubject]
        /// Every sitting of the forum, oldest first.
        public let sittings: [Meeting]
        /// The perpetrator update: offenders (and victim-offenders) one step from the referred
        /// subjects, most links first.
        public let perpetrators: [ContextEntity]

        public var notes: Parameters {
            var p = Parameters()
            p.set("sitting", sitting?.id)
            p.set("carried", carried.count)
            p.set("agreed", agreed.count)
            p.set("referred", referred.count)
            p.set("perpetrators", perpetrators.count)
            return p
        }
    }

    /// A subject referred to the forum: when last, by whom, why.
    public struct ReferredSubject: Sendable, Encodable {
        public let id: String, name: String, type: String
        public let lastReferral: String, agency: String, reason: String?, referrals: Int
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let c = try r.casework()
        let sittings = c.meetings.filter { $0.forum == forum }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        let known = Set(c.meetings.map(\.forum)).union(c.referrals.compactMap(\.forum))
        guard known.contains(forum) else {
            throw BadRequest("there is no forum '\(forum)' (forums: \(known.sorted().joined(separator: ", ")))")
        }
        let sitting: Meeting?
        if let meeting {
            guard let m = sittings.first(where: { $0.id == meeting }) else {
                throw BadRequest("there is no sitting '\(meeting)' of \(forum) (its sittings: \(sittings.suffix(5).map(\.id).joined(separator: ", ")))")
            }
            sitting = m
        } else {
            sitting = sittings.last
        }
        let asOf = sitting?.date ?? .now
        let previous = sitting.flatMap { s in sittings.last { ($0.date, $0.id) < (s.date, s.id) } }
        func row(_ x: ActionRow) -> ActionsQuestion.Row {
            ActionsQuestion.Row(id: x.action.id, subject: x.action.subject, state: x.state, owner: x.action.owner,
                                description: x.action.description, due: x.action.due?.day, closed: x.action.closed?.day,
                                decision: x.action.decision, contexts: x.action.contexts.map(\.rawValue), meeting: x.action.meeting,
                                forum: x.meeting?.forum, meetingDate: x.meeting?.date.day)
        }
        let rows = c.actionRows(ActionFilter(forum: forum), asOf: asOf)
        let carried = rows.filter { x in
            guard let m = x.meeting, m.id != sitting?.id, m.date <= asOf else { return false }
            return x.state != .done || m.id == previous?.id
        }.map(row)
        let agreed = sitting.map { s in rows.filter { $0.action.meeting == s.id }.map(row) } ?? []
        var bySubject: [String: [Referral]] = [:]
        for ref in c.referrals where ref.forum == forum && ref.date <= max(asOf, .now) { bySubject[ref.subject, default: []].append(ref) }
        var referred: [ReferredSubject] = []
        for (id, refs) in bySubject {
            let last = refs.max { ($0.date, $0.id) < ($1.date, $1.id) }!
            let e = try r.entity(id: id)
            referred.append(ReferredSubject(id: id, name: e?.name ?? c.groups.first { $0.id == id }?.name ?? id,
                                            type: e?.voltType.rawValue ?? "group", lastReferral: last.date.day, agency: last.agency,
                                            reason: last.reason, referrals: refs.count))
        }
        referred.sort { ($0.lastReferral, $0.id) > ($1.lastReferral, $1.id) }
        let perpetrators = try r.context(of: Set(bySubject.keys)).filter { $0.type == .offender || $0.type == .victimOffender }
            .sorted { ($0.ties, $0.id) > ($1.ties, $1.id) }
        return Answer(forum: forum, sitting: sitting, previous: previous, carried: carried, agreed: agreed, referred: referred,
                      sittings: sittings, perpetrators: perpetrators)
    }
}

// MARK: what a chair records

/// Opens a sitting of a forum (the chair starts the meeting): a meeting record with an id
/// made from the forum and the day, so that opening twice on one day finds the same sitting.
public struct OpenSittingChange: Change {
    public static let name = "meeting open"
    public static let action = AuditAction.alteration
    public var forum: String
    public var date: Timestamp
    public var chair: String?

    /// A request with these values.
    public init(forum: String, date: Timestamp, chair: String? = nil) {
        self.forum = forum.lowercased()
        self.date = date
        self.chair = chair
    }

    /// The sitting's id: `FORUM-YYYY-MM-DD`.
    public var id: String { "\(forum.uppercased())-\(date.day)" }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("forum", forum)
        p.set("id", id)
        p.set("date", date.day)
        return p
    }

    public func validate() throws {
        guard forum.range(of: "^[a-z0-9_]{1,40}$", options: .regularExpression) != nil else {
            throw BadRequest("a forum is letters, digits and _ (like efh_tactical)")
        }
        if let chair, chair.count > 120 { throw BadRequest("the chair's name is at most 120 characters") }
    }

    public func apply(_ w: StoreWriter) throws -> ChangeReport {
        let outcome = try w.upsert(Meeting(id: id, forum: forum, date: date, chair: chair))
        return ChangeReport(id: id, outcome: outcome)
    }
}

/// Records an action agreed at a sitting (typed by the chair during the meeting): who does
/// what by when, about which subject, and the decision it follows from.
public struct RecordActionChange: Change {
    public static let name = "action record"
    public static let action = AuditAction.alteration
    public var meeting: String
    public var subject: String
    public var owner: String
    public var description: String
    public var due: Timestamp?
    public var decision: String?

    /// A request with these values.
    public init(meeting: String, subject: String, owner: String, description: String, due: Timestamp? = nil, decision: String? = nil) {
        self.meeting = meeting
        self.subject = subject
        self.owner = owner.lowercased()
        self.description = description
        self.due = due
        self.decision = decision
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("meeting", meeting)
        p.set("subject", subject)
        p.set("owner", owner)
        p.set("due", due?.day)
        p.set("decision", decision)
        // The description is free text about a child: kept in the store, not in the log.
        p.set("description_chars", description.count)
        return p
    }

    public func validate() throws {
        guard !owner.trimmingSpaces.isEmpty, owner.count <= 60 else { throw BadRequest("give the owner (an agency or a role), at most 60 characters") }
        guard !description.trimmingSpaces.isEmpty, description.count <= 500 else {
            throw BadRequest("give what is to be done, at most 500 characters")
        }
        if let decision, decision.count > 120 { throw BadRequest("the decision is at most 120 characters") }
    }

    public func apply(_ w: StoreWriter) throws -> ChangeReport {
        guard let m = try w.resolveMeeting(meeting) else { throw BadRequest("there is no sitting '\(meeting)': open the meeting first") }
        guard let s = try w.resolveSubject(subject) else { throw StoreError.unknownEntity(subject) }
        // Ids of actions typed in the workspace: the sitting, then the next number in it.
        let taken = try w.actionIDs(prefix: "\(meeting)-A")
        var k = taken.count + 1
        while taken.contains("\(meeting)-A\(k)") { k += 1 }
        let id = "\(meeting)-A\(k)"
        var a = PanelAction(id: id, subject: subject, meeting: meeting, owner: owner.trimmingSpaces, description: description.trimmingSpaces)
        a.due = due
        a.decision = decision.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 }
        let outcome = try w.upsert(a, subject: s, meeting: m)
        return ChangeReport(id: id, outcome: outcome)
    }
}

/// Marks an action done on a day (the owner reported back at the sitting).
public struct CloseActionChange: Change {
    public static let name = "action close"
    public static let action = AuditAction.alteration
    public var id: String
    public var closed: Timestamp

    /// A request with these values.
    public init(id: String, closed: Timestamp) {
        self.id = id
        self.closed = closed
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        p.set("closed", closed.day)
        return p
    }

    public func validate() throws {
        guard !id.isEmpty, id.count <= 80 else { throw BadRequest("give the action's id") }
    }

    public func apply(_ w: StoreWriter) throws -> ChangeReport {
        guard try w.closeAction(id, at: closed) else { throw BadRequest("there is no action '\(id)'") }
        return ChangeReport(id: id, outcome: .updated)
    }
}

/// What a casework change did, for its audit entry.
public struct ChangeReport: Sendable, Encodable, AnnotatedAnswer {
    public let id: String
    public let outcome: WriteOutcome
    public var notes: Parameters {
        var p = Parameters()
        p.set("outcome", "\(outcome)")
        return p
    }
    enum CodingKeys: CodingKey { case id }
}
