import Foundation
import Testing
import VoltTestSupport

/// Progress on standard error: drawn under a terminal (a pseudo-terminal from `script`), never
/// in a pipe, and cleared before the command's own output.
@Suite struct ProgressCLITests {
    @Test func progressShowsOnATerminalAndNeverInAPipe() throws {
        let dir = TestSupport.temporaryDirectory("progress")
        let env = ["VOLT_DB": dir + "/store.sqlite", "VOLT_PURPOSE": "progress test: long betweenness"]
        // Big enough that betweenness runs for seconds in a debug build (progress waits half a second).
        try #require(try TestSupport.volt(["generate", "--seed", "3", "--people", "3000", "--locations", "80", "--sightings", "5000",
                                           "--out", dir + "/area"], environment: env).status == 0)
        try #require(try TestSupport.volt(["init"], environment: env).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/area").filter { $0.hasSuffix(".csv") }.map { dir + "/area/" + $0 }
        try #require(try TestSupport.volt(["import"] + files, environment: env).status == 0)
        let command = ["centrality", "--measure", "betweenness", "--top", "3"]

        // In a pipe: the answer, and not a byte on stderr.
        let piped = try TestSupport.volt(command, environment: env)
        #expect(piped.status == 0 && piped.stdout.contains("betweenness over"))
        #expect(piped.stderr.isEmpty, "stderr in a pipe: \(piped.stderr.prefix(200))")

        // Under a pseudo-terminal: the stage with a count, each line drawn over the last, and the
        // line cleared before the table.
        let shell = ([TestSupport.voltBinary] + command).map { "'\($0)'" }.joined(separator: " ")
        let tty = try TestSupport.run("/usr/bin/script", ["-qec", shell, "/dev/null"], environment: env)
        #expect(tty.status == 0)
        #expect(tty.stdout.range(of: #"\r\x{1B}\[Kbetweenness: \d+ of \d+ \(\d+%\)"#, options: .regularExpression) != nil,
                "no progress under a terminal: \(tty.stdout.prefix(300))")
        let table = try #require(tty.stdout.range(of: "id "))
        let before = tty.stdout[..<table.lowerBound]
        #expect(before.hasSuffix("\r\u{1B}[K"), "the progress line is not cleared before the output: \(before.suffix(80))")
    }
}
