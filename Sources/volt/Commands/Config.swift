import ArgumentParser
import VoltStore

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Who may act on the store and why: named analysts, the purposes allowed.",
        discussion: """
            The settings are kept in the store, covered by the audit chain, and every change is logged with the old and the new value.
            \(StoreConfiguration.settings.map { "  \($0.key): \($0.help)" }.joined(separator: "\n"))
            """,
        subcommands: [ConfigShow.self, ConfigSet.self])
}

struct ConfigShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "The store's settings.",
        discussion: "Example:\n  volt config show --db area.sqlite")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try guarded {
            let c = try store.open().configuration()
            for (k, v) in c.values { print("\(k): \(v.isEmpty ? "(any)" : v)") }
        }
    }
}

struct ConfigSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change one setting (logged).",
        discussion: """
            Examples:
              volt config set named-analysts on --purpose "IG: shared panel laptop, analysts named"
              volt config set purposes "ROTH panel; EFH panel; MACE; IG audit" --purpose "IG: purposes agreed by the DPO"
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The setting: \(StoreConfiguration.settings.map(\.key).joined(separator: ", ")).", valueName: "setting"))
    var key: String

    @Argument(help: ArgumentHelp("Its new value.", valueName: "value"))
    var value: String

    func run() throws {
        try guarded {
            let ctx = try store.context()
            let s = try store.open()
            try s.configure(ctx, key: key, value: value)
            let now = try s.configuration().values.first { $0.key == key }?.value ?? value
            print("\(key): \(now.isEmpty ? "(any)" : now); logged")
        }
    }
}
