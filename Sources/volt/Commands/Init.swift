import ArgumentParser
import VoltStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new, empty store.",
        discussion: """
            Refuses to overwrite an existing store. The creation is the first entry of the audit log.

            Example:
              volt init --db area.sqlite --actor "j.analyst" --purpose "set up the EFH panel store"
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        try guarded {
            let ctx = try store.context(defaultPurpose: "create the store")
            let s = try Store.create(at: store.path, context: ctx)
            print("created an empty volt store at \(s.path)")
        }
    }
}
