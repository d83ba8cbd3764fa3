import VoltCasework
import VoltGraph
import VoltLoad
import VoltModel
import VoltPack
import VoltStore

/// A count as an audience may see it: the number, or (for a strategic audience) `<5` or `*`
/// where it is suppressed. Encoded as a number when shown, as text when not.
public enum ShownCount: Sendable, Hashable, Encodable, CustomStringConvertible {
    case count(Int)
    case hidden(String)

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .hidden(let s): return s
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .count(let n): try c.encode(n)
        case .hidden(let s): try c.encode(s)
        }
    }
}

/// Referrals counted by month, week, agency, theme or context, with the distinct children
/// referred and their demographics (gender, age band at referral, ethnicity, SEND).
public struct ReferralsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "referrals"
    /// The window (open ends: the first and last referral held).
    public var window = TimeWindow.all
    public var grouping = ReferralGrouping.month
    /// Strategic: counts from 1 to `threshold` − 1 suppressed, as in the strategic pack.
    public var audience = PackAudience.panel
    public var threshold = 5

    /// A request with these values; every other parameter at its default.
    public init(window: TimeWindow = .all, grouping: ReferralGrouping = .month, audience: PackAudience = .panel, threshold: Int = 5) {
        self.window = window
        self.grouping = grouping
        self.audience = audience
        self.threshold = threshold
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("from", window.fromText)
        p.set("to", window.toText)
        p.set("by", grouping.rawValue)
        p.set("audience", audience.rawValue)
        if audience == .strategic { p.set("threshold", threshold) }
        return p
    }

    public func validate() throws {
        if window.isEmpty { throw BadRequest("the window is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
        guard threshold >= 2 else { throw BadRequest("--threshold must be at least 2") }
    }

    /// One row (or the total) as the audience sees it.
    public struct Row: Sendable, Encodable {
        public let key: String
        public let referrals: ShownCount, children: ShownCount, otherSubjects: ShownCount
        public let gender: [String: ShownCount], ageBand: [String: ShownCount], ethnicity: [String: ShownCount]
        public let send: ShownCount
    }

    /// The rows and the total (distinct children over the whole window).
    public struct Answer: Sendable, Encodable {
        public let rows: [Row]
        public let total: Row
        public let from: Timestamp, to: Timestamp
        public let suppressed: Bool
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let c = try r.casework()
        guard let first = c.referrals.map(\.date).min(), let last = c.referrals.map(\.date).max() else {
            throw BadRequest("the store holds no referrals (import a referrals file: docs/data-format.md)")
        }
        let from = window.from ?? first, to = window.to ?? last
        var people: [String: PersonFacts] = [:], themes: [String: String] = [:]
        try r.forEachEntity { e in
            if e.kind == .person {
                people[e.id] = PersonFacts(gender: e.gender, dateOfBirth: e.dateOfBirth, ageBand: e.ageBand, ethnicity: e.ethnicity)
            } else if e.kind == .theme {
                themes[e.id] = e.name
            }
        }
        let sendSpells = c.statuses.filter(\.status.isSEND)
        let (rows, total) = tallyReferrals(c.referrals, people: people, from: from, to: to, by: grouping, themeNames: themes) { id, t in
            sendSpells.contains { $0.subject == id && $0.isOpen(at: t) }
        }
        let strategic = audience == .strategic
        // Referrals add up down the column to the total: suppressed with the secondary rule.
        let referralColumn = suppress(rows.map { [$0.referrals] }, rows: rows.map(\.key), columns: ["referrals"],
                                      threshold: threshold, rowTotals: false, columnTotals: true)
        func primary(_ n: Int) -> ShownCount { strategic && n >= 1 && n < threshold ? .hidden("<\(threshold)") : .count(n) }
        func breakdown(_ d: [String: Int]) -> [String: ShownCount] {
            guard strategic else { return d.mapValues(ShownCount.count) }
            let keys = d.keys.sorted()
            let t = suppress([keys.map { d[$0]! }], rows: ["row"], columns: keys, threshold: threshold, rowTotals: true, columnTotals: false)
            return Dictionary(uniqueKeysWithValues: keys.enumerated().map { j, k in (k, shown(t, t.cells[0][j])) })
        }
        func shown(_ t: SuppressedTable, _ cell: SuppressedTable.Cell) -> ShownCount {
            if case .count(let n) = cell { return .count(n) }
            return .hidden(t.text(cell))
        }
        func row(_ x: ReferralTally, referrals: ShownCount) -> Row {
            Row(key: x.key, referrals: referrals, children: primary(x.children), otherSubjects: primary(x.otherSubjects),
                gender: breakdown(x.demographics.gender), ageBand: breakdown(x.demographics.ageBand),
                ethnicity: breakdown(x.demographics.ethnicity), send: primary(x.demographics.send))
        }
        let shownRows = rows.enumerated().map { i, x in row(x, referrals: strategic ? shown(referralColumn, referralColumn.cells[i][0]) : .count(x.referrals)) }
        let shownTotal = row(total, referrals: strategic ? shown(referralColumn, referralColumn.cells[rows.count][0]) : .count(total.referrals))
        return Answer(rows: shownRows, total: shownTotal, from: from, to: to, suppressed: strategic)
    }
}

/// The action tracker: open, done and overdue actions, each with its subject and the meeting
/// and decision it came from.
public struct ActionsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "actions"
    public var filter = ActionFilter()
    /// The day states are worked out for (nil: today).
    public var asOf: Timestamp?

    /// A request with these values; every other parameter at its default.
    public init(filter: ActionFilter = ActionFilter(), asOf: Timestamp? = nil) {
        self.filter = filter
        self.asOf = asOf
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("meeting", filter.meeting)
        p.set("forum", filter.forum)
        p.set("due_before", filter.dueBefore?.day)
        p.set("owner", filter.owner)
        p.list("states", filter.states.map { s in ActionState.allCases.filter(s.contains).map(\.rawValue) })
        p.set("as_of", asOf?.day)
        return p
    }

    public func validate() throws {
        if filter.meeting != nil && filter.forum != nil { throw BadRequest("give --meeting or --forum, not both") }
    }

    /// One action as the tracker shows it.
    public struct Row: Sendable, Encodable {
        public let id: String, subject: String, state: ActionState, owner: String, description: String
        public let due: String?, closed: String?, decision: String?, contexts: [String]
        public let meeting: String, forum: String?, meetingDate: String?
    }

    /// The actions, overdue first.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let actions: [Row]
        public let asOf: Timestamp
        public func encode(to encoder: any Encoder) throws { try actions.encode(to: encoder) }
        public var notes: Parameters {
            var p = Parameters()
            p.set("shown", actions.count)
            return p
        }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let c = try r.casework()
        if let m = filter.meeting, !c.meetings.contains(where: { $0.id == m }) {
            throw BadRequest("there is no meeting '\(m)' (the meetings held: \(c.meetings.suffix(5).map(\.id).joined(separator: ", ")))")
        }
        let day = asOf ?? .now
        return Answer(actions: c.actionRows(filter, asOf: day).map { x in
            Row(id: x.action.id, subject: x.action.subject, state: x.state, owner: x.action.owner, description: x.action.description,
                due: x.action.due?.day, closed: x.action.closed?.day, decision: x.action.decision, contexts: x.action.contexts.map(\.rawValue),
                meeting: x.action.meeting, forum: x.meeting?.forum, meetingDate: x.meeting?.date.day)
        }, asOf: day)
    }
}

