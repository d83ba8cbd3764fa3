import ArgumentParser
import Foundation
import VoltIO
import VoltModel
import VoltRender
import VoltStore

/// Prints a message to stderr.
func printToStderr(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs a command body, turning volt's errors into one clear sentence on stderr and the
/// documented exit code (1 bad input, 3 store or system error).
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as ImportError {
        printToStderr("volt: \(e)")
        if case .store = e { throw ExitCode(3) }
        throw ExitCode(1)
    } catch let e as StoreError {
        printToStderr("volt: \(e)")
        switch e {
        case .missing, .exists, .missingPurpose, .missingActor, .unknownEntity, .badRequest: throw ExitCode(1)
        case .cannotOpen, .corrupt, .database: throw ExitCode(3)
        }
    } catch let e as RenderError {
        printToStderr("volt: \(e)")
        switch e {
        case .unknownEngine, .unknownFormat: throw ExitCode(2)
        case .emptyMap: throw ExitCode(1)
        case .graphviz: throw ExitCode(3)
        }
    } catch let e as ValidationError {
        printToStderr("volt: \(e)")
        throw ExitCode(2)
    } catch let e as UserError {
        printToStderr("volt: \(e.message)")
        throw ExitCode(1)
    } catch {
        printToStderr("volt: \(error)")
        throw ExitCode(3)
    }
}

/// A bad request the user can fix, said in one sentence.
struct UserError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A table of strings: printed aligned for people, or as CSV, or as JSON rows.
struct Table {
    var columns: [String]
    var rows: [[String]] = []

    init(_ columns: [String]) { self.columns = columns }

    mutating func add(_ values: [String?]) { rows.append(values.map { $0 ?? "" }) }

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
}

func csvField(_ v: String) -> String {
    v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
}

/// `{"query": {...}, "results": [...]}` (plus any extra keys), keys sorted, times ISO 8601.
func printJSON<Results: Encodable>(query: [String: String], results: Results) throws {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try enc.encode(Envelope(query: query, results: results))
    print(String(decoding: data, as: UTF8.self))
}

/// Whether stderr is a terminal (progress lines only then).
var stderrIsTerminal: Bool { isatty(2) == 1 }

private struct Envelope<R: Encodable>: Encodable {
    let query: [String: String]
    let results: R
}
