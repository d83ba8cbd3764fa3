import Foundation
import Testing
import VoltTestSupport

/// Runs the real `volt` binary, as a user would.
@Suite struct CLITests {
    let dir = TestSupport.temporaryDirectory("cli")
    var db: String { dir + "/area.sqlite" }
    var env: [String: String] { ["VOLT_DB": db, "VOLT_PURPOSE": "CLI test"] }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
    static var exampleFiles: [String] { ["entities", "links", "sightings", "missing"].map { "\(example)/\($0).csv" } }

    func loaded() throws {
        let r = try TestSupport.volt(["import"] + Self.exampleFiles, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func initImportStatsShowSearch() throws {
        let i = try TestSupport.volt(["init"], environment: env)
        #expect(i.status == 0)
        #expect(i.stdout.contains("created an empty volt store"))
        try loaded()
        let again = try TestSupport.volt(["import", "--format", "csv"] + Self.exampleFiles, environment: env)
        #expect(again.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",0,0,") }, "\(again.stdout)")

        let stats = try TestSupport.volt(["stats", "--format", "json"], environment: env)
        #expect(stats.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        let results = json?["results"] as? [String: Any]
        let rows = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("examples/wexbury/entities.csv").path, encoding: .utf8)
            .split(separator: "\n").count - 1
        #expect(results?["entities"] as? Int == rows)
        #expect(json?["query"] != nil)

        let show = try TestSupport.volt(["show", "O001"], environment: env)
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("O001  offender"))
        #expect(show.stdout.contains("grading"))

        let csv = try TestSupport.volt(["show", "O001", "--format", "csv"], environment: env)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "start,end,type,direction,other,other_type,other_name,source,ref,grading")
        let starts = lines.dropFirst().map { String($0.prefix(20)) }
        #expect(starts == starts.sorted(), "links in time order")