/// What is due for review: records past their retention review date, and subjects (groups,
/// referred children and places) with no action or referral for a number of days.
public struct ReviewQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "review"
    /// Records whose review date is before this day (nil: today).
    public var before: CalendarDate?
    /// Subjects quiet for longer than this many days.
    public var quietDays = 56

    /// A request with these values; every other parameter at its default.
    public init(before: CalendarDate? = nil, quietDays: Int = 56) {
        self.before = before
        self.quietDays = quietDays
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("before", before?.text)
        p.set("quiet_days", quietDays)
        return p
    }

    public func validate() throws {
        guard quietDays >= 1 else { throw BadRequest("--quiet-days must be at least 1") }
    }

    /// One item to review: a record past its review date, or a quiet subject.
    public struct Item: Sendable, Encodable {
        /// `retention` or `no_recent_action`.
        public let reason: String
        public let id: String, type: String
        /// The review date, or the date of the last referral or action.
        public let date: String?
        public let detail: String
    }

    /// The items, retention reviews first.
    public struct Answer: Sendable, Encodable {
        public let items: [Item]
        public func encode(to encoder: any Encoder) throws { try items.encode(to: encoder) }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let day = before ?? CalendarDate(Timestamp.now.day)!
        let asOf = Timestamp(iso8601: day.text)!
        var items = try r.reviewsDue(before: day).map { x in
            Item(reason: "retention", id: x.id, type: x.type.rawValue, date: x.review.text, detail: "review due \(x.review.text): keep it with a reason, or erase it")
        }
        let c = try r.casework()
        let groupIDs = Set(c.groups.map(\.id))
        var kinds: [String: String] = [:]
        try r.forEachEntity { kinds[$0.id] = $0.voltType.rawValue }
        for q in c.quietSubjects(days: quietDays, asOf: asOf) {
            items.append(Item(reason: "no_recent_action", id: q.subject, type: groupIDs.contains(q.subject) ? "group" : kinds[q.subject] ?? "unknown",
                              date: q.last?.day, detail: q.last == nil ? "named group with no referral or action" : "last: \(q.lastWhat), over \(quietDays) days ago"))
        }
        return Answer(items: items)
    }
}

/// Intelligence gaps: links resting on one source, ungraded links, children known to one
/// agency, children linked to an offender and never referred, associates of children open to
/// children's social care who are not referred.
public struct GapsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "gaps"
    /// Only these kinds (nil: all).
    public var kinds: Set<GapKind>?
    /// The day (status and referrals are read as they stood; nil: today).
    public var asOf: Timestamp?

    /// A request with these values; every other parameter at its default.
    public init(kinds: Set<GapKind>? = nil, asOf: Timestamp? = nil) {
        self.kinds = kinds
        self.asOf = asOf
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.list("kinds", kinds.map { k in GapKind.allCases.filter(k.contains).map(\.rawValue) })
        p.set("as_of", asOf?.day)
        return p
    }

    /// The gaps, with how many of each kind.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let gaps: [Gap]
        public var counts: [(GapKind, Int)] {
            GapKind.allCases.map { k in (k, gaps.filter { $0.kind == k }.count) }
        }
        public func encode(to encoder: any Encoder) throws { try gaps.encode(to: encoder) }
        public var notes: Parameters {
            var p = Parameters()
            p.set("shown", gaps.count)
            return p
        }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        var links: [Link] = []
        try r.forEachLink { links.append($0) }
        var types: [String: VoltType] = [:]
        try r.forEachEntity { e in if e.kind == .person { types[e.id] = e.voltType } }
        let x = GapInputs(links: links, types: types, agencies: try r.agenciesByPerson(), casework: try r.casework(), asOf: asOf ?? .now)
        return Answer(gaps: findGaps(x).filter { kinds?.contains($0.kind) ?? true })
    }
}
