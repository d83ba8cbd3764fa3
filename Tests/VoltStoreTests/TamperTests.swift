import Foundation
import Testing
import VoltModel
import VoltStore
import VoltTestSupport

/// The audit chain against someone who can write the store file but does not hold its key
/// file: every way of rewriting the log or the data is found by `verify` (with an anchor kept
/// elsewhere where the chain alone cannot show it), or refused, and the sentence says what.
@Suite struct TamperTests {
    /// A store with a generated area, a disclosure and four consultations: entries 1 (created),
    /// 2 (the import), 3 (an export to a recipient), 4–7 (queries).
    static func store() throws -> Store {
        let s = try TestSupport.storeWithSample()
        try s.write(TestSupport.context, action: .disclosure) { _ in ((), "export graphml out=x.graphml recipient=\"the county lines team\"") }
        for i in 1...4 { _ = try s.consult(TestSupport.context, summary: "query \(i)") { try $0.stats() } }
        return s
    }

    static let dropTriggers = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"

    func broken(_ s: Store, anchors: [AuditAnchor] = []) throws -> (seq: Int64, reason: String)? {
        guard case .broken(let seq, let reason) = try s.verifyAudit(anchors: anchors) else { return nil }
        return (seq, reason)
    }

    func sql(_ s: Store, _ text: String) throws {
        let r = try TestSupport.sqlite3(s.path, text)
        #expect(r.status == 0, "\(r.error)")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String, sql: String, reason: String
        var testDescription: String { name }
    }

    /// Edits made with the sqlite3 shell after dropping the triggers.
    static let cases: [Case] = [
        Case(name: "edit an entry's purpose", sql: "UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = 5", reason: "entry 5 was altered"),
        Case(name: "edit the first entry's actor", sql: "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1", reason: "entry 1 was altered or forged"),
        Case(name: "rewrite a disclosure's recipient", sql: "UPDATE audit_log SET summary = replace(summary, 'the county lines team', 'nobody') WHERE seq = 3", reason: "entry 3 was altered"),
        Case(name: "delete the newest entry", sql: "DELETE FROM audit_log WHERE seq = 7", reason: "entry 7 is missing"),
        Case(name: "delete an entry in the middle", sql: "DELETE FROM audit_log WHERE seq = 3", reason: "entry 3 is missing"),
        Case(name: "delete the head row", sql: "DELETE FROM audit_head", reason: "the audit head row is missing"),
        Case(name: "swap two entries", sql: "UPDATE audit_log SET seq = -5 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = -5", reason: "entry 5 does not follow"),
        // The attacker recomputes the unkeyed SHA-256 the chain used to be.
        Case(name: "forge an entry with a recomputed hash", sql: """
            INSERT INTO audit_log(seq, at, actor, purpose, action, summary, prev_hash, hash)
              SELECT 8, '2026-12-01T00:00:00Z', 'x', 'y', 'consultation', 'z', hash, lower(hex(randomblob(32))) FROM audit_log WHERE seq = 7;
            UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_log WHERE seq = 8);
            """, reason: "entry 8 was altered or forged"),
        Case(name: "delete the export entry and renumber the rest", sql: """
            DELETE FROM audit_log WHERE seq = 3;
            UPDATE audit_log SET seq = seq - 1 WHERE seq > 3;
            UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log p WHERE p.seq = 2) WHERE seq = 3;
            UPDATE audit_head SET seq = 6;
            """, reason: "entry 3 was altered or forged"),
        Case(name: "wipe the log and reset the head", sql: "DELETE FROM audit_log; UPDATE audit_head SET seq = 0, hash = '\(String(repeating: "0", count: 64))'",
             reason: "that no entry of the log accounts for"),
        Case(name: "edit the recorded digests to match a change", sql: "UPDATE audit_log SET content = replace(content, 'link=', 'link=0') WHERE seq = 2", reason: "entry 2 was altered or forged"),
        Case(name: "rename a child", sql: "UPDATE entity SET name = 'Someone Else' WHERE id = 'Y001'", reason: "table entity has its"),
        Case(name: "delete an exploits link", sql: "DELETE FROM link WHERE n = (SELECT MIN(n) FROM link WHERE type = 'exploits')", reason: "table link has"),
        Case(name: "change a grading", sql: "UPDATE link SET grade_intel = 'A', grade_source = 1 WHERE n = (SELECT MIN(n) FROM link WHERE grade_intel <> 'A')", reason: "table link has its"),
        Case(name: "add a sighting", sql: "INSERT INTO sighting(person, location, time, source) SELECT MIN(n), MAX(n), 1, 'police' FROM entity", reason: "table sighting has"),
        Case(name: "bring an erased child back by hand", sql: "INSERT INTO erased(id, at) VALUES ('Y999', 1)", reason: "table erased has"),
        Case(name: "close an action by hand", sql: "UPDATE panel_action SET closed = 1 WHERE n = (SELECT MIN(n) FROM panel_action WHERE closed IS NULL)", reason: "table panel_action has its"),
    ]

