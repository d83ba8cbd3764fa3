import ArgumentParser
import VoltStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new, empty store.",
        discussion: """
            Refuses to overwrite an existing store. The creation is the first entry of the audit log. The store's keys (the audit chain's HMAC key and the pseudonym key) go into a key file outside the store, 0600: --keys or $VOLT_KEYS, else ~/.config/volt/keys/STORE-ID.keys.

            Example:
              volt init --db area.sqlite --purpose "set up the EFH panel store"
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        try guarded {
            let ctx = try store.context(defaultPurpose: "create the store")
            let s = try Store.create(at: store.path, keys: store.keysPath, context: ctx)
            print("created an empty volt store at \(s.path)")
            print("its keys are in \(s.keysPath): back that file up apart from the store (without it the store cannot be used)")
        }
    }
}
