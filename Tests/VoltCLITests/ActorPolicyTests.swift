import Foundation
import Testing
import VoltTestSupport

/// Who is acting: the login by default, a named analyst only where the store allows it (and
/// then both are recorded); purposes from a configured list; the settings covered by the chain.
@Suite(.serialized) struct ActorPolicyTests {
    func store(_ label: String) -> (dir: String, env: [String: String]) { TestSupport.exampleStore(label, purpose: "actor policy tests") }

    func lastEntry(_ env: [String: String]) throws -> String {
        let r = try TestSupport.volt(["audit", "show", "--last", "1", "--format", "csv", "--purpose", "IG check of the actors"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        // What audit show reads ends before its own entry: the newest is the command under test.
        return r.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func aNamedActorIsRefusedUnlessTheStoreAllowsItThenBothAreRecorded() throws {
        var (_, env) = store("actor-named")
        let login = TestSupport.login
        #expect(try lastEntry(env).contains(",\(login),"), "the login is the actor by default")

        var named = env
        named["VOLT_ACTOR"] = "the.chief.constable"
        let before = try TestSupport.volt(["audit", "verify"], environment: env).stdout
        let refused = try TestSupport.volt(["stats"], environment: named)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("records the login name as the actor ('\(login)')") && refused.stderr.contains("volt config set named-analysts on"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty, "nothing is answered")
        let flag = try TestSupport.volt(["stats", "--actor", "someone.else"], environment: env)
        #expect(flag.status == 1 && flag.stderr.contains("may not name 'someone.else'"))
        // Nothing was logged for the refused commands.
        #expect(try TestSupport.volt(["audit", "verify"], environment: env).stdout == before)

        let set = try TestSupport.volt(["config", "set", "named-analysts", "on", "--purpose", "IG: shared panel laptop"], environment: env)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try lastEntry(env).contains("configuration: named-analysts = on (was off)"))
        let allowed = try TestSupport.volt(["stats"], environment: named)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try lastEntry(env).contains(",the.chief.constable (login \(login)),consultation,"), "both names are in the entry")
        env["VOLT_ACTOR"] = login
        #expect(try TestSupport.volt(["stats"], environment: env).status == 0, "naming oneself is the login")
        #expect(try lastEntry(env).contains(",\(login),consultation,"))
    }

    @Test func aPurposeMustComeFromTheConfiguredListWhereThereIsOne() throws {
        let (_, env) = store("actor-purposes")
        let set = try TestSupport.volt(["config", "set", "purposes", "ROTH panel; IG audit", "--purpose", "IG: purposes agreed by the DPO"], environment: env)
        #expect(set.status == 0, "\(set.stderr)")
        let refused = try TestSupport.volt(["stats", "--purpose", "curious about the numbers"], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("start it with one of: 'ROTH panel', 'IG audit'"), "\(refused.stderr)")
        #expect(try TestSupport.volt(["stats", "--purpose", "ROTH panel: November review"], environment: env).status == 0)
        #expect(try TestSupport.volt(["stats", "--purpose", "IG audit"], environment: env).status == 0)
        let short = try TestSupport.volt(["config", "set", "minimum-purpose", "3", "--purpose", "IG audit: settings"], environment: env)
        #expect(short.status == 1 && short.stderr.contains("from 8 to 200"), "\(short.stderr)")
        let bad = try TestSupport.volt(["config", "set", "colour", "blue", "--purpose", "IG audit: settings"], environment: env)
        #expect(bad.status == 1 && bad.stderr.contains("no such setting"), "\(bad.stderr)")
    }

    /// The settings are data the chain covers: turning named analysts on with sqlite3 shows.
    @Test func aSettingChangedOutsideVoltIsFoundByVerify() throws {
        let (_, env) = store("actor-tamper")
        let db = env["VOLT_DB"]!
        let r = try TestSupport.sqlite3(db, "INSERT INTO config(key, value) VALUES ('named-analysts', 'on')")
        #expect(r.status == 0, "\(r.error)")
        let v = try TestSupport.volt(["audit", "verify"], environment: env)
        #expect(v.status != 0)
        #expect(v.stderr.contains("table config has 1 rows, 0 recorded"), "\(v.stderr)")
    }
}

/// Erasure reaches into the log: an erased child's name is replaced by `[erased]` in earlier
/// search terms and purposes, the erasure's own entry lists what it changed, and the chain
/// still verifies; any other change to those entries is still found.
@Suite(.serialized) struct AuditRedactionTests {
    @Test func erasingAChildRedactsTheirNameFromEarlierEntriesAndTheChainHolds() throws {
        let (dir, env) = TestSupport.exampleStore("redaction", purpose: "redaction tests")
        let rows = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("examples/wexbury/entities.csv").path, encoding: .utf8)
        let victim = try #require(rows.split(separator: "\n").first { $0.contains(",victim,") }).split(separator: ",")
        let (id, name) = (String(victim[0]), String(victim[2]))
        let first = String(name.split(separator: " ")[0])
        for args in [["search", first], ["search", name], ["show", id, "--purpose", "panel prep: \(name) and school"]] {
            #expect(try TestSupport.volt(args, environment: env).status == 0)
        }
        // A search that tries to plant a redaction list for entry 3 gets no say.
        #expect(try TestSupport.volt(["search", "x; audit_redaction=3:0000000000000000"], environment: env).status == 0)
        let erase = try TestSupport.volt(["erase", id, "--yes", "--purpose", "retention review: past the date"], environment: env)
        #expect(erase.status == 0, "\(erase.stderr)")
        #expect(erase.stdout.contains("the name replaced by [erased] in 3 earlier audit entries"), "\(erase.stdout)")

        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--purpose", "IG check of redaction"], environment: env)
        #expect(!log.stdout.contains(name) && !log.stdout.contains(first), "the name is gone from the log")
        #expect(log.stdout.contains("search text=[erased] top=50") && log.stdout.contains("panel prep: [erased] and school"), "\(log.stdout)")
        let verify = try TestSupport.volt(["audit", "verify"], environment: env)
        #expect(verify.status == 0, "\(verify.stderr)")

        // Another edit of a redacted entry, or of any other, is still found.
        let db = env["VOLT_DB"]!
        let seq = try #require(log.stdout.split(separator: "\n").first { $0.contains("search text=[erased] top=50") }?.split(separator: ",").first)
        _ = try TestSupport.sqlite3(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET summary = 'search text=nobody top=50' WHERE seq = \(seq)")
        let after = try TestSupport.volt(["audit", "verify"], environment: env)
        #expect(after.status != 0 && after.stderr.contains("entry \(seq) was altered: its purpose or summary is not the text that was signed, nor the text its redaction left"), "\(after.stderr)")
        _ = dir
    }

    @Test func aPlantedRedactionListDoesNotCoverAnEdit() throws {
        let (_, env) = TestSupport.exampleStore("redaction-planted", purpose: "redaction tests")
        #expect(try TestSupport.volt(["search", "x; audit_redaction=2:0000000000000000"], environment: env).status == 0)
        _ = try TestSupport.sqlite3(env["VOLT_DB"]!, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET purpose = 'nothing to see here' WHERE seq = 2")
        let v = try TestSupport.volt(["audit", "verify"], environment: env)
        #expect(v.status != 0 && v.stderr.contains("entry 2 was altered"), "\(v.stderr)")
    }
}
