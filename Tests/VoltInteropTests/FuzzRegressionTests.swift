import Foundation
import Testing
import VoltIO
import VoltInterop
import VoltModel
import VoltTestSupport

/// Every input kept under Fuzz/regressions (what fuzzing found, and the hostile inputs the
/// targets were seeded with) goes through the same probe as `make fuzz`: no crash, no hang, and
/// every problem with a line and a short reason. A `bad-` input must also be refused somewhere.
@Suite struct FuzzRegressionTests {
    static let root = TestSupport.packageRoot.appendingPathComponent("Fuzz/regressions").path

    static func inputs(_ target: String) -> [String] {
        let folder = root + "/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { folder + "/" + $0 }
    }

    static let all: [String] = ["csv", "decoder", "jsonl", "xml"].flatMap(inputs)

    @Test func everyTargetKeepsRegressionInputs() {
        for t in ["csv", "decoder", "jsonl", "xml"] { #expect(!Self.inputs(t).isEmpty, "no inputs kept for \(t)") }
    }

    @Test(arguments: all)
    func replays(_ path: String) throws {
        let target = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        let tally: InputProbe.Tally
        switch target {
        case "csv": tally = try InputProbe.csv(path: path)
        case "jsonl": tally = try InputProbe.jsonLines(path: path)
        case "xml": tally = try ChartProbe.chart(path: path)
        default:
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let kinds = RecordKind.allCases
            let cells = bytes.dropFirst().split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            tally = try InputProbe.decode(kind: kinds[Int(bytes.first ?? 0) % kinds.count], cells: cells)
        }
        if URL(fileURLWithPath: path).lastPathComponent.hasPrefix("bad-") {
            #expect(tally.problems > 0, "\(path) was accepted: \(tally)")
        }
    }
}
