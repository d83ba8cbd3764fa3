import Foundation
import VoltIO
import VoltModel
import VoltSample
import VoltStore

/// Shared fixtures for volt's test targets.
public enum TestSupport {
    /// A fresh, empty folder under the system temp folder.
    public static func temporaryDirectory(_ label: String = "volt") -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An audit context for tests.
    public static let context = try! AuditContext(actor: "test", purpose: "automated test")

    /// Where the tests' stores keep their key files (not the user's configuration): set once
    /// for this process and passed to every `volt` run.
    public static let keysHome: String = {
        let d = temporaryDirectory("config")
        setenv("XDG_CONFIG_HOME", d, 1)
        unsetenv("VOLT_KEYS")
        return d
    }()

    /// A new empty store in a fresh folder.
    public static func emptyStore() throws -> Store {
        _ = keysHome
        return try Store.create(at: temporaryDirectory("store") + "/volt.sqlite", context: context)
    }

    /// A new store holding a generated area (the evidence and the casework), imported in one go.
    public static func storeWithSample() throws -> Store {
        let store = try emptyStore()
        let (dir, _) = try sampleArea()
        _ = try Importer.run(csvFiles(in: dir), into: store, context: context)
        return store
    }

    /// Writes `text` to `name` in `dir` and returns the path.
    @discardableResult
    public static func write(_ text: String, to name: String, in dir: String) -> String {
        let path = dir + "/" + name
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes a generated area as the four CSV files and returns the folder and the area.
    public static func sampleArea(seed: UInt64 = 1, people: Int = 150, sightings: Int = 5000) throws -> (String, SampleArea) {
        var o = SampleOptions()
        o.seed = seed
        o.people = people
        o.sightings = sightings
        let area = SampleGenerator.generate(o)
        let dir = temporaryDirectory("area")
        try area.write(to: dir, truth: false)
        return (dir, area)
    }

    /// The four CSV files of a folder written by `CSVRecordWriter`.
    public static func csvFiles(in dir: String) -> [ImportFile] {
        RecordKind.allCases.map { ImportFile(path: "\(dir)/\($0.rawValue).csv") }
    }

    /// The project's root folder (where Package.swift is).
    public static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }

    /// `../shared/datasets` beside the checkout, or nil when it is missing. Under `CI=true` a
    /// missing folder is a failure (the caller records it); elsewhere tests skip with a reason.
    public static var sharedDatasets: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A store in a fresh folder with the bundled sample area (examples/wexbury, every CSV file:
    /// the evidence and the casework) imported
    /// through the real binary, and the environment that points `volt` at it.
    /// The actor is the login (`login`), as on a store that does not allow named analysts.
    public static func exampleStore(_ label: String, purpose: String = "automated test") -> (dir: String, env: [String: String]) {
        let dir = temporaryDirectory(label)
        let env = ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": purpose]
        let folder = packageRoot.appendingPathComponent("examples/wexbury")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
            .map { folder.appendingPathComponent($0).path }
        _ = try? volt(["import"] + files, environment: env)
        return (dir, env)
    }

    /// The login name volt records as the actor of every command the tests run.
    public static var login: String {
        guard let pw = getpwuid(getuid()), let name = pw.pointee.pw_name else { return "" }
        return String(cString: name)
    }

    /// True when running in CI.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}

/// The result of running the built `volt` binary.
public struct VoltRun: Sendable {
    /// Exit status.
    public let status: Int32
    /// What it printed on stdout.
    public let stdout: String
    /// What it printed on stderr.
    public let stderr: String
}

extension TestSupport {
    /// The `volt` binary built beside the test bundle.
    public static var voltBinary: String {
        if let path = ProcessInfo.processInfo.environment["VOLT_BIN"] { return path }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("volt").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return packageRoot.appendingPathComponent(".build/debug/volt").path
    }

    /// Runs `volt` with `arguments` and extra environment, in `directory` when given.
    public static func volt(_ arguments: [String], environment: [String: String] = [:],
                            directory: String? = nil, stdin: String? = nil) throws -> VoltRun {
        try run(voltBinary, arguments, environment: environment, directory: directory)
    }

    /// Runs `executable` as `volt` runs the CLI: the environment without a store, actor,
    /// purpose or keys unless given, the test key directory, stdin empty.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           directory: String? = nil) throws -> VoltRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for k in ["VOLT_DB", "VOLT_ACTOR", "VOLT_PURPOSE", "VOLT_KEYS"] { env[k] = nil }
        env["XDG_CONFIG_HOME"] = keysHome
        env.merge(environment) { $1 }
        p.environment = env
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return VoltRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: e, as: UTF8.self))
    }

    /// libxml2 (behind Foundation's XMLParser on Linux, and volt's XML writer) is not safe to
    /// use from several threads at once, and Swift Testing runs suites in parallel: every test
    /// that parses or writes XML in the test process does it inside this.
    public static func withXML<T>(_ body: () throws -> T) rethrows -> T {
        xmlLock.lock()
        defer { xmlLock.unlock() }
        return try body()
    }
    private static let xmlLock = NSLock()

    /// The reference Python with networkx and igraph (`make test` makes `.venv`; `$VOLT_PYTHON`
    /// overrides), or nil when it is not there.
    public static var referencePython: String? {
        let python = ProcessInfo.processInfo.environment["VOLT_PYTHON"] ?? packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// Runs `script` with the reference Python and `arguments`; nil when there is no reference
    /// Python.
    public static func python(_ script: String, _ arguments: [String]) throws -> VoltRun? {
        guard let python = referencePython else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script] + arguments
        let out = Pipe(), err = TemporaryFile()
        p.standardOutput = out
        p.standardError = err.handle
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return VoltRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: err.text)
    }

    /// Runs the sqlite3 shell on a database file: its exit status, stdout and stderr.
    @discardableResult
    public static func sqlite3(_ db: String, _ sql: String) throws -> (status: Int32, output: String, error: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, sql]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Tries to write a link between entity numbers the store does not hold; true when the
    /// store refused it (foreign keys are enforced).
    public static func refusesDanglingLink(_ store: Store) -> Bool {
        do {
            _ = try store.change(context) { w -> (Int, [(AuditAction, String)]) in
                try w.stage(Link(from: "x", to: "y", type: .associate, start: Timestamp(seconds: 0), end: nil,
                             provenance: Provenance(source: "police"), grading: nil), from: 99_999, to: 99_998)
                _ = try w.flushLinks(heldBefore: 0)
                return (0, [])
            }
            return false
        } catch {
            return true
        }
    }
}

extension TestSupport {
    /// Runs an import expected to be rejected; returns its issues and the count beyond the cap,
    /// or nil when it was accepted or failed another way (the caller records that).
    public static func rejection(_ body: () throws -> ImportReport) -> (issues: [ImportIssue], more: Int)? {
        let error: ImportError
        do {
            _ = try body()
            return nil
        } catch let e as ImportError {
            error = e
        } catch {
            return nil
        }
        guard case .rejected(let issues, let more) = error else { return nil }
        return (issues, more)
    }
}

extension TestSupport {
    /// `../shared/datasets/<path>`, or nil when `../shared` is missing: then, under `CI=true`,
    /// `missing` is called to fail the test; elsewhere the reason is printed and the test skips.
    public static func dataset(_ path: String, missing: (String) -> Void) -> URL? {
        guard let root = sharedDatasets else {
            let reason = "../shared/datasets is not beside the checkout (\(packageRoot.deletingLastPathComponent().path))"
            if isCI { missing("\(reason), and CI=true requires it") } else { print("skipping: \(reason)") }
            return nil
        }
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            missing("\(url.path) is missing")
            return nil
        }
        return url
    }

    /// Rows of a small CSV file with a header (quoted fields allowed), as dictionaries.
    public static func readCSV(_ url: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [[String]] = []
        var field = "", row: [String] = [], quoted = false, justClosed = false
        var it = text.makeIterator()
        while let c = it.next() {
            let closedJustNow = justClosed
            justClosed = false
            if quoted {
                if c == "\"" { quoted = false; justClosed = true } else { field.append(c) }
            } else if c == "\"" {
                // A doubled quote inside a quoted field is one quote.
                if closedJustNow { field.append("\"") }
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

/// A file for a child's standard error, so that a full pipe never blocks it.
final class TemporaryFile {
    let path = NSTemporaryDirectory() + "volt-stderr-\(UUID().uuidString)"
    let handle: FileHandle
    init() {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)!
    }
    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
