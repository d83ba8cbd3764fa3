import VoltDigest
import Foundation
import GRDB
import GRDBSQLite

/// Each data table's row count and digest, as the audit chain records them after every change.
/// Internal row numbers are part of a row here (unlike `Store.contentDigest`, which compares
/// stores): any edit, insert or delete made outside volt changes the digest of its table.
enum ContentDigest {
    /// The tables and the order their rows are read in. Groups volt found itself are derived
    /// (a consultation may add them) and left out, as is `group_track`.
    ///
    /// Columns a later migration added (past `fixed`) count only when they hold a value, so a
    /// store brought up to date digests as it did before (its recorded digests still verify).
    static let tables: [(name: String, sql: String, fixed: Int32)] = [
        ("entity", "SELECT * FROM entity ORDER BY n", 17),
        ("entity_ref", "SELECT * FROM entity_ref ORDER BY entity, agency, reference", .max),
        ("link", "SELECT * FROM link ORDER BY n", .max),
        ("sighting", "SELECT * FROM sighting ORDER BY n", .max),
        ("missing", "SELECT * FROM missing ORDER BY n", .max),
        ("erased", "SELECT * FROM erased ORDER BY id", .max),
        ("subject_group", "SELECT * FROM subject_group WHERE detected_at IS NULL ORDER BY n", .max),
        ("group_member", "SELECT * FROM group_member ORDER BY n", .max),
        ("meeting", "SELECT * FROM meeting ORDER BY n", .max),
        ("referral", "SELECT * FROM referral ORDER BY n", .max),
        ("case_status", "SELECT * FROM case_status ORDER BY n", .max),
        ("panel_action", "SELECT * FROM panel_action ORDER BY n", .max),
        ("outcome", "SELECT * FROM outcome ORDER BY n", .max),
        ("config", "SELECT * FROM config ORDER BY key", .max),
        ("workspace_user", "SELECT * FROM workspace_user ORDER BY name", .max),
        ("match_judgement", "SELECT * FROM match_judgement ORDER BY n", .max),
    ]

    /// `table=count:digest;...` for every table, streamed through the C API (no row objects).
    static func tables(_ db: Database) throws -> String {
        var parts: [String] = []
        for t in tables {
            let statement = try db.makeStatement(sql: t.sql)
            let h = statement.sqliteStatement
            let columns = sqlite3_column_count(h)
            var hasher = SHA256()
            var count = 0
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 16)
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw StoreError.database(String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                count += 1
                for c in 0..<columns {
                    let type = sqlite3_column_type(h, c)
                    if c >= t.fixed && type == SQLITE_NULL { continue }
                    // A type tag keeps NULL, 0 and '' apart.
                    buffer.append(UInt8(type))
                    if let p = sqlite3_column_text(h, c) {
                        buffer.append(contentsOf: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(h, c))))
                    }
                    buffer.append(0x1F)
                }
                buffer.append(0x0A)
                if buffer.count >= 1 << 16 {
                    hasher.update(data: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            hasher.update(data: buffer)
            let digest = hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
            parts.append("\(t.name)=\(count):\(digest)")
        }
        return parts.joined(separator: ";")
    }

    /// The recorded form as table → (count, digest).
    static func parse(_ text: String) -> [String: (count: Int, digest: String)] {
        var out: [String: (count: Int, digest: String)] = [:]
        for part in text.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            let cd = kv[1].split(separator: ":", maxSplits: 1)
            guard cd.count == 2, let n = Int(cd[0]) else { continue }
            out[String(kv[0])] = (n, String(cd[1]))
        }
        return out
    }

    /// Each table that differs, in words: "table link has 1008 rows, 1009 recorded".
    static func differences(recorded: String, now: String) -> [String] {
        let a = parse(recorded), b = parse(now)
        return tables.map(\.name).compactMap { t in
            let r = a[t] ?? (0, ""), n = b[t] ?? (0, "")
            if a[t] == nil && n.count == 0 { return nil }  // a table added by a later volt, still empty
            if r.count == n.count && r.digest == n.digest { return nil }
            return r.count == n.count ? "table \(t) has its \(n.count) rows but their content differs"
                : "table \(t) has \(n.count) rows, \(r.count) recorded"
        }
    }
}
