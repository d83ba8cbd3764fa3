import Testing
import VoltModel

@Suite struct GradingTests {
    @Test func readsThreeByFiveByTwo() throws {
        let g = try #require(Grading("2b-c"))
        #expect(g.source == 2)
        #expect(g.intelligence == "B")
        #expect(g.handling == "C")
        #expect(g.description == "2B-C")
        #expect(Grading("1AP")?.description == "1A-P")
    }

    @Test(arguments: ["", "4A-P", "0A-P", "1F-P", "1A-X", "1A", "1A-PP", "A1-P", "1A_P", "11A-P"])
    func rejectsMalformed(_ text: String) {
        #expect(Grading(text) == nil)
    }

    @Test func meetsAMinimumOnSourceAndIntelligence() {
        let min = Grading("2B-P")!
        #expect(Grading("1A-C")!.meets(min))
        #expect(Grading("2B-C")!.meets(min))
        #expect(!Grading("3A-P")!.meets(min))
        #expect(!Grading("1C-P")!.meets(min))
    }
}