    @Test(arguments: cases) func isFoundAndNamed(_ c: Case) throws {
        let s = try Self.store()
        #expect(try s.verifyAudit() == .intact(entries: 7))
        try sql(s, Self.dropTriggers + c.sql)
        let b = try #require(try broken(s), "\(c.name): not detected")
        #expect(b.reason.contains(c.reason), "\(c.name): \(b.reason)")
    }

    @Test func truncationAfterTheLastChangeIsFoundWithAnAnchor() throws {
        let s = try Self.store()
        let anchor = try s.auditAnchor()
        // Keep entries 1–3 and make the head say 3: consistent, and the data is as entry 2 left it.
        try sql(s, Self.dropTriggers + "DELETE FROM audit_log WHERE seq > 3; UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)")
        #expect(try broken(s) == nil, "without an anchor a clean truncation cannot show")
        let b = try #require(try broken(s, anchors: [anchor]))
        #expect(b.reason.contains("wiped, truncated or rolled back") && b.reason.contains("entry 7"), "\(b.reason)")
    }

    @Test func aRollbackToAnOlderCopyIsFoundWithAnAnchor() throws {
        let s = try Self.store()
        let copy = s.path + ".copy"
        try sql(s, ".backup '\(copy)'")
        _ = try s.consult(TestSupport.context, summary: "a later query") { try $0.stats() }
        let anchor = try s.auditAnchor()
        // Put the older copy back, as someone hiding the later query would.
        try FileManager.default.removeItem(atPath: s.path)
        try? FileManager.default.removeItem(atPath: s.path + "-wal")
        try? FileManager.default.removeItem(atPath: s.path + "-shm")
        try FileManager.default.moveItem(atPath: copy, toPath: s.path)
        let back = try Store.open(at: s.path, keys: s.keysPath)
        #expect(try broken(back) == nil, "the older copy's own chain is intact")
        let b = try #require(try broken(back, anchors: [anchor]))
        #expect(b.reason.contains("the log ends at entry 7") && b.reason.contains("entry 8"), "\(b.reason)")
    }

    @Test func aRewrittenLogIsFoundByAnAnchorOfTheSameLength() throws {
        let s = try Self.store()
        let anchor = try s.auditAnchor()
        let forged = AuditAnchor(text: anchor.text.replacingOccurrences(of: anchor.hash, with: String(repeating: "a", count: 64)))!
        let b = try #require(try broken(s, anchors: [forged]))
        #expect(b.reason.contains("entry 7 is not the one anchored"), "\(b.reason)")
        let other = try TestSupport.emptyStore().auditAnchor()
        #expect(try broken(s, anchors: [other])?.reason.contains("for another store") == true)
        #expect(try s.verifyAudit(anchors: [anchor]) == .intact(entries: 7))
    }

    @Test func aStoreWithoutItsKeyFileRefusesAndMakesNoNewKey() throws {
        let s = try Self.store()
        try FileManager.default.removeItem(atPath: s.keysPath)
        #expect(throws: StoreError.missingKeys(path: s.keysPath)) { _ = try Store.open(at: s.path) }
        #expect(!FileManager.default.fileExists(atPath: s.keysPath), "no key was made in its place")
        #expect(StoreError.missingKeys(path: s.keysPath).description.contains("restore it from your backup"))
    }

