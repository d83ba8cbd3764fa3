import Foundation
import VoltModel

/// One input record: its physical line, and its values in the order of `RecordKind.columns`
/// (a column the file does not have reads as empty).
public struct InputRecord {
    let kind: RecordKind
    let line: Int
    let values: [String]
    /// Where columns are on this record's line.
    let columns: ColumnLocator
    /// Whether the reader knows no value holds a control character (the decoder then need not
    /// look at every byte again).
    var knownFreeOfControl = false

    /// A record of `kind` at `line` with `values` in the order of `kind.columns`.
    public init(kind: RecordKind, line: Int, values: [String], columns: ColumnLocator) {
        self.kind = kind
        self.line = line
        self.values = values
        self.columns = columns
    }

    /// The 1-based column number of a named column on this record's line, for error reports.
    func column(_ name: String) -> Int { columns.column(name) }
}

/// Finds a named column on a record's line: by header position in CSV, by the key's place on
/// the line in JSON Lines. A value, so records can cross from the reading thread to the writer.
public enum ColumnLocator: Sendable {
    case header([String])
    /// The line's bytes, made text only when a column is asked for (an error): checking and
    /// copying every line as a String cost the JSON Lines reader a twentieth of its time.
    case jsonLine([UInt8])
    /// An XML element: the reason names the attribute, the column is 0.
    case element

    func column(_ name: String) -> Int {
        switch self {
        case .header(let h): return (h.firstIndex(of: name) ?? -1) + 1
        case .jsonLine(let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            guard let r = text.range(of: "\"\(name)\"") else { return 1 }
            return text.distance(from: text.startIndex, to: r.lowerBound) + 1
        case .element: return 0
        }
    }
}

/// Reads records of one kind from one file, streaming.
public protocol RecordReader {
    /// The next record of `kind`, nil at the end. Bad structure (a ragged row, a line that is
    /// not JSON) comes back as an issue and reading goes on with the next record.
    mutating func next() -> Result<InputRecord, ImportIssue>?
}

extension RecordKind {
    /// One bit per kind, for sets of kinds kept per line read.
    var bit: UInt32 {
        switch self {
        case .entities: 1 << 0
        case .links: 1 << 1
        case .sightings: 1 << 2
        case .missing: 1 << 3
        case .groups: 1 << 4
        case .members: 1 << 5
        case .meetings: 1 << 6
        case .referrals: 1 << 7
        case .status: 1 << 8
        case .actions: 1 << 9
        case .outcomes: 1 << 10
        }
    }
}

/// Checks that a file is UTF-8 throughout, streaming; returns the first bad byte's place.
func firstInvalidUTF8(path: String, displayName: String) throws(ImportError) -> ImportIssue? {
    var lines = 0
    return try firstInvalidUTF8(path: path, displayName: displayName, lines: &lines)
}

/// `firstInvalidUTF8(path:displayName:)`, which also counts a valid file's line feeds into
/// `lines`: an upper bound on a CSV file's records, which the importer sizes its id table by.
func firstInvalidUTF8(path: String, displayName: String, lines feeds: inout Int) throws(ImportError) -> ImportIssue? {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw .unreadable(file: displayName, reason: "cannot open the file for reading")
    }
    defer { try? handle.close() }
    var line = 1, column = 1
    var pending: [UInt8] = []  // bytes of a sequence cut by the chunk boundary
    while true {
        let chunk: Data
        do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
            throw .unreadable(file: displayName, reason: "cannot read the file (\(error))")
        }
        if chunk.isEmpty { break }
        var bytes = pending
        bytes.append(contentsOf: chunk)
        pending = []
        // Most files are ASCII throughout: such a chunk needs only its lines counted, a word
        // at a time (the byte loop below was a twentieth of the JSON Lines reader's time).
        if let (newlines, last) = asciiLines(bytes) {
            line += newlines
            column = newlines == 0 ? column + bytes.count : bytes.count - last
            continue
        }
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            }
            let len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
            if len == 0 { return issue(displayName, line, column) }
            if i + len > n { pending = Array(bytes[i...]); break }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return issue(displayName, line, column) }
            // Overlong forms, surrogates and values past U+10FFFF.
            let b1 = bytes[i + 1]
            if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0) || (b == 0xF0 && b1 < 0x90)
                || (b == 0xF4 && b1 >= 0x90) { return issue(displayName, line, column) }
            i += len
            column += 1
        }
    }
    feeds = line - 1
    if !pending.isEmpty { return issue(displayName, line, column) }
    return nil
}

