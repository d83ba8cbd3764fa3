import Foundation
import GRDBSQLite
import VoltModel
import VoltStore

/// SQLite's own rate for what `volt import` writes: the same entities and links, already parsed
/// (untimed), inserted through prepared statements into a fresh volt store's own schema in one
/// transaction, by the strategy volt's first load uses (the link indexes dropped, appended in file
/// order, built at the end with the same small sort cache), committed and synced to disk, with the
/// journal in memory as `Store.build` keeps it for a new store. No checks, no audit entry,
/// no content digest: the floor volt's import is measured against (`make bench-import`).
func benchmarkImportFloor(_ dir: String, runs: Int) {
    struct Person { let id: String; let name: String; let victim: Bool; let offender: Bool }
    struct Tie { let src: Int64; let dst: Int64; let type: String; let start: Int64; let end: Int64
                 let source: String; let gradeSource: Int64?; let intel: String?; let handling: String? }
    func rows(_ file: String) -> [[Substring]] {
        guard let text = try? String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8) else {
            say("volt-bench import-floor: cannot read \(dir)/\(file)")
            exit(1)
        }
        // The benchmark's files have no quoted fields: a split is enough (and is not timed).
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }
    var people: [Person] = [], number: [Substring: Int64] = [:]
    for r in rows("entities.csv") {
        number[r[0]] = Int64(people.count + 1)
        people.append(Person(id: String(r[0]), name: String(r[2]), victim: r[1] == "victim", offender: r[1] == "offender"))
    }
    var ties: [Tie] = []
    for r in rows("links.csv") {
        let g = Array(r[6].utf8)
        ties.append(Tie(src: number[r[0]]!, dst: number[r[1]]!, type: String(r[2]),
                        start: Timestamp(iso8601: String(r[3]))!.seconds,
                        end: r[4].isEmpty ? Int64.max : Timestamp(iso8601: String(r[4]))!.seconds,
                        source: String(r[5]),
                        gradeSource: g.count >= 4 ? Int64(g[0] - 0x30) : nil,
                        intel: g.count >= 4 ? String(decoding: g[1...1], as: UTF8.self) : nil,
                        handling: g.count >= 4 ? String(decoding: g[3...], as: UTF8.self) : nil))
    }

    func check(_ rc: Int32, _ db: OpaquePointer?, _ what: String) {
        guard rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW else {
            say("volt-bench import-floor: \(what): \(String(cString: sqlite3_errmsg(db)))")
            exit(1)
        }
    }
    func exec(_ db: OpaquePointer?, _ sql: String) { check(sqlite3_exec(db, sql, nil, nil, nil), db, sql) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    func text(_ s: OpaquePointer?, _ i: Int32, _ v: String?) {
        guard let v else { sqlite3_bind_null(s, i); return }
        sqlite3_bind_text(s, i, v, -1, transient)
    }

    var times: [Double] = []
    // Where the floor's time goes, per run: entity inserts, link inserts, the two index builds
    // with the commit and the sync.
    var phases: [String: [Double]] = ["entities": [], "links": [], "indexes and commit": []]
    func lap(_ phase: String, since t: inout UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases[phase]!.append(Double(now - t) / 1e9)
        t = now
    }
    resetPeak()
    let work = NSTemporaryDirectory() + "volt-import-floor-\(getpid())"
    for _ in 0..<runs {
        try? FileManager.default.removeItem(atPath: work)
        try! FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let path = work + "/floor.sqlite"
        do {  // the schema, as volt makes it
            let context = try AuditContext(actor: "bench", purpose: "import floor benchmark")
            _ = try Store.create(at: path, keys: work + "/floor.keys", context: context)
        } catch {
            say("volt-bench import-floor: \(error)")
            exit(1)
        }
        var db: OpaquePointer?
        check(sqlite3_open(path, &db), db, "open")
        // As `Store.build` makes a new store: the journal in memory, no sync until the end.
        exec(db, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF")
        exec(db, "PRAGMA cache_size = -65536; PRAGMA threads = 2; PRAGMA foreign_keys = OFF")
        let t = DispatchTime.now().uptimeNanoseconds
        var phase = t
        exec(db, "BEGIN")
        var e: OpaquePointer?, l: OpaquePointer?
        check(sqlite3_prepare_v2(db, "INSERT INTO entity(id, kind, name, is_victim, is_offender) VALUES (?, 'person', ?, ?, ?)", -1, &e, nil), db, "prepare")
        for p in people {
            sqlite3_reset(e)
            text(e, 1, p.id); text(e, 2, p.name)
            sqlite3_bind_int64(e, 3, p.victim ? 1 : 0); sqlite3_bind_int64(e, 4, p.offender ? 1 : 0)
            check(sqlite3_step(e), db, "entity")
        }
        lap("entities", since: &phase)
        exec(db, "DROP INDEX link_key; DROP INDEX link_dst")
        exec(db, "PRAGMA cache_size = -\(StoreWriter.appendCacheKiB)")
        check(sqlite3_prepare_v2(db, """
            INSERT INTO link(src, dst, type, start_time, end_time, source, ref, recorded_at,
                             grade_source, grade_intel, grade_handling, weight)
            VALUES (?, ?, ?, ?, ?, ?, '', NULL, ?, ?, ?, NULL)
            """, -1, &l, nil), db, "prepare")
        for x in ties {
            sqlite3_reset(l)
            sqlite3_bind_int64(l, 1, x.src); sqlite3_bind_int64(l, 2, x.dst); text(l, 3, x.type)
            sqlite3_bind_int64(l, 4, x.start); sqlite3_bind_int64(l, 5, x.end); text(l, 6, x.source)
            if let g = x.gradeSource { sqlite3_bind_int64(l, 7, g) } else { sqlite3_bind_null(l, 7) }
            text(l, 8, x.intel); text(l, 9, x.handling)
            check(sqlite3_step(l), db, "link")
        }
        sqlite3_finalize(e)
        sqlite3_finalize(l)
        lap("links", since: &phase)
        exec(db, "PRAGMA cache_size = -\(StoreWriter.indexBuildCacheKiB)")
        exec(db, "CREATE UNIQUE INDEX link_key ON link(src, dst, type, start_time, end_time, source, ref)")
        exec(db, "CREATE INDEX link_dst ON link(dst)")
        exec(db, "COMMIT")
        // The built file in WAL mode and on disk, as volt's is before it is named.
        exec(db, "PRAGMA journal_mode = WAL")
        sqlite3_close(db)
        let fd = open(path, O_RDONLY)
        fsync(fd)
        close(fd)
        lap("indexes and commit", since: &phase)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
    }
    try? FileManager.default.removeItem(atPath: work)
    var record = ["tool": "sqlite", "kernel": "import_floor", "median": median(times), "runs": times.count,
                  "times": times, "peak_mb": peakMB(), "rows": people.count + ties.count] as [String: Any]
    record["method"] = "prepared INSERTs into volt's schema, indexes built after, one transaction"
    record["phases"] = phases.mapValues { median($0) }
    let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    say(String(decoding: data, as: UTF8.self))
}
