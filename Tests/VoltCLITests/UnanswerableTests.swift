import Foundation
import Testing
import VoltTestSupport

/// Every command, asked something it cannot answer, exits 1 with one sentence on stderr, prints
/// nothing on stdout, and (when it read anything) logs the refusal as a consultation.
@Suite(.serialized) struct UnanswerableTests {
    static let store = TestSupport.exampleStore("unanswerable", purpose: "unanswerable")
    static var dir: String { store.dir }

    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String], message: String
        /// Whether the refusal came after reading (so it is logged).
        let logged: Bool
        init(_ arguments: [String], _ message: String, logged: Bool = true) {
            self.arguments = arguments
            self.message = message
            self.logged = logged
        }
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let noStore = "/nonexistent/volt.sqlite"
    static let cases: [Case] = [
        Case(["stats", "--db", noStore], "no volt store at", logged: false),
        Case(["search", " "], "give some text to search for"),
        Case(["show", "NOBODY"], "no entity with id 'NOBODY'"),
        Case(["groups", "--db", noStore], "no volt store at", logged: false),
        Case(["communities", "--to", "2000-01-01"], "no links match these filters"),
        Case(["centrality", "--to", "2000-01-01"], "no links match these filters"),
        Case(["brokers", "--to", "2000-01-01"], "no links match these filters"),
        Case(["path", "Y001", "L001"], "L001 has no links that match these filters, so no path can reach it"),
        Case(["ego", "NOBODY"], "no entity with id 'NOBODY'"),
        Case(["disrupt", "--to", "2000-01-01"], "nothing to disrupt"),
        Case(["colocate", "--locations", "L999"], "unknown location 'L999'"),
        Case(["missing", "--db", noStore], "no volt store at", logged: false),
        Case(["emerging", "--since", "2026-09-01", "--db", noStore], "no volt store at", logged: false),
        Case(["hotspots", "--from", "2026-10-01", "--db", noStore], "no volt store at", logged: false),
        Case(["timepath", "O001", "NOBODY"], "no entity with id 'NOBODY'"),
        Case(["themes", "--db", noStore], "no volt store at", logged: false),
        Case(["top", "--period", "2020-01"], "no records in 2020-01"),
        Case(["pack", "--period", "2020-01", "--out", "{dir}/p", "--recipient", "r"], "no records in 2020-01"),
        Case(["pack", "--period", "2026-10", "--forum", "nope", "--out", "{dir}/p", "--recipient", "r"], "no meeting of 'nope' is held"),
        Case(["top", "--from", "2000-01-01", "--to", "2000-01-07"], "no records in 2000-01-01 to 2000-01-07"),
        Case(["actions", "--meeting", "NOPE"], "there is no meeting 'NOPE'"),
        Case(["referrals", "--db", noStore], "no volt store at", logged: false),
        Case(["review", "--db", noStore], "no volt store at", logged: false),
        Case(["gaps", "--db", noStore], "no volt store at", logged: false),
        Case(["map", "group", "NOBODY", "--out", "{dir}/m.svg"], "no entity with id 'NOBODY'"),
        Case(["map", "ego", "Y012", "--to", "2000-01-01", "--out", "{dir}/m.svg"], "Y012 has no links that match these filters"),
        Case(["map", "location", "Y012", "--out", "{dir}/m.svg"], "Y012 is not a location"),
        Case(["map", "path", "Y001", "L001", "--out", "{dir}/m.svg"], "L001 has no links that match these filters"),
        Case(["map", "overview", "--to", "2000-01-01", "--out", "{dir}/m.svg"], "nothing to draw"),
        Case(["export", "gexf", "--out", "{dir}/x.gexf", "--recipient", "r", "--to", "2000-01-01"], "nothing to export"),
        Case(["export", "volt", "--out", "{dir}/x", "--recipient", "r", "--db", noStore], "no volt store at", logged: false),
        Case(["audit", "verify", "--db", noStore], "no volt store at", logged: false),
    ]

    @Test(arguments: cases) func exitsOneWithOneSentence(_ c: Case) throws {
        let env = Self.store.env
        let before = try TestSupport.volt(["audit", "show", "--format", "csv"], environment: env).stdout.split(separator: "\n").count
        let r = try TestSupport.volt(c.arguments.map { $0.replacingOccurrences(of: "{dir}", with: Self.dir) }, environment: env)
        #expect(r.status == 1, "\(c.arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(c.arguments): \(r.stdout)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("volt: ") && r.stderr.contains(c.message), "\(c.arguments): \(r.stderr)")
        let log = try TestSupport.volt(["audit", "show", "--format", "csv"], environment: env).stdout.split(separator: "\n")
        // The first 'audit show' logged itself after it read; then the command's own entry, if any.
        #expect(log.count == before + 1 + (c.logged ? 1 : 0), "\(c.arguments): \(log.last ?? "")")
        if c.logged { #expect(log.last?.contains("; unanswered: ") == true && log.last?.contains(",consultation,") == true, "\(log.last ?? "")") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.dir).filter { $0.hasPrefix("m.") || $0.hasPrefix("x") || $0 == "p" || $0.contains(".partial") }.isEmpty)
    }
}