/// For bytes that are all ASCII, how many line feeds they hold and where the last one is (-1:
/// none); nil when a byte is above 0x7F.
func asciiLines(_ bytes: [UInt8]) -> (newlines: Int, last: Int)? {
    bytes.withUnsafeBytes { raw -> (Int, Int)? in
        let n = raw.count
        var i = 0, newlines = 0, last = -1
        let high: UInt64 = 0x8080_8080_8080_8080, low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & high != 0 { return nil }
            // The high bit of each byte of w that is a line feed, exactly (bytes are below 0x80,
            // so adding 0x7F to each carries into no neighbour).
            let x = w ^ 0x0A0A_0A0A_0A0A_0A0A
            let feeds = ~(((x & low) &+ low) | x | low)
            if feeds != 0 {
                newlines += feeds.nonzeroBitCount
                last = i + (63 - feeds.leadingZeroBitCount) / 8
            }
            i += 8
        }
        while i < n {
            let b = raw[i]
            if b >= 0x80 { return nil }
            if b == 0x0A { newlines += 1; last = i }
            i += 1
        }
        return (newlines, last)
    }
}

private func issue(_ file: String, _ line: Int, _ column: Int) -> ImportIssue {
    ImportIssue(file: file, line: line, column: column,
                reason: "the file is not valid UTF-8 here; save it as UTF-8 and import again")
}

/// A CSV file with a header row.
struct CSVRecordReader: RecordReader {
    let kind: RecordKind
    private var parser: CSVParser
    private let file: String
    private let width: Int
    /// The file's column names, normalised.
    let header: [String]
    /// For each of `kind.columns`, the index in the file's header, or nil.
    private let mapping: [Int?]
    /// Header names that volt does not use: reported as warnings, never silently dropped.
    let ignoredColumns: [String]
    private let locator: ColumnLocator

    /// Opens the file and reads its header (names normalised), so the caller can recognise the kind.
    static func header(path: String, displayName: String) throws(ImportError) -> (CSVParser, [String]) {
        guard var parser = CSVParser(path: path) else {
            throw .unreadable(file: displayName, reason: "cannot open the file for reading")
        }
        switch parser.next() {
        case nil:
            throw .unreadable(file: displayName, reason: "the file is empty (a header row is expected)")
        case .failure(let m)?:
            throw .unreadable(file: displayName, reason: "line \(m.line): \(m.reason)")
        case .success(let row)?:
            let header = row.fields.map(RecordKind.normalise)
            if header.count == 1 && header[0].isEmpty {
                throw .unreadable(file: displayName, reason: "the first line is blank (a header row is expected)")
            }
            return (parser, header)
        }
    }

    init(parser: CSVParser, header: [String], kind: RecordKind, file: String) {
        self.parser = parser
        self.header = header
        self.kind = kind
        self.file = file
        width = header.count
        mapping = kind.columns.map { header.firstIndex(of: $0) }
        ignoredColumns = header.filter { !kind.columns.contains($0) && !$0.isEmpty }
        locator = .header(header)
    }

    /// The first required column the header lacks, or a duplicated column, as an issue.
    func headerIssue() -> ImportIssue? {
        for c in kind.requiredColumns where !header.contains(c) {
            return ImportIssue(file: file, line: 1, column: 0,
                               reason: "the header has no '\(c.prefix(60))' column, which \(kind.rawValue) files need (\(kind.requiredColumns.joined(separator: ",")))")
        }
        var seen = Set<String>()
        for (i, c) in header.enumerated() where !c.isEmpty {
            if !seen.insert(c).inserted {
                return ImportIssue(file: file, line: 1, column: i + 1, reason: "the column '\(c.prefix(60))' appears twice in the header")
            }
        }
        return nil
    }

