import ArgumentParser
import VoltQuestions

struct MapPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "How two entities are connected: the shortest chains of links between them, left to right.",
        discussion: """
            Example:
              volt map path Y012 O003 --out path.svg --labels names --purpose "case review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var network: NetworkOptions

    @Argument(help: ArgumentHelp("Where the path starts.", valueName: "from"))
    var a: String
    @Argument(help: ArgumentHelp("Where it ends.", valueName: "to"))
    var b: String

    @Option(help: "At most this many shortest paths.")
    var limit = 5

    func run() throws {
        try guarded {
            var q = PathMap(from: a, to: b, filter: network.filter, view: map.view)
            q.limit = limit
            try draw(q, store)
        }
    }
}
