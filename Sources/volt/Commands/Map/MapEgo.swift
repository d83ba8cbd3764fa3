import ArgumentParser
import VoltQuestions

struct MapEgo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ego",
        abstract: "An entity's network: everyone within K steps and the links among them.",
        discussion: """
            Example:
              volt map ego O003 --hops 2 --out o3.png --purpose "strategy meeting: O003's network"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var network: NetworkOptions

    @Argument(help: ArgumentHelp("The entity at the centre.", valueName: "id"))
    var id: String

    @Option(help: "How many steps out (1: direct links only).")
    var hops = 1

    func run() throws {
        try guarded {
            try draw(EgoMap(id: id, hops: hops, filter: network.filter, view: map.view), store)
        }
    }
}
