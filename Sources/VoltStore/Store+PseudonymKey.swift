import GRDB

extension Store {
    /// The store's pseudonym key: 32 random bytes, made on first use and kept in the store, so
    /// that the same entity gets the same pseudonym in every map and export from this store and
    /// no one without the store can work back from a pseudonym to an id.
    public func pseudonymKey() throws(StoreError) -> [UInt8] {
        try runTyped {
            if let key = try queue.read({ db in try Self.storedKey(db) }) { return key }
            return try queue.write { db in try Self.pseudonymKey(db) }
        }
    }

    /// The key if the store has one.
    static func storedKey(_ db: Database) throws -> [UInt8]? {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pseudonym_key'"), hex.utf8.count == 64 else { return nil }
        let digits = Array(hex.utf8)
        return stride(from: 0, to: 64, by: 2).map { i in UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) ?? 0 }
    }

    static func pseudonymKey(_ db: Database) throws -> [UInt8] {
        if let key = try storedKey(db) { return key }
        var rng = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let hex = key.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('pseudonym_key', ?)", arguments: [hex])
        return key
    }
}

extension StoreReader {
    /// The store's pseudonym key, read in the question's own transaction (`Session.ask` makes
    /// sure there is one before it reads).
    public func pseudonymKey() throws -> [UInt8] {
        guard let key = try Store.storedKey(db) else { throw StoreError.corrupt("the store has no pseudonym key") }
        return key
    }
}
