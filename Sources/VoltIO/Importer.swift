import Foundation
import VoltModel
import VoltStore

/// A file to import.
public struct ImportFile: Sendable, Hashable {
    /// Path on disk.
    public let path: String
    /// The kind of records, when the user said (`--kind`); otherwise told from the header.
    public let kind: RecordKind?

    /// Another tool's chart format that reads this file (entities and links), when it is one.
    public let chart: ChartFormat?

    /// A file, with its kind if known, and the chart format that reads it if it is a chart
    /// (VoltInterop's `GraphFormat.chart(for:)` says; volt's own formats need none).
    public init(path: String, kind: RecordKind? = nil, chart: ChartFormat? = nil) {
        self.path = path
        self.kind = kind
        self.chart = chart
    }

    /// JSON Lines when the name ends in `.jsonl` or `.ndjson`; CSV otherwise.
    var isJSONLines: Bool { path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") }
    /// A chart from another tool (entities and links).
    var isChart: Bool { chart != nil }
}

/// Another tool's chart format as the importer reads it: a name, and a reader of one kind of
/// record from a file in the columns of `RecordKind`, so the same decoder and checks as CSV
/// apply. The formats themselves live in VoltInterop.
public struct ChartFormat: Sendable, Hashable {
    /// The format's name (`graphml`, `anx`).
    public let name: String
    /// Opens `path` (shown as `displayName`) for records of `kind`.
    public let open: @Sendable (_ path: String, _ displayName: String, _ kind: RecordKind) throws(ImportError) -> any RecordReader

    public init(name: String, open: @escaping @Sendable (String, String, RecordKind) throws(ImportError) -> any RecordReader) {
        self.name = name
        self.open = open
    }

    public static func == (a: ChartFormat, b: ChartFormat) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }
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
    /// Entities erased before and brought back by this import (only with `allowErased`).
    public var broughtBack: [String] = []
    /// Casework counts by kind (`referrals`, `status`, `meetings`, `actions`, `outcomes`,
    /// `groups`, `members`); kinds the import held none of are absent.
    public var casework: [String: ImportCounts] = [:]

    /// All records read.
    public var total: Int {
        ([entities, links, sightings, missing] + Array(casework.values)).reduce(0) { $0 + $1.added + $1.updated + $1.unchanged }
    }
}

/// Imports VOLT records into a store: all files in one transaction, the whole import or nothing.
///
/// Entities are imported first, then links, sightings and missing episodes, so a file may refer
/// to an entity defined in another file of the same import. Every problem is collected (up to
/// `maxIssues`, then counted) and reported as `file:line:column: reason`; if there is any,
/// the transaction is rolled back and the store is exactly as it was.
public enum Importer {
    /// How many staged links are moved into the link table at a time, sorted by key. (Once a
    /// first load appends to an empty table, `StoreWriter.stage` writes each link at once.)
    struct FlushSizes: Sendable {
        var sorted = 262_144
    }

    /// Imports `files`. `progress`, when given, is called every 100,000 records with the count.
    /// An entity that was erased is refused (the whole import, with its line) unless
    /// `allowErased`; then it comes back and the collection entry says so.
    public static func run(_ files: [ImportFile], into store: Store, context: AuditContext,
                           maxIssues: Int = 50, allowErased: Bool = false,
                           progress: (@Sendable (Int) -> Void)? = nil) throws(ImportError) -> ImportReport {
        try run(files, into: store, context: context, maxIssues: maxIssues, allowErased: allowErased, progress: progress, flushSizes: FlushSizes())
    }

