import ArgumentParser
import VoltQuestions

struct Ego: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An entity's network: everyone within K steps, with how far they are and how many ties they have inside it.",
        discussion: """
            Example:
              volt ego Y012 --hops 2 --purpose "EFH panel: Y012's associates"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Argument(help: ArgumentHelp("The entity at the centre.", valueName: "id"))
    var id: String

    @Option(help: "How many steps out (1: direct links only).")
    var hops: Int = 1

    func run() throws {
        try guarded {
            let q = try checked(EgoQuestion(id: id, hops: hops, filter: network.filter))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["id", "type", "name", "distance", "ties_inside"])
            for m in a.members { t.add([m.id, m.type, m.name, String(m.distance), String(m.tiesInside)]) }
            t.print(output.format, summary: "\(a.members.count - 1) entities within \(plural(hops, "step")) of \(id), \(a.ties) ties among them")
        }
    }
}
