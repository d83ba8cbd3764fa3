import ArgumentParser
import VoltQuestions

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
    @OptionGroup var period: PeriodOptions

    @Option(help: "Which section (CSV prints one).")
    var section = ThemesQuestion.Section.all

    func run() throws {
        try guarded {
            if output.format == .csv && section == .all { throw UsageError(message: "--format csv prints one table: choose --section months or pairs") }
            var q = ThemesQuestion()
            (q.window, q.section) = (period.window, section)
            let a = try store.session().ask(try checked(q))
            let name = { (id: String) in a.names[id] ?? id }
            var months = Table(["theme", "name", "month", "links", "people_and_places"])
            for m in a.months ?? [] { months.add([m.theme, name(m.theme), m.month, String(m.links), String(m.entities)]) }
            var pairs = Table(["theme_a", "theme_b", "shared", "names"])
            for p in a.pairs ?? [] { pairs.add([p.a, p.b, String(p.shared.count), "\(name(p.a)) + \(name(p.b))"]) }
            switch output.format {
            case .json: try printJSON(q, a)
            case .csv: print(section == .months ? months.csv : pairs.csv)
            case .table:
                if let ms = a.months {
                    // A theme × month grid reads better than a long list.
                    let allMonths = Array(Set(ms.map(\.month))).sorted()
                    let themes = Array(Set(ms.map(\.theme))).sorted { name($0) < name($1) }
                    var grid = Table(["theme"] + allMonths.map { String($0.suffix(5)) } + ["total"])
                    let count = Dictionary(uniqueKeysWithValues: ms.map { ("\($0.theme) \($0.month)", $0.links) })
                    for t in themes {
                        let row = allMonths.map { count["\(t) \($0)"] ?? 0 }
                        grid.add([name(t)] + row.map { $0 == 0 ? "." : String($0) } + [String(row.reduce(0, +))])
                    }
                    print("Links to each theme per month (UTC):\n" + (themes.isEmpty ? "  none" : grid.text))
                }
                if let ps = a.pairs {
                    print((a.months == nil ? "" : "\n") + "Themes on the same people or places: \(plural(ps.count, "pair"))")
                    if !ps.isEmpty { print(pairs.text) }
                }
            }
        }
    }
}
