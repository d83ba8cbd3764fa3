import VoltModel

/// What the generator planted in the casework, for tests to find again.
public struct CaseworkTruth: Sendable, Hashable, Codable {
    /// Children open to children's social care at the end who should top `volt top --cohort
    /// csc` for the last month (in any order).
    public var cohortOpenToCSC: [String] = []
    /// The child not open to CSC who should top `volt top --cohort not-csc` for the last month.
    public var cohortNotOpen: [String] = []
    /// Actions open past their due date at the end of the data.
    public var overdueActions: [String] = []
    /// Referrals dated in each month (`2026-10`: 7).
    public var referralsByMonth: [String: Int] = [:]
    /// The named group recorded in groups.csv, and the planted peer group it is.
    public var namedGroup = "", namedGroupPlanted = ""
    /// The last meeting of the EFH panel.
    public var lastMeeting = ""
}

extension SampleGenerator.Builder {
    static let referringAgencies = ["police", "education", "social_care", "health", "youth_services"]

    /// The panels' casework over the evidence: monthly EFH meetings, a referral for every
    /// child in the victim role (some twice), case status spells, actions at each meeting
    /// (most done, some overdue), outcomes, return interviews, and one named group. It runs
    /// last, on a random stream of its own, so that the evidence is the same with or without it.
    mutating func makeCasework() {
        rng = SplitMix64(seed: o.seed &+ 0x5EED_CA5E)
        let day = SampleGenerator.day
        var c = Casework()
        var t = CaseworkTruth()
        let children = area.entities.filter { $0.isVictim }.sorted { $0.id < $1.id }
        let high = area.truth.highHarm

        // Meetings: the EFH panel on the 7th of each month, the MACE every third month.
        var m = Month(containing: Timestamp(seconds: start))
        var k = 0
        while m.start.seconds < o.end.seconds {
            let date = Timestamp(seconds: m.start.seconds + 6 * day + 10 * 3600)
            if date.seconds < o.end.seconds {
                c.meetings.append(Meeting(id: "EFH-\(m)", forum: "efh_tactical", date: date, chair: "Chair, EFH tactical panel"))
                if k % 3 == 2 { c.meetings.append(Meeting(id: "MACE-\(m)", forum: "mace", date: Timestamp(seconds: date.seconds + 7 * day), chair: "Chair, MACE")) }
            }
            k += 1
            m = Month(containing: Timestamp(seconds: m.end.seconds + 1))
        }
        t.lastMeeting = c.meetings.filter { $0.forum == "efh_tactical" }.last?.id ?? ""

        // Referrals: each child in the victim role, soon after harm was first recorded.
        let themesOf = Dictionary(grouping: area.links.filter { $0.type == .linkedToTheme }, by: \.from).mapValues { Array(Set($0.map(\.to))).sorted() }
        let reasons = ["seen with older males at a hangout", "found with unexplained cash and a second phone", "missing from home overnight",
                       "disclosure to a teacher", "associates linked to drug supply", "concern from a youth worker"]
        var n = 0
        for child in children {
            let since = child.victimSince?.seconds ?? start
            var dates = [since + rng.int64(21 * day)]
            if chance(0.25) { dates.append(dates[0] + (30 + rng.int64(120)) * day) }
            if high.contains(child.id) { dates.append(o.end.seconds - (20 + rng.int64(5)) * day) }
            for d in dates where d >= start && d < o.end.seconds {
                n += 1
                var r = Referral(id: format3("REF-", n), subject: child.id, date: Timestamp(seconds: d - d % day + (9 + rng.int64(8)) * 3600),
                                 agency: pick(Self.referringAgencies))
                r.reason = pick(reasons)
                r.themes = Array((themesOf[child.id] ?? []).prefix(2))
                var contexts: [SafeguardingContext] = [pick([.peers, .neighbourhood, .school, .online])]
                if chance(0.4) { contexts.append(pick([.family, .child, .online])) }
                r.contexts = Array(uniqued(contexts))
                r.forum = "efh_tactical"
                r.referrer = "\(r.agency) safeguarding lead"
                c.referrals.append(r)
            }
        }

        // One named group: the first planted group, recorded by the panel when it formed; one
        // member moved away four months before the end.
        if let g = area.truth.groups.first {
            let placeName = area.entities.first { $0.id == g.hangouts[0] }?.name ?? g.hangouts[0]
            let named = NamedGroup(id: "NG-01", name: "\(placeName) group", kind: .peerGroup)
            c.groups.append(named)
            for (i, member) in g.members.enumerated() {
                let leaves = i == g.members.count - 1 && g.members.count > 4
                c.memberships.append(GroupMembership(group: named.id, member: member, from: g.formed,
                                                     to: leaves ? Timestamp(seconds: o.end.seconds - 120 * day) : nil))
            }
            t.namedGroup = named.id
            t.namedGroupPlanted = g.id
            n += 1
            var r = Referral(id: format3("REF-", n), subject: named.id, date: Timestamp(seconds: g.formed.seconds + 45 * day), agency: "police")
            r.reason = "a group gathering at \(placeName), adults seen approaching"
            r.contexts = [.peers, .neighbourhood]
            r.forum = "efh_tactical"
            c.referrals.append(r)
        }
        // A place referred (the one heating up), in the last month.
        n += 1
        var place = Referral(id: format3("REF-", n), subject: area.truth.risingLocation, date: Timestamp(seconds: o.end.seconds - 25 * day), agency: "youth_services")
        place.reason = "young people gathering late; older males seen"
        place.contexts = [.neighbourhood]
        place.forum = "efh_tactical"
        c.referrals.append(place)
        c.referrals.sort { ($0.date, $0.id) < ($1.date, $1.id) }
        for r in c.referrals { t.referralsByMonth[r.date.month, default: 0] += 1 }

        // Case status. The first two high-harm children are open to CSC (child protection,
        // child in need); the third is not, so each cohort has a planted child to top it.
        let end = o.end.seconds
        if high.count >= 3 {
            c.statuses.append(spell(high[0], "cp", from: end - 150 * day))
            c.statuses.append(spell(high[1], "cin", from: end - 90 * day))
            t.cohortOpenToCSC = [high[0], high[1]]
            t.cohortNotOpen = [high[2]]
        }
        let exploited = Set(area.links.filter { $0.type == .exploits }.map(\.to))
        for child in children where !high.contains(child.id) {
            let roll = rng.unit()
            // Open CSC spells only for children no offender exploits: cohort 1's planted children stay on top.
            if roll < 0.12 && !exploited.contains(child.id) {
                c.statuses.append(spell(child.id, pick(["cin", "cla", "csc_assessment"]), from: start + rng.int64(200 * day)))
            } else if roll < 0.25 {
                let from = start + rng.int64(150 * day)
                var s = spell(child.id, pick(["early_help", "cin", "csc_assessment"]), from: from)
                s.to = Timestamp(seconds: from + (30 + rng.int64(60)) * day)  // stepped down
                c.statuses.append(s)
            }
            if chance(0.12) { c.statuses.append(spell(child.id, pick(["send", "ehcp"]), from: start - 400 * day, agency: "education")) }
            if child.isOffender && chance(0.5) { c.statuses.append(spell(child.id, "yjs", from: start + rng.int64(250 * day), agency: "youth_justice")) }
        }
        c.statuses.sort { ($0.subject, $0.from, $0.status.rawValue) < ($1.subject, $1.from, $1.status.rawValue) }

        // Actions: at each EFH meeting, for the subjects referred since the meeting before.
        let descriptions = ["visit the family and complete a risk assessment", "school to set up a trusted adult", "patrols at the hangout after school",
                            "share intelligence with the county lines team", "youth worker to make contact", "review the child's plan at the next meeting"]
        let decisions = ["context_assessment", "refer_csc", "step_down", "escalate_mace", "disruption_plan"]
        let efh = c.meetings.filter { $0.forum == "efh_tactical" }
        var a = 0
        for (i, meeting) in efh.enumerated() {
            let since = i == 0 ? Timestamp(seconds: start) : efh[i - 1].date
            for r in c.referrals where r.date > since && r.date <= meeting.date {
                a += 1
                var action = PanelAction(id: format3("ACT-", a), subject: r.subject, meeting: meeting.id, owner: pick(Self.referringAgencies),
                                         description: pick(descriptions))
                let due = meeting.date.seconds + (14 + rng.int64(15)) * day
                action.due = Timestamp(seconds: due - due % day)
                action.decision = pick(decisions)
                action.contexts = r.contexts.prefix(1).map { $0 }
                // Done when due well before the end, mostly; a few left overdue.
                if due < end - 10 * day && chance(0.85) {
                    action.closed = Timestamp(seconds: due - rng.int64(10) * day)
                } else if due < end && chance(0.5) {
                    action.closed = Timestamp(seconds: min(end - day, due + rng.int64(5) * day))
                }
                c.actions.append(action)
            }
        }
        t.overdueActions = c.actions.filter { $0.state(at: Timestamp(seconds: end - 1)) == .overdue }.map(\.id)

        // Outcomes: arrests, a charge, an order and CAWNs against the brokers; Safe and Well
        // checks; a police report, an exclusion, an NRM referral.
        let brokers = area.truth.brokers
        for (i, b) in brokers.enumerated() {
            c.outcomes.append(outcome(b, i == 0 ? "cawn" : "arrest", at: end - (10 + rng.int64(40)) * day))
            if i == 0 { c.outcomes.append(outcome(b, "arrest", at: end - (3 + rng.int64(5)) * day)) }
            if i == 1 { c.outcomes.append(outcome(b, "charge", at: end - (60 + rng.int64(30)) * day)) }
            if i == 2 { c.outcomes.append(outcome(b, "disruption_order", at: end - (20 + rng.int64(20)) * day)) }
        }
        for child in children.prefix(40) where chance(0.15) {
            c.outcomes.append(outcome(child.id, pick(["police_report", "exclusion"]), at: start + rng.int64(360 * day), agency: pick(["police", "education"])))
        }
        if let vo = area.truth.victimOffenders.first { c.outcomes.append(outcome(vo, "nrm_referral", at: end - 70 * day, agency: "social_care")) }

        // Return interviews: most episodes that ended get one within three days.
        for i in area.missing.indices {
            guard let back = area.missing[i].end, chance(0.75) else { continue }
            area.missing[i].returnInterview = Timestamp(seconds: back.seconds + (6 + rng.int64(66)) * 3600)
            area.missing[i].returnInterviewBy = pick(["youth_services", "social_care"])
            if area.missing[i].returnInterview!.seconds < end {
                c.outcomes.append(outcome(area.missing[i].person, "safe_and_well", at: area.missing[i].returnInterview!.seconds,
                                          agency: area.missing[i].returnInterviewBy!))
            }
        }
        c.outcomes.sort { ($0.date, $0.subject, $0.type.rawValue) < ($1.date, $1.subject, $1.type.rawValue) }
        area.casework = c
        area.truth.casework = t
    }

    private func spell(_ id: String, _ status: String, from: Int64, agency: String = "social_care") -> StatusSpell {
        var s = StatusSpell(subject: id, status: CaseStatus(parsing: status)!, from: Timestamp(seconds: from - from % SampleGenerator.day))
        s.agency = agency
        return s
    }

    private func outcome(_ id: String, _ type: String, at t: Int64, agency: String = "police") -> Outcome {
        Outcome(subject: id, type: OutcomeType(parsing: type)!, date: Timestamp(seconds: t - t % SampleGenerator.day), agency: agency)
    }
}

/// The items in order, each once.
private func uniqued<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}
