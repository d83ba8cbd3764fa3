import ArgumentParser
import VoltQuestions

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
            let q = StatsQuestion()
            let st = try store.session().ask(q)
            switch output.format {
            case .json: try printJSON(q, st)
            case .csv:
                var rows = Table(["section", "key", "count"])
                for (section, tallies) in [("volt_type", st.byVoltType), ("link_type", st.linksByType), ("agency", st.byAgency)] {
                    for t in tallies { rows.add([section, t.key, String(t.count)]) }
                }
                for m in st.byMonth {
                    for (k, n) in [("links", m.links), ("sightings", m.sightings), ("missing", m.missing)] { rows.add(["month_" + k, m.month, String(n)]) }
                }
                print(rows.csv)
            case .table:
                print("\(st.entities) entities, \(st.links) links, \(st.sightings) sightings, \(st.missing) missing episodes (\(st.stillMissing) still open)\n")
                for (title, tallies) in [("VOLT type", st.byVoltType), ("link type", st.linksByType), ("agency", st.byAgency)] {
                    var t = Table([title, "count"])
                    for x in tallies { t.add([x.key, String(x.count)]) }
                    print(t.text + "\n")
                }
                var m = Table(["month", "links", "sightings", "missing"])
                for x in st.byMonth { m.add([x.month, String(x.links), String(x.sightings), String(x.missing)]) }
                print(m.text)
            }
        }
    }
}
