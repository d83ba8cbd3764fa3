import ArgumentParser
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "Theme trends: links to each theme per month, and themes that meet on the same people or places.",
        discussion: """
            Counts linked_to_theme links by the calendar month (UTC) of their start, with the distinct people and places linked that month; then pairs of themes linked to the same people or places in the period, most shared first.

            Example:
              volt themes --from 2025-11-01 --to 2026-10-31 --purpose "panel: themes and emerging trends"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("Only links starting from this date (ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Only links starting up to this date (a bare date: the whole day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Which section: months, pairs or all (CSV prints one).", valueName: "section"))
    var section = "all"

    func validate() throws {
        guard ["months", "pairs", "all"].contains(section) else { throw ValidationError("--section must be months, pairs or all (got '\(section)')") }
    }

    func run() throws {
        try guarded {
            if output.format == .csv && section == "all" { throw ValidationError("--format csv prints one table: choose --section months or pairs") }
            let period = try parsePeriod(from: from, to: to)
            let (s, ctx) = try store.open()
            let (entities, report) = try s.consult(ctx, summary: "themes" + [("from", from), ("to", to)].compactMap { k, v in v.map { " \(k)=\($0)" } }.joined()) { r in
                let entities = try EntityTable(r)
                var selection = LinkSelection()
                selection.types = [LinkType.linkedToTheme.rawValue]
                return (entities, themeReport(try TimedLinkTable(r, entities: entities, selection: selection), entities: entities, period: period))
            }
            let name = { (i: Int) in entities.names[i] }
            var months = Table(["theme", "name", "month", "links", "people_and_places"])
            for m in report.months { months.add([entities.ids[m.theme], name(m.theme), m.month, String(m.links), String(m.entities)]) }
            var pairs = Table(["theme_a", "theme_b", "shared", "names"])
            for p in report.pairs {
                pairs.add([entities.ids[p.a], entities.ids[p.b], String(p.shared.count), "\(name(p.a)) + \(name(p.b))"])
            }
            switch output.format {
            case .json:
                struct Month: Encodable { let theme: String, month: String, links: Int, entities: Int }
                struct Pair: Encodable { let a: String, b: String, shared: [String] }
                struct Result: Encodable { let months: [Month]?; let pairs: [Pair]? }
                var q = ["section": section]
                if let from { q["from"] = from }
                if let to { q["to"] = to }
                try printJSON(query: q, results: Result(
                    months: section == "pairs" ? nil : report.months.map { Month(theme: entities.ids[$0.theme], month: $0.month, links: $0.links, entities: $0.entities) },
                    pairs: section == "months" ? nil : report.pairs.map { Pair(a: entities.ids[$0.a], b: entities.ids[$0.b], shared: $0.shared.map { entities.ids[$0] }) }))
            case .csv: print(section == "months" ? months.csv : pairs.csv)
            case .table:
                if section != "pairs" {
                    // A theme × month grid reads better than a long list.
                    let allMonths = Array(Set(report.months.map(\.month))).sorted()
                    let themes = Array(Set(report.months.map(\.theme))).sorted { name($0) < name($1) }
                    var grid = Table(["theme"] + allMonths.map { String($0.suffix(5)) } + ["total"])
                    let count = Dictionary(uniqueKeysWithValues: report.months.map { ("\($0.theme) \($0.month)", $0.links) })
                    for t in themes {
                        let row = allMonths.map { count["\(t) \($0)"] ?? 0 }
                        grid.add([name(t)] + row.map { $0 == 0 ? "." : String($0) } + [String(row.reduce(0, +))])
                    }
                    print("Links to each theme per month (UTC):")
                    print(themes.isEmpty ? "  none" : grid.text)
                }
                if section != "months" {
                    if section == "all" { print("") }
                    print("Themes on the same people or places: \(report.pairs.count) pair\(report.pairs.count == 1 ? "" : "s")")
                    if !report.pairs.isEmpty { print(pairs.text) }
                }
            }
        }
    }
}
