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
    /// `known` gives the `count:digest` of tables whose rows were hashed as they were written
    /// (a bulk load into an empty link table, `StoreWriter`): those are not read back.
    static func tables(_ db: Database, known: [String: String] = [:]) throws -> String {
        var parts: [String] = []
        let buffer = RowBuffer()
        for t in tables {
            if let k = known[t.name] {
                parts.append("\(t.name)=\(k)")
                continue
            }
            let statement = try db.makeStatement(sql: t.sql)
            let h = statement.sqliteStatement
            let columns = sqlite3_column_count(h)
            var rows = RowDigest(buffer)
            while true {
                let rc = sqlite3_step(h)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw StoreError.database(String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                for c in 0..<columns {
                    let type = sqlite3_column_type(h, c)
                    if c >= t.fixed && type == SQLITE_NULL { continue }
                    if type == SQLITE_INTEGER {
                        // The same decimal text sqlite3_column_text gives, without the
                        // conversion it makes (and keeps) in the row's memory.
                        rows.integer(sqlite3_column_int64(h, c))
                    } else if let p = sqlite3_column_text(h, c) {
                        rows.value(type: type, p, Int(sqlite3_column_bytes(h, c)))
                    } else {
                        rows.null()
                    }
                }
                rows.endRow()
            }
            parts.append("\(t.name)=\(rows.summary())")
        }
        return parts.joined(separator: ";")
    }

    /// One table's digest fed row by row, column by column, in the table's column order: the
    /// one encoding of a row, whether read back by `tables` or hashed as it is written.
    struct RowDigest {
        private let buffer: RowBuffer
        private var hasher = SHA256()
        /// Rows ended so far.
        private(set) var count = 0

        init(_ buffer: RowBuffer = RowBuffer()) {
            self.buffer = buffer
            buffer.count = 0
        }

        // Each value: a type tag (SQLite's type code: it keeps NULL, 0 and '' apart), the value
        // as SQLite's column text gives it, and a unit separator.

        /// An INTEGER value.
        mutating func integer(_ v: Int64) {
            buffer.reserve(22, &hasher)
            buffer.put(UInt8(SQLITE_INTEGER))
            buffer.putDecimal(v)
            buffer.put(0x1F)
        }

        /// A value of `type` (TEXT, or FLOAT as SQLite renders it) given as its text.
        mutating func value(type: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) {
            buffer.reserve(2, &hasher)
            buffer.put(UInt8(type))
            buffer.put(p, n, &hasher)
            buffer.reserve(1, &hasher)
            buffer.put(0x1F)
        }

        /// A TEXT value.
        mutating func text(_ s: String) {
            var s = s
            s.withUTF8 { value(type: SQLITE_TEXT, $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
        }

        /// An INTEGER value, or NULL.
        mutating func integer(_ v: Int64?) { if let v { integer(v) } else { null() } }

        /// A TEXT value, or NULL.
        mutating func text(_ s: String?) { if let s { text(s) } else { null() } }

        /// Column `column` of the current row of `statement`, as `tables` reads it: for a REAL,
        /// the text SQLite renders (an integral one is stored as an integer and read back as a
        /// real, printed `%!.15g`), which volt asks of SQLite rather than imitates.
        mutating func column(_ statement: OpaquePointer, _ column: Int32) {
            if let p = sqlite3_column_text(statement, column) {
                value(type: sqlite3_column_type(statement, column), p, Int(sqlite3_column_bytes(statement, column)))
            } else {
                null()
            }
        }

        /// A NULL.
        mutating func null() {
            buffer.reserve(2, &hasher)
            buffer.put(UInt8(SQLITE_NULL))
            buffer.put(0x1F)
        }

        mutating func endRow() {
            buffer.reserve(1, &hasher)
            buffer.put(0x0A)
            count += 1
        }

        /// `count:digest`, as the audit entry records a table.
        mutating func summary() -> String {
            buffer.flush(&hasher)
            let digest = hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
            return "\(count):\(digest)"
        }
    }

    /// `v` in decimal as the digest writes it (for tests).
    static func decimal(_ v: Int64) -> [UInt8] {
        let b = RowBuffer()
        b.putDecimal(v)
        return Array(UnsafeBufferPointer(start: b.base, count: b.count))
    }

    /// Bytes on their way to the hash, 64 KiB at a time, written through a pointer: the
    /// digest reads every row of the store after each change, so this loop is all of its
    /// cost beside SQLite's own.
    final class RowBuffer {
        static let size = 1 << 16
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: RowBuffer.size)
        var count = 0
        deinit { base.deallocate() }

        /// Makes room for `n` more bytes, hashing what is held when they would not fit.
        @inline(__always) func reserve(_ n: Int, _ hasher: inout SHA256) {
            if count + n > RowBuffer.size { flush(&hasher) }
        }

        func flush(_ hasher: inout SHA256) {
            hasher.update(data: UnsafeRawBufferPointer(start: base, count: count))
            count = 0
        }

        @inline(__always) func put(_ b: UInt8) {
            base[count] = b
            count += 1
        }

        /// `n` bytes from `p`, through the buffer; what does not fit goes to the hash directly
        /// after what is held, so the bytes reach it in the same order.
        @inline(__always) func put(_ p: UnsafePointer<UInt8>, _ n: Int, _ hasher: inout SHA256) {
            if count + n > RowBuffer.size {
                flush(&hasher)
                hasher.update(data: UnsafeRawBufferPointer(start: p, count: n))
                return
            }
            (base + count).update(from: p, count: n)
            count += n
        }

        /// `v` in decimal, as SQLite writes an integer as text (the caller reserved 21 bytes):
        /// two digits a step from a table, into the buffer from the end, so that timestamps
        /// and open ends (19 digits) take a few steps, not one division per digit twice.
        @inline(__always) func putDecimal(_ v: Int64) {
            if v < 0 { put(UInt8(ascii: "-")) }
            var m = v.magnitude
            let digits = Self.digits(m)
            let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
            let p = pairs.utf8Start
            var i = count + digits
            while m >= 100 {
                let q = m / 100, r = Int(m &- q &* 100) &* 2
                i -= 2
                base[i] = p[r]
                base[i + 1] = p[r + 1]
                m = q
            }
            if m >= 10 {
                let r = Int(m) &* 2
                base[i - 2] = p[r]
                base[i - 1] = p[r + 1]
            } else {
                base[i - 1] = UInt8(truncatingIfNeeded: m) &+ 0x30
            }
            count += digits
        }

        /// How many decimal digits `m` has, from its bit length and one comparison (a loop of
        /// divisions by 100 counted them before, as many steps again as writing them).
        @inline(__always) static func digits(_ m: UInt64) -> Int {
            let x = m | 1  // the same digits, and no zero
            let guess = ((64 - x.leadingZeroBitCount) &* 1233) >> 12  // about log10 of 2^bits
            let power: UInt64
            switch guess {
            case 0: power = 1
            case 1: power = 10
            case 2: power = 100
            case 3: power = 1_000
            case 4: power = 10_000
            case 5: power = 100_000
            case 6: power = 1_000_000
            case 7: power = 10_000_000
            case 8: power = 100_000_000
            case 9: power = 1_000_000_000
            case 10: power = 10_000_000_000
            case 11: power = 100_000_000_000
            case 12: power = 1_000_000_000_000
            case 13: power = 10_000_000_000_000
            case 14: power = 100_000_000_000_000
            case 15: power = 1_000_000_000_000_000
            case 16: power = 10_000_000_000_000_000
            case 17: power = 100_000_000_000_000_000
            case 18: power = 1_000_000_000_000_000_000
            default: power = 10_000_000_000_000_000_000
            }
            return x < power ? guess : guess + 1
        }
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