    /// The last row's fields, in the file's order (kept between rows for their storage).
    private var fields: [String] = []

    mutating func next() -> Result<InputRecord, ImportIssue>? {
        while let result = parser.next(into: &fields) {
            let line: Int
            switch result {
            case .failure(let m):
                return .failure(ImportIssue(file: file, line: m.line, column: m.column, reason: m.reason))
            case .success(let l): line = l
            }
            if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
            if fields.count != width {
                let n = fields.count
                return .failure(ImportIssue(
                    file: file, line: line, column: min(n, width) + 1,
                    reason: "this row has \(n) field\(n == 1 ? "" : "s") but the header has \(width)"))
            }
            var values = [String]()
            values.reserveCapacity(mapping.count)
            for m in mapping { values.append(m.map { fields[$0] } ?? "") }
            var record = InputRecord(kind: kind, line: line, values: values, columns: locator)
            record.knownFreeOfControl = !parser.sawControl
            return .success(record)
        }
        return nil
    }
}

/// A JSON Lines file: one JSON object a line, each with `"kind"` (`entity`, `link`,
/// `sighting`, `missing`, `referral`, ...) and the same field names as the CSV columns.
struct JSONLinesRecordReader: RecordReader {
    let kinds: Set<RecordKind>
    private let file: String
    private var lines: LineReader
    private var line = 0
    /// The file is read once per kind; only one of those readings reports lines that are not
    /// records at all, so each such line is reported once.
    private let reportsStructure: Bool
    /// The kinds on the lines read so far, one bit each (`RecordKind.bit`): the reading that
    /// reports structure reads every line, so the importer skips a later reading for kinds the
    /// file does not hold (a file of entities and links is not read a third time for groups).
    private(set) var kindsSeen: UInt32 = 0

    init(path: String, displayName: String, kinds: Set<RecordKind>, reportsStructure: Bool) throws(ImportError) {
        guard let lines = LineReader(path: path) else {
            throw .unreadable(file: displayName, reason: "cannot open the file for reading")
        }
        self.lines = lines
        self.kinds = kinds
        self.reportsStructure = reportsStructure
        file = displayName
    }

    /// Where a key, as written on lines of a kind, goes: the column, and whether it holds a list.
    private struct Slot {
        let kind: RecordKind
        let key: String
        let column: Int?
        let list: Bool
    }
    /// A file uses a handful of keys, in the same order on every line: found by position first,
    /// then by a short scan, with no hashing per field.
    private var slots: [Slot] = []

    private mutating func slot(_ kind: RecordKind, _ key: String, at position: Int) -> Slot {
        if position < slots.count, slots[position].kind == kind, slots[position].key == key { return slots[position] }
        if let known = slots.first(where: { $0.kind == kind && $0.key == key }) { return known }
        let name = RecordKind.normalise(key)
        let s = Slot(kind: kind, key: key, column: kind.columnIndex[name], list: Self.listColumns.contains(name))
        if slots.count < 256 { slots.append(s) }
        return s
    }

    /// The last kind text read and its kind: lines of a file say the same few kinds, and
    /// `RecordKind(parsing:)` lowercases its text.
    private var lastKind: (text: String, kind: RecordKind?) = ("", nil)

    private mutating func recordKind(_ text: String) -> RecordKind? {
        if text == lastKind.text { return lastKind.kind }
        lastKind = (text, RecordKind(parsing: text))
        return lastKind.kind
    }

