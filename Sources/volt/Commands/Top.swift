import ArgumentParser
import Foundation
import VoltModel
import VoltQuestions

struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The children the data shows most at risk, with the reasons: a transparent score, every part shown.",
        discussion: """
            Each child's score is the sum of its parts, each a count times a weight: links with adults who offend and, apart, with children who offend (by grading), exploitation links, times seen with an adult who offends (log scale), repeat missing, still missing at the period's end (hours, capped), missing together with a child they are linked to, found with or seen with (capped per child and in all), and how much of it is recent. Under the table, each child's reasons in words. The evidence counts over the lookback (default 180 days) before the end of --period. Weights are in config/top-weights.json (docs/pack.md); --weights reads another file. Ties go to the more recent evidence, then to the lower id.

            --from/--to rank for any period instead (a week, a fortnight): the evidence counts over the lookback before its end. --cohort csc ranks only children open to children's social care on the period's last day (a csc_assessment, cin, cp or cla spell in status.csv), --cohort not-csc only those who are not (Havering's cohorts 1 and 2). The movement column compares each child with the list for the previous period of the same length (new, up N, down N, same); children who were on that list and are not now are listed after it as "left".

            The list supports professional judgement; it does not replace it. It rests on what is recorded, not on who was referred: a child the data does not reach cannot appear.

            Examples:
              volt top --n 8 --purpose "Havering MACE: Top 8"
              volt top --n 3 --period 2026-10 --format json --purpose "Dorset: high harm, top three"
              volt top --n 10 --cohort not-csc --from 2026-10-19 --to 2026-10-25 --purpose "Havering MACE: cohort 2, the preceding week"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: "How many children.")
    var n = 8

    @Option(help: ArgumentHelp("The month the list is for, like 2026-10 (default: the latest month with records).", valueName: "month"),
            transform: Parse.month("--period"))
    var period: Month?

    @OptionGroup var span: PeriodOptions

    @Option(help: ArgumentHelp("Which children: all, csc (open to children's social care on the period's last day) or not-csc.", valueName: "cohort"))
    var cohort: Cohort = .all

    @Option(help: ArgumentHelp("A JSON file of weights (default: config/top-weights.json's values, built in).", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp("Only children referred to this forum (the forum's own list, as its meeting page shows it).", valueName: "forum"))
    var forum: String?

    func run() throws {
        try guarded {
            var q = TopQuestion(n: n, period: period, from: span.from, to: span.to, cohort: cohort, weightsFile: weights)
            q.forum = forum
            q = try checked(q)
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            let parts = (a.children.first ?? a.left.first)?.components.map(\.name) ?? []
            var t = Table(["rank", "id", "type", "name", "age", "area", "score", "movement"] + parts + (output.format == .csv ? ["reasons"] : []))
            for c in a.children + a.left {
                t.add([c.rank.map(String.init) ?? "-", c.id, c.type, c.name, c.age ?? "", c.area ?? "", number(c.score),
                       c.movement + (c.movement == "left" ? " (was \(c.previousRank ?? 0))" : "")]
                      + c.components.map { output.format == .csv ? number($0.points) : "\(number($0.value))×\(number($0.weight))=\(number($0.points))" }
                      + (output.format == .csv ? [c.reasons] : []))
            }
            if output.format == .csv { return print(t.csv) }
            let who = a.cohort == .all ? "" : a.cohort == .csc ? " open to children's social care" : " not open to children's social care"
            print("Top \(n)\(who) for \(a.period), evidence over the \(a.lookbackDays) days before its end (score = sum of value × weight); movement against \(a.previous):")
            print(t.text)
            print("Why:")
            for c in a.children where !c.reasons.isEmpty { print("  \(c.rank ?? 0). \(c.name): \(c.reasons)") }
            print("This list supports professional judgement; it does not replace it. A child the records do not reach cannot appear.")
        }
    }

    private func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }
}
