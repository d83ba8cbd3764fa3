import Foundation
import Testing
import VoltTestSupport

/// What volt writes is its owner's alone, never written through a planted link, and a file that
/// is not a volt store is never touched.
@Suite(.serialized) struct FileSafetyTests {
    static let store = TestSupport.exampleStore("file-safety", purpose: "file safety")
    var dir: String { Self.store.dir }
    var env: [String: String] { Self.store.env }

    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func theStoreAndEverythingWrittenIsOwnerOnly() throws {
        let out = TestSupport.temporaryDirectory("modes")
        let db = out + "/new.sqlite"
        #expect(try TestSupport.volt(["init", "--db", db], environment: env).status == 0)
        #expect(mode(db) == 0o600, "store: \(String(mode(db), radix: 8))")
        let runs: [[String]] = [
            ["map", "ego", "Y012", "--out", out + "/m.svg"],
            ["export", "graphml", "--out", out + "/a.graphml", "--recipient", "r"],
            ["export", "csv", "--out", out + "/csv", "--recipient", "r"],
            ["export", "volt", "--out", out + "/records", "--recipient", "r"],
            ["pack", "--period", "2026-10", "--out", out + "/pack", "--recipient", "r"],
        ]
        for r in runs { #expect(try TestSupport.volt(r, environment: env).status == 0, "\(r)") }
        let files = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix("new.sqlite") }
        var checked = 0
        for f in files {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: out + "/" + f, isDirectory: &isDir)
            #expect(mode(out + "/" + f) == (isDir.boolValue ? 0o700 : 0o600), "\(f): \(String(mode(out + "/" + f), radix: 8))")
            checked += 1
        }
        #expect(checked >= 12)
        #expect(!files.contains { $0.contains(".partial") }, "\(files)")
    }

    @Test(arguments: [
        ["map", "group", "Y012", "--out", "{link}.svg"],
        ["export", "gexf", "--out", "{link}.gexf", "--recipient", "r"],
    ])
    func aPlantedLinkAtTheDestinationIsReplacedNotFollowed(_ args: [String]) throws {
        let out = TestSupport.temporaryDirectory("links")
        let target = out + "/precious.txt"
        try Data("not yours\n".utf8).write(to: URL(fileURLWithPath: target))
        let ext = URL(fileURLWithPath: args.first { $0.hasPrefix("{link}") }!).pathExtension
        let link = out + "/planted." + ext
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let r = try TestSupport.volt(args.map { $0.replacingOccurrences(of: "{link}." + ext, with: link) }, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "not yours\n", "the link's target was written through")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil, "the link is still there")
        #expect(mode(link) == 0o600)
    }

    @Test(arguments: [["stats"], ["show", "Y012"], ["import", "{examples}/entities.csv"], ["audit", "verify"]])
    func anotherProgramsDatabaseIsRefusedAndLeftAsItIs(_ args: [String]) throws {
        let out = TestSupport.temporaryDirectory("foreign")
        let foreign = out + "/app.db"
        let made = try TestSupport.sqlite3(foreign, "CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer(name) VALUES ('Ada');")
        #expect(made.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        let examples = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
        var e = env
        e["VOLT_DB"] = foreign
        let r = try TestSupport.volt(args.map { $0.replacingOccurrences(of: "{examples}", with: examples) }, environment: e)
        #expect(r.status == 3, "\(args): \(r.stderr)")
        #expect(r.stderr.contains("is not a volt store") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before, "\(args) changed the file")
    }

    @Test func aStoreMadeBeforeTheApplicationIdStillOpens() throws {
        // The id is set by a migration; a store with volt's tables and no id is volt's.
        let db = Self.store.env["VOLT_DB"]!
        #expect(try TestSupport.sqlite3(db, "PRAGMA application_id = 0").status == 0)
        let r = try TestSupport.volt(["stats", "--format", "csv"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let id = try TestSupport.sqlite3(db, "PRAGMA application_id").output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id == String(0x564F_4C54), "the id is restored: \(id)")
    }
}

