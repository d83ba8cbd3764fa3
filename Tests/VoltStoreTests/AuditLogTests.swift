import Foundation
import Testing
import VoltModel
import VoltStore
import VoltTestSupport

@Suite struct AuditLogTests {
    /// A store with a handful of logged queries.
    func loggedStore(entries: Int = 6) throws -> Store {
        let store = try TestSupport.emptyStore()
        for i in 1..<entries {
            _ = try store.consult(TestSupport.context, summary: "query \(i)") { try $0.stats() }
        }
        return store
    }

    @Test func everyWriteAndReadIsChained() throws {
        let store = try loggedStore()
        let log = try store.auditEntries()
        #expect(log.map(\.seq) == Array(1...6))
        #expect(log.first?.action == "collection")
        #expect(log.dropFirst().allSatisfy { $0.action == "consultation" && $0.actor == "test" && $0.purpose == "automated test" })
        for (a, b) in zip(log, log.dropFirst()) { #expect(b.prevHash == a.hash) }
        #expect(Set(log.map(\.hash)).count == 6 && log.allSatisfy { $0.hash.count == 64 })
        // The creation changed the store (an empty one): it records the tables' digests.
        #expect(log.first?.content?.contains("entity=0:") == true && log.dropFirst().allSatisfy { $0.content == nil })
        #expect(try store.verifyAudit() == .intact(entries: 6))
        #expect(try store.auditEntries(last: 2).map(\.seq) == [5, 6])
    }

    @Test func thePurposeIsRequired() {
        #expect(throws: StoreError.missingPurpose) { try AuditContext(actor: "a", purpose: nil) }
        #expect(throws: StoreError.missingPurpose) { try AuditContext(actor: "a", purpose: "   ") }
        #expect(throws: StoreError.missingActor) { try AuditContext(actor: "", purpose: "p") }
        #expect(throws: StoreError.purposeTooShort(minimum: 8)) { try AuditContext(actor: "a", purpose: " test ") }
        #expect((try? AuditContext(actor: "a", purpose: "IG check")) != nil)
        #expect(StoreError.missingPurpose.description.contains("--purpose"))
    }

    @Test func theLogRefusesEditsThroughSQL() throws {
        let store = try loggedStore()
        let (status, _, err) = try TestSupport.sqlite3(store.path, "UPDATE audit_log SET purpose = 'x' WHERE seq = 2")
        #expect(status != 0)
        #expect(err.contains("append-only"))
        #expect(try store.verifyAudit() == .intact(entries: 6))
    }

    /// Tampering with the triggers dropped first, as someone with the sqlite3 shell could.
    static let tampering: [(String, String, Int64)] = [
        ("edit the purpose of entry 3", "UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = 3", 3),
        ("edit the actor of entry 1", "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1", 1),
        ("edit the summary of the newest entry", "UPDATE audit_log SET summary = 'x' WHERE seq = 6", 6),
        ("delete entry 4", "DELETE FROM audit_log WHERE seq = 4", 4),
        ("delete the newest entry", "DELETE FROM audit_log WHERE seq = 6", 6),
        ("delete the first entry", "DELETE FROM audit_log WHERE seq = 1", 1),
        ("swap entries 2 and 5", "UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -2", 2),
        ("rewrite entry 3 and its hash", "UPDATE audit_log SET summary = 'x', hash = 'ab' WHERE seq = 3", 3),
    ]

    @Test(arguments: tampering)
    func tamperingIsFoundAndNamed(_ what: String, _ sql: String, _ seq: Int64) throws {
        let store = try loggedStore()
        let (status, _, err) = try TestSupport.sqlite3(
            store.path, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; \(sql)")
        #expect(status == 0, "\(err)")
        let verdict = try store.verifyAudit()
        guard case .broken(let at, let reason) = verdict else {
            Issue.record("\(what): not detected")
            return
        }
        #expect(at == seq, "\(what): \(reason)")
        #expect(reason.contains("entry \(seq)"), "\(reason)")
    }

    @Test func aFailedChangeLeavesNoEntry() throws {
        let store = try loggedStore()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.change(TestSupport.context) { _ -> (Int, [(AuditAction, String)]) in throw Boom() }
        }
        #expect(try store.auditEntries().count == 6)
        #expect(try store.verifyAudit() == .intact(entries: 6))
    }
}

@Suite struct StoreTests {
    @Test func openingAMissingStoreSaysHowToCreateOne() {
        let path = TestSupport.temporaryDirectory() + "/none.sqlite"
        #expect(throws: StoreError.missing(path: path)) { try Store.open(at: path) }
        #expect(StoreError.missing(path: path).description.contains("volt init"))
        #expect(!FileManager.default.fileExists(atPath: path), "opening must not create")
    }

    @Test func createRefusesToOverwrite() throws {
        let store = try TestSupport.emptyStore()
        #expect(throws: StoreError.exists(path: store.path)) {
            try Store.create(at: store.path, context: TestSupport.context)
        }
    }

    @Test func aNonDatabaseFileIsRefusedClearly() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write("this is not sqlite\n", to: "x.sqlite", in: dir)
        do {
            _ = try Store.open(at: path)
            Issue.record("opened a text file as a store")
        } catch {
            guard case .notAStore(let p, let why) = error else { Issue.record("\(error)"); return }
            #expect(p == path && why.contains("not an SQLite database"))
            #expect(error.exitCode == 3)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "this is not sqlite\n")
    }

    @Test func walAndForeignKeysAreOn() throws {
        let store = try TestSupport.emptyStore()
        #expect(try TestSupport.sqlite3(store.path, "PRAGMA journal_mode;").output.contains("wal"))
        // Foreign keys: a link to a missing entity is refused by the schema itself.
        #expect(TestSupport.refusesDanglingLink(store))
    }
}
