import Foundation
import Testing
import VoltTestSupport

/// The README's first half hour, command by command, on the sample, as the README has the
/// analyst type it: every command succeeds, and the claims beside some are checked.
@Suite struct ReadmeCLITests {
    /// The shell lines of the README's first-half-hour block, comments dropped.
    static func firstHalfHour() throws -> [String] {
        let readme = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## An analyst's first half hour"))
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map { line in
            String(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    @Test func everyCommandOfTheFirstHalfHourRunsAndSaysWhatTheReadmeSays() throws {
        let lines = try Self.firstHalfHour()
        #expect(lines.contains { $0.hasPrefix("volt init") } && lines.count > 20)
        // The repository's root as the analyst's, in a copy of its examples: the block makes its
        // own folder below it.
        let root = TestSupport.temporaryDirectory("readme")
        try FileManager.default.createSymbolicLink(atPath: root + "/examples", withDestinationPath: TestSupport.packageRoot.appendingPathComponent("examples").path)
        let bin = URL(fileURLWithPath: TestSupport.voltBinary).deletingLastPathComponent().path
        let script = (["set -e", "export PATH=\"\(bin):$PATH\""] + lines.filter { !$0.hasPrefix("export PATH") }.map { line in
            // Each command's output, apart, to check the claims.
            line.hasPrefix("volt ") && !line.contains(">") ? "echo '=== \(line.replacingOccurrences(of: "'", with: ""))'; \(line)" : line
        }).joined(separator: "\n")
        let r = try TestSupport.run("/bin/sh", ["-c", script], directory: root)
        #expect(r.status == 0, "the README block stopped: \(r.stderr.suffix(600))")
        // Outputs stay in the block's own folder.
        let made = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(made == ["examples", "out"], "the first half hour wrote into the root: \(made)")
        let outputs = Dictionary(uniqueKeysWithValues: r.stdout.components(separatedBy: "=== ").dropFirst().map { chunk in
            let head = chunk.prefix { $0 != "\n" }
            return (String(head), String(chunk.dropFirst(head.count)))
        })
        // "peer groups: young people joined by associate links (3 to 15 each here)"
        let groups = try #require(outputs.first { $0.key.hasPrefix("volt groups") }?.value)
        let sizes = groups.split(separator: "\n").dropFirst().compactMap { line -> Int? in
            let cols = line.split(separator: " ", omittingEmptySubsequences: true)
            return cols.first?.hasPrefix("G") == true ? cols.lazy.compactMap { Int($0) }.first : nil
        }
        #expect(sizes.count > 3 && sizes.allSatisfy { (3...15).contains($0) }, "peer group sizes \(sizes)")
        // "new and growing groups, new victim–offender links, rising places"
        let emerging = try #require(outputs.first { $0.key.hasPrefix("volt emerging") }?.value)
        #expect(emerging.contains("Peer groups") && emerging.contains("Rising locations") && !emerging.contains("Rising locations: 0"))
        // "the children the records show most at risk": eight of them.
        let top = try #require(outputs.first { $0.key == "volt top --n 8" }?.value)
        #expect(top.split(separator: "\n").filter { $0.first?.isNumber == true }.count == 8, "\(top.prefix(400))")
        func output(_ prefix: String) throws -> String { try #require(outputs.first { $0.key.hasPrefix(prefix) }?.value, "no output of \(prefix)") }
        func rows(_ text: String) -> [[Substring]] { text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) } }
        // "counts by VOLT type, link type, agency, month"
        let stats = try output("volt stats")
        for heading in ["VOLT type", "link type", "agency", "month"] { #expect(stats.contains("\n\(heading) "), "stats has no '\(heading)' table") }
        // "find ids by name, area or agency reference": the skate park's id.
        #expect(rows(try output("volt search")).contains { $0.first?.hasPrefix("L") == true && $0.contains("Skate") })
        // "one offender's links in time order, with source and grading"
        let show = try output("volt show O001")
        #expect(show.contains("links (oldest first):") && show.contains("source") && show.contains("grading"))
        // The links section: from its heading to the next blank line.
        let linksPart = show.components(separatedBy: "links (oldest first):").last?.components(separatedBy: "\n\n").first ?? ""
        let firstWords: [String] = rows(linksPart).compactMap { $0.first.map(String.init) }
        let starts = firstWords.filter { $0.range(of: #"^\d{4}-\d\d-\d\d"#, options: .regularExpression) != nil }
        #expect(starts.count > 5 && starts == starts.sorted(), "O001's links in time order")
        // "the same for a spreadsheet"
        let csv = try String(contentsOfFile: root + "/out/first-hour/y012-links.csv", encoding: .utf8)
        #expect(csv.hasPrefix("start,") && csv.split(separator: "\n").count > 2)
        // "go-betweens": ten.
        let ranked = rows(try output("volt centrality")).filter { row in row.count >= 4 && (row.first.map { $0.hasPrefix("O") || $0.hasPrefix("Y") || $0.hasPrefix("P") } ?? false) }
        #expect(ranked.count == 10)
        // "how two people are linked, with the evidence for every step"
        let path = try output("volt path Y012 O003")
        #expect(path.contains("path 1: Y012") && path.contains("O003") && path.range(of: #"\d{4}-\d\d-\d\d, \w+ [A-Z]+-\d+"#, options: .regularExpression) != nil)
        // "which offenders to disrupt": three picks, each with the children cut off.
        #expect(rows(try output("volt disrupt")).filter { ["1", "2", "3"].contains($0.first ?? "") && $0.count > 6 }.count == 3)
        // "repeat missing, children missing together, offenders within reach"
        let missing = try output("volt missing")
        for section in ["Missing together", "Repeat missing", "Offenders within"] { #expect(missing.contains(section), "volt missing has no '\(section)'") }
        // "problem locations and their trend"
        #expect(try output("volt hotspots").contains("change"))
        // "could harm have passed from O003 to Y116 in time order?": an answer either way, with the steps.
        let timepath = try output("volt timepath")
        #expect(timepath.contains("can reach Y116") || timepath.contains("cannot reach Y116"))
        // "cohort 1 ... with movement since last month"
        #expect(try output("volt top --cohort csc").contains("movement"))
        // "referrals and the children referred, with demographics", by month.
        let referrals = try output("volt referrals")
        #expect(referrals.contains("gender") && rows(referrals).filter { $0.first?.hasPrefix("2026-") == true }.count == 7)
        // "what the last meetings agreed and is late": every row overdue.
        let actions = rows(try output("volt actions")).filter { $0.first?.hasPrefix("ACT-") == true }
        #expect(!actions.isEmpty && actions.allSatisfy { $0[1] == "overdue" })
        // "single-source links, children known to one agency, associates of open CSC children not referred"
        let gaps = try output("volt gaps")
        for kind in ["single_source", "one_agency", "associate_not_referred"] { #expect(gaps.contains(kind), "volt gaps has no \(kind)") }
        // "a named peer group: its members and its casework"
        let group = try output("volt show NG-01")
        #expect(group.contains("members today:") && group.contains("casework"))
        // The strategic pack, the maps and the export are written where the README says.
        for file in ["board/pack.html", "board/pack.json", "y012.svg", "area.png", "area.gexf"] {
            #expect(FileManager.default.fileExists(atPath: root + "/out/first-hour/" + file), "\(file) was not written")
        }
        let png = try Data(contentsOf: URL(fileURLWithPath: root + "/out/first-hour/area.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // "the tightly knit parts (Leiden)"
        #expect(rows(try output("volt communities")).filter { $0.first?.hasPrefix("C") == true && $0.count > 5 }.count >= 3)
        // "children seen with offenders": every pair a child with an offender.
        let types: Set<Substring> = ["victim", "offender", "victim+offender"]
        let pairs = rows(try output("volt colocate")).filter { $0.count > 4 && types.contains($0[1]) && types.contains($0[3]) }
        #expect(!pairs.isEmpty && pairs.allSatisfy { p in
            (p[1] != "offender" || p[3] != "offender") && (p[1] != "victim" || p[3] != "victim")
        }, "every pair a child with an offender")
        // "theme trends per month"
        #expect(try output("volt themes").contains("per month"))
        // "cohort 2 for one week, against the week before"
        #expect(try output("volt top --cohort not-csc").contains("movement against 2026-10-12 to 2026-10-18"))
        // "the monthly pack, names removed, small numbers suppressed"
        let board = try String(contentsOfFile: root + "/out/first-hour/board/pack.json", encoding: .utf8)
        #expect(board.contains("\"<5\"") && !board.contains("Finn Glimmerton"))
        // "logged as a disclosure"
        #expect(try output("volt export").contains("logged as a disclosure"))
        // "who looked at what, and why", and the chain is intact.
        #expect(try output("volt audit show").contains("EFH panel, November: preparation"))
        #expect(try output("volt audit verify").contains("audit log intact"))
    }
}
