import ArgumentParser
import VoltStore

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts by VOLT type, link type, agency and month.",
        discussion: """
            Example:
              volt stats --purpose "monthly panel figures"
              volt stats --format json
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        try guarded {
            let (s, ctx) = try store.open()
            let st = try s.consult(ctx, summary: "stats: counts by type, agency and month") { try $0.stats() }
            var rows = Table(["section", "key", "count"])
            for t in st.byVoltType { rows.add(["volt_type", t.key, String(t.count)]) }
            for t in st.linksByType { rows.add(["link_type", t.key, String(t.count)]) }
            for t in st.byAgency { rows.add(["agency", t.key, String(t.count)]) }
            for m in st.byMonth {
                rows.add(["month_links", m.month, String(m.links)])
                rows.add(["month_sightings", m.month, String(m.sightings)])
                rows.add(["month_missing", m.month, String(m.missing)])
            }
            switch output.format {
            case .json: try printJSON(query: [:], results: st)
            case .csv: print(rows.csv)
            case .table:
                print("\(st.entities) entities, \(st.links) links, \(st.sightings) sightings, \(st.missing) missing episodes (\(st.stillMissing) still open)\n")
                func section(_ title: String, _ tallies: [Tally]) {
                    var t = Table([title, "count"])
                    for x in tallies { t.add([x.key, String(x.count)]) }
                    print(t.text + "\n")
                }
                section("VOLT type", st.byVoltType)
                section("link type", st.linksByType)
                section("agency", st.byAgency)
                var m = Table(["month", "links", "sightings", "missing"])
                for x in st.byMonth { m.add([x.month, String(x.links), String(x.sightings), String(x.missing)]) }
                print(m.text)
            }
        }
    }
}
