import ArgumentParser
import Foundation
import VoltIO
import VoltInterop
import VoltModel
import VoltStore

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import VOLT records and casework (referrals, status, meetings, actions, outcomes, groups) from CSV or JSON Lines files, or a chart (GraphML, i2 ANX).",
        discussion: """
            All files are imported in one transaction: if any row of any file is wrong, nothing is stored and every error is listed as file:line:column: reason. Entities are imported first, then groups and meetings, then what refers to them, so a link or a referral may refer to a record in another file of the same import. Importing the same file again adds nothing. The kind of a CSV file is told from its header (see docs/data-format.md) or given with --kind. A .graphml or .anx file is read as a chart: its entities and links, with the same checks (docs/interop.md). A store is created if there is none: it appears with the import's records, or, if the import fails, not at all.

            Examples:
              volt import examples/wexbury/*.csv --purpose "monthly load"
              volt import ocg-chart.anx --purpose "OCG case: the analyst's i2 chart"
              volt import referrals.csv actions.csv --purpose "EFH panel: this week's referrals and actions"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: "What the files hold when it cannot be told from the header.")
    var kind: RecordKind?

    @Option(name: .customLong("max-errors"), help: "List at most this many errors (the rest are counted).")
    var maxErrors: Int = 50

    @Flag(name: .customLong("allow-erased"), help: "Bring back entities that were erased (the log says which; give a purpose that says why).")
    var allowErased = false

    @Argument(help: ArgumentHelp("The files to import.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
    }

    func run() throws {
        try guarded {
            let ctx = try store.context()
            for f in files where !FileManager.default.isReadableFile(atPath: f) {
                throw BadRequest("cannot read \(f): no such file, or it is not readable; nothing was stored")
            }
            // The records read so far, on the progress line every long command draws.
            var progress: (@Sendable (Int) -> Void)?
            if let sink = WorkProgress.sink { progress = { n in sink("import: records read", n, 0) } }
            let load = { (s: Store) in
                try Importer.run(files.map { ImportFile(path: $0, kind: kind, chart: GraphFormat.chart(for: $0)) }, into: s, context: ctx,
                                 maxIssues: maxErrors, allowErased: allowErased, progress: progress)
            }
            // A new store is built whole: it appears with its first load, or not at all.
            let report = FileManager.default.fileExists(atPath: store.path)
                ? try load(Store.open(at: store.path, keys: store.keysPath))
                : try Store.build(at: store.path, keys: store.keysPath, context: ctx, load)
            WorkProgress.done()
            for w in report.warnings { printToStderr("volt: warning: \(w)") }
            if output.format == .json { return try printJSON(query: ["files": files.joined(separator: " ")], results: report) }
            var t = Table(["kind", "added", "updated", "unchanged"])
            for (name, c) in [("entities", report.entities), ("links", report.links), ("sightings", report.sightings), ("missing", report.missing)] {
                t.add([name, String(c.added), String(c.updated), String(c.unchanged)])
            }
            for k in RecordKind.allCases { if let c = report.casework[k.rawValue] { t.add([k.rawValue, String(c.added), String(c.updated), String(c.unchanged)]) } }
            t.print(output.format, summary: "imported \(report.total) records from \(plural(files.count, "file")) into \(store.path)")
        }
    }
}

