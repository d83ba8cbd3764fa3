import ArgumentParser
import Foundation
import VoltPrivacy
import VoltModel
import VoltQuestions

/// Prints a message to stderr.
func printToStderr(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A usage error found after parsing: exit 2, like the parser's own.
struct UsageError: Failure {
    let message: String
    var description: String { message }
    var exitCode: Int32 { 2 }
}

/// Something this machine lacks to do what was asked (exit 1): the sentence says how to get it.
struct Unavailable: Failure {
    let message: String
    var description: String { message }
    var exitCode: Int32 { 1 }
}

/// Checks a request before anything is read; what it refuses is a usage error.
func checked<Q: Question>(_ q: Q) throws -> Q {
    do { try q.validate() } catch let e as BadRequest { throw UsageError(message: e.message) }
    return q
}

/// Runs a command body, turning volt's errors into one clear sentence on stderr and the exit
/// code the error says (`Failure.exitCode`); anything else is a system error (3).
func guarded(_ body: () throws -> Void) throws {
    // Progress of long work on stderr, only when a person is watching it.
    let progress = stderrIsTerminal ? TerminalProgress() : nil
    defer { progress?.finish() }
    do {
        try WorkProgress.reporting(to: progress?.sink, body)
    } catch let e as ExitCode {
        throw e
    } catch let e as any Failure {
        printToStderr("volt: \(e)")
        throw ExitCode(e.exitCode)
    } catch let e as ValidationError {
        printToStderr("volt: \(e)")
        throw ExitCode(2)
    } catch {
        printToStderr("volt: \(error)")
        throw ExitCode(3)
    }
}

/// A table of strings: printed aligned for people, or as CSV.
struct Table {
    var columns: [String]
    var rows: [[String]] = []

    init(_ columns: [String]) { self.columns = columns }

    /// A row; at a label level each cell is rewritten first, so the columns line up after.
    mutating func add(_ values: [String?]) {
        let r = OutputFilter.shared.redactor
        rows.append(values.map { v in r.map { $0.redact(v ?? "") } ?? v ?? "" })
    }

    /// At most `top` rows (0: all), the first or the last ones.
    func limited(_ top: Int, last: Bool = false) -> Table {
        var t = self
        if top > 0 && rows.count > top { t.rows = last ? Array(rows.suffix(top)) : Array(rows.prefix(top)) }
        return t
    }

    /// Aligned columns, one header line.
    var text: String {
        var widths = columns.map(\.count)
        for r in rows { for (i, v) in r.enumerated() { widths[i] = max(widths[i], v.count) } }
        func line(_ vs: [String]) -> String {
            vs.enumerated().map { i, v in i == vs.count - 1 ? v : v.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(columns)] + rows.map(line)).joined(separator: "\n")
    }

    /// RFC 4180 CSV with a header row.
    var csv: String {
        ([columns] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n")
    }

    /// Prints itself in `format` (JSON is printed by `printJSON`); `summary` follows a table.
    /// Prints the table (the first `top` rows, 0: all), then `summary`; a cut table says so.
    func print(_ format: OutputFormat, top: Int = 0, summary: String? = nil) {
        if format == .csv { emit(csv); return }
        let shown = limited(top)
        if !shown.rows.isEmpty { emit(shown.text) }
        let cut = shown.rows.count < rows.count ? shownOf(shown.rows.count, rows.count) : nil
        if let line = [summary, cut].compactMap({ $0 }).joined(separator: "; ").nonEmptyText { emit(line) }
    }
}

/// "20 of 80 shown (--top 0 for all)": what every cut list says.
func shownOf(_ shown: Int, _ total: Int) -> String { "\(shown) of \(total) shown (--top 0 for all)" }

extension String {
    var nonEmptyText: String? { isEmpty ? nil : self }
}

func csvField(_ v: String) -> String {
    // Over bytes, not characters: a list of every pair writes millions of cells.
    v.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 })
        ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
}

/// `{"query": {...}, "results": ...}` (`AnswerJSON`): the query is the question's parameters
/// (what the audit entry logs), with the answer's notes.
func printJSON<Q: Question>(_ question: Q, _ answer: some Encodable) throws {
    print(String(decoding: try AnswerJSON.encode(question, results: answer), as: UTF8.self))
}

/// `{"query": {...}, "results": [...]}`, keys sorted.
func printJSON<Results: Encodable>(query: [String: String], results: Results) throws {
    print(String(decoding: try AnswerJSON.encode(query: query, results: results), as: UTF8.self))
}

/// Whether stderr is a terminal (progress lines only then).
var stderrIsTerminal: Bool { isatty(2) == 1 }

/// "1 link" or "2 links".
func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String { "\(n) \(n == 1 ? one : many ?? one + "s")" }

/// `2026-10-03 16:20`, UTC: short enough for a table.
func shortTime(_ t: Int64) -> String {
    if t == .max { return "open" }
    if t == .min { return "" }
    return shortTime(Timestamp(seconds: t).iso8601)
}

/// An ISO 8601 time as `2026-10-03 16:20`.
func shortTime(_ iso: String) -> String { String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) }

/// One decimal place.
func format1(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) + ".0" : String(r)
}

/// One link for a person to read: type, the two ends, dates, source, reference, grading.
func describe(_ l: Link) -> String {
    "\(l.type) \(l.from) – \(l.to), \(l.start.day)" + (l.end.map { $0 == l.start ? "" : " to \($0.day)" } ?? " onwards")
        + ", \(l.provenance.source)" + (l.provenance.reference.map { " \($0)" } ?? "") + (l.grading.map { ", graded \($0)" } ?? "")
}

/// A group's size, victims, offenders, victim-offenders and others, as table cells.
func typeColumns(_ byType: [String: Int], size: Int) -> [String] {
    let v = byType["victim"] ?? 0, o = byType["offender"] ?? 0, vo = byType["victim+offender"] ?? 0
    return [String(size), String(v), String(o), String(vo), String(size - v - o - vo)]
}

/// A link's type, start, end, source, reference and grading, as CSV cells.
func linkCells(_ l: Link) -> [String?] {
    [l.type.rawValue, l.start.iso8601, l.end?.iso8601, l.provenance.source, l.provenance.reference, l.grading?.description]
}

/// Where a command's printed output goes through its label level (`--labels`).
final class OutputFilter: @unchecked Sendable {
    static let shared = OutputFilter()
    /// Set once, before anything is printed (a command runs on one thread).
    var redactor: Redactor?
}

/// Every line the commands print passes here: at initials or pseudonyms, names, ids,
/// references and dates of birth are rewritten before they reach standard output.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    emit(items.map { "\($0)" }.joined(separator: separator), terminator: terminator)
}

/// One piece of output, through the label level.
func emit(_ text: String, terminator: String = "\n") {
    Swift.print(OutputFilter.shared.redactor?.redact(text) ?? text, terminator: terminator)
}
