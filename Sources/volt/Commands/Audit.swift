import ArgumentParser
import Foundation
import VoltIO
import VoltModel
import VoltQuestions
import VoltStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or verify the audit log (DPA 2018 s.62).",
        subcommands: [AuditShow.self, AuditVerify.self, AuditAnchorCommand.self])
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
        abstract: "Check the keyed chain and the data; name the first entry edited, deleted, reordered or forged, or the table changed outside volt.",
        discussion: """
            Each entry's HMAC is checked with the store's key, the head against the newest entry, and the data against the digests the newest change recorded. With --anchor (an anchor written earlier by 'volt audit anchor' and kept elsewhere) a log that was wiped, truncated or rolled back to an older copy is found too. Exits 0 when all holds, 1 when something is broken (one sentence naming it).

            Examples:
              volt audit verify --db area.sqlite
              volt audit verify --anchor /mnt/ig-share/anchors/2026-11-30.anchor
            """)

    @Option(name: .long, help: ArgumentHelp("The store file (default ./volt.sqlite, or $VOLT_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The store's key file (default $VOLT_KEYS, else ~/.config/volt/keys/STORE-ID.keys).", valueName: "path"))
    var keys: String?

    @Option(help: ArgumentHelp("An anchor file 'volt audit anchor' wrote; repeat for more.", valueName: "file"))
    var anchor: [String] = []

    func run() throws {
        try guarded {
            var options = StoreOptions()
            options.db = db
            options.keys = keys
            let texts = try anchor.map { path in
                guard let data = FileManager.default.contents(atPath: path) else { throw BadRequest("cannot read the anchor \(path)") }
                return String(decoding: data, as: UTF8.self)
            }
            let n = try AuditTrail.verify(try options.open(), anchors: texts)
            let anchors = anchor.isEmpty ? "" : anchor.count == 1 ? ", the anchor holds" : ", all \(anchor.count) anchors hold"
            print("audit log intact: \(n) entries, chain verified with the store's key, data as the last change left it" + anchors)
        }
    }
}

struct AuditAnchorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor",
        abstract: "Write the audit chain's head (entry, HMAC, time) to keep somewhere else.",
        discussion: """
            Keep anchors where whoever can write the store cannot: another machine, a signed email, a ticket. 'volt audit verify --anchor FILE' then finds a log that was wiped, truncated or replaced by an older copy of the store, which the chain alone cannot show. An anchor holds no personal data.

            Examples:
              volt audit anchor --out /mnt/ig-share/anchors/$(date +%F).anchor
              volt audit anchor | mail -s "volt anchor" ig-officer@example.org
            """)

    @Option(name: .long, help: ArgumentHelp("The store file (default ./volt.sqlite, or $VOLT_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The store's key file (default $VOLT_KEYS, else ~/.config/volt/keys/STORE-ID.keys).", valueName: "path"))
    var keys: String?

    @Option(help: ArgumentHelp("Write the anchor to this file (default: standard output).", valueName: "file"))
    var out: String?

    func run() throws {
        try guarded {
            var options = StoreOptions()
            options.db = db
            options.keys = keys
            let a = try AuditTrail.anchor(try options.open())
            if let out {
                try AtomicFile.write(Data(a.text.utf8), to: out)
                print("wrote the anchor of entry \(a.seq) to \(out)")
            } else {
                print(a.text, terminator: "")
            }
        }
    }
}
