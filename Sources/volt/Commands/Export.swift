import ArgumentParser
import VoltIO
import VoltModel
import VoltStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the whole store as CSV files that 'volt import' reads back.",
        discussion: """
            Writes entities.csv, links.csv, sightings.csv and missing.csv into the folder. An export is a disclosure: it needs a recipient and a purpose, and is logged with both. Files appear under their final names only when all four are complete.

            Example:
              volt export --out shared/ --recipient "MACE analyst team" --purpose "quarterly data share"
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Who receives the export (required: it is logged as a disclosure).", valueName: "name"))
    var recipient: String?

    func run() throws {
        try guarded {
            guard let recipient, !recipient.trimmingSpaces.isEmpty else {
                throw UserError("an export is a disclosure and needs a recipient: give --recipient \"who receives it\"")
            }
            let (s, ctx) = try store.open()
            let counts = try CSVExport.export(s, to: out, recipient: recipient, context: ctx)
            var t = Table(["file", "records"])
            for k in RecordKind.allCases { t.add(["\(out)/\(k.rawValue).csv", String(counts[k] ?? 0)]) }
            print(t.text)
        }
    }
}
