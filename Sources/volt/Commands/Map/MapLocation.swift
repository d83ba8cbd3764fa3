import ArgumentParser
import VoltModel
import VoltQuestions

struct MapLocation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "location",
        abstract: "A location's neighbourhood: who was seen there, who was seen there together, and how they are linked.",
        discussion: """
            Draws the location, everyone seen there in --from/--to (grey lines: how often), blue lines between people seen there together (within --window of each other, at least --together-min times), and the links between those people. Laid out with neato (sfdp above 300 people).

            Example:
              volt map location L016 --from 2026-09-01 --out l16.pdf --purpose "problem location review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var network: NetworkOptions

    @Argument(help: ArgumentHelp("The location (an entity id).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Seen together within this long (like 30m; default 1h).", valueName: "duration"), transform: Parse.span("--window"))
    var window = Span(seconds: 3600)

    @Option(name: .customLong("together-min"), help: ArgumentHelp("Draw a blue line only for people seen together here at least this many times (a busy place sees strangers together once).", valueName: "n"))
    var togetherMin = 2

    func run() throws {
        try guarded {
            var q = LocationMap(id: id, filter: network.filter, view: map.view)
            (q.within, q.togetherMinimum) = (window, togetherMin)
            try draw(q, store)
        }
    }
}
