import ArgumentParser
import VoltModel
import VoltQuestions

struct Colocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who was at the same place at the same time: pairs of people seen together, how often, where and when, and the groups they form.",
        discussion: """
            Two sightings at the same location are together when the gap between them is at most --window (sightings with an end overlap for as long as they last). Each pair is counted once per pair of sightings; its first and last times, the places, and (with --evidence, or in JSON) the sightings behind it are shown. Groups are people joined by these pairs.

            --pair victim,offender keeps only pairs with someone holding the victim role (victims and victim+offenders) on one side and an offender on the other; name victim+offender explicitly to pair children who are both with anyone.

            Examples:
              volt colocate --window 2h --from 2026-08-01 --to 2026-10-31 --pair victim,offender --purpose "CE: children seen with offenders"
              volt colocate --locations L014,L022 --min-count 3 --evidence --purpose "problem locations review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var period: PeriodOptions

    @Option(help: ArgumentHelp("Seen together within this long of each other (like 30m, 2h; default 1h).", valueName: "duration"), transform: Parse.span("--window"))
    var window = Span(seconds: 3600)

    @Option(help: ArgumentHelp("Only these locations, comma-separated ids.", valueName: "ids"))
    var locations: String?

    @Option(help: ArgumentHelp("Only locations of these categories, comma-separated (\(LocationCategory.accepted)).", valueName: "categories"),
            transform: Parse.categories("--categories"))
    var categories: Set<LocationCategory>?

    @Option(help: ArgumentHelp("Only pairs of these two VOLT types, like victim,offender (victim includes victim+offender).", valueName: "a,b"),
            transform: Parse.pair)
    var pair: PairSpec?

    @Option(name: .customLong("min-count"), help: "Only pairs seen together at least this many times.")
    var minCount = 1

    @Option(help: "Show at most this many pairs (0: all).")
    var top = 20

    @Flag(help: "In the table, list the sightings behind each pair.")
    var evidence = false

    func run() throws {
        try guarded {
            var q = ColocateQuestion()
            (q.within, q.window, q.categories, q.pair, q.minimumCount, q.top) = (window, period.window, categories, pair, minCount, top)
            q.locations = locations.map { $0.split(separator: ",").map(String.init) }
            let a = try labels.session(store).ask(try checked(q))
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["a", "a_type", "b", "b_type", output.format == .csv ? "count" : "together", "places", "first", "last"])
            for p in a.pairs {
                t.add([p.a, p.aType, p.b, p.bType, String(p.count), String(p.places),
                       output.format == .csv ? p.first : shortTime(p.first), output.format == .csv ? p.last : shortTime(p.last)])
            }
            if output.format == .csv { return print(t.csv) }
            if !a.pairs.isEmpty { print(t.text) }
            if evidence { printEvidence(a.pairs) }
            let big = a.groups.filter { $0.members.count >= 3 }
            if !big.isEmpty {
                print("\nGroups seen together (3 or more people):")
                for g in big.prefix(top == 0 ? big.count : max(top, 10)) {
                    print("  \(g.members.count): " + g.members.prefix(12).joined(separator: " ") + (g.members.count > 12 ? " …" : ""))
                }
            }
            print("\(plural(a.pairCount, "pair")) seen together within \(window)" + (a.pairs.count < a.pairCount ? "; the \(a.pairs.count) most often together shown (--top 0 for all)" : "")
                  + ", in \(plural(a.groups.count, "group"))")
        }
    }

    private func printEvidence(_ pairs: [ColocateQuestion.Together]) {
        for p in pairs {
            print("\n\(p.a) and \(p.b):")
            for k in stride(from: 0, to: p.sightings.count - 1, by: 2) {
                let x = p.sightings[k], y = p.sightings[k + 1]
                print("  \(x.location): \(x.person) \(shortTime(x.time.iso8601)) (\(x.provenance.source)), \(y.person) \(shortTime(y.time.iso8601)) (\(y.provenance.source))")
            }
        }
    }
}
