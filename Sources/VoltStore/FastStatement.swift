import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through the SQLite C API, for the import's hot loop:
/// no argument arrays or boxed values per row, which GRDB's `StatementArguments` would allocate.
final class FastStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    var sqliteHandle: OpaquePointer { handle }
    private let connection: OpaquePointer?
    private var index: Int32 = 0
    /// The text of the row being bound, copied here and bound in place (SQLITE_STATIC): binding
    /// a Swift string SQLITE_TRANSIENT made SQLite allocate, copy and free every text value of
    /// every row. A value stays put until `reset` clears the bindings; a row whose text does
    /// not fit is bound the copying way.
    private let arena = UnsafeMutablePointer<UInt8>.allocate(capacity: FastStatement.arenaSize)
    private var arenaUsed = 0
    private static let arenaSize = 1 << 14

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    deinit {
        sqlite3_clear_bindings(handle)  // nothing may point into the arena once it is freed
        arena.deallocate()
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Starts a new row of arguments.
    func reset() {
        sqlite3_reset(handle)
        // No sqlite3_clear_bindings (a twentieth of the writer's SQLite calls): every use binds
        // every parameter again, which `run` checks in debug builds.
        index = 0
        arenaUsed = 0
    }

    func bind(_ v: Int64?) {
        index += 1
        if let v { sqlite3_bind_int64(handle, index, v) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ v: Double?) {
        index += 1
        if let v { sqlite3_bind_double(handle, index, v) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ v: String?) {
        index += 1
        guard let v else { sqlite3_bind_null(handle, index); return }
        var s = v
        s.withUTF8 { buf in
            if buf.count <= FastStatement.arenaSize - arenaUsed {
                let at = arena + arenaUsed
                if let base = buf.baseAddress { at.update(from: base, count: buf.count) }
                arenaUsed += buf.count
                _ = at.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) { c in
                    sqlite3_bind_text(handle, index, c, Int32(buf.count), nil)  // nil: SQLITE_STATIC
                }
            } else {
                _ = buf.withMemoryRebound(to: CChar.self) { c in
                    sqlite3_bind_text(handle, index, c.baseAddress, Int32(c.count), FastStatement.transient)
                }
            }
        }
    }

    /// Runs the statement to completion; returns the number of rows it changed.
    @discardableResult
    func run() throws -> Int {
        assert(index == sqlite3_bind_parameter_count(handle), "a FastStatement ran with \(index) of its \(sqlite3_bind_parameter_count(handle)) parameters bound")
        var rc = sqlite3_step(handle)
        while rc == SQLITE_ROW { rc = sqlite3_step(handle) }
        guard rc == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw StoreError.database(message)
        }
        return Int(sqlite3_changes(connection))
    }

    /// Steps once and returns the first column of the first row as an integer, if any.
    func firstInt() throws -> Int64? {
        assert(index == sqlite3_bind_parameter_count(handle), "a FastStatement ran with \(index) of its \(sqlite3_bind_parameter_count(handle)) parameters bound")
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW {
            let v = sqlite3_column_int64(handle, 0)
            sqlite3_reset(handle)
            return v
        }
        guard rc == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw StoreError.database(message)
        }
        return nil
    }

    /// The row id of the last insert on the connection (any table).
    var lastInsertedRowID: Int64 {
        get { sqlite3_last_insert_rowid(connection) }
        set { sqlite3_set_last_insert_rowid(connection, newValue) }
    }
}

extension FastStatement {
    /// Steps to the next result row; false when there are no more.
    func next() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        guard rc == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw StoreError.database(message)
        }
        return false
    }

    /// Column `i` (from 0) of the current row as a number, or nil when it is NULL.
    func double(_ i: Int32) -> Double? {
        sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : sqlite3_column_double(handle, i)
    }

    /// Column `i` (from 0) of the current row as an integer, or nil when it is NULL.
    func int64(_ i: Int32) -> Int64? {
        sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, i)
    }
}

extension FastStatement {
    /// Column `i` (from 0) of the current row as text, or nil when it is NULL.
    func text(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return String(cString: p)
    }

    /// Binds every value of a row of arguments, in order.
    func bindAll(_ values: [any Sendable]) {
        for v in values {
            switch v {
            case let x as Int64: bind(x)
            case let x as Int: bind(Int64(x))
            case let x as String: bind(x)
            default: bind(nil as Int64?)
            }
        }
    }
}

