import ArgumentParser
import VoltQuestions

struct MapOverview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "The whole network: communities larger than --collapse drawn as one node each, the rest as people; at county scale the --largest communities only.",
        discussion: """
            Example:
              volt map overview --collapse 12 --out area.svg --purpose "strategic board: the network"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "Draw communities with more than this many members as one node (0: draw everyone).")
    var collapse = 12

    @Option(help: "Draw at most this many nodes: when more are left, every community is one node and only the largest this many are drawn (0: no limit).")
    var largest = 30

    func run() throws {
        try guarded {
            var q = OverviewMap(filter: network.filter, view: map.view)
            (q.collapse, q.largest) = (collapse, largest)
            try draw(q, store)
        }
    }
}
