import ArgumentParser
import VoltIO
import VoltPrivacy
import VoltQuestions

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export for another tool (GraphML, GEXF), or the whole store as CSV files that 'volt import' reads back.",
        discussion: """
            Every export is a disclosure (DPA 2018 s.62): it needs --recipient and a purpose, and is logged with both and with how many entities it disclosed.

            volt writes entities.csv, links.csv, sightings.csv and missing.csv into the --out folder, names and all; files appear under their final names only when all four are complete.

            The other formats write at the --labels level (default pseudonyms) the entities that the selected links touch (--all-entities for every entity of the selected types) and the links chosen by --from, --to, --links, --types and --min-grading: graphml (typed keys), gexf (dynamic: every link a spell from its start to its end), cytoscape (Cytoscape.js JSON), jgf (JSON Graph Format v2), anx (i2 Analyst's Notebook, gradings in i2's grade fields) as one file; csv (nodes.csv and edges.csv) and neo4j (neo4j-admin import files) into a folder. Files appear under their names only when complete. docs/interop.md lists every attribute and the i2 mapping.

            Examples:
              volt export volt --out shared/ --recipient "MACE analyst team" --purpose "quarterly data share"
              volt export graphml --out area.graphml --labels pseudonyms --recipient "university research team" --purpose "DSA 2026-14: network study"
              volt export gexf --out area.gexf --from 2026-01-01 --links associate,exploits --recipient "Gephi, analyst's own machine" --purpose "EFH panel preparation"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var network: NetworkOptions
    @OptionGroup var disclosure: DisclosureOptions

    @Argument(help: "What to write: volt (every record, names and all, as CSV files volt imports) or another tool's format; no default, since the full store is the largest disclosure there is.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("The file (the folder, for volt, csv and neo4j) to write.", valueName: "path"))
    var out: String

    @Option(help: "What the export may show of people (all but volt).")
    var labels = LabelLevel.pseudonyms

    @Flag(name: .customLong("all-entities"), help: "Also entities that no selected link touches.")
    var allEntities = false

    func run() throws {
        try guarded {
            var q = ExportQuestion(format: format, out: out, recipient: disclosure.recipient)
            (q.filter, q.level, q.allEntities) = (network.filter, labels, allEntities)
            let a = try store.session().ask(try checked(q))
            guard format == .volt else {
                return print("wrote \(out): \(a.entities) entities, \(a.links) links, labels \(labels.rawValue); logged as a disclosure to \(disclosure.recipient)")
            }
            var t = Table(["file", "records"])
            for k in RecordKind.allCases { t.add(["\(out)/\(k.rawValue).csv", String(a.records[k] ?? 0)]) }
            print(t.text)
        }
    }
}
