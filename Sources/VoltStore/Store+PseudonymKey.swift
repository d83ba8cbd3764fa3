import GRDB

extension Store {
    /// The store's pseudonym key: 32 random bytes kept in the key file (never in the store), so
    /// that the same entity gets the same pseudonym in every map and export from this store and
    /// no one with the store file alone can work back from a pseudonym to an id.
    public func pseudonymKey() throws(StoreError) -> [UInt8] { keys.pseudonym }

    /// The key a store made before key files kept in its `meta` table, if it has one.
    static func storedKey(_ db: Database) throws -> [UInt8]? {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pseudonym_key'"), hex.utf8.count == 64 else { return nil }
        let digits = Array(hex.utf8)
        return stride(from: 0, to: 64, by: 2).map { i in UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) ?? 0 }
    }
}

extension StoreReader {
    /// The store's pseudonym key, for labels in the question's own transaction.
    public func pseudonymKey() throws -> [UInt8] {
        guard let keys else { throw StoreError.corrupt("this reader was made without the store's keys") }
        return keys.pseudonym
    }
}