    @Test func anotherStoresKeysAreRefusedAndForgedKeysFailTheChain() throws {
        let s = try Self.store(), other = try TestSupport.emptyStore()
        #expect(throws: StoreError.self) { _ = try Store.open(at: s.path, keys: other.keysPath) }
        // A planted key file that claims to be this store's: the chain does not verify with it.
        let planted = try String(contentsOfFile: other.keysPath, encoding: .utf8).replacingOccurrences(of: other.storeID, with: s.storeID)
        let path = TestSupport.temporaryDirectory("planted") + "/k.keys"
        try planted.write(toFile: path, atomically: true, encoding: .utf8)
        let opened = try Store.open(at: s.path, keys: path)
        let b = try #require(try broken(opened))
        #expect(b.seq == 1 && b.reason.contains("the key file is not this store's"), "\(b.reason)")
        #expect(try opened.pseudonymKey() != s.pseudonymKey())
    }

    @Test func theKeysAreOutsideTheStoreAndPrivate() throws {
        let s = try Self.store()
        let attributes = try FileManager.default.attributesOfItem(atPath: s.keysPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!s.keysPath.hasPrefix((s.path as NSString).deletingLastPathComponent + "/"))
        // Neither key is anywhere in the store file.
        let keyText = try String(contentsOfFile: s.keysPath, encoding: .utf8)
        let hexKeys = keyText.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }.filter { $0.count == 64 }
        let dump = try TestSupport.sqlite3(s.path, ".dump").output
        #expect(hexKeys.count >= 2 && hexKeys.allSatisfy { !dump.contains($0) })
        #expect(!dump.contains("pseudonym_key"))
    }

    @Test func rotationKeepsTheChainAndIsLogged() throws {
        let s = try Self.store()
        let before = try s.pseudonymKey()
        let rotated = try s.rotateKeys(TestSupport.context, pseudonyms: true)
        _ = try rotated.consult(TestSupport.context, summary: "after rotation") { try $0.stats() }
        #expect(rotated.auditKeyStarts == [1, 8])
        #expect(try rotated.pseudonymKey() != before)
        #expect(try rotated.verifyAudit() == .intact(entries: 9))
        #expect(try rotated.auditEntries(last: 2).first?.summary.contains("keys rotate") == true)
        // An entry signed with the old key after the rotation would not verify.
        try sql(rotated, Self.dropTriggers + "UPDATE audit_log SET summary = 'x' WHERE seq = 9")
        #expect(try broken(rotated)?.seq == 9)
    }
}

/// A store made before key files: its pseudonym key in `meta`, its chain unkeyed SHA-256.
@Suite struct LegacyStoreTests {
    @Test func itsKeysMoveOutOfTheStoreAndItsChainStillVerifies() throws {
        let s = try TestSupport.emptyStore()
        for i in 1...3 { _ = try s.consult(TestSupport.context, summary: "query \(i)") { try $0.stats() } }
        // Turn it back into what an older volt wrote, with Python's sqlite3 and hashlib.
        let script = """
            import sqlite3, hashlib, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            prev = "0" * 64
            for seq, at, actor, purpose, action, summary in db.execute("SELECT seq, at, actor, purpose, action, summary FROM audit_log ORDER BY seq").fetchall():
                h = hashlib.sha256("\\x1f".join([str(seq), at, actor, purpose, action, summary, prev]).encode()).hexdigest()
                db.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, content = NULL WHERE seq = ?", (prev, h, seq))
                prev = h
            db.execute("UPDATE audit_head SET hash = ?", (prev,))
            db.execute("DELETE FROM meta WHERE key = 'store_id'")
            db.execute("INSERT INTO meta(key, value) VALUES ('pseudonym_key', ?)", ("ab" * 32,))
            db.commit()
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", script, s.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        try FileManager.default.removeItem(atPath: s.keysPath)
        let upgraded = try Store.open(at: s.path)
        #expect(upgraded.storeID != s.storeID && FileManager.default.fileExists(atPath: upgraded.keysPath))
        #expect(try upgraded.pseudonymKey() == [UInt8](repeating: 0xAB, count: 32), "the old pseudonyms stay the same")
        #expect(upgraded.auditKeyStarts == [5])
        #expect(try upgraded.auditEntries(last: 1).first?.summary.contains("moved the pseudonym key out of the store") == true)
        #expect(try upgraded.verifyAudit() == .intact(entries: 5))
        #expect(!(try TestSupport.sqlite3(s.path, ".dump").output.contains("pseudonym_key")))
    }
}