        let search = try TestSupport.volt(["search", "skate", "--format", "csv"], environment: env)
        #expect(search.stdout.contains("Eastmoor Skate Park"))
    }

    /// `volt serve` starts the workspace's own program beside it; without it (a machine that
    /// ran only `make demo`), one sentence says how to build it.
    @Test func serveWithoutTheWorkspaceServerSaysHowToBuildIt() throws {
        try loaded()
        let alone = dir + "/bin"
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.voltBinary, toPath: alone + "/volt")
        let r = try TestSupport.run(alone + "/volt", ["serve", "--port", "1"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("the workspace server is not built: run 'make workspace'") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func everyQueryIsLoggedWithActorAndPurpose() throws {
        try loaded()
        _ = try TestSupport.volt(["show", "Y001"], environment: env)
        _ = try TestSupport.volt(["search", "park"], environment: env)
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "2"], environment: env)
        let rows = log.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.contains(",\(TestSupport.login),consultation,CLI test,") }, "\(log.stdout)")
        #expect(rows.first?.hasSuffix("show id=Y001") == true)
    }

    @Test func readingTheAuditLogNeedsAPurposeAndIsLogged() throws {
        try loaded()
        var noPurpose = env
        noPurpose["VOLT_PURPOSE"] = nil
        let refused = try TestSupport.volt(["audit", "show"], environment: noPurpose)
        #expect(refused.status == 1 && refused.stderr.contains("a purpose is required") && refused.stdout.isEmpty)
        let first = try TestSupport.volt(["audit", "show", "--last", "2", "--format", "csv"], environment: env)
        #expect(first.status == 0 && first.stdout.split(separator: "\n").count == 3, "\(first.stdout)")
        let next = try TestSupport.volt(["audit", "show", "--last", "1", "--format", "csv"], environment: env)
        #expect(next.stdout.split(separator: "\n").last?.hasSuffix(",consultation,CLI test,audit show last=2; shown=2") == true, "\(next.stdout)")
    }

    @Test func aMissingPurposeIsRefusedBeforeAnythingIsRead() throws {
        try loaded()
        var noPurpose = env
        noPurpose["VOLT_PURPOSE"] = nil
        let before = try TestSupport.volt(["audit", "show", "--format", "csv"], environment: env).stdout
        let r = try TestSupport.volt(["show", "Y001"], environment: noPurpose)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("a purpose is required"))
        #expect(r.stderr.contains("--purpose"))
        // Nothing new but the first 'audit show' itself, which is logged after what it showed.
        let after = try TestSupport.volt(["audit", "show", "--format", "csv"], environment: env).stdout.split(separator: "\n")
        #expect(Array(after.dropLast()) == before.split(separator: "\n") && after.last?.contains("audit show last=all") == true, "\(after.suffix(2))")
    }

    @Test func badInputExitsOneWithFileLineColumn() throws {
        try loaded()
        let bad = TestSupport.write("from,to,type,start,source,grading\nY001,Y002,associate,2026-02-30,police,1A-P\nY001,NOBODY,associate,2026-02-01,police,1A-P\n",
                                    to: "bad.csv", in: dir)
        let r = try TestSupport.volt(["import", bad], environment: env)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("\(bad):2:4: bad date in 'start'"))
        #expect(r.stderr.contains("\(bad):3:2: 'NOBODY' is not a known entity"))
        #expect(r.stderr.contains("import rejected: 2 errors; nothing was stored"))
    }

    /// The store a first import creates appears with its records or not at all: a rejected
    /// first import leaves no store, no key file and no temporary beside it.
    @Test func aRejectedFirstImportLeavesNoStore() throws {
        let config = TestSupport.temporaryDirectory("cli-config")
        let env = env.merging(["XDG_CONFIG_HOME": config]) { $1 }
        let bad = TestSupport.write("from,to,type,start,source,grading\nY001,NOBODY,associate,2026-02-01,police,1A-P\n", to: "bad.csv", in: dir)
        let r = try TestSupport.volt(["import", Self.exampleFiles[0], bad], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.contains("import rejected"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["bad.csv"])
        #expect(try FileManager.default.subpathsOfDirectory(atPath: config).allSatisfy { !$0.hasSuffix(".keys") })
        #expect(try TestSupport.volt(["import"] + Self.exampleFiles, environment: env).status == 0)
        #expect(try TestSupport.volt(["audit", "verify"], environment: env).stdout.contains("intact"))
    }

    @Test func unknownIdAndMissingStoreAreOneSentence() throws {
        let missing = try TestSupport.volt(["stats"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no volt store at \(db)"))
        try loaded()
        let r = try TestSupport.volt(["show", "NOBODY"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("no entity with id 'NOBODY'"))
    }

    @Test func usageErrorsExitTwo() throws {
        let r = try TestSupport.volt(["stats", "--format", "xml"], environment: env)
        #expect(r.status == 2)
        let k = try TestSupport.volt(["import", "--kind", "people", "x.csv"], environment: env)
        #expect(k.status == 2)
        #expect(k.stderr.contains("The value 'people' is invalid for '--kind <kind>'"))
    }

    @Test func auditVerifyNamesTheTamperedEntry() throws {
        try loaded()
        for q in ["Y001", "Y002", "Y003"] { _ = try TestSupport.volt(["show", q], environment: env) }
        let ok = try TestSupport.volt(["audit", "verify"], environment: env)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("intact: 5 entries"))
        let (status, _, err) = try TestSupport.sqlite3(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET purpose = 'routine' WHERE seq = 4")
        #expect(status == 0, "\(err)")
        let bad = try TestSupport.volt(["audit", "verify"], environment: env)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("audit log broken at entry 4"))
    }

    @Test func exportNeedsARecipientAndIsLoggedAsDisclosure() throws {
        try loaded()
        let out = dir + "/export"
        let refused = try TestSupport.volt(["export", "volt", "--out", out], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("needs a recipient"))
        #expect(!FileManager.default.fileExists(atPath: out + "/links.csv"))
        let r = try TestSupport.volt(["export", "volt", "--out", out, "--recipient", "MACE analysts"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try TestSupport.volt(["audit", "show", "--last", "1", "--format", "csv"], environment: env)
        #expect(log.stdout.contains(",disclosure,"))
        #expect(log.stdout.contains("MACE analysts"))
    }

    @Test func eraseNeedsConfirmationAndLogsNoValues() throws {
        try loaded()
        let name = try TestSupport.volt(["show", "Y044", "--format", "json"], environment: env)
        #expect(name.status == 0)
        let refused = try TestSupport.volt(["erase", "Y044"], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("add --yes"))
        let r = try TestSupport.volt(["erase", "Y044", "--yes"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("erased entity Y044 (person)"))
        let gone = try TestSupport.volt(["show", "Y044"], environment: env)
        #expect(gone.status == 1)
        let log = try TestSupport.volt(["audit", "show", "--format", "csv"], environment: env)
        #expect(log.stdout.contains(",erasure,"))
        let json = try JSONSerialization.jsonObject(with: Data(name.stdout.utf8)) as? [String: Any]
        let personName = ((json?["results"] as? [[String: Any]])?.first?["entity"] as? [String: Any])?["name"] as? String
        #expect(personName != nil)
        #expect(!log.stdout.contains(personName ?? "?"), "the log must not keep the erased name")
    }

    @Test func centralityPutsThePlantedBrokersFirst() throws {
        try loaded()
        let r = try TestSupport.volt(["centrality", "--measure", "betweenness", "--type", "offender", "--top", "3", "--format", "csv"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let ids = r.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.example + "/truth.json"))) as? [String: Any]
        #expect(Set(ids) == Set(truth?["brokers"] as? [String] ?? []))
        #expect(r.stdout.hasPrefix("id,type,name,betweenness"))
        let json = try TestSupport.volt(["centrality", "--measure", "pagerank", "--top", "2", "--format", "json"], environment: env)
        #expect(json.stdout.contains("\"pagerank\" :"))
    }

    @Test func disruptPicksThePlantedBrokersFirst() throws {
        try loaded()
        let r = try TestSupport.volt(["disrupt", "--k", "3", "--format", "csv"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let ids = r.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.example + "/truth.json"))) as? [String: Any]
        #expect(Set(ids) == Set(truth?["brokers"] as? [String] ?? []), "\(r.stdout)")
        let tooMany = try TestSupport.volt(["disrupt", "--k", "500"], environment: env)
        #expect(tooMany.status == 1)
        #expect(tooMany.stderr.contains("is more than the"))
    }

    @Test func pathExplainsEveryStepWithItsEvidence() throws {
        try loaded()
        let r = try TestSupport.volt(["path", "Y001", "O001", "--format", "csv"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 })
        let unknown = try TestSupport.volt(["path", "Y001", "NOBODY"], environment: env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no entity with id 'NOBODY'"))
        let ego = try TestSupport.volt(["ego", "O001", "--hops", "1", "--format", "csv"], environment: env)
        #expect(ego.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("O001,offender,") == true)
    }

    @Test func groupsListMembersPlacesAndThemes() throws {
        try loaded()
        let r = try TestSupport.volt(["groups", "--links", "associate", "--format", "json"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let groups = json?["results"] as? [[String: Any]] ?? []
        #expect(groups.count >= 14)
        let first = try #require(groups.first)
        #expect((first["members"] as? [String])?.count == first["size"] as? Int)
        #expect((first["locations"] as? [String])?.isEmpty == false, "members attend a school")
    }

    @Test func badAnalysisFiltersAreOneSentence() throws {
        try loaded()
        let empty = try TestSupport.volt(["groups", "--from", "2026-10-01", "--to", "2026-09-01"], environment: env)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the window is empty"))
        let grading = try TestSupport.volt(["centrality", "--min-grading", "9Z"], environment: env)
        #expect(grading.status == 2)
        #expect(grading.stderr.contains("not a 3x5x2 grading"))
        let recency = try TestSupport.volt(["centrality", "--recency", "30"], environment: env)
        #expect(recency.status == 2)
        #expect(recency.stderr.contains("needs --weighted"))
        let nothing = try TestSupport.volt(["centrality", "--to", "2000-01-01"], environment: env)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("no links match"))
    }

    @Test func generateWritesTheSameAreaForTheSameSeed() throws {
        let a = try TestSupport.volt(["generate", "--seed", "5", "--out", dir + "/a"])
        let b = try TestSupport.volt(["generate", "--seed", "5", "--out", dir + "/b"])
        #expect(a.status == 0 && b.status == 0)
        for f in ["entities.csv", "links.csv", "sightings.csv", "missing.csv", "truth.json"] {
            #expect(FileManager.default.contents(atPath: "\(dir)/a/\(f)") == FileManager.default.contents(atPath: "\(dir)/b/\(f)"))
        }
        let small = try TestSupport.volt(["generate", "--people", "3", "--out", dir + "/c"])
        #expect(small.status == 2)
    }

    @Test(arguments: ["init", "import", "stats", "show", "search", "groups", "communities", "centrality", "brokers", "path", "ego", "disrupt", "colocate", "missing", "emerging", "hotspots", "timepath", "themes", "top", "referrals", "actions", "meeting", "review", "gaps", "pack", "map", "map group", "map ego", "map location", "map path", "map overview", "export", "erase", "audit show", "audit verify", "generate"])
    func everyCommandHasHelpWithAnExample(_ command: String) throws {
        let r = try TestSupport.volt(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Example"), "\(command) --help has no example")
    }
}
