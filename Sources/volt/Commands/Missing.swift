import ArgumentParser
import Foundation
import VoltModel
import VoltQuestions

struct MissingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing",
        abstract: "Missing children: who goes missing together, who goes missing repeatedly, and which offenders they are linked to.",
        discussion: """
            Three sections:
              together   pairs of children whose episodes overlapped by at least --overlap, most often together first (with --same-place: only when both were found at the same place)
              repeat     children with at least --repeat episodes in the period, most episodes first; still-missing children are marked
              offenders  for each child missing in the period, the offenders within --hops steps through links between people, nearest first

            An episode with no end is open: the child is still missing; it counts as lasting until --to, or until now.

            Examples:
              volt missing --from 2026-08-01 --to 2026-10-31 --purpose "MACE: missing children"
              volt missing --section together --overlap 2h --same-place --format csv --purpose "MACE: missing together"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var period: PeriodOptions

    @Option(help: ArgumentHelp("Missing together when episodes overlap by at least this long (like 2h; 0s: touching; default 30m).", valueName: "duration"),
            transform: Parse.span("--overlap"))
    var overlap = Span(seconds: 1800)

    @Flag(name: .customLong("same-place"), help: "Only count children found at the same place.")
    var samePlace = false

    @Option(help: "Repeat missing: at least this many episodes in the period.")
    var `repeat` = 2

    @Option(help: "Offenders within this many steps of a missing child.")
    var hops = 2

    @Option(help: "Which section (CSV prints one).")
    var section = MissingQuestion.Section.all

    @Option(help: "Show at most this many rows per section (0: all).")
    var top = 20

    func run() throws {
        try guarded {
            if output.format == .csv && section == .all {
                throw UsageError(message: "--format csv prints one table: choose --section together, repeat or offenders")
            }
            var q = MissingQuestion()
            (q.window, q.overlap, q.samePlace, q.repeatMinimum, q.hops, q.section, q.top) = (period.window, overlap, samePlace, `repeat`, hops, section, top)
            let a = try labels.session(store).ask(try checked(q))
            if output.format == .json { return try printJSON(q, a) }
            let time = { (t: Int64) in output.format == .table ? shortTime(t) : Timestamp(seconds: t).iso8601 }
            var together = Table(["a", "b", "times", "hours_together", "found_together", "first", "last"])
            for p in a.together ?? [] {
                together.add([p.a, p.b, String(p.times), format1(Double(p.secondsTogether) / 3600), String(p.foundTogether), time(p.first), time(p.last)])
            }
            var repeated = Table(["child", "type", "episodes", "hours_missing", "still_missing"])
            for r in a.repeat ?? [] { repeated.add([r.child, r.type, String(r.episodes), format1(Double(r.secondsMissing) / 3600), r.stillMissing ? "yes" : "no"]) }
            var reach = Table(["child", "offender", "offender_type", "steps"])
            for x in a.offenders ?? [] { reach.add([x.child, x.offender, x.offenderType, String(x.steps)]) }
            if output.format == .csv { return print([MissingQuestion.Section.together: together, .repeat: repeated, .offenders: reach][section]!.csv) }
            var sections: [String] = []
            if a.together != nil {
                sections.append("Missing together (overlapping by \(overlap) or more\(samePlace ? ", found at the same place" : "")): \(plural(a.togetherCount, "pair"))"
                                + ((a.together?.count ?? 0) < a.togetherCount ? "; " + shownOf(a.together?.count ?? 0, a.togetherCount) : "")
                                + (a.togetherCount > 0 ? "\n" + together.text : ""))
            }
            if a.repeat != nil {
                sections.append("Repeat missing (\(`repeat`) or more episodes): \(plural(a.repeatCount, "child", "children"))"
                                + (a.stillMissing.isEmpty ? "" : "; still missing: " + a.stillMissing.joined(separator: " "))
                                + ((a.repeat?.count ?? 0) < a.repeatCount ? "; " + shownOf(a.repeat?.count ?? 0, a.repeatCount) : "") + (a.repeatCount > 0 ? "\n" + repeated.text : ""))
            }
            if a.offenders != nil {
                sections.append("Offenders within \(plural(hops, "step")) of a child missing in the period: \(plural(a.reachCount, "link"))"
                                + ((a.offenders?.count ?? 0) < a.reachCount ? "; " + shownOf(a.offenders?.count ?? 0, a.reachCount) : "") + (a.reachCount > 0 ? "\n" + reach.text : ""))
            }
            print(sections.joined(separator: "\n\n"))
        }
    }
}