/// A writer that finds the store locked by another says so and waits, rather than failing or
/// hanging in silence.
@Suite struct WaitingWriterTests {
    @Test func anImportWaitsForAnotherWriterAndSaysSo() throws {
        let store = TestSupport.exampleStore("waiting", purpose: "waiting writers")
        // Another process holds the write lock for two seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); db.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(2); db.execute('COMMIT')",
                            store.env["VOLT_DB"]!]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        _ = out.fileHandleForReading.availableData  // "locked": the lock is held from here
        let dir = TestSupport.temporaryDirectory("waiting-file")
        let file = TestSupport.write("id,type,name\nV900,victim,Late Arrival\n", to: "late.csv", in: dir)
        let r = try TestSupport.volt(["import", file], environment: store.env)
        holder.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("another volt is writing to the store; waiting"), "\(r.stderr)")
    }
}

/// A command stopped while it writes leaves no file: SIGTERM also logs it as not completed,
/// `kill -9` cannot be logged but leaves nothing either (the temporaries are unnamed files).
/// And no command holds the write lock while it computes: a show and an import finish while a
/// 20 s pack runs. The debug build's `VOLT_TEST_HOLD_SECONDS` holds a command after it has
/// written its temporaries, inside its read transaction.
@Suite(.serialized) struct InterruptionTests {
    static let store = TestSupport.exampleStore("interruption", purpose: "interruption tests")

    /// Starts volt, returns once it says it is holding.
    func startHolding(_ args: [String], seconds: Int) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestSupport.voltBinary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for k in ["VOLT_DB", "VOLT_ACTOR", "VOLT_PURPOSE", "VOLT_KEYS"] { env[k] = nil }
        env["XDG_CONFIG_HOME"] = TestSupport.keysHome
        env.merge(Self.store.env) { $1 }
        env["VOLT_TEST_HOLD_SECONDS"] = String(seconds)
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while !seen.contains("holding"), Date() < deadline, p.isRunning {
            seen += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(seen.contains("holding"), "\(args) never held: \(seen)")
        return (p, err)
    }

    static let commands: [[String]] = [
        ["export", "graphml", "--out", "{out}/area.graphml", "--recipient", "county lines team"],
        ["export", "volt", "--out", "{out}/records", "--recipient", "county lines team"],
        ["pack", "--period", "2026-10", "--out", "{out}/pack", "--recipient", "EFH panel"],
        ["map", "ego", "Y012", "--out", "{out}/ego.svg"],
    ]

    func files(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    func lastEntry() throws -> String {
        let r = try TestSupport.volt(["audit", "show", "--last", "1", "--format", "csv", "--purpose", "IG check of interruptions"], environment: Self.store.env)
        return r.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// SIGTERM: no file, and a "not completed" entry. SIGKILL: no file, and (nothing having
    /// been disclosed) no entry.
    @Test(arguments: commands, [SIGTERM, SIGKILL])
    func aStoppedCommandLeavesNoFile(_ args: [String], _ sig: Int32) throws {
        let out = TestSupport.temporaryDirectory("stopped")
        let (p, _) = try startHolding(args.map { $0.replacingOccurrences(of: "{out}", with: out) }, seconds: 30)
        kill(p.processIdentifier, sig)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == sig)
        #expect(files(out).isEmpty, "\(args[0]) left \(files(out))")
        let entry = try lastEntry()
        if sig == SIGTERM {
            #expect(entry.contains("\(args[0]) ") && entry.contains("not completed: stopped by SIGTERM before its output was written; no file was left"), "\(entry)")
        } else {
            #expect(!entry.contains(out), "nothing was disclosed, so nothing is logged")
        }
        #expect(try TestSupport.volt(["audit", "verify"], environment: Self.store.env).status == 0)
    }

    @Test func aShowAndAnImportFinishWhileATwentySecondPackRuns() throws {
        let out = TestSupport.temporaryDirectory("long-pack")
        let started = Date()
        let (pack, _) = try startHolding(["pack", "--period", "2026-10", "--out", out + "/pack", "--recipient", "EFH panel"], seconds: 20)
        let show = try TestSupport.volt(["show", "Y012"], environment: Self.store.env)
        #expect(show.status == 0, "\(show.stderr)")
        let file = TestSupport.write("id,type,name\nV901,victim,During The Pack\n", to: "during.csv", in: out)
        let imported = try TestSupport.volt(["import", file], environment: Self.store.env)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stderr.contains("waiting"), "the import waited for the pack: \(imported.stderr)")
        #expect(pack.isRunning, "the pack was still running when both had finished")
        #expect(Date().timeIntervalSince(started) < 20)
        pack.waitUntilExit()
        #expect(pack.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/pack/pack.html"))
    }
}
