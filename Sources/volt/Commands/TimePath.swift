import ArgumentParser
import VoltModel
import VoltQuestions

struct TimePath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timepath",
        abstract: "Could harm or influence have travelled from A to B through links in time order? The earliest-arriving chain, with dates, beside the static shortest path.",
        discussion: """
            A link can be followed once its start has come and before its end has passed; the chain starts at --from (default: the beginning of the data) and must arrive by --to. A static path (any order of dates) may exist when no time-respecting one does: then the links happened in the wrong order for anything to pass along them.

            By default links between people (associate, family, co_offends, exploits, supplies); --links changes that. With --directed, exploits and supplies carry only from offender to victim.

            Example:
              volt timepath O003 Y116 --from 2026-01-01 --purpose "strategy meeting: could O003 have reached Y116?"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var period: PeriodOptions

    @Argument(help: ArgumentHelp("Where it starts (an entity id).", valueName: "from"))
    var a: String
    @Argument(help: ArgumentHelp("Where it should arrive (an entity id).", valueName: "to"))
    var b: String

    @Option(help: ArgumentHelp("Only these link types, comma-separated.", valueName: "types"), transform: Parse.linkTypes("--links"))
    var links: Set<LinkType>?

    @Flag(help: "Exploits and supplies carry only from offender to victim.")
    var directed = false

    func run() throws {
        try guarded {
            var q = TimePathQuestion(from: a, to: b)
            (q.window, q.linkTypes, q.directed) = (period.window, links, directed)
            let x = try labels.session(store).ask(try checked(q))
            switch output.format {
            case .json: try printJSON(q, x)
            case .csv:
                var t = Table(["step", "from", "to", "time", "type", "link_start", "link_end", "source", "ref", "grading"])
                for (i, st) in x.steps.enumerated() {
                    t.add([String(i + 1), st.from, st.to, st.time] + (st.link.map(linkCells) ?? Array(repeating: nil, count: 6)))
                }
                print(t.csv)
            case .table:
                let from = "\(a) (\(x.fromName))", to = "\(b) (\(x.toName))"
                if x.reachable, let arrival = x.arrival {
                    print("\(from) can reach \(to) through links in time order, arriving \(shortTime(arrival)), in \(plural(x.steps.count, "step")):")
                    for st in x.steps { print("  \(String(st.time.prefix(10)))  \(st.from) → \(st.to)" + (st.link.map { "  \(describe($0))" } ?? "")) }
                } else {
                    print("\(from) cannot reach \(to) through links in time order" + (period.window.isUnbounded ? "" : " in this period") + ".")
                }
                if let path = x.staticPath {
                    print("Static shortest path (dates ignored): \(plural(path.count - 1, "hop")): " + path.joined(separator: " – "))
                } else {
                    print("No static path either.")
                }
            }
        }
    }
}
