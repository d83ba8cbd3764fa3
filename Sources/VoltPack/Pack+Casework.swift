import VoltCasework
import VoltGraph
import VoltModel

/// The parts of the pack that follow the panels' agendas: the action tracker from the last
/// meeting, referrals with the referred children's demographics, the two cohorts with
/// movement, outcomes ("good news"), the perpetrator update, children still missing and
/// return interviews not done. A strategic pack gets counts only, suppressed.
func caseworkSections(_ x: PackInputs, start: Int64, end: Int64, strategic: Bool, threshold: Int, ranked: [TopChild], rankedBefore: [TopChild],
                      topN: Int) -> (headlines: [Headline], tables: [PackTable]) {
    let e = x.entities, c = x.casework
    let periodEnd = Timestamp(seconds: end), periodStart = Timestamp(seconds: start)
    let previousStart = start - (end - start + 1), previousEnd = start - 1
    func count(_ n: Int) -> String { strategic && n > 0 && n < threshold ? "<\(threshold)" : String(n) }
    func headline(_ name: String, _ a: Int, _ b: Int?) -> Headline {
        guard let b else { return Headline(name: name, current: count(a), previous: "–", change: "") }
        let hidden = strategic && ((a > 0 && a < threshold) || (b > 0 && b < threshold))
        return Headline(name: name, current: count(a), previous: count(b), change: hidden ? "*" : (a - b > 0 ? "+\(a - b)" : String(a - b)))
    }
    func table(_ id: String, _ title: String, rows: [String], columns: [String], rowTotals: Bool = true, note: String = "", _ value: (Int, Int) -> Int) -> PackTable {
        countTable(id, title, rows: rows, columns: columns, value, rowTotals: rowTotals, note: note, strategic: strategic, threshold: threshold)
    }
    /// A subject as this audience sees it: a person or place by label, a group by its name.
    let groupNames = Dictionary(c.groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    func subject(_ id: String) -> String { e.index(id).map(x.label) ?? groupNames[id].map { "group: \($0)" } ?? id }
    var headlines: [Headline] = [], tables: [PackTable] = []

    // Actions from the last meeting held by the end of the period, and older ones still overdue.
    if let meeting = c.lastMeeting(forum: x.forum, asOf: periodEnd) {
        let fromMeeting = c.actionRows(ActionFilter(meeting: meeting.id), asOf: periodEnd)
        let olderOverdue = c.actionRows(ActionFilter(states: [.overdue]), asOf: periodEnd).filter { $0.action.meeting != meeting.id }
        let states: [ActionState] = [.done, .open, .overdue]
        headlines.append(headline("actions overdue", c.actionRows(ActionFilter(states: [.overdue]), asOf: periodEnd).count, nil))
        let title = "Actions from the last meeting (\(meeting.forum), \(meeting.date.day))"
        if strategic {
            tables.append(table("actions", title, rows: ["from the last meeting", "from earlier meetings"], columns: states.map(\.rawValue)) { i, j in
                (i == 0 ? fromMeeting : c.actionRows(ActionFilter(), asOf: periodEnd).filter { $0.action.meeting != meeting.id })
                    .filter { $0.state == states[j] }.count
            })
        } else {
            // The last meeting's actions first, overdue, then open by due date, then done; then
            // older actions still overdue, the longest overdue first.
            let order: [ActionState: Int] = [.overdue: 0, .open: 1, .done: 2]
            let rows = fromMeeting.enumerated().sorted { a, b in
                (order[a.element.state] ?? 3, a.element.action.due?.seconds ?? .max, a.offset) < (order[b.element.state] ?? 3, b.element.action.due?.seconds ?? .max, b.offset)
            }.map(\.element) + olderOverdue.enumerated().sorted { a, b in
                (a.element.action.due?.seconds ?? .max, a.offset) < (b.element.action.due?.seconds ?? .max, b.offset)
            }.map(\.element)
            tables.append(PackTable(id: "actions", title: title, rows: rows.map(\.action.id),
                                    columns: ["state", "subject", "owner", "action", "due", "decision", "meeting"],
                                    cells: rows.map { r in
                                        [r.state.rawValue, subject(r.action.subject), words(r.action.owner), r.action.description, r.action.due?.day ?? "",
                                         words(r.action.decision ?? ""), r.action.meeting == meeting.id ? "last" : r.meeting?.date.day ?? r.action.meeting]
                                    },
                                    note: "State on the pack's last day: done once closed, overdue when open past its due date. The last meeting's actions first (overdue, then open by due date, then done), then older actions still overdue, the longest overdue first."))
        }
    }

    // Referrals this period, and the children referred.
    let people = Dictionary(uniqueKeysWithValues: e.ids.indices.filter { e.types[$0] != .location && e.types[$0] != .theme }.map { i in
        (e.ids[i], PersonFacts(gender: x.gender[i], ageBand: x.ageBand[i], ethnicity: x.ethnicity.isEmpty ? nil : x.ethnicity[i]))
    })
    let thisPeriod = c.referrals.filter { $0.date >= periodStart && $0.date <= periodEnd }
    let lastPeriod = c.referrals.filter { $0.date.seconds >= previousStart && $0.date.seconds <= previousEnd }
    let referred = Set(thisPeriod.map(\.subject).filter { people[$0] != nil }).sorted()
    headlines.append(headline("referrals", thisPeriod.count, lastPeriod.count))
    headlines.append(headline("children referred", referred.count, Set(lastPeriod.map(\.subject).filter { people[$0] != nil }).count))
    if !thisPeriod.isEmpty {
        let byAgency = tallyReferrals(thisPeriod, people: people, from: periodStart, to: periodEnd, by: .agency).rows
        tables.append(table("referrals", "Referrals this month, by referring agency", rows: byAgency.map(\.key), columns: ["referrals"], rowTotals: false,
                            note: "A referral of a place or a named group counts here too.") { i, _ in byAgency[i].referrals })
        func facts(_ id: String, _ f: (PersonFacts) -> String?) -> String { people[id].flatMap(f) ?? "not recorded" }
        let genders = Set(referred.map { facts($0, \.gender) }).sorted(), bands = Set(referred.map { facts($0, \.ageBand) }).sorted()
        tables.append(table("referred", "Children referred this month, by age band and gender", rows: bands, columns: genders,
                            note: "Each child once, however often referred.") { i, j in
            referred.filter { facts($0, \.ageBand) == bands[i] && facts($0, \.gender) == genders[j] }.count
        })
        let ethnicities = Set(referred.map { facts($0, \.ethnicity) }).sorted()
        if ethnicities != ["not recorded"] {
            tables.append(table("referred-ethnicity", "Children referred this month, by ethnicity", rows: ethnicities, columns: ["children"], rowTotals: false) { i, _ in
                referred.filter { facts($0, \.ethnicity) == ethnicities[i] }.count
            })
        }
    }

    // The cohorts, with movement against the previous period (panel: individuals).
    if !strategic {
        let open = c.openToCSC(at: periodEnd), openBefore = c.openToCSC(at: Timestamp(seconds: previousEnd))
        for (id, title, inCohort) in [("cohort-csc", "Cohort 1: highest risk, open to children's social care", true),
                                      ("cohort-not-csc", "Cohort 2: emerging, not open to children's social care", false)] {
            let now = ranked.filter { open.contains(e.ids[$0.child]) == inCohort }.prefix(topN)
            let before = rankedBefore.filter { openBefore.contains(e.ids[$0.child]) == inCohort }.prefix(topN)
            let (moves, left) = movement(current: now.map { e.ids[$0.child] }, previous: before.map { e.ids[$0.child] })
            let cells = zip(now, moves).enumerated().map { i, p in [String(i + 1), formatScore(p.0.score), p.1.description] }
            // Those who left are named in a line, not a row each: the table is this month's list.
            let leavers = left.compactMap(e.index).map(x.label)
            tables.append(PackTable(id: id, title: title, rows: now.map { x.label($0.child) }, columns: ["rank", "score", "movement"], cells: cells,
                                    note: (leavers.isEmpty ? "" : "Left the list since last month: \(leavers.joined(separator: ", ")). ")
                                        + "Open to CSC: a csc_assessment, cin, cp or cla spell open on the pack's last day. Movement against last month's list."))
        }
    }

    // Outcomes: the good news.
    let outcomes = c.outcomes.filter { $0.date >= periodStart && $0.date <= periodEnd }
    headlines.append(headline("disruptions (arrests, charges, orders, CAWNs)", outcomes.filter(\.type.isDisruption).count,
                              c.outcomes.filter { $0.date.seconds >= previousStart && $0.date.seconds <= previousEnd && $0.type.isDisruption }.count))
    if !outcomes.isEmpty {
        if strategic {
            let types = Set(outcomes.map(\.type.rawValue)).sorted()
            tables.append(table("outcomes", "Outcomes this month", rows: types, columns: ["outcomes"], rowTotals: false) { i, _ in
                outcomes.filter { $0.type.rawValue == types[i] }.count
            })
        } else {
            let sorted = outcomes.sorted { ($0.type.isDisruption ? 0 : 1, $0.date, $0.subject) < ($1.type.isDisruption ? 0 : 1, $1.date, $1.subject) }
            tables.append(PackTable(id: "outcomes", title: "Outcomes this month: the good news first", rows: sorted.map { subject($0.subject) },
                                    columns: ["outcome", "date", "agency", "note"],
                                    cells: sorted.map { [$0.type.rawValue, $0.date.day, $0.agency, $0.note ?? ""] },
                                    note: "Arrests, charges, disruption orders and CAWNs first."))
        }
    }

    // Perpetrator update: offenders with new links to children or outcomes this month.
    if !strategic {
        let isChild = e.types.map { $0 == .victim || $0 == .victimOffender }, isOffender = e.types.map { $0 == .offender || $0 == .victimOffender }
        var newLinks: [Int: Set<Int>] = [:]
        for k in 0..<x.links.count where x.links.start[k] >= start && x.links.start[k] <= end {
            let a = Int(x.links.src[k]), b = Int(x.links.dst[k])
            for (o, ch) in [(a, b), (b, a)] where isOffender[o] && isChild[ch] && o != ch && e.types[o] == .offender { newLinks[o, default: []].insert(ch) }
        }
        var outcomesOf: [Int: [String]] = [:]
        for o in outcomes { if let i = e.index(o.subject), e.types[i] == .offender { outcomesOf[i, default: []].append(o.type.rawValue) } }
        let offenders = Set(newLinks.keys).union(outcomesOf.keys).sorted { ((newLinks[$1]?.count ?? 0), x.label($0)) < ((newLinks[$0]?.count ?? 0), x.label($1)) }
        if !offenders.isEmpty {
            tables.append(PackTable(id: "perpetrators", title: "Perpetrator update", rows: offenders.map(x.label),
                                    columns: ["children newly linked this month", "outcomes this month"],
                                    cells: offenders.map { [String(newLinks[$0]?.count ?? 0), (outcomesOf[$0] ?? []).sorted().joined(separator: ", ")] },
                                    note: "Adult offenders with links to children recorded this month, or an outcome this month."))
        }
    }

    // Still missing at the end of the period, with hours missing up to it; return interviews.
    var still: [(Int, Int64)] = []
    var notInterviewed: [(Int, Int64, Int64)] = []
    for k in 0..<x.missing.count {
        let p = Int(x.missing.person[k])
        if x.missing.start[k] <= end && x.missing.end[k] > end { still.append((p, x.missing.start[k])) }
        if x.missing.end[k] >= start && x.missing.end[k] <= end && !x.interviewed.contains(x.missing.row[k]) {
            notInterviewed.append((p, x.missing.start[k], x.missing.end[k]))
        }
    }
    headlines.append(headline("children still missing at the end of the month", Set(still.map(\.0)).count, nil))
    headlines.append(headline("return interviews not recorded", notInterviewed.count, nil))
    if !strategic && !still.isEmpty {
        let rows = still.sorted { $0.1 < $1.1 }
        tables.append(PackTable(id: "still-missing", title: "Children still missing at the end of the month", rows: rows.map { x.label($0.0) },
                                columns: ["missing since", "hours missing to \(periodEnd.day)"],
                                cells: rows.map { [Timestamp(seconds: $0.1).iso8601, String(format: "%.1f", Double(end - $0.1) / 3600)] },
                                note: "Hours counted up to the last second of the pack's period."))
    }
    if !strategic && !notInterviewed.isEmpty {
        let rows = notInterviewed.sorted { $0.2 < $1.2 }
        tables.append(PackTable(id: "return-interviews", title: "Return interviews not recorded", rows: rows.map { x.label($0.0) },
                                columns: ["missing from", "returned", "days since return"],
                                cells: rows.map { [Timestamp(seconds: $0.1).day, Timestamp(seconds: $0.2).day, String((end - $0.2) / 86_400)] },
                                note: "Episodes that ended this month with no return (Safe and Well) interview recorded."))
    }
    return (headlines, tables)
}

/// A vocabulary word as a reader says it, so that a narrow column can wrap it: `youth services`.
func words(_ code: String) -> String { String(code.map { $0 == "_" ? " " : $0 }) }

func formatScore(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }
