import VoltDigest
import Foundation

/// A store's secrets, kept in a key file outside the store (0600): the audit chain's HMAC keys
/// (one per span of entries: rotation starts a new one) and the pseudonym key. Whoever has the
/// store file but not the key file can neither forge an audit entry that `verify` accepts nor
/// map a pseudonym back to an id.
public struct StoreKeys: Sendable, Equatable {
    /// The store these keys belong to (its `store_id`).
    public let storeID: String
    /// HMAC keys of the audit chain, each from the entry it first signs; entries before the
    /// first were written before stores had keys and are checked by SHA-256 alone.
    public internal(set) var audit: [(from: Int64, key: [UInt8])]
    /// The key pseudonyms are made with.
    public internal(set) var pseudonym: [UInt8]

    public static func == (a: StoreKeys, b: StoreKeys) -> Bool {
        a.storeID == b.storeID && a.pseudonym == b.pseudonym && a.audit.map(\.from) == b.audit.map(\.from)
            && a.audit.map(\.key) == b.audit.map(\.key)
    }

    /// Fresh random keys for `storeID`, the audit key signing from entry `from`.
    static func random(storeID: String, from: Int64, pseudonym: [UInt8]? = nil) -> StoreKeys {
        StoreKeys(storeID: storeID, audit: [(from, randomBytes())], pseudonym: pseudonym ?? randomBytes())
    }

    static func randomBytes() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// The key that signs entry `seq`, or nil for an entry from before the store had keys.
    func auditKey(for seq: Int64) -> [UInt8]? {
        audit.last { $0.from <= seq }.map(\.key)
    }

    /// Where a store's key file is kept when `--keys`/`VOLT_KEYS` does not say: in the user's
    /// configuration (`$XDG_CONFIG_HOME/volt/keys`, else `~/.config/volt/keys`), named by the
    /// store's id, never beside the store (a copy of the folder must not carry its keys).
    public static func defaultPath(storeID: String) -> String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/volt/keys/\(storeID).keys"
    }

    // MARK: The file

    /// The file's text: a version line, the store id, the pseudonym key, the audit keys.
    var text: String {
        (["volt-keys 1", "store \(storeID)", "pseudonym \(hex(pseudonym))"] + audit.map { "audit \($0.from) \(hex($0.key))" })
            .joined(separator: "\n") + "\n"
    }

    /// Reads a key file; nil when there is none, an error when it is not one.
    static func read(_ path: String) throws(StoreError) -> StoreKeys? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .badKeys(path: path, reason: "it cannot be read") }
        var store: String?, pseudonym: [UInt8]?, audit: [(Int64, [UInt8])] = []
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        guard lines.first == ["volt-keys", "1"] else { throw .badKeys(path: path, reason: "it is not a volt key file") }
        for l in lines.dropFirst() {
            switch (l.first, l.count) {
            case ("store", 2): store = l[1]
            case ("pseudonym", 2): pseudonym = bytes(l[1])
            case ("audit", 3):
                guard let from = Int64(l[1]), let k = bytes(l[2]) else { throw .badKeys(path: path, reason: "an audit key line is damaged") }
                audit.append((from, k))
            default: throw .badKeys(path: path, reason: "line '\(l.joined(separator: " ").prefix(20))' is not a key")
            }
        }
        guard let store, let pseudonym, !audit.isEmpty else { throw .badKeys(path: path, reason: "a key is missing from it") }
        return StoreKeys(storeID: store, audit: audit.sorted { $0.0 < $1.0 }, pseudonym: pseudonym)
    }

    /// Writes the key file whole (a temporary beside it, never through a link, then renamed),
    /// 0600 in a 0700 folder.
    func write(to path: String) throws(StoreError) {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .badKeys(path: path, reason: "its folder cannot be made (\(error.localizedDescription))")
        }
        let temp = dir + "/.\((path as NSString).lastPathComponent).\(hex(Self.randomBytes()).prefix(12)).partial"
        let fd = Foundation.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .badKeys(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temp, path) == 0 else {
            unlink(temp)
            throw .badKeys(path: path, reason: "it could not be written whole")
        }
    }
}

private func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

private func bytes(_ hex: String) -> [UInt8]? {
    let d = Array(hex.utf8)
    guard d.count == 64 else { return nil }
    var out: [UInt8] = []
    for i in stride(from: 0, to: 64, by: 2) {
        guard let v = UInt8(String(decoding: d[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
        out.append(v)
    }
    return out
}

extension Store {
    /// The entries each audit key signs from.
    public var auditKeyStarts: [Int64] { keys.audit.map(\.from) }

    /// Starts a new audit key, which signs from the rotation's own entry on (the old ones stay
    /// in the key file to check the entries before), and with `pseudonyms` a new pseudonym key
    /// (every pseudonym changes: earlier exports no longer match). Held under the write lock, so
    /// no entry is written between the key file and the entry; returns the store with the new
    /// keys. Another process with the store open keeps its old keys until it opens it again.
    public func rotateKeys(_ context: AuditContext, pseudonyms: Bool) throws -> Store {
        try run {
            try queue.write { db in
                var next = keys
                let head = try Int64.fetchOne(db, sql: "SELECT seq FROM audit_head WHERE one = 1") ?? 0
                next.audit.append((head + 1, StoreKeys.randomBytes()))
                if pseudonyms { next.pseudonym = StoreKeys.randomBytes() }
                try next.write(to: keysPath)
                try AuditLog.append(db, keys: next, context: context, action: .alteration,
                                    summary: "keys rotate: a new audit key signs from this entry" + (pseudonyms ? "; a new pseudonym key (earlier pseudonyms no longer match)" : ""))
            }
        }
        return try Store.open(at: path, keys: keysPath)
    }
}
