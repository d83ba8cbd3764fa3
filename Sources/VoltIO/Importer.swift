import Foundation
import VoltModel
import VoltStore

/// A file to import.
public struct ImportFile: Sendable, Hashable {
    /// Path on disk.
    public let path: String
    /// The kind of records, when the user said (`--kind`); otherwise told from the header.
    public let kind: RecordKind?

    /// A file, with its kind if known.
    public init(path: String, kind: RecordKind? = nil) {
        self.path = path
        self.kind = kind
    }

    /// JSON Lines when the name ends in `.jsonl` or `.ndjson`; CSV otherwise.
    var isJSONLines: Bool { path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") }
}

/// What one import did, by kind of record.
public struct ImportCounts: Sendable, Hashable, Codable {
    /// New records stored.
    public var added = 0
    /// Records already held that this import changed.
    public var updated = 0
    /// Records already held exactly as given (re-imports add nothing).
    public var unchanged = 0

    /// Counts as given.
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
    }

    mutating func count(_ o: WriteOutcome) {
        switch o {
        case .added: added += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}

/// The result of a successful import.
public struct ImportReport: Sendable, Hashable, Codable {
    /// Counts per kind of record.
    public var entities = ImportCounts(), links = ImportCounts(), sightings = ImportCounts(), missing = ImportCounts()
    /// Links, sightings and episodes that connect records held before this import.
    public var combined = 0
    /// Things worth knowing that did not stop the import (ignored columns).
    public var warnings: [String] = []

    /// All records read.
    public var total: Int {
        [entities, links, sightings, missing].reduce(0) { $0 + $1.added + $1.updated + $1.unchanged }
    }
}

/// Imports VOLT records into a store: all files in one transaction, the whole import or nothing.
///
/// Entities are imported first, then links, sightings and missing episodes, so a file may refer
/// to an entity defined in another file of the same import. Every problem is collected (up to
/// `maxIssues`, then counted) and reported as `file:line:column: reason`; if there is any,
/// the transaction is rolled back and the store is exactly as it was.
public enum Importer {
    /// Imports `files`. `progress`, when given, is called every 100,000 records with the count.
    public static func run(_ files: [ImportFile], into store: Store, context: AuditContext,
                           maxIssues: Int = 50,
                           progress: (@Sendable (Int) -> Void)? = nil) throws(ImportError) -> ImportReport {
        var issues = IssueList(cap: maxIssues)
        var plan: [(file: ImportFile, name: String, kind: RecordKind, first: Bool)] = []
        var warnings: [String] = []

        // First, what each file is, and whether it is UTF-8 at all: no store work yet.
        for f in files {
            let name = f.path
            if let bad = try firstInvalidUTF8(path: f.path, displayName: name) {
                issues.add(bad)
                continue
            }
            if f.isJSONLines {
                for k in RecordKind.allCases where f.kind == nil || f.kind == k {
                    plan.append((f, name, k, f.kind != nil || k == .entities))
                }
                continue
            }
            let (_, header) = try CSVRecordReader.header(path: f.path, displayName: name)
            guard let kind = f.kind ?? RecordKind.recognise(header: header) else {
                issues.add(ImportIssue(file: name, line: 1, column: 0, reason:
                    "cannot tell what this file holds from its header (\(header.joined(separator: ","))); give --kind entities|links|sightings|missing"))
                continue
            }
            plan.append((f, name, kind, true))
        }
        if !issues.isEmpty { throw issues.rejection }
        plan.sort { $0.kind < $1.kind }

        struct Rejected: Error {}
        let summaryFiles = files.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
        do {
            return try store.change(context) { writer in
                var report = ImportReport()
                var failedIDs = Set<String>()
                var firstSeen: [String: String] = [:]  // entity id -> file:line where defined
                let heldBefore = try writer.highestEntityNumber()
                var read = 0

                for (file, name, kind, first) in plan {
                    var reader: any RecordReader
                    if file.isJSONLines {
                        reader = try JSONLinesRecordReader(path: file.path, displayName: name, kind: kind, reportsStructure: first)
                    } else {
                        let (parser, header) = try CSVRecordReader.header(path: file.path, displayName: name)
                        let r = CSVRecordReader(parser: parser, header: header, kind: kind, file: name)
                        if let bad = r.headerIssue() { issues.add(bad); continue }
                        for c in r.ignoredColumns { warnings.append("\(name): column '\(c)' is not a volt column and was not imported") }
                        reader = r
                    }
                    var decoder = RecordDecoder(file: name)
                    while let next = reader.next() {
                        read += 1
                        if read % 100_000 == 0 { progress?(read) }
                        let record: InputRecord
                        switch next {
                        case .failure(let issue): issues.add(issue); continue
                        case .success(let r): record = r
                        }
                        let decoded: DecodedRecord
                        switch decoder.decode(record) {
                        case .bad(let found):
                            issues.add(contentsOf: found)
                            if kind == .entities, let id = record.values.first, !id.isEmpty { failedIDs.insert(id) }
                            continue
                        case .ok(let d): decoded = d
                        }
                        // Once anything is wrong nothing will be stored: keep checking, stop writing.
                        let writing = issues.isEmpty
                        let here = "\(name):\(record.line)"
                        func resolve(_ id: String, _ column: String, as expected: EntityKind?) throws -> Int64? {
                            if failedIDs.contains(id) { return nil }  // already reported where it was defined
                            guard let (n, k) = try writer.resolve(id) else {
                                issues.add(ImportIssue(file: name, line: record.line, column: record.column(column),
                                                       reason: "'\(id)' is not a known entity (not in the store, nor defined in this import)"))
                                return nil
                            }
                            if let expected, k != expected {
                                issues.add(ImportIssue(file: name, line: record.line, column: record.column(column),
                                                       reason: "'\(id)' is a \(k.rawValue), but this needs a \(expected.rawValue)"))
                                return nil
                            }
                            return n
                        }
                        switch decoded {
                        case .entity(let e):
                            if let first = firstSeen[e.id] {
                                issues.add(ImportIssue(file: name, line: record.line, column: record.column("id"),
                                                       reason: "duplicate id '\(e.id)' (first defined at \(first))"))
                                continue
                            }
                            firstSeen[e.id] = here
                            if let held = try writer.resolve(e.id), held.kind != e.kind {
                                issues.add(ImportIssue(file: name, line: record.line, column: record.column("type"),
                                                       reason: "'\(e.id)' is a \(held.kind.rawValue) in the store and cannot become a \(e.kind.rawValue)"))
                                failedIDs.insert(e.id)
                                continue
                            }
                            if writing { report.entities.count(try writer.upsert(e)) } else { _ = try writer.resolve(e.id) }
                        case .link(let l):
                            let a = try resolve(l.from, "from", as: l.type.requiredSourceKind)
                            let b = try resolve(l.to, "to", as: l.type.requiredTargetKind)
                            guard let a, let b, issues.isEmpty else { continue }
                            try writer.stage(l, from: a, to: b)
                        case .sighting(let s):
                            let p = try resolve(s.person, "person", as: .person)
                            let l = try resolve(s.location, "location", as: .location)
                            guard let p, let l, issues.isEmpty else { continue }
                            let o = try writer.insert(s, person: p, location: l)
                            report.sightings.count(o)
                            if o == .added && (p <= heldBefore || l <= heldBefore) { report.combined += 1 }
                        case .missing(let m):
                            let p = try resolve(m.person, "person", as: .person)
                            let f = try m.foundAt.map { try resolve($0, "found_at", as: .location) } ?? nil
                            guard let p, m.foundAt == nil || f != nil, issues.isEmpty else { continue }
                            let o = try writer.insert(m, person: p, foundAt: f)
                            report.missing.count(o)
                            if o == .added && p <= heldBefore { report.combined += 1 }
                        }
                    }
                }
                if !issues.isEmpty { throw Rejected() }
                let flushed = try writer.flushLinks(heldBefore: heldBefore)
                report.links = ImportCounts(added: flushed.added, updated: flushed.updated, unchanged: flushed.unchanged)
                report.combined += flushed.combined
                report.warnings = warnings
                return (report, auditEntries(report, files: summaryFiles))
            }
        } catch is Rejected {
            throw issues.rejection
        } catch let e as ImportError {
            throw e
        } catch let e as StoreError {
            throw .store(e)
        } catch {
            throw .store(.database("\(error)"))
        }
    }

    private static func auditEntries(_ r: ImportReport, files: String) -> [(AuditAction, String)] {
        func c(_ name: String, _ k: ImportCounts, _ f: (ImportCounts) -> Int) -> String { "\(name) \(f(k))" }
        let added = [c("entities", r.entities, \.added), c("links", r.links, \.added),
                     c("sightings", r.sightings, \.added), c("missing episodes", r.missing, \.added)]
        let unchanged = r.entities.unchanged + r.links.unchanged + r.sightings.unchanged + r.missing.unchanged
        var entries: [(AuditAction, String)] = [
            (.collection, "import \(files): added \(added.joined(separator: ", ")); \(unchanged) already held"),
        ]
        if r.combined > 0 {
            entries.append((.combination, "import \(files): \(r.combined) new records link to entities held before"))
        }
        let updated = r.entities.updated + r.links.updated + r.sightings.updated + r.missing.updated
        if updated > 0 {
            let parts = [c("entities", r.entities, \.updated), c("links", r.links, \.updated),
                         c("sightings", r.sightings, \.updated), c("missing episodes", r.missing, \.updated)]
            entries.append((.alteration, "import \(files): updated \(parts.joined(separator: ", "))"))
        }
        return entries
    }
}

/// Issues up to a cap, then a count of the rest.
struct IssueList {
    let cap: Int
    private(set) var shown: [ImportIssue] = []
    private(set) var more = 0

    init(cap: Int) { self.cap = cap }

    var isEmpty: Bool { shown.isEmpty && more == 0 }

    mutating func add(_ i: ImportIssue) {
        if shown.count < cap { shown.append(i) } else { more += 1 }
    }

    mutating func add(contentsOf list: [ImportIssue]) { for i in list { add(i) } }

    var rejection: ImportError { .rejected(issues: shown, more: more) }
}
