import Foundation
import Testing
import VoltTestSupport

/// Every JSON and CSV output (and every file a command writes) on the sample area, compared
/// byte for byte with the output stored in `Golden/`. The cases are in `Golden/cases.txt`; the
/// expected outputs were made from main before the question layer, so a refactor that changes
/// what a script reads fails here. Regenerate only on purpose, with `VOLT_GOLDEN_WRITE=1`, and
/// say why in the commit.
@Suite(.serialized) struct GoldenOutputTests {
    static let golden = TestSupport.packageRoot.appendingPathComponent("Tests/VoltCLITests/Golden")

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let text = (try? String(contentsOf: golden.appendingPathComponent("cases.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { return nil }
            return Case(name: String(line[..<colon]), arguments: line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
    }()

    /// One store for every case: the sample area, with a fixed pseudonym key so pseudonyms are
    /// the same in every run.
    static let store: String = {
        let db = TestSupport.exampleStore("golden", purpose: "golden outputs").env["VOLT_DB"]!
        // The key lives in the store's key file: its pseudonym line is set to a fixed key.
        let id = (try? TestSupport.sqlite3(db, "SELECT value FROM meta WHERE key = 'store_id'"))?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let keys = TestSupport.keysHome + "/volt/keys/\(id).keys"
        if let text = try? String(contentsOfFile: keys, encoding: .utf8) {
            let fixed = text.split(separator: "\n").map { $0.hasPrefix("pseudonym ") ? "pseudonym " + String(repeating: "5a", count: 32) : String($0) }
            try? (fixed.joined(separator: "\n") + "\n").write(toFile: keys, atomically: true, encoding: .utf8)
        }
        return db
    }()

    @Test func everyCaseHasAnExpectedOutput() {
        #expect(Self.cases.count >= 60)
        for c in Self.cases where ProcessInfo.processInfo.environment["VOLT_GOLDEN_WRITE"] == nil {
            #expect(FileManager.default.fileExists(atPath: Self.golden.appendingPathComponent(c.name + ".out").path), "no expected output for \(c.name)")
        }
    }

    @Test(arguments: cases) func outputIsUnchanged(_ c: Case) throws {
        let out = TestSupport.temporaryDirectory("golden-out")
        let env = ["VOLT_DB": Self.store, "VOLT_PURPOSE": "golden outputs"]
        let r = try TestSupport.volt(c.arguments.map { $0.replacingOccurrences(of: "{out}", with: out) }, environment: env)
        #expect(r.status == 0, "\(c.name): \(r.stderr)")
        let actual = Self.render(stdout: r.stdout, folder: out)
        let expectedURL = Self.golden.appendingPathComponent(c.name + ".out")
        if ProcessInfo.processInfo.environment["VOLT_GOLDEN_WRITE"] != nil {
            try Data(actual.utf8).write(to: expectedURL)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false), e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("\(c.name): output differs from Golden/\(c.name).out at line \((first?.offset ?? min(a.count, e.count)) + 1): got \(first.map { String($0.element.0) } ?? "(end)"), expected \(first.map { String($0.element.1) } ?? "(end)")")
        }
    }

    /// stdout with the folder written as {out}, then every file written, sorted by path, with
    /// the pack's generation time masked (the only part that changes between runs).
    static func render(stdout: String, folder: String) -> String {
        var text = stdout.replacingOccurrences(of: folder, with: "{out}")
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &d) && !d.boolValue }
            .sorted()
        for f in files {
            let body = (try? String(contentsOfFile: folder + "/" + f, encoding: .utf8)) ?? "(not UTF-8)"
            text += "== \(f) ==\n" + mask(body) + "\n"
        }
        return text
    }

    static func mask(_ s: String) -> String {
        s.replacingOccurrences(of: #"("generatedAt" : ")[^"]*"#, with: "$1…", options: .regularExpression)
            .replacingOccurrences(of: #"generated [0-9T:\-]+Z by volt"#, with: "generated … by volt", options: .regularExpression)
    }
}
