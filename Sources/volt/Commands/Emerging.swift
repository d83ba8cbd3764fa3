import ArgumentParser
import VoltModel
import VoltQuestions

struct EmergingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerging",
        abstract: "What is new or growing since the last period: new, grown, merged and split peer groups, groups newly in contact with an offender, victims newly linked to offenders, rising locations.",
        discussion: """
            Compares the current period (--since to --to, default the newest record's time, so that data a few weeks behind does not thin the rates) with a baseline just before it (--baseline long, default 90d), or two explicit windows (--baseline-from/--baseline-to and --since/--to).

            Peer groups are young people (everyone but those recorded only as offenders) joined by associate or co_offends links active in the period (family links are left out: siblings in different groups would join them). A current group continues a baseline group when they share at least --similarity of their combined members (Jaccard, default 0.3); it is merged when two or more baseline groups each put that share of their members into it; a baseline group split when two or more current groups each took that share of their members from it; a group no baseline group continues is new. Offender contact is any link between people (including exploits and supplies) with someone recorded as an offender. A victim is newly linked to an offender when their first link of any kind between people starts in the current period. A location is rising when its sightings per day are at least --rising-factor times the baseline's and it has at least --rising-min sightings now.

            Every change comes with its evidence: the links (type, date, source, reference) and the new people seen at rising locations; --evidence prints them in the table.

            Examples:
              volt emerging --since 2026-09-01 --baseline 90d --purpose "CE coordinator: emerging concerns"
              volt emerging --baseline-from 2026-03-01 --baseline-to 2026-05-31 --since 2026-06-01 --to 2026-08-31 --format json --purpose "quarterly review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("The current period starts here (ISO 8601).", valueName: "date"), transform: Parse.time("--since"))
    var since: Timestamp

    @Option(help: ArgumentHelp("The current period ends here (default: the newest record; a bare date: the whole day).", valueName: "date"), transform: Parse.end("--to"))
    var to: Timestamp?

    @Option(help: ArgumentHelp("The baseline is this long, ending just before --since (like 60d; default 90d).", valueName: "duration"), transform: Parse.span("--baseline"))
    var baseline = Span(seconds: 90 * 86_400)

    @Option(name: .customLong("baseline-from"), help: ArgumentHelp("Or: the baseline starts here (with --baseline-to).", valueName: "date"), transform: Parse.time("--baseline-from"))
    var baselineFrom: Timestamp?

    @Option(name: .customLong("baseline-to"), help: ArgumentHelp("Or: the baseline ends here.", valueName: "date"), transform: Parse.end("--baseline-to"))
    var baselineTo: Timestamp?

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

    func run() throws {
        try guarded {
            var q = EmergingQuestion(current: TimeWindow(from: since, to: to))
            if baselineFrom != nil || baselineTo != nil { q.baseline = .window(TimeWindow(from: baselineFrom, to: baselineTo)) } else { q.baseline = .length(baseline) }
            (q.similarity, q.risingFactor, q.risingMinimum, q.all) = (similarity, risingFactor, risingMinimum, all)
            let a = try labels.session(store).ask(try checked(q))
            switch output.format {
            case .json: try printJSON(q, a)
            case .csv: printCSV(a)
            case .table: printTable(a)
            }
        }
    }

    private func printCSV(_ a: EmergingQuestion.Answer) {
        var t = Table(["change", "subject", "members", "detail"])
        for g in a.groups {
            t.add(["group " + g.kind, g.members.joined(separator: " "), String(g.members.count),
                   "joined: \(g.joined.joined(separator: " ")); new offenders: \(g.newOffenders.joined(separator: " "))"])
        }
        for x in a.splits { t.add(["group split", x["members"]![0].joined(separator: " "), String(x["members"]![0].count), x["into"]!.map { $0.joined(separator: " ") }.joined(separator: " | ")]) }
        for x in a.newVictimOffenderLinks { t.add(["new victim-offender link", "\(x.victim) \(x.offender)", "2", "first: \(Timestamp(seconds: x.first).iso8601)"]) }
        for x in a.risingLocations { t.add(["rising location", x.location, String(x.currentPeople), "sightings \(x.baselineSightings) -> \(x.currentSightings)"]) }
        print(t.csv)
    }

    private func printTable(_ a: EmergingQuestion.Answer) {
        let name = { (id: String) in "\(id) (\(a.names[id] ?? id))" }
        print("Current period \(shortTime(a.current[0])) to \(shortTime(a.current[1]))\(a.endsAtLastRecord ? " (the newest record; --to sets the end)" : ""), against \(shortTime(a.baseline[0])) to \(shortTime(a.baseline[1])).")
        print("\nPeer groups (\(a.groups.count) of \(a.groupTotal) \(all ? "" : "that changed ")shown):")
        for g in a.groups {
            var line = "  \(g.kind.uppercased()) \(g.members.count) members"
            if g.kind == "grown", let b = g.from.first { line += " (was \(b.count), +\(Int(((g.growth ?? 0) * 100).rounded()))%)" }
            if g.kind == "merged" { line += " from \(g.from.count) groups of " + g.from.map { String($0.count) }.joined(separator: ", ") }
            if g.newlyInContact { line += "; NEWLY IN CONTACT with offender " + g.newOffenders.joined(separator: " ") } else if !g.newOffenders.isEmpty { line += "; new offender contact " + g.newOffenders.joined(separator: " ") }
            if let id = g.group { line += ": " + (g.name.map { "\($0) (\(id))" } ?? id) }
            print(line + "\n    members: " + g.members.joined(separator: " "))
            if !g.joined.isEmpty && g.kind != "new" { print("    joined: " + g.joined.joined(separator: " ")) }
            if evidence { for l in g.evidence { print("    " + describe(l)) } }
        }
        for x in a.splits { print("  SPLIT [" + x["members"]![0].joined(separator: " ") + "] into " + x["into"]!.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: " ")) }
        print("\nVictims newly linked to offenders: \(a.newVictimOffenderLinks.count)")
        for x in a.newVictimOffenderLinks {
            print("  \(name(x.victim)) – \(name(x.offender)) since \(shortTime(x.first))")
            if evidence { for l in x.links { print("    " + describe(l)) } }
        }
        print("\nRising locations: \(a.risingLocations.count)")
        for x in a.risingLocations {
            print("  \(x.location) \(a.names[x.location] ?? ""): \(x.baselineSightings) sightings before, \(x.currentSightings) now"
                  + (x.rise.map { " (×\(format1($0)) per day)" } ?? "") + "; \(x.currentPeople) people, \(x.newPeople.count) not seen there before")
            if evidence {
                print("    new people: " + x.newPeople.joined(separator: " "))
                let sources = Dictionary(grouping: x.sightings.map(\.provenance.source), by: { $0 })
                print("    sightings by source: " + sources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.count)" }.joined(separator: ", ")
                      + "; first \(shortTime(x.firstSeen)), last \(shortTime(x.lastSeen))")
            }
        }
    }
}
