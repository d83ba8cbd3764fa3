import ArgumentParser
import VoltQuestions

struct Disrupt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Key players for disruption: the offenders (and places) whose removal cuts the most children off from every offender.",
        discussion: """
            Greedy: each pick is the candidate whose removal leaves the most victims (victim and victim+offender) with no offender within --within steps (default 2: exploited directly or through one person; 0: no path at all); the next pick assumes the earlier ones are gone. Each pick lists the children it newly cuts off. Candidates are offenders, and locations when --links brings places in (e.g. --links associate,family,co_offends,exploits,supplies,lives_at).

            Example:
              volt disrupt --k 3 --purpose "ROTH tactical: disruption options"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "How many to pick.")
    var k: Int = 3

    @Option(help: "A child counts as reached by an offender within this many steps (0: any path at all).")
    var within: Int = 2

    func run() throws {
        try guarded {
            let q = try checked(DisruptQuestion(filter: network.filter, k: k, within: within))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["rank", "id", "type", "name", "newly_cut_off", "still_reached", "children"])
            for p in a.picks {
                t.add([String(p.rank), p.id, p.type, p.name, String(p.newly_cut_off.count), String(p.still_reached),
                       p.newly_cut_off.joined(separator: output.format == .table ? " " : ";")])
            }
            t.print(output.format, summary: "\(a.victims) victims, \(a.offenders) offenders, \(a.candidates) candidates")
        }
    }
}
