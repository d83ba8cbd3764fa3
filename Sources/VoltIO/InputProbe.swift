/// The readers and the decoder run over one input with nothing stored: the entry points of the
/// fuzz targets (`make fuzz`) and of the tests that replay the inputs fuzzing found. Each call
/// reads everything and checks what must hold for any input, whatever its bytes: every problem
/// has a line, a reason, and no more of a cell in it than the 60 characters the rules allow.
public enum InputProbe {
    /// Something that must hold for every input did not.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a probe saw: records decoded and problems reported.
    public struct Tally: Sendable, Equatable {
        public var records = 0
        public var problems = 0
        public init() {}
    }

    /// The longest reason a problem may have: the longest fixed wording plus two 60-character
    /// excerpts and the column list.
    static let longestReason = 900

    /// A CSV file, read as its header says (entities when the header fits no kind), every row
    /// decoded.
    public static func csv(path: String) throws(Violation) -> Tally {
        var tally = Tally()
        let parser: CSVParser, header: [String]
        do { (parser, header) = try CSVRecordReader.header(path: path, displayName: "input") } catch { return tally }
        let kind = RecordKind.recognise(header: header) ?? .entities
        let reader = CSVRecordReader(parser: parser, header: header, kind: kind, file: "input")
        if let issue = reader.headerIssue() { try check(issue); tally.problems += 1 }
        try drain(reader, &tally)
        return tally
    }

    /// A JSON Lines file, every kind, every record decoded.
    public static func jsonLines(path: String) throws(Violation) -> Tally {
        var tally = Tally()
        for phase in 0...2 {
            let kinds = Set(RecordKind.allCases.filter { $0.phase == phase })
            guard let reader = try? JSONLinesRecordReader(path: path, displayName: "input", kinds: kinds, reportsStructure: phase == 0) else { return tally }
            try drain(reader, &tally)
        }
        return tally
    }

    /// One record of `kind` from raw cells (fewer or more than the kind has are padded or cut).
    public static func decode(kind: RecordKind, cells: [String]) throws(Violation) -> Tally {
        var values = Array(cells.prefix(kind.columns.count))
        values += Array(repeating: "", count: kind.columns.count - values.count)
        var decoder = RecordDecoder(file: "input")
        var tally = Tally()
        switch decoder.decode(InputRecord(kind: kind, line: 1, values: values, columns: .header(kind.columns))) {
        case .ok: tally.records += 1
        case .bad(let issues):
            guard !issues.isEmpty else { throw Violation(description: "a record was refused with no reason") }
            for i in issues { try check(i) }
            tally.problems += issues.count
        }
        return tally
    }

    /// Any reader of records (a chart reader from another module included), every record decoded.
    public static func drain(_ reader: some RecordReader, _ tally: inout Tally) throws(Violation) {
        var reader = reader
        var decoder = RecordDecoder(file: "input")
        var count = 0
        while let next = reader.next() {
            count += 1
            if count > 10_000_000 { throw Violation(description: "a reader did not stop") }
            switch next {
            case .failure(let issue): try check(issue); tally.problems += 1
            case .success(let record):
                switch decoder.decode(record) {
                case .ok: tally.records += 1
                case .bad(let issues):
                    guard !issues.isEmpty else { throw Violation(description: "line \(record.line): a record was refused with no reason") }
                    for i in issues { try check(i) }
                    tally.problems += issues.count
                }
            }
        }
    }

    private static func check(_ issue: ImportIssue) throws(Violation) {
        if issue.line < 1 { throw Violation(description: "a problem has line \(issue.line): \(issue.reason.prefix(100))") }
        if issue.reason.isEmpty { throw Violation(description: "line \(issue.line): a problem has no reason") }
        if issue.reason.count > longestReason {
            throw Violation(description: "line \(issue.line): a reason of \(issue.reason.count) characters echoes too much of the input: \(issue.reason.prefix(100))…")
        }
    }
}
