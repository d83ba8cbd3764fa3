import ArgumentParser
import VoltQuestions

struct MapGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "The peer group an entity belongs to (its community), boxed, with everyone linked to its members around it.",
        discussion: """
            Example:
              volt map group Y012 --out g.svg --labels initials --purpose "EFH panel: Y012's peer group"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var network: NetworkOptions

    @Argument(help: ArgumentHelp("Someone in the group (an entity id).", valueName: "id"))
    var id: String

    func run() throws {
        try guarded {
            try draw(GroupMap(id: id, filter: network.filter, view: map.view), store)
        }
    }
}
