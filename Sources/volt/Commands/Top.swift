import ArgumentParser
import Foundation
import VoltGraph
import VoltModel
import VoltPack
import VoltStore
import VoltTemporal

struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The children the data shows most at risk, with the reasons: a transparent score, every part shown.",
        discussion: """
            Each child's score is the sum of its parts, each a count times a weight: links with offenders (by grading), exploitation links, times seen with an offender, repeat missing, missing together, and how much of it is recent. The evidence counts over the lookback (default 180 days) before the end of --period. Weights are in config/top-weights.json (docs/pack.md); --weights reads another file. Ties go to the more recent evidence, then to the lower id.

            The list supports professional judgement; it does not replace it. It rests on what is recorded, not on who was referred: a child the data does not reach cannot appear.

            Examples:
              volt top --n 8 --purpose "Havering MACE: Top 8"
              volt top --n 3 --period 2026-10 --format json --purpose "Dorset: high harm, top three"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: "How many children.")
    var n = 8

    @Option(help: ArgumentHelp("The month the list is for, like 2026-10 (default: the latest month with records).", valueName: "month"))
    var period: String?

    @Option(help: ArgumentHelp("A JSON file of weights (default: config/top-weights.json's values, built in).", valueName: "file"))
    var weights: String?

    func run() throws {
        try guarded {
            guard n >= 1 else { throw ValidationError("--n must be at least 1") }
            let w = try topWeights(weights)
            let month = try period.map { try parseMonth($0, option: "--period") }
            let (s, ctx) = try store.open()
            let (e, links, sightings, missing) = try s.consult(ctx, summary: "top n=\(n) period=\(period ?? "latest")" + (weights.map { " weights=\($0)" } ?? "")) { r in
                let e = try EntityTable(r)
                return (e, try TimedLinkTable(r, entities: e), try SightingTable(r, entities: e), try MissingTable(r, entities: e))
            }
            let latest = max(links.start.max() ?? .min, sightings.start.max() ?? .min, missing.start.max() ?? .min)
            guard latest > .min else { throw UserError("the store holds no links, sightings or missing episodes to rank children by") }
            let (start, end) = month ?? monthOf(latest)
            guard hasRecords(links, sightings, missing, from: start, to: end) else {
                throw UserError("no records in \(period ?? "that month"): nothing to rank children by")
            }
            let ranked = topChildren(entities: e, links: links, sightings: sightings, missing: missing, periodEnd: end, weights: w)
            let shown = Array(ranked.prefix(n))
            switch output.format {
            case .json:
                struct Row: Encodable { let rank: Int; let id: String; let type: String; let name: String; let score: Double; let components: [ScoreComponent] }
                try printJSON(query: ["n": String(n), "period": Timestamp(seconds: start).iso8601.prefix(7).description, "lookbackDays": String(w.lookbackDays)],
                              results: shown.enumerated().map { i, c in
                                  Row(rank: i + 1, id: e.ids[c.child], type: e.types[c.child].rawValue, name: e.names[c.child], score: c.score, components: c.components)
                              })
            case .csv, .table:
                var t = Table(["rank", "id", "type", "name", "score"] + (shown.first?.components.map(\.name) ?? []))
                for (i, c) in shown.enumerated() {
                    t.add([String(i + 1), e.ids[c.child], e.types[c.child].rawValue, e.names[c.child], number(c.score)]
                          + c.components.map { output.format == .csv ? number($0.points) : "\(number($0.value))×\(number($0.weight))=\(number($0.points))" })
                }
                if output.format == .csv { print(t.csv); return }
                print("Top \(n) for \(Timestamp(seconds: start).iso8601.prefix(7)), evidence over the \(w.lookbackDays) days before its end (score = sum of value × weight):")
                print(t.text)
                print("This list supports professional judgement; it does not replace it. A child the records do not reach cannot appear.")
            }
        }
    }

    private func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }
}

/// A month written YYYY-MM: its first and last second (UTC).
func parseMonth(_ text: String, option: String) throws -> (Int64, Int64) {
    let parts = text.split(separator: "-")
    guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), (1900...2999).contains(y),
          let first = Timestamp(iso8601: String(format: "%04d-%02d-01T00:00:00Z", y, m)) else {
        throw ValidationError("\(option) '\(text)' is not a month like 2026-10")
    }
    return monthOf(first.seconds)
}


/// The Top N weights: from `--weights` when given, else the defaults.
func topWeights(_ path: String?) throws -> TopWeights {
    guard let path else { return TopWeights() }
    do { return try TopWeights.read(path) } catch { throw UserError("cannot use --weights \(path): \(error)") }
}

/// Whether any link, sighting or missing episode starts in `from...to`.
func hasRecords(_ l: TimedLinkTable, _ s: SightingTable, _ m: MissingTable, from: Int64, to: Int64) -> Bool {
    let inside = { (t: Int64) in t >= from && t <= to }
    return l.start.contains(where: inside) || s.start.contains(where: inside) || m.start.contains(where: inside)
}