    /// `run`, with the batch sizes of the link flushes given (tests make them small).
    static func run(_ files: [ImportFile], into store: Store, context: AuditContext, maxIssues: Int, allowErased: Bool,
                    progress: (@Sendable (Int) -> Void)?, flushSizes: FlushSizes) throws(ImportError) -> ImportReport {
        var issues = IssueList(cap: maxIssues)
        let plan = try makePlan(files, issues: &issues)
        if !issues.isEmpty { throw issues.rejection }

        // Reading and decoding run on a second thread; resolving and writing on this one.
        let pipe = RecordPipe()
        let readerDone = DispatchSemaphore(value: 0)
        RecordProducer.start(plan, into: pipe, done: readerDone)
        defer {
            pipe.cancel()
            readerDone.wait()
        }

        struct Rejected: Error {}
        let summaryFiles = files.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
        do {
            return try store.bulkChange(context) { writer in
                var report = ImportReport()
                var failedIDs = Set<String>()
                var firstSeen: [String: FileLine] = [:]  // casework "kind:id" -> where it was defined
                let heldBefore = try writer.highestEntityNumber()
                // Where this import defined each entity: the index of its file in `files` and
                // its line.
                var definitions = EntityDefinitions(heldBefore: heldBefore)
                var files: [String] = []
                var read = 0
                var linksBegun = false

                func flushLinks(final: Bool) throws {
                    let f = try writer.flushLinks(heldBefore: heldBefore, final: final)
                    report.links.added += f.added
                    report.links.updated += f.updated
                    report.links.unchanged += f.unchanged
                    report.combined += f.combined
                }

                var fileName = "", fileColumns = ColumnLocator.element
                // How many records ahead the id table's slots are warmed: far enough for the
                // loads to arrive, near enough that they are still in the cache when used.
                let ahead = 64
                while let batch = pipe.take() {
                    func warm(_ records: Range<Int>) {
                        batch.idHashes.withUnsafeBufferPointer { h in
                            let ids = UnsafeBufferPointer(rebasing: h[2 * records.lowerBound..<min(h.count, 2 * records.upperBound)])
                            writer.warmIDs(ids)
                        }
                    }
                    warm(0..<ahead)
                    var k = -1
                    while let item = batch.items.next() {
                        k += 1
                        if k % ahead == 0 && k + ahead < batch.count { warm(k + ahead..<k + 2 * ahead) }
                        let decoded: DecodedRecord, line: Int, lineColumns: ColumnLocator?
                        switch item {
                        case .file(let name, let columns, let entities):
                            (fileName, fileColumns) = (name, columns)
                            if entities > 0 {
                                writer.reserveIDs(entities)
                                definitions.reserve(entities)
                            }
                            files.append(name)
                            continue
                        case .warning(let w): report.warnings.append(w); continue
                        case .issues(let found, let failedID):
                            issues.add(contentsOf: found)
                            if let failedID { failedIDs.insert(failedID) }
                            continue
                        case .record(let d, let l, let c): (decoded, line, lineColumns) = (d, l, c)
                        }
                        read += 1
                        if read % 100_000 == 0 { progress?(read) }
                        func problem(_ column: String, _ reason: String) {
                            issues.add(ImportIssue(file: fileName, line: line, column: (lineColumns ?? fileColumns).column(column), reason: reason))
                        }
                        // Once anything is wrong nothing will be stored: keep checking, stop writing.
                        func subject(_ id: String, _ column: String) throws -> SubjectRef? {
                            if !failedIDs.isEmpty && failedIDs.contains(id) { return nil }
                            guard let s = try writer.resolveSubject(id) else {
                                problem(column, "'\(id.prefix(60))' is not a known person, place or group (not in the store, nor defined in this import)")
                                return nil
                            }
                            return s
                        }
                        func group(_ id: String, _ column: String) throws -> Int64? {
                            if !failedIDs.isEmpty && failedIDs.contains(id) { return nil }
                            guard let g = try writer.resolveGroup(id) else {
                                problem(column, "'\(id.prefix(60))' is not a known group (not in the store, nor in this import's groups file)")
                                return nil
                            }
                            return g
                        }
                        func defined(_ tag: String, _ id: String) -> Bool {
                            if let first = firstSeen[tag + id] {
                                problem("id", "duplicate id '\(id.prefix(60))' (first defined at \(first))")
                                return false
                            }
                            firstSeen[tag + id] = FileLine(file: fileName, line: line)
                            return true
                        }
                        func count(_ kind: RecordKind, _ o: WriteOutcome) { report.casework[kind.rawValue, default: ImportCounts()].count(o) }
                        func resolve(_ id: String, _ column: String, as expected: EntityKind?, hash: UInt32 = 0) throws -> Int64? {
                            if !failedIDs.isEmpty && failedIDs.contains(id) { return nil }  // reported where it was defined
                            guard let (n, k) = try writer.resolve(id, hash: hash) else {
                                problem(column, "'\(id.prefix(60))' is not a known entity (not in the store, nor defined in this import)")
                                return nil
                            }
                            if let expected, k != expected {
                                problem(column, "'\(id.prefix(60))' is a \(k.rawValue), but this needs a \(expected.rawValue)")
                                return nil
                            }
                            return n
                        }
                        switch decoded {
                        case .entity(let e):
                            let held = try writer.resolve(e.id)
                            if let first = definitions.first(of: e.id, number: held?.n) {
                                problem("id", "duplicate id '\(e.id.prefix(60))' (first defined at \(FileLine(file: files[Int(first >> 32)], line: Int(first & 0xFFFF_FFFF))))")
                                continue
                            }
                            let place = Int64(files.count - 1) << 32 | Int64(line & 0xFFFF_FFFF)
                            func fail() {
                                failedIDs.insert(e.id)
                                definitions.note(unwritten: e.id, at: place)
                            }
                            if let at = try writer.erasedAt(e.id) {
                                guard allowErased else {
                                    problem("id", "'\(e.id.prefix(60))' was erased on \(at.day) and is not imported again; if it must come back, import with --allow-erased and a purpose that says why")
                                    fail()
                                    continue
                                }
                                if issues.isEmpty { try writer.clearErased(e.id) }
                                report.broughtBack.append(e.id)
                            }
                            if try writer.resolveGroup(e.id) != nil {
                                problem("id", "'\(e.id.prefix(60))' is already the id of a named group; an entity needs an id of its own")
                                fail()
                                continue
                            }
                            if let held, held.kind != e.kind {
                                problem("type", "'\(e.id.prefix(60))' is a \(held.kind.rawValue) in the store and cannot become a \(e.kind.rawValue)")
                                fail()
                                continue
                            }
                            if issues.isEmpty {
                                report.entities.count(try writer.upsert(e))
                                guard let n = try held?.n ?? writer.resolve(e.id)?.n else {
                                    throw StoreError.corrupt("entity \(e.id) was written but has no number")
                                }
                                definitions.note(number: n, at: place)
                            } else {
                                writer.expect(e.id, kind: e.kind)
                                definitions.note(unwritten: e.id, at: place)
                            }
                        case .link(let l):
                            // The reading thread hashed both ids (`RecordBatch.idHashes`).
                            let a = try resolve(l.from, "from", as: l.type.requiredSourceKind, hash: batch.idHashes[2 * k])
                            let b = try resolve(l.to, "to", as: l.type.requiredTargetKind, hash: batch.idHashes[2 * k + 1])
                            guard let a, let b, issues.isEmpty else { continue }
                            if !linksBegun {
                                linksBegun = true
                                try writer.beginLinks(heldBefore: heldBefore)
                            }
                            if try writer.stage(l, from: a, to: b) >= flushSizes.sorted { try flushLinks(final: false) }
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
                        case .group(let g):
                            guard defined("group:", g.id) else { continue }
                            if try writer.resolve(g.id) != nil {
                                problem("id", "'\(g.id.prefix(60))' is already the id of an entity; a group needs an id of its own")
                                failedIDs.insert(g.id)
                                continue
                            }
                            if let at = try writer.erasedAt(g.id), !allowErased {
                                problem("id", "'\(g.id.prefix(60))' was erased on \(at.day) and is not imported again; if it must come back, import with --allow-erased and a purpose that says why")
                                failedIDs.insert(g.id)
                                continue
                            }
                            if issues.isEmpty {
                                if try writer.erasedAt(g.id) != nil {
                                    try writer.clearErased(g.id)
                                    report.broughtBack.append(g.id)
                                }
                                count(.groups, try writer.upsert(g))
                            } else { writer.expectGroup(g.id) }
                        case .member(let m):
                            let g = try group(m.group, "group")
                            let p = try resolve(m.member, "member", as: .person)
                            guard let g, let p, issues.isEmpty else { continue }
                            count(.members, try writer.insert(m, group: g, member: p))
                        case .meeting(let m):
                            guard defined("meeting:", m.id) else { continue }
                            if issues.isEmpty { count(.meetings, try writer.upsert(m)) } else { writer.expectMeeting(m.id) }
                        case .referral(let r):
                            guard defined("referral:", r.id) else { continue }
                            let s = try subject(r.subject, "subject")
                            var themesKnown = true
                            for t in r.themes where try resolve(t, "themes", as: .theme) == nil { themesKnown = false }
                            guard let s, themesKnown, issues.isEmpty else { continue }
                            count(.referrals, try writer.upsert(r, subject: s))
                        case .status(let x):
                            let p = try resolve(x.subject, "subject", as: .person)
                            guard let p, issues.isEmpty else { continue }
                            count(.status, try writer.insert(x, person: p))
                        case .action(let a):
                            guard defined("action:", a.id) else { continue }
                            let s = try subject(a.subject, "subject")
                            let m = try writer.resolveMeeting(a.meeting)
                            if m == nil { problem("meeting", "'\(a.meeting.prefix(60))' is not a known meeting (not in the store, nor in this import's meetings file)") }
                            guard let s, let m, issues.isEmpty else { continue }
                            count(.actions, try writer.upsert(a, subject: s, meeting: m))
                        case .outcome(let o):
                            let s = try subject(o.subject, "subject")
                            guard let s, issues.isEmpty else { continue }
                            count(.outcomes, try writer.insert(o, subject: s))
                        }
                    }
                    pipe.recycle(batch)
                }
                if !issues.isEmpty { throw Rejected() }
                try flushLinks(final: true)
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

    /// What each file holds and in which order to read them: entities first. Checks that every
    /// CSV file has a recognisable header before the store is touched (the reading thread checks
    /// the encoding of the whole file as it goes).
    private static func makePlan(_ files: [ImportFile], issues: inout IssueList) throws(ImportError) -> [PlannedFile] {
        var plan: [PlannedFile] = []
        for f in files {
            let name = f.path
            if f.isChart {
                for k in [RecordKind.entities, .links] where f.kind == nil || f.kind == k {
                    plan.append(PlannedFile(file: f, kinds: [k], reportsStructure: true))
                }
                continue
            }
            if f.isJSONLines {
                // One reading per phase (entities; groups and meetings; the rest), not per kind.
                if let k = f.kind {
                    plan.append(PlannedFile(file: f, kinds: [k], reportsStructure: true))
                } else {
                    for phase in 0...2 {
                        plan.append(PlannedFile(file: f, kinds: Set(RecordKind.allCases.filter { $0.phase == phase }), reportsStructure: phase == 0))
                    }
                }
                continue
            }
            let (_, header) = try CSVRecordReader.header(path: f.path, displayName: name)
            guard let kind = f.kind ?? RecordKind.recognise(header: header) else {
                // A header that is not UTF-8 cannot be recognised: say that, not "give --kind".
                if let bad = try firstInvalidUTF8(path: f.path, displayName: name) {
                    issues.add(bad)
                    continue
                }
                issues.add(ImportIssue(file: name, line: 1, column: 0, reason:
                    "cannot tell what this file holds from its header (\(header.joined(separator: ","))); give --kind \(RecordKind.accepted)"))
                continue
            }
            plan.append(PlannedFile(file: ImportFile(path: f.path, kind: kind), kinds: [kind], reportsStructure: true))
        }
        // Entities first, then groups and meetings, then what refers to them; a stable sort
        // keeps the user's file order within each kind.
        return plan.enumerated().sorted { ($0.element.order.0, $0.element.order.1, $0.offset) < ($1.element.order.0, $1.element.order.1, $1.offset) }.map(\.element)
    }

    private static func auditEntries(_ r: ImportReport, files: String) -> [(AuditAction, String)] {
        func c(_ name: String, _ k: ImportCounts, _ f: (ImportCounts) -> Int) -> String { "\(name) \(f(k))" }
        let added = [c("entities", r.entities, \.added), c("links", r.links, \.added),
                     c("sightings", r.sightings, \.added), c("missing episodes", r.missing, \.added)]
        let casework = RecordKind.allCases.compactMap { k in r.casework[k.rawValue].map { c("\(k.rawValue)", $0, \.added) } }
        let unchanged = r.entities.unchanged + r.links.unchanged + r.sightings.unchanged + r.missing.unchanged
            + r.casework.values.reduce(0) { $0 + $1.unchanged }
        var entries: [(AuditAction, String)] = [
            (.collection, "import \(files): added \((added + casework).joined(separator: ", ")); \(unchanged) already held"),
        ]
        if !r.broughtBack.isEmpty {
            entries.append((.collection, "import \(files): brought back \(r.broughtBack.count) erased entit\(r.broughtBack.count == 1 ? "y" : "ies"): \(r.broughtBack.joined(separator: " "))"))
        }
        if r.combined > 0 {
            entries.append((.combination, "import \(files): \(r.combined) new records link to entities held before"))
        }
        let updated = r.entities.updated + r.links.updated + r.sightings.updated + r.missing.updated
            + r.casework.values.reduce(0) { $0 + $1.updated }
        if updated > 0 {
            let parts = [c("entities", r.entities, \.updated), c("links", r.links, \.updated),
                         c("sightings", r.sightings, \.updated), c("missing episodes", r.missing, \.updated)]
                + RecordKind.allCases.compactMap { k in r.casework[k.rawValue].map { c(k.rawValue, $0, \.updated) } }
            entries.append((.alteration, "import \(files): updated \(parts.joined(separator: ", "))"))
        }
        return entries
    }
}

/// Where a record was defined, as `file:line` (kept as parts: most are never shown).
struct FileLine: CustomStringConvertible {
    let file: String
    let line: Int
    var description: String { "\(file):\(line)" }
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
