import ArgumentParser
import VoltStore

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The store's key file: where it is, and rotating its keys.",
        discussion: """
            The audit chain's HMAC key and the pseudonym key are kept in a key file outside the store (0600), made by 'volt init' (or the first import). Back it up apart from the store: without it the store refuses to work, and volt never makes a new one in its place. docs/security.md says what to back up.
            """,
        subcommands: [KeysShow.self, KeysRotate.self])
}

struct KeysShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Where the store's key file is, and which keys it holds (never the keys).",
        discussion: """
            Example:
              volt keys show --db area.sqlite
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        try guarded {
            let s = try store.open()
            print("store \(s.storeID)\nkey file \(s.keysPath)\naudit keys: \(s.auditKeyStarts.map { "from entry \($0)" }.joined(separator: ", "))")
        }
    }
}

struct KeysRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Start a new audit key (and with --pseudonyms a new pseudonym key); logged.",
        discussion: """
            The old audit keys stay in the key file to check the entries they signed. A new pseudonym key changes every pseudonym: exports made before no longer match later ones. Back the key file up again afterwards.

            Example:
              volt keys rotate --purpose "IG: yearly key rotation"
            """)

    @OptionGroup var store: StoreOptions

    @Flag(help: "Also make a new pseudonym key.")
    var pseudonyms = false

    func run() throws {
        try guarded {
            let ctx = try store.context()
            let s = try store.open().rotateKeys(ctx, pseudonyms: pseudonyms)
            print("rotated the \(pseudonyms ? "audit and pseudonym keys" : "audit key") in \(s.keysPath); back the key file up again")
        }
    }
}
