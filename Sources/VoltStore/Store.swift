import Foundation
import CSQLiteSetup
import GRDB
import VoltModel

/// Why the store could not do what was asked. Each reads as one sentence.
public enum StoreError: Failure, Equatable {
    /// No store at the path.
    case missing(path: String)
    /// A store already exists where `init` was asked to make one.
    case exists(path: String)
    /// SQLite refused to open the file.
    case cannotOpen(path: String, reason: String)
    /// No purpose was given for a query, export or change.
    case missingPurpose
    /// The purpose given is too short to say why.
    case purposeTooShort(minimum: Int)
    /// No actor could be determined.
    case missingActor
    /// A disclosure (an export, a pack) names no recipient; the sentence says what it was.
    case missingRecipient(String)
    /// The store's content is not what volt wrote.
    case corrupt(String)
    /// The file is not a volt store (another program's database, or not SQLite); it was not touched.
    case notAStore(path: String, reason: String)
    /// An entity id that is not in the store.
    case unknownEntity(String)
    /// A person's record was expected (matching judges person records only).
    case notAPerson(String)
    /// An SQLite error.
    case database(String)
    /// The store's key file is not where it should be.
    case missingKeys(path: String)
    /// The key file is damaged, or is another store's.
    case badKeys(path: String, reason: String)
    /// `--actor` named someone other than the login, and the store records the login.
    case namedActorNotAllowed(named: String, login: String)
    /// The purpose is not one of the store's configured purposes.
    case purposeNotListed(purposes: [String])
    /// A configuration setting or its value is wrong.
    case badSetting(key: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let p): return "no volt store at \(p): create one with 'volt init --db \(p)' or point --db (or VOLT_DB) at an existing one"
        case .exists(let p): return "a volt store already exists at \(p); use it as it is, or choose another --db path"
        case .cannotOpen(let p, let r): return "cannot open the store at \(p): \(r)"
        case .missingPurpose: return "a purpose is required for every query, export and change (DPA 2018 s.62): give --purpose \"...\" or set VOLT_PURPOSE"
        case .purposeTooShort(let n): return "a purpose must say why in words, at least \(n) characters: give --purpose \"EFH panel: review of Y012\" or set VOLT_PURPOSE"
        case .missingActor: return "an actor is required: volt could not read the login name; run volt as a user with a login"
        case .missingRecipient(let what): return "\(what) is a disclosure and needs a recipient: give --recipient \"who receives it\""
        case .corrupt(let why): return "the store is damaged: \(why)"
        case .notAStore(let p, let why): return "\(p) is not a volt store (\(why)); it was left as it is: point --db at a volt store, or make one with 'volt init --db NEW-PATH'"
        case .unknownEntity(let id): return "no entity with id '\(id)' in the store; 'volt search TEXT' finds ids by name"
        case .notAPerson(let id): return "\(id) is not a person's record: only records of people are matched"
        case .database(let why): return "store error: \(why)"
        case .missingKeys(let p): return "the store's key file is missing (looked for \(p)): restore it from your backup and give its path with --keys or VOLT_KEYS; volt will not make a new one, since the audit chain and the pseudonyms rest on it"
        case .badKeys(let p, let why): return "the key file \(p) cannot be used: \(why); restore the store's own key file from your backup"
        case .namedActorNotAllowed(let named, let login):
            return "this store records the login name as the actor ('\(login)'), so --actor or VOLT_ACTOR may not name '\(named)'; leave them out, or have the store's owner allow named analysts with 'volt config set named-analysts on'"
        case .purposeNotListed(let list):
            return "the purpose is not one this store allows; start it with one of: \(list.map { "'\($0)'" }.joined(separator: ", ")) (detail may follow a colon)"
        case .badSetting(let key, let why): return "cannot set '\(key)': \(why)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .missing, .exists, .missingPurpose, .purposeTooShort, .missingActor, .missingRecipient, .unknownEntity, .notAPerson, .namedActorNotAllowed,
             .purposeNotListed, .badSetting: return 1
        case .cannotOpen, .corrupt, .notAStore, .database, .missingKeys, .badKeys: return 3
        }
    }
}

/// The volt store: one SQLite file in WAL mode with foreign keys on. Every change runs in one
/// transaction together with its audit entry, so a change is never stored without its log
/// line and a failed change leaves nothing behind.
public final class Store: Sendable {
    /// The file path.
    public let path: String
    let queue: DatabaseQueue
    /// The store's keys, from its key file.
    let keys: StoreKeys
    /// Where the key file is.
    public let keysPath: String

