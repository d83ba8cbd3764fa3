import ArgumentParser
import VoltQuestions
import VoltStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or verify the audit log (DPA 2018 s.62).",
        subcommands: [AuditShow.self, AuditVerify.self])
}

struct AuditShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List audit entries: when, who, why, what kind of processing, what was touched.",
        discussion: """
            Example:
              volt audit show --last 20 --purpose "IG review: who looked at Y044 this month"

            The entries name ids, search terms and recipients, so reading them needs a purpose and is itself logged (after the entries shown).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: "Only the newest N entries.")
    var last: Int?

    func run() throws {
        try guarded {
            let entries = try AuditTrail.entries(try store.session(), last: last)
            var t = Table(["seq", "at", "actor", "action", "purpose", "summary"])
            for e in entries { t.add([String(e.seq), e.at, e.actor, e.action, e.purpose, e.summary]) }
            if output.format == .json { return try printJSON(query: ["last": last.map(String.init) ?? "all"], results: entries) }
            t.print(output.format)
        }
    }
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain; name the first entry that was edited, deleted or reordered.",
        discussion: """
            Exits 0 when the chain is intact, 1 when it is broken.

            Example:
              volt audit verify --db area.sqlite
            """)

    @Option(name: .long, help: ArgumentHelp("The store file (default ./volt.sqlite, or $VOLT_DB).", valueName: "path"))
    var db: String?

    func run() throws {
        try guarded {
            let s = try Store.open(at: db ?? StoreOptions().environment["VOLT_DB"] ?? "volt.sqlite")
            print("audit log intact: \(try AuditTrail.verify(s)) entries, chain verified")
        }
    }
}
