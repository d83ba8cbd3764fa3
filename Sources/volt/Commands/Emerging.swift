import ArgumentParser
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

struct EmergingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerging",
        abstract: "What is new or growing since the last period: new, grown, merged and split peer groups, groups newly in contact with an offender, victims newly linked to offenders, rising locations.",
        discussion: """
            Compares the current period (--since to --to, default now) with a baseline just before it (--baseline long, default 90d), or two explicit windows (--baseline-from/--baseline-to and --since/--to).

            Peer groups are young people (everyone but those recorded only as offenders) joined by associate or co_offends links active in the period (family links are left out: siblings in different groups would join them). A current group continues a baseline group when they share at least --similarity of their combined members (Jaccard, default 0.3); it is merged when two or more baseline groups each put that share of their members into it; a baseline group split when two or more current groups each took that share of their members from it; a group no baseline group continues is new. Offender contact is any link between people (including exploits and supplies) with someone recorded as an offender. A victim is newly linked to an offender when their first link of any kind between people starts in the current period. A location is rising when its sightings per day are at least --rising-factor times the baseline's and it has at least --rising-min sightings now.

            Every change comes with its evidence: the links (type, date, source, reference) and the new people seen at rising locations; --evidence prints them in the table.

            Examples:
              volt emerging --since 2026-09-01 --baseline 90d --purpose "CE coordinator: emerging concerns"
              volt emerging --baseline-from 2026-03-01 --baseline-to 2026-05-31 --since 2026-06-01 --to 2026-08-31 --format json --purpose "quarterly review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("The current period starts here (ISO 8601).", valueName: "date"))
    var since: String

    @Option(help: ArgumentHelp("The current period ends here (default now; a bare date: the whole day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("The baseline is this long, ending just before --since (like 90d).", valueName: "duration"))
    var baseline = "90d"

    @Option(name: .customLong("baseline-from"), help: ArgumentHelp("Or: the baseline starts here (with --baseline-to).", valueName: "date"))
    var baselineFrom: String?

    @Option(name: .customLong("baseline-to"), help: ArgumentHelp("Or: the baseline ends here.", valueName: "date"))
    var baselineTo: String?

    @Option(help: "Groups match when they share at least this share of their combined members (0–1).")
    var similarity = 0.3

    @Option(name: .customLong("rising-factor"), help: "Rising: sightings per day at least this many times the baseline's.")
    var risingFactor = 2.0

    @Option(name: .customLong("rising-min"), help: "Rising: at least this many sightings in the current period.")
    var risingMinimum = 3

    @Flag(help: "Show every group, including those that only continue.")
    var all = false

    @Flag(help: "In the table, list the links and people behind each change.")
    var evidence = false

    func validate() throws {
        guard similarity > 0 && similarity <= 1 else { throw ValidationError("--similarity must be more than 0 and at most 1") }
        guard risingFactor > 0 && risingFactor.isFinite else { throw ValidationError("--rising-factor must be more than 0") }
        guard risingMinimum >= 1 else { throw ValidationError("--rising-min must be at least 1") }
        guard (baselineFrom == nil) == (baselineTo == nil) else {
            throw ValidationError("--baseline-from and --baseline-to go together: give both, or neither and --baseline")
        }
    }

    /// The two periods, checked.
    func periods() throws -> (baseline: Period, current: Period) {
        let start = try parseTime(since, option: "--since")!
        let end = try parseTime(to, option: "--to", endOfDay: true) ?? Timestamp.now
        guard start <= end else { throw ValidationError("the current period is empty: --since \(since) is after --to \(to ?? "now")") }
        let base: Period
        if let baselineFrom, let baselineTo {
            let a = try parseTime(baselineFrom, option: "--baseline-from")!, b = try parseTime(baselineTo, option: "--baseline-to", endOfDay: true)!
            guard a <= b else { throw ValidationError("the baseline is empty: --baseline-from \(baselineFrom) is after --baseline-to \(baselineTo)") }
            guard b < start else {
                throw ValidationError("the baseline must end before the current period starts: --baseline-to \(baselineTo) is not before --since \(since)")
            }
            base = Period(from: a.seconds, to: b.seconds)
        } else {
            let length = try parseDuration(baseline, option: "--baseline")
            base = Period(from: start.seconds - length, to: start.seconds - 1)
        }
        return (base, Period(from: start.seconds, to: end.seconds))
    }

    func run() throws {
        try guarded {
            let (base, current) = try periods()
            let (s, ctx) = try store.open()
            var q = EmergingQuery(baseline: base, current: current)
            q.similarity = similarity
            q.risingFactor = risingFactor
            q.risingMinimum = risingMinimum
            let summary = "emerging since=\(since) to=\(to ?? "now") baseline=\(shortTime(base.from))..\(shortTime(base.to)) similarity=\(similarity)"
            let (entities, links, report, evidenceLinks, sightingTable, evidenceSightings) = try s.consult(ctx, summary: summary) { r in
                let entities = try EntityTable(r)
                // Every link (not only the two periods): "newly linked" means never linked before.
                let links = try TimedLinkTable(r, entities: entities)
                let sightings = try SightingTable(r, entities: entities, from: Timestamp(seconds: base.from), to: Timestamp(seconds: current.to))
                let report = emerging(links: links, sightings: sightings, entities: entities, query: q)
                let rows = report.groups.flatMap(\.evidence) + report.newVictimOffenderLinks.flatMap(\.evidence)
                let seen = report.risingLocations.flatMap(\.evidence).map { sightings.row[$0] }
                return (entities, links, report, try r.links(rows: rows.map { links.row[$0] }), sightings, try r.sightings(rows: seen))
            }
            let id = { (i: Int) in entities.ids[i] }
            let ids = { (xs: [Int]) in xs.map(id) }
            let groups = all ? report.groups : report.groups.filter { $0.kind != .continuing || !$0.newOffenders.isEmpty }
            let linkOf = { (k: Int) in evidenceLinks[links.row[k]] }
            switch output.format {
            case .json:
                struct Group: Encodable {
                    let kind: String, members: [String], from: [[String]], joined: [String], left: [String], similarity: Double
                    let growth: Double?, offenders: [String], newOffenders: [String], newlyInContact: Bool, evidence: [Link]
                }
                struct NewLink: Encodable { let victim: String, offender: String, links: [Link] }
                struct Rising: Encodable {
                    let location: String, currentSightings: Int, baselineSightings: Int, currentPeople: Int, baselinePeople: Int
                    let newPeople: [String], rise: Double?, sightings: [Sighting]
                }
                struct Result: Encodable {
                    let baseline: [String], current: [String], groups: [Group], splits: [[String: [[String]]]]
                    let newVictimOffenderLinks: [NewLink], risingLocations: [Rising]
                }
                let iso = { (t: Int64) in Timestamp(seconds: t).iso8601 }
                var query = ["since": since, "to": to ?? "now", "similarity": String(similarity), "rising_factor": String(risingFactor),
                             "rising_min": String(risingMinimum)]
                if let baselineFrom, let baselineTo { query["baseline_from"] = baselineFrom; query["baseline_to"] = baselineTo } else { query["baseline"] = baseline }
                try printJSON(query: query, results: Result(
                    baseline: [iso(base.from), iso(base.to)], current: [iso(current.from), iso(current.to)],
                    groups: groups.map { g in
                        Group(kind: g.kind.rawValue, members: ids(g.members), from: g.from.map(ids), joined: ids(g.joined), left: ids(g.left),
                              similarity: g.similarity, growth: g.growth.isFinite ? g.growth : nil, offenders: ids(g.offenders),
                              newOffenders: ids(g.newOffenders), newlyInContact: g.newlyInContact, evidence: g.evidence.compactMap(linkOf))
                    },
                    splits: report.splits.map { ["members": [ids($0.members)], "into": $0.into.map(ids)] },
                    newVictimOffenderLinks: report.newVictimOffenderLinks.map { NewLink(victim: id($0.victim), offender: id($0.offender), links: $0.evidence.compactMap(linkOf)) },
                    risingLocations: report.risingLocations.map {
                        Rising(location: id($0.place), currentSightings: $0.currentSightings, baselineSightings: $0.baselineSightings,
                               currentPeople: $0.currentPeople, baselinePeople: $0.baselinePeople, newPeople: ids($0.newPeople),
                               rise: $0.rise.isFinite ? $0.rise : nil, sightings: $0.evidence.compactMap { evidenceSightings[sightingTable.row[$0]] })
                    }))
            case .csv:
                var t = Table(["change", "subject", "members", "detail"])
                for g in groups {
                    t.add(["group " + g.kind.rawValue, ids(g.members).joined(separator: " "), String(g.members.count),
                           "joined: \(ids(g.joined).joined(separator: " ")); new offenders: \(ids(g.newOffenders).joined(separator: " "))"])
                }
                for x in report.splits { t.add(["group split", ids(x.members).joined(separator: " "), String(x.members.count), x.into.map { ids($0).joined(separator: " ") }.joined(separator: " | ")]) }
                for x in report.newVictimOffenderLinks { t.add(["new victim-offender link", "\(id(x.victim)) \(id(x.offender))", "2", "first: \(Timestamp(seconds: links.start[x.evidence[0]]).iso8601)"]) }
                for x in report.risingLocations { t.add(["rising location", id(x.place), String(x.currentPeople), "sightings \(x.baselineSightings) -> \(x.currentSightings)"]) }
                print(t.csv)
            case .table:
                print("Current period \(shortTime(current.from)) to \(shortTime(current.to)), against \(shortTime(base.from)) to \(shortTime(base.to)).")
                print("\nPeer groups (\(groups.count) of \(report.groups.count) \(all ? "" : "that changed ")shown):")
                for g in groups {
                    var line = "  \(g.kind.rawValue.uppercased()) \(g.members.count) members"
                    if g.kind == .grown, let b = g.from.first { line += " (was \(b.count), +\(Int((g.growth * 100).rounded()))%)" }
                    if g.kind == .merged { line += " from \(g.from.count) groups of " + g.from.map { String($0.count) }.joined(separator: ", ") }
                    if g.newlyInContact { line += "; NEWLY IN CONTACT with offender " + ids(g.newOffenders).joined(separator: " ") } else if !g.newOffenders.isEmpty { line += "; new offender contact " + ids(g.newOffenders).joined(separator: " ") }
                    print(line)
                    print("    members: " + ids(g.members).joined(separator: " "))
                    if !g.joined.isEmpty && g.kind != .new { print("    joined: " + ids(g.joined).joined(separator: " ")) }
                    if evidence { for k in g.evidence { if let l = linkOf(k) { print("    " + describe(l)) } } }
                }
                for x in report.splits { print("  SPLIT [" + ids(x.members).joined(separator: " ") + "] into " + x.into.map { "[" + ids($0).joined(separator: " ") + "]" }.joined(separator: " ")) }
                print("\nVictims newly linked to offenders: \(report.newVictimOffenderLinks.count)")
                for x in report.newVictimOffenderLinks {
                    print("  \(id(x.victim)) (\(entities.names[x.victim])) – \(id(x.offender)) (\(entities.names[x.offender])) since \(shortTime(links.start[x.evidence[0]]))")
                    if evidence { for k in x.evidence { if let l = linkOf(k) { print("    " + describe(l)) } } }
                }
                print("\nRising locations: \(report.risingLocations.count)")
                for x in report.risingLocations {
                    print("  \(id(x.place)) \(entities.names[x.place]): \(x.baselineSightings) sightings before, \(x.currentSightings) now"
                          + (x.rise.isFinite ? " (×\(format1(x.rise)) per day)" : "") + "; \(x.currentPeople) people, \(x.newPeople.count) not seen there before")
                    if evidence {
                        print("    new people: " + ids(x.newPeople).joined(separator: " "))
                        let sources = Dictionary(grouping: x.evidence.compactMap { evidenceSightings[sightingTable.row[$0]]?.provenance.source }, by: { $0 })
                        print("    sightings by source: " + sources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.count)" }.joined(separator: ", ")
                              + "; first \(shortTime(sightingTable.start[x.evidence.first!])), last \(shortTime(sightingTable.start[x.evidence.last!]))")
                    }
                }
            }
        }
    }
}

/// One link for a person to read: type, the two ends, dates, source, reference, grading.
func describe(_ l: Link) -> String {
    "\(l.type) \(l.from) – \(l.to), \(l.start.day)" + (l.end.map { $0 == l.start ? "" : " to \($0.day)" } ?? " onwards")
        + ", \(l.provenance.source)" + (l.provenance.reference.map { " \($0)" } ?? "") + (l.grading.map { ", graded \($0)" } ?? "")
}