    private init(path: String, queue: DatabaseQueue, keys: StoreKeys, keysPath: String) {
        self.path = path
        self.queue = queue
        self.keys = keys
        self.keysPath = keysPath
    }

    /// The store's id (kept in the store and in its key file).
    public var storeID: String { keys.storeID }

    /// SQLite's `application_id` of a volt store: "VOLT" in ASCII.
    static let applicationID: Int32 = 0x564F_4C54

    /// Creates a new store, refusing to overwrite one that exists. The file is made 0600 (its
    /// owner only) before SQLite opens it; SQLite gives its WAL and shared-memory files the
    /// same mode.
    /// Its key file is made at `keys` (default: `StoreKeys.defaultPath`).
    public static func create(at path: String, keys: String? = nil, context: AuditContext) throws(StoreError) -> Store {
        if FileManager.default.fileExists(atPath: path) { throw .exists(path: path) }
        try makeEmptyFile(path, for: path)
        let store = try connect(path, keys: keys)
        try store.recordCreation(context)
        return store
    }

    /// Makes the empty file `file` for the store at `path` (named in errors): mode 0600 before
    /// SQLite opens it, never through an existing file or link.
    static func makeEmptyFile(_ file: String, for path: String) throws(StoreError) {
        let fd = Foundation.open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
    }

    /// A new store's first audit entry.
    func recordCreation(_ context: AuditContext) throws(StoreError) {
        try runTyped { try write(context, action: .collection) { _ in ((), "created the store") } }
    }

    /// Opens an existing store and brings its schema up to date. A file that is not a volt
    /// store is refused before anything writes to it.
    /// Its keys are read from `keys` (default: `StoreKeys.defaultPath`); a store without its key
    /// file is refused (a store made before keys existed gets one, its pseudonym key moved out).
    public static func open(at path: String, keys: String? = nil) throws(StoreError) -> Store {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        try checkIsVoltStore(path)
        return try connect(path, keys: keys)
    }

