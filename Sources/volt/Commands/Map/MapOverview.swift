import ArgumentParser
import VoltQuestions

struct MapOverview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "The whole network: communities larger than --collapse drawn as one node each, the rest as people.",
        discussion: """
            Example:
              volt map overview --collapse 12 --out area.svg --purpose "strategic board: the network"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "Draw communities with more than this many members as one node (0: draw everyone).")
    var collapse = 12

    func run() throws {
        try guarded {
            var q = OverviewMap(filter: network.filter, view: map.view)
            q.collapse = collapse
            try draw(q, store)
        }
    }
}
