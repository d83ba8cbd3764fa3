import ArgumentParser
import Foundation
import VoltMatch
import VoltModel
import VoltQuestions
import VoltStore

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Find records of the same person held by different agencies; accept, reject or undo a match.",
        discussion: """
            Suggestions are scored field by field (names, date of birth, address, postcode, gender, shared references) with weights fitted to the store's own records, and banded: link (the same person, unless you judge otherwise) and review (look at it). Nothing is merged: 'volt match accept A B' records your judgement, and every analysis then sees the two records as one person ('--records' on any command sees them apart). Each judgement is logged as a combination (DPA 2018 s.62). docs/matching.md has the detail.

            Examples:
              volt match --band review --purpose "EFH panel: records from the school referral"
              volt match --explain Y006 AR001 --purpose "EFH panel: is AR001 the same child as Y006?"
              volt match accept Y006 AR001 --purpose "EFH panel: AR001 is Y006 (school record)"
              volt match undo Y006 AR001 --purpose "EFH panel: accepted in error"
            """,
        subcommands: [MatchList.self, MatchAccept.self, MatchReject.self, MatchUndo.self],
        defaultSubcommand: MatchList.self)
}

/// Which bands to list.
enum BandChoice: String, ExpressibleByArgument, CaseIterable {
    case link, review, all
}

struct MatchList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List suggested pairs not yet judged, best first (the default), or explain one pair.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: "Which pairs: link, review (default: both), or all (also the unlikely ones scored).")
    var band: BandChoice?

    @Option(name: .customLong("min-score"), help: ArgumentHelp("Only pairs scoring at least this (bits).", valueName: "score"))
    var minScore: Double?

    @Option(help: "At most this many pairs (0: all; the table shows 50 unless told).")
    var top: Int?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Explain why two records score as they do, field by field.", valueName: "A B"))
    var explain: [String] = []

    func validate() throws {
        if !explain.isEmpty && explain.count != 2 { throw ValidationError("--explain takes two record ids, like --explain Y006 AR001") }
        if let top, top < 0 { throw ValidationError("--top cannot be negative") }
    }

    func run() throws {
        try guarded {
            let session = try labels.session(store)
            if explain.count == 2 { return try printCard(session) }
            let limit = top ?? (output.format == .table ? 50 : 0)
            let q = MatchQuestion(band: band.flatMap { MatchBand(rawValue: $0.rawValue) }, includeUnlikely: band == .all,
                                  minimumScore: minScore, limit: limit)
            let a = try session.ask(q)
            if output.format == .json { return try printJSON(q, a) }
            let fields = MatchField.allCases.map(\.name) + ["references"]
            // Read once: an option group's value is rebuilt on every access.
            let csv = output.format == .csv
            var t = Table(["a", "b", "score", "band"] + (csv ? ["probability"] : []) + ["source_a", "source_b"]
                          + (csv ? fields.flatMap { [$0, "\($0)_weight"] } + ["linked_through"] : fields))
            t.rows.reserveCapacity(a.pairs.count)
            for p in a.pairs {
                var row: [String?] = [p.a, p.b, fixed(p.score, 2), csv || p.through.isEmpty ? p.band : "\(p.band) via \(p.through.joined(separator: ", "))"]
                if csv { row.append(fixed(p.probability, 6)) }
                row += [p.sourceA, p.sourceB]
                for f in p.fields {
                    row.append(csv ? f.level : short(f.level))
                    if csv { row.append(fixed(f.weight, 3)) }
                }
                if csv { row.append(p.through.isEmpty ? nil : p.through.joined(separator: ";")) }
                t.add(row)
            }
            let summary = "\(a.pairs.count) of \(a.total) pairs shown" + (a.pairs.count < a.total ? " (--top 0 for all)" : "")
                + "; \(a.records) person records, \(a.candidates) candidate pairs compared"
                + "; 'volt match --explain A B' says why, 'volt match accept A B' or 'reject A B' judges"
            t.print(output.format, summary: output.format == .table ? summary : nil)
        }
    }

    /// `x` with `digits` decimals, as "%.Nf" writes it: Foundation's formatting costs
    /// microseconds a call, and a list of every pair at county scale has millions of numbers.
    private func fixed(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let n = (abs(x) * scale).rounded()
        guard n < 9e15 else { return String(format: "%.\(digits)f", x) }
        let whole = Int(n / scale), frac = Int(n) - whole * Int(scale)
        var f = String(frac)
        if f.count < digits { f = String(repeating: "0", count: digits - f.count) + f }
        return (x < 0 && n > 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + f : "")
    }

    /// A level cut to its first words, for the table ("one digit off", "close").
    private func short(_ level: String) -> String {
        level.split(separator: "(").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? level
    }

    private func printCard(_ session: Session) throws {
        let q = MatchExplainQuestion(a: explain[0], b: explain[1])
        let c = try session.ask(q)
        if output.format == .json { return try printJSON(q, c) }
        var t = Table(["field", "level", "weight", c.a, c.b])
        for l in c.fields { t.add([l.field, l.level, String(format: "%+.2f", l.weight), l.valueA ?? "-", l.valueB ?? "-"]) }
        if output.format == .csv { return print(t.csv) }
        print("\(c.a) (\(c.sourceA ?? "agency not recorded")) and \(c.b) (\(c.sourceB ?? "agency not recorded")): score \(String(format: "%.2f", c.score)) bits, probability \(String(format: "%.4f", c.probability)), band \(c.band)")
        print(t.text)
        if !c.through.isEmpty {
            print("in the link band through \(c.through.joined(separator: ", ")): each step is a link pair, so accepting them makes one person of \(c.a) and \(c.b) anyway")
        }
        if let j = c.judgement { print("judged: \(j)") }
    }
}

/// `accept` and `reject` share their arguments.
struct JudgeArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The first record's id.", valueName: "a"))
    var a: String
    @Argument(help: ArgumentHelp("The second record's id.", valueName: "b"))
    var b: String
}

struct MatchAccept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Judge two records to be one person: every analysis then sees them as one.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var pair: JudgeArguments

    func run() throws {
        try guarded {
            let s = try store.session()
            let r = try s.apply(JudgeMatchChange(a: pair.a, b: pair.b, verdict: .accept, actor: s.context.actor))
            print("\(pair.a) and \(pair.b) accepted as one person; the person's records: \(r.records.joined(separator: ", "))")
        }
    }
}

struct MatchReject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Judge two records to be different people: no accept may join them later.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var pair: JudgeArguments

    func run() throws {
        try guarded {
            let s = try store.session()
            _ = try s.apply(JudgeMatchChange(a: pair.a, b: pair.b, verdict: .reject, actor: s.context.actor))
            print("\(pair.a) and \(pair.b) rejected as different people")
        }
    }
}

struct MatchUndo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo", abstract: "Undo the judgement standing on two records (the history stays in the log).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var pair: JudgeArguments

    func run() throws {
        try guarded {
            let s = try store.session()
            let r = try s.apply(UndoMatchChange(a: pair.a, b: pair.b, actor: s.context.actor))
            print("undone: \(r.undid ?? "")")
        }
    }
}
