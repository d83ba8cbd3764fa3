import Foundation
import GRDB
import GRDBSQLite
import Testing
import VoltModel
@testable import VoltStore
import VoltTestSupport

/// A new store is built beside its path and named only when its first load is whole.
@Suite struct StoreBuildTests {
    struct Refused: Error {}

    func names(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    func addPeople(_ store: Store, _ n: Int) throws {
        try store.write(TestSupport.context, action: .collection) { w in
            for i in 0..<n { _ = try w.upsert(Entity(id: "P\(i)", kind: .person, name: "Person \(i)")) }
            return ((), "added \(n) people")
        }
    }

    @Test func aBuiltStoreAppearsWholeInWALMode() throws {
        let dir = TestSupport.temporaryDirectory("build")
        let path = dir + "/s.sqlite", keys = dir + "/s.keys"
        let seen = try Store.build(at: path, keys: keys, context: TestSupport.context) { store in
            #expect(!FileManager.default.fileExists(atPath: path), "named before the load finished")
            try addPeople(store, 30)
            return store.path
        }
        #expect(seen != path)
        #expect(names(in: dir) == ["s.keys", "s.sqlite"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let store = try Store.open(at: path, keys: keys)
        #expect(try TestSupport.sqlite3(path, "PRAGMA journal_mode;").output.contains("wal"))
        #expect(try TestSupport.sqlite3(path, "SELECT COUNT(*) FROM entity;").output.contains("30"))
        #expect(try store.auditEntries().map(\.action) == ["collection", "collection"])
        #expect(try store.verifyAudit() == .intact(entries: 2))
        #expect(TestSupport.refusesDanglingLink(store))
    }

    @Test func aFailedBuildLeavesNothing() throws {
        let dir = TestSupport.temporaryDirectory("build")
        let path = dir + "/s.sqlite", keys = dir + "/s.keys"
        #expect(throws: Refused.self) {
            try Store.build(at: path, keys: keys, context: TestSupport.context) { store in
                try addPeople(store, 10)
                #expect(FileManager.default.fileExists(atPath: keys))
                throw Refused()
            }
        }
        #expect(names(in: dir).isEmpty, "left behind: \(names(in: dir))")
        // The same path builds afterwards.
        try Store.build(at: path, keys: keys, context: TestSupport.context) { try addPeople($0, 1) }
        #expect(try Store.open(at: path, keys: keys).verifyAudit() == .intact(entries: 2))
    }

    @Test func anExistingStoreIsNeverReplaced() throws {
        let store = try TestSupport.emptyStore()
        let before = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(throws: StoreError.exists(path: store.path)) {
            try Store.build(at: store.path, context: TestSupport.context) { _ in Issue.record("built over a store") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == before)
    }

    /// Another process makes a store at the path while the build runs: the build gives way.
    @Test func aStoreMadeMeanwhileWins() throws {
        let dir = TestSupport.temporaryDirectory("build")
        let path = dir + "/s.sqlite"
        #expect(throws: StoreError.exists(path: path)) {
            try Store.build(at: path, keys: dir + "/mine.keys", context: TestSupport.context) { _ in
                let other = try Store.create(at: path, keys: dir + "/other.keys", context: TestSupport.context)
                try addPeople(other, 3)
            }
        }
        #expect(try Store.open(at: path, keys: dir + "/other.keys").verifyAudit() == .intact(entries: 2))
        #expect(names(in: dir).filter { $0.hasPrefix(".") || $0 == "mine.keys" }.isEmpty, "\(names(in: dir))")
    }

    /// What a killed build left (its process gone) is cleared by the next build of that store;
    /// a build still running, and other files, are left alone.
    @Test func anAbandonedBuildIsCleared() throws {
        let dir = TestSupport.temporaryDirectory("build")
        let path = dir + "/s.sqlite"
        // A process id that is not running: the highest possible is never handed out here.
        var dead: Int32 = 4_194_304
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let abandoned = ".s.sqlite.building-\(dead)-0a1b2c3d"
        let running = ".s.sqlite.building-\(getpid())-9f8e7d6c"
        for n in [abandoned, abandoned + "-journal", running, ".t.sqlite.building-\(dead)-0a1b2c3d"] {
            _ = TestSupport.write("half a store", to: n, in: dir)
        }
        try Store.build(at: path, keys: dir + "/s.keys", context: TestSupport.context) { try addPeople($0, 1) }
        #expect(names(in: dir) == [running, ".t.sqlite.building-\(dead)-0a1b2c3d", "s.keys", "s.sqlite"].sorted())
    }
}

/// volt sets SQLite up once per process before its first connection (`Store.sqliteConfigured`):
/// no memory statistics, which took a global mutex in every allocation SQLite makes. Every
/// connection in this process is volt's, so the setting took: SQLite counts no memory in use.
@Suite struct SQLiteSetupTests {
    @Test func sqliteKeepsNoMemoryStatistics() throws {
        let store = try TestSupport.emptyStore()
        #expect(Store.sqliteConfigured)
        let count = try store.queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") }
        #expect(count ?? 0 > 0)
        #expect(sqlite3_memory_used() == 0)
    }
}
