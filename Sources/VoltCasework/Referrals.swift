import VoltModel

/// How referrals are counted: by calendar month, by week (Monday to Sunday), by referring
/// agency, by theme, or by the context of harm named first.
public enum ReferralGrouping: String, Sendable, CaseIterable, Codable {
    case month, week, agency, theme, context
}

/// What is known of a person for the demographics of a referral count.
public struct PersonFacts: Sendable, Hashable {
    public var gender: String?
    public var dateOfBirth: CalendarDate?
    /// Recorded age band, used when there is no date of birth.
    public var ageBand: String?
    public var ethnicity: String?

    /// Facts as recorded (any may be missing).
    public init(gender: String? = nil, dateOfBirth: CalendarDate? = nil, ageBand: String? = nil, ethnicity: String? = nil) {
        self.gender = gender
        self.dateOfBirth = dateOfBirth
        self.ageBand = ageBand
        self.ethnicity = ethnicity
    }
}

/// The children behind a count, described: each count is of distinct children, "not recorded"
/// where the records do not say.
public struct Demographics: Sendable, Hashable, Codable {
    public var gender: [String: Int] = [:]
    /// Age band at the child's first referral counted here.
    public var ageBand: [String: Int] = [:]
    public var ethnicity: [String: Int] = [:]
    /// Children with a SEND or EHCP status open at that referral.
    public var send = 0

    public init() {}
}

/// One row of a referral count.
public struct ReferralTally: Sendable, Hashable, Codable {
    /// The month (`2026-10`), the week's Monday (`2026-10-05`), the agency, theme or context.
    public var key: String
    /// Referrals counted (a referral naming two themes counts once under each theme).
    public var referrals = 0
    /// Distinct children referred.
    public var children = 0
    /// Referrals of a place or a named group rather than a child.
    public var otherSubjects = 0
    public var demographics = Demographics()

    public init(key: String) { self.key = key }
}

/// Counts the referrals dated in `from...to` by `grouping`, with distinct children and their
/// demographics per row, and a total row (distinct over the whole window). A referral's
/// subject is a child when `people` knows it. Month and week rows are listed for the whole
/// window, empty ones included, so a trend has no gaps; other rows are sorted by key.
/// `themeNames` gives a theme id's display name; `send` says whether a child had a SEND or
/// EHCP status open on a day.
public func tallyReferrals(_ referrals: [Referral], people: [String: PersonFacts], from: Timestamp, to: Timestamp,
                           by grouping: ReferralGrouping, themeNames: [String: String] = [:],
                           send: (String, Timestamp) -> Bool = { _, _ in false }) -> (rows: [ReferralTally], total: ReferralTally) {
    let inWindow = referrals.filter { $0.date >= from && $0.date <= to }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    func keys(_ r: Referral) -> [String] {
        switch grouping {
        case .month: return [r.date.month]
        case .week: return [weekStart(r.date).day]
        case .agency: return [r.agency]
        case .theme: return r.themes.isEmpty ? ["(none)"] : r.themes.map { themeNames[$0] ?? $0 }
        case .context: return [r.contexts.first?.rawValue ?? "(none)"]
        }
    }
    var rows: [String: ReferralTally] = [:]
    var seen: [String: Set<String>] = [:]
    var total = ReferralTally(key: "Total"), seenTotal = Set<String>()
    func add(_ r: Referral, to t: inout ReferralTally, seen: inout Set<String>) {
        t.referrals += 1
        guard let facts = people[r.subject] else { t.otherSubjects += 1; return }
        guard seen.insert(r.subject).inserted else { return }
        t.children += 1
        t.demographics.gender[facts.gender ?? "not recorded", default: 0] += 1
        let band = facts.dateOfBirth.flatMap { ageBand(dateOfBirth: $0.text, at: r.date.seconds) } ?? facts.ageBand ?? "not recorded"
        t.demographics.ageBand[band, default: 0] += 1
        t.demographics.ethnicity[facts.ethnicity ?? "not recorded", default: 0] += 1
        if send(r.subject, r.date) { t.demographics.send += 1 }
    }
    for r in inWindow {
        for k in Set(keys(r)) { add(r, to: &rows[k, default: ReferralTally(key: k)], seen: &seen[k, default: []]) }
        add(r, to: &total, seen: &seenTotal)
    }
    var order: [String]
    switch grouping {
    case .month:
        order = []
        var m = Month(containing: from)
        while m.start <= to { order.append(m.description); m = Month(containing: Timestamp(seconds: m.end.seconds + 1)) }
    case .week:
        order = []
        var w = weekStart(from)
        while w <= to { order.append(w.day); w = Timestamp(seconds: w.seconds + 7 * 86_400) }
    default:
        order = rows.keys.sorted()
    }
    return (order.map { rows[$0] ?? ReferralTally(key: $0) }, total)
}

/// Midnight (UTC) of the Monday of the week holding `t`.
public func weekStart(_ t: Timestamp) -> Timestamp {
    let day = (t.seconds - ((t.seconds % 86_400) + 86_400) % 86_400) / 86_400
    // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
    let weekday = ((day + 3) % 7 + 7) % 7
    return Timestamp(seconds: (day - weekday) * 86_400)
}
