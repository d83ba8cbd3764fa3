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
    }
}
