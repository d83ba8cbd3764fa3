import VoltModel
import VoltStore

/// One problem in an input file, reported as `file:line:column: reason`.
public struct ImportIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named on the command line.
    public let file: String
    /// The physical line (1-based) where the record starts.
    public let line: Int
    /// The 1-based column (field) number, or 0 when the problem is the whole line.
    public let column: Int
    /// Why the record was rejected.
    public let reason: String

    /// An issue at a file, line and column.
    public init(file: String, line: Int, column: Int, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// Why an import stored nothing.
public enum ImportError: Failure {
    /// The input had errors: the first `issues` (up to the cap) and how many more there were.
    /// Nothing was stored.
    case rejected(issues: [ImportIssue], more: Int)
    /// A file could not be read or its kind could not be told.
    case unreadable(file: String, reason: String)
    /// The store refused (disk full, locked, damaged).
    case store(StoreError)

    public var description: String {
        switch self {
        case .rejected(let issues, let more):
            let total = issues.count + more
            var lines = issues.map(\.description)
            if more > 0 { lines.append("... and \(more) more") }
            lines.append("import rejected: \(total) error\(total == 1 ? "" : "s"); nothing was stored")
            return lines.joined(separator: "\n")
        case .unreadable(let file, let reason):
            return "\(file): \(reason); nothing was stored"
        case .store(let e):
            return "\(e); nothing was stored"
        }
    }

    public var exitCode: Int32 {
        if case .store(let e) = self { return e.exitCode }
        return 1
    }
}