    mutating func next() -> Result<InputRecord, ImportIssue>? {
        while let bytes = lines.next() {
            line += 1
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            // The kind first, without building the line: a file of every kind is read once per
            // phase, and most of its lines belong to another phase. A line of a kind this
            // reading takes is built whole at once: the scan stops at its kind.
            var whole: JSONLine?
            let scanned = bytes.withUnsafeBufferPointer { b in
                JSONLine.kind(of: b) { t in recordKind(t).map { kinds.contains($0) } ?? false }
            }
            var found = scanned.kind
            if scanned.stopped {
                whole = bytes.withUnsafeBufferPointer { JSONLine($0) }
                found = whole.map { .some($0.kind) } ?? nil
            }
            guard let kindText = found else {
                if !reportsStructure { continue }
                return .failure(ImportIssue(file: file, line: line, column: 1, reason: "this line is not a JSON object"))
            }
            guard let kindText, let k = recordKind(kindText) else {
                if !reportsStructure { continue }
                return .failure(ImportIssue(file: file, line: line, column: 1,
                                            reason: "each line needs \"kind\": one of \(RecordKind.accepted.replacingOccurrences(of: "|", with: ", "))"))
            }
            kindsSeen |= k.bit
            guard kinds.contains(k) else { continue }
            guard let object = whole ?? bytes.withUnsafeBufferPointer({ JSONLine($0) }) else {
                // Not reached: the kind's reading accepts exactly the lines this one does.
                return .failure(ImportIssue(file: file, line: line, column: 1, reason: "this line is not a JSON object"))
            }
            var values = [String](repeating: "", count: k.columns.count)
            for (position, (key, value)) in object.members.enumerated() where key != "kind" {
                let slot = slot(k, key, at: position)
                switch Self.text(value, list: slot.list) {
                case .success(let t): if let i = slot.column { values[i] = t }
                case .failure(let refusal):
                    let locator = ColumnLocator.jsonLine(Array(bytes))
                    return .failure(ImportIssue(file: file, line: line, column: locator.column(key),
                                                reason: "\"\(key)\" \(refusal.reason)"))
                }
            }
            return .success(InputRecord(kind: k, line: line, values: values, columns: .jsonLine(Array(bytes))))
        }
        return nil
    }

    /// Columns that hold a list (written `a;b` in CSV), so a JSON array of scalars is taken.
    static let listColumns: Set<String> = ["refs", "themes", "contexts"]

    /// A JSON value as the cell text CSV would have: strings, numbers, true/false (as 1 and 0),
    /// null as empty, and an array of scalars where the column is a list. An object, or an
    /// array elsewhere, is refused: stored as text it would be debug output, not data.
    private static func text(_ value: JSONLine.Value, list: Bool) -> Result<String, FieldRefusal> {
        switch value {
        case .text(let s), .number(let s): return .success(s)
        case .bool(let b): return .success(b ? "1" : "0")
        case .null: return .success("")
        case .list(let items):
            guard list else { return .failure(FieldRefusal("is an array, but this field holds one value")) }
            return .success(items.joined(separator: ";"))
        case .nestedList:
            guard list else { return .failure(FieldRefusal("is an array, but this field holds one value")) }
            return .failure(FieldRefusal("holds an object or an array inside its list; give strings, like [\"a\", \"b\"]"))
        case .object: return .failure(FieldRefusal("is a JSON object, but this field holds one value (a string or a number)"))
        }
    }
}

/// Reads a file a line at a time in 1 MiB chunks, so memory does not grow with the file.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var done = false

    init?(path: String) {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        handle = h
    }

    mutating func next() -> ArraySlice<UInt8>? {
        while true {
            // memchr: the generic search went byte by byte, a twelfth of the JSON Lines reader.
            let newline: Int? = buffer.withUnsafeBufferPointer { b in
                guard start < b.count, let base = b.baseAddress,
                      let p = memchr(base + start, 0x0A, b.count - start) else { return nil }
                return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(p))
            }
            if let nl = newline {
                let line = buffer[start..<nl]
                start = nl + 1
                return line
            }
            if done {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = (try? handle.read(upToCount: 1 << 20)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(contentsOf: chunk) } else { done = true }
        }
    }
}

/// Why a value cannot be a cell, in words (the field's name is put before it).
public struct FieldRefusal: Error, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
