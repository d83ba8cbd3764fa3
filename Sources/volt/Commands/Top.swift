import ArgumentParser
import Foundation
import VoltModel
import VoltQuestions

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

    @Option(help: ArgumentHelp("The month the list is for, like 2026-10 (default: the latest month with records).", valueName: "month"),
            transform: Parse.month("--period"))
    var period: Month?

    @Option(help: ArgumentHelp("A JSON file of weights (default: config/top-weights.json's values, built in).", valueName: "file"))
    var weights: String?

    func run() throws {
        try guarded {
            let q = try checked(TopQuestion(n: n, period: period, weightsFile: weights))
            let a = try store.session().ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["rank", "id", "type", "name", "score"] + (a.children.first?.components.map(\.name) ?? []))
            for c in a.children {
                t.add([String(c.rank), c.id, c.type, c.name, number(c.score)]
                      + c.components.map { output.format == .csv ? number($0.points) : "\(number($0.value))×\(number($0.weight))=\(number($0.points))" })
            }
            if output.format == .csv { return print(t.csv) }
            print("Top \(n) for \(a.month), evidence over the \(a.lookbackDays) days before its end (score = sum of value × weight):")
            print(t.text)
            print("This list supports professional judgement; it does not replace it. A child the records do not reach cannot appear.")
        }
    }

    private func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }
}