    /// Reads the file's SQLite header (and, for a store made before the application id, its
    /// table names, read-only) to tell a volt store from anything else.
    static func checkIsVoltStore(_ path: String) throws(StoreError) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw .cannotOpen(path: path, reason: "it cannot be read") }
        let header = (try? h.read(upToCount: 100)) ?? Data()
        try? h.close()
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
            throw .notAStore(path: path, reason: header.isEmpty ? "the file is empty" : "it is not an SQLite database")
        }
        let id = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        if id == applicationID { return }
        guard id == 0 else { throw .notAStore(path: path, reason: "it is another program's database (application id \(id))") }
        // A store from before the application id: volt's own tables are there.
        _ = sqliteConfigured
        var config = Configuration()
        config.readonly = true
        let tables = try? DatabaseQueue(path: path, configuration: config).read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        guard let tables, tables.isSuperset(of: ["entity", "link", "audit_log", "audit_head", "meta"]) else {
            throw .notAStore(path: path, reason: "it is an SQLite database without volt's tables")
        }
    }

    /// SQLite's process-wide settings, made once before the first connection (later they cannot
    /// be made, and SQLite keeps its defaults: nothing but speed depends on them): no memory
    /// statistics, which took a global mutex in every allocation. Every connection volt opens
    /// asks for this first. L import, perf: the mutex's 1.6% of the writer's samples gone,
    /// SQLite's allocations 1.7% -> 0.9%.
    static let sqliteConfigured: Bool = volt_sqlite_no_memstatus() == SQLITE_OK

    /// Opens `path` as a store. `building`: a new file no one else sees yet (`build`), whose
    /// journal is kept in memory and never synced until the built file is named.
    static func connect(_ path: String, keys keysPath: String?, building: Bool = false) throws(StoreError) -> Store {
        _ = sqliteConfigured
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.journalMode = building ? .default : .wal
        config.busyMode = .callback(Self.waitForWriter)
        config.prepareDatabase { db in
            // A larger page cache keeps the natural-key indexes in memory during big imports;
            // 16 KiB pages (set when the file is created) made a 4M-link import 18% faster.
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA cache_size = -65536; PRAGMA threads = 2")
            try db.execute(sql: building ? "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF" : "PRAGMA synchronous = NORMAL")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try Schema.migrator.migrate(queue)
            // The header says the file is volt's: set on a new store, on one made before the id,
            // and on one whose id was lost; a read first, so an ordinary open takes no write lock.
            if try queue.read({ db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }) != applicationID {
                try queue.write { db in try db.execute(sql: "PRAGMA application_id = \(applicationID)") }
            }
            let (keys, at, made) = try loadKeys(queue, path: keysPath)
            let store = Store(path: path, queue: queue, keys: keys, keysPath: at)
            if made.moved {
                // A store from before key files: its keys now live outside it, and the log says so.
                let volt = try AuditContext(actor: "volt", purpose: "upgrade: the store's keys are kept outside the store")
                try store.write(volt, action: .alteration) { _ in ((), "moved the pseudonym key out of the store into the key file; the audit chain is keyed (HMAC) from this entry") }
            }
            return store
        } catch let e as StoreError {
            throw e
        } catch let e as DatabaseError {
            throw .cannotOpen(path: path, reason: e.message ?? "\(e)")
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The store's keys: its id in `meta`, the keys in the key file. A store with no id is new, or
    /// from before key files: it gets an id and a key file (the pseudonym key it held moves
    /// there; the audit key signs from the next entry). A store with an id and no key file is
    /// refused: making a new key would hide a lost one.
    private static func loadKeys(_ queue: DatabaseQueue, path explicit: String?) throws -> (StoreKeys, String, (made: Bool, moved: Bool)) {
        let (id, legacy, head, entries) = try queue.read { db in
            (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'store_id'"), try storedKey(db),
             try Int64.fetchOne(db, sql: "SELECT seq FROM audit_head WHERE one = 1") ?? 0,
             try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0)
        }
        if let id {
            let path = explicit ?? StoreKeys.defaultPath(storeID: id)
            guard let keys = try StoreKeys.read(path) else { throw StoreError.missingKeys(path: path) }
            guard keys.storeID == id else { throw StoreError.badKeys(path: path, reason: "it belongs to another store (\(keys.storeID), not \(id))") }
            return (keys, path, (false, false))
        }
        let newID = UUID().uuidString.lowercased()
        let path = explicit ?? StoreKeys.defaultPath(storeID: newID)
        if FileManager.default.fileExists(atPath: path) {
            throw StoreError.badKeys(path: path, reason: "a key file is already there, for another store; give another --keys path")
        }
        let keys = StoreKeys.random(storeID: newID, from: head + 1, pseudonym: legacy)
        try keys.write(to: path)
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('store_id', ?)", arguments: [newID])
            try db.execute(sql: "DELETE FROM meta WHERE key = 'pseudonym_key'")
        }
        return (keys, path, (true, entries > 0))
    }

    /// How long a writer waits for another to finish before giving up.
    static let writerWait = 30.0

    /// SQLite's busy handler: another process holds the write lock. The first time, say so on
    /// standard error (a silent pause looks like a hang); then wait in 20 ms steps, up to
    /// `writerWait` seconds, and give up with SQLite's "database is locked".
    static let waitForWriter: @Sendable (Int) -> Bool = { tries in
        if tries == 0 {
            FileHandle.standardError.write(Data("volt: another volt is writing to the store; waiting up to \(Int(writerWait)) s for it to finish\n".utf8))
        }
        guard Double(tries) * 0.02 < writerWait else { return false }
        usleep(20_000)
        return true
    }

    /// Whether an action changes data (its entry then records each table's digest).
    static func changesData(_ a: AuditAction) -> Bool { a != .consultation && a != .disclosure && a != .access }

    /// Runs `body` in one transaction, then appends its audit entry in the same transaction.
    /// If `body` throws, nothing is stored and no entry is written.
    ///
    /// `body` returns its result and the summary to log. An error `body` throws reaches the
    /// caller unchanged (as GRDB's `write` passes it); only SQLite's own errors become
    /// `StoreError.database`.
    @discardableResult
    public func write<T>(_ context: AuditContext, action: AuditAction,
                         _ body: (StoreWriter) throws -> (T, String)) throws -> T {
        try run {
            try queue.write { db in
                let (value, summary) = try body(StoreWriter(db, keys: keys))
                let content = Self.changesData(action) ? try ContentDigest.tables(db) : nil
                try AuditLog.append(db, keys: keys, context: context, action: action, summary: summary, content: content)
                return value
            }
        }
    }

    /// Runs a change that logs several entries (for an import: collection, combination and
    /// alteration each get a line). `body` returns the value and the entries to append.
    public func change<T>(_ context: AuditContext,
                          _ body: (StoreWriter) throws -> (T, [(AuditAction, String)])) throws -> T {
        try queue.write { db in
            let (value, entries) = try body(StoreWriter(db, keys: keys))
            try appendAll(db, context, entries)
            return value
        }
    }

    /// As `change`, for a bulk load whose references are already resolved against the store
    /// inside the same transaction (the importer looks every id up before it writes a number).
    /// SQLite's per-row foreign-key check would only repeat that lookup, and cost a quarter of
    /// a million-link import, so it is off for this transaction alone and on again after it.
    public func bulkChange<T>(_ context: AuditContext,
                              _ body: (StoreWriter) throws -> (T, [(AuditAction, String)])) throws -> T {
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            // The writer sizes the page cache for each step of a bulk load; the store's own
            // size comes back whatever happens.
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65536
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
            var value: T?
            try db.inTransaction {
                let writer = StoreWriter(db, keys: keys)
                let (v, entries) = try body(writer)
                try appendAll(db, context, entries, known: try writer.knownDigests())
                value = v
                return .commit
            }
            return value!
        }
    }

    /// Runs a read query and logs it as a consultation, in one transaction. An error `body`
    /// throws reaches the caller unchanged, and nothing is logged; SQLite's errors become
    /// `StoreError.database`.
    public func consult<T>(_ context: AuditContext, summary: String,
                           _ body: (StoreReader) throws -> T) throws -> T {
        try run {
            try queue.write { db in
                let value = try body(StoreReader(db, keys: keys))
                try AuditLog.append(db, keys: keys, context: context, action: .consultation, summary: summary)
                return value
            }
        }
    }

    /// Runs a consultation or a disclosure without holding the write lock while it works: `body`
    /// reads in a read transaction (in WAL mode other processes may write meanwhile), then the
    /// entry it returns is appended in a short write transaction of its own. Nothing is returned
    /// unless the entry is written; an error `body` throws reaches the caller unchanged and logs
    /// nothing. `remember` writes what the answer leaves behind (derived records, and the files
    /// of a disclosure, named in this transaction) with the entry.
    public func consultConcurrently<T>(_ context: AuditContext, action: AuditAction = .consultation,
                                       _ body: (StoreReader) throws -> (T, String),
                                       then remember: (T, StoreWriter) throws -> Void = { _, _ in }) throws -> T {
        let (value, summary) = try run { try queue.read { db in try body(StoreReader(db, keys: keys)) } }
        try write(context, action: action) { w in
            try remember(value, w)
            return ((), summary)
        }
        return value
    }

    /// Reads without logging. Only for what holds no personal data: the audit log itself,
    /// the content digest used by tests and integrity checks.
    func readUnlogged<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try runTyped { try queue.read(body) }
    }

    /// The newest audit entries (all when `last` is nil), oldest first.
    public func auditEntries(last: Int? = nil) throws(StoreError) -> [AuditEntry] {
        try readUnlogged { try AuditLog.entries($0, last: last) }
    }

    /// Checks the whole audit chain with the store's key, the data against the newest change
    /// entry, and the chain against each anchor kept elsewhere.
    public func verifyAudit(anchors: [AuditAnchor] = []) throws(StoreError) -> AuditVerdict {
        try readUnlogged { try AuditLog.verify($0, keys: keys, anchors: anchors) }
    }

    /// The chain's head as an anchor to keep elsewhere (`volt audit anchor`).
    public func auditAnchor() throws(StoreError) -> AuditAnchor {
        try readUnlogged { try AuditLog.anchor($0, keys: keys) }
    }

    /// Appends a change's entries; the last of them records each table's digest.
    private func appendAll(_ db: Database, _ context: AuditContext, _ entries: [(AuditAction, String)],
                           known: [String: String] = [:]) throws {
        let content = entries.contains { Self.changesData($0.0) } ? try ContentDigest.tables(db, known: known) : nil
        for (i, (action, summary)) in entries.enumerated() {
            try AuditLog.append(db, keys: keys, context: context, action: action, summary: summary,
                                content: i == entries.count - 1 ? content : nil)
        }
    }

    /// Runs `body` with the store's own work; SQLite's errors become `StoreError.database`,
    /// every other error (the caller's, a `StoreError`) passes through as it is.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as DatabaseError {
            throw StoreError.database(e.message ?? "\(e)")
        }
    }

    /// As `run`, for the store's own reads that throw nothing else: typed.
    func runTyped<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let e as StoreError {
            throw e
        } catch let e as DatabaseError {
            throw .database(e.message ?? "\(e)")
        } catch {
            throw .database("\(error)")
        }
    }
}
