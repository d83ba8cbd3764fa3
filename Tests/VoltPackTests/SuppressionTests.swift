import Testing
import VoltModel
@testable import VoltPack

struct SuppressionTests {
    /// A random table with many small counts.
    func table(_ seed: UInt64) -> [[Int]] {
        var rng = SplitMix64(seed: seed)
        let r = 2 + rng.int(6), c = 2 + rng.int(6)
        return (0..<r).map { _ in (0..<c).map { _ in [0, 1, 2, 3, 4, 5, 7, 12, 30][rng.int(9)] } }
    }

    @Test(arguments: Array(1...200) as [UInt64])
    func noSmallCountIsShownAndNoHiddenCellFollowsFromItsLineTotals(_ seed: UInt64) {
        let counts = table(seed)
        let t = suppress(counts, rows: counts.indices.map { "r\($0)" }, columns: counts[0].indices.map { "c\($0)" })
        let full = counts.map { $0 + [$0.reduce(0, +)] } + [(0...counts[0].count).map { j in counts.reduce(0) { $0 + ($1 + [$1.reduce(0, +)])[j] } }]
        for (i, row) in t.cells.enumerated() {
            for (j, cell) in row.enumerated() {
                switch cell {
                case .count(let n):
                    #expect(n == full[i][j])
                    #expect(n == 0 || n >= t.threshold, "a count of \(n) is shown")
                case .small: #expect((1..<t.threshold).contains(full[i][j]))
                case .secondary: break
                }
            }
        }
        // Every line (row with its total, column with its total) hides none or at least two.
        func hidden(_ cells: [SuppressedTable.Cell]) -> Int { cells.filter { if case .count = $0 { false } else { true } }.count }
        for row in t.cells { #expect(hidden(row) != 1) }
        for j in t.cells[0].indices { #expect(hidden(t.cells.map { $0[j] }) != 1) }
    }

    /// Tables whose rows do not add up to anything (places by victims, offenders, sightings)
    /// publish only column totals: each column still hides none or at least two.
    @Test(arguments: Array(1...100) as [UInt64])
    func withoutRowTotalsEachColumnStillHidesNoneOrTwo(_ seed: UInt64) {
        let counts = table(seed)
        let t = suppress(counts, rows: counts.indices.map { "r\($0)" }, columns: counts[0].indices.map { "c\($0)" }, rowTotals: false)
        #expect(t.columns.count == counts[0].count && t.rows.count == counts.count + 1)
        for j in t.cells[0].indices {
            let column = t.cells.map { $0[j] }
            #expect(column.filter { if case .count = $0 { false } else { true } }.count != 1)
            let shown = column.compactMap { if case .count(let n) = $0 { n } else { nil } }
            #expect(shown.allSatisfy { $0 == 0 || $0 >= t.threshold })
        }
    }

    @Test func aTableWithNoSmallCountsIsShownWhole() {
        let t = suppress([[5, 10], [0, 7]], rows: ["a", "b"], columns: ["x", "y"])
        #expect(t.cells == [[.count(5), .count(10), .count(15)], [.count(0), .count(7), .count(7)], [.count(5), .count(17), .count(22)]])
    }

    @Test func oneSmallCountTakesAnotherInItsRowAndColumn() {
        let t = suppress([[3, 10, 8], [6, 9, 12]], rows: ["a", "b"], columns: ["x", "y", "z"])
        #expect(t.cells[0][0] == .small)
        #expect(t.cells[0].filter { $0 == .secondary }.count >= 1 && t.cells.map { $0[0] }.filter { $0 == .secondary }.count >= 1)
        #expect(t.text(t.cells[0][0]) == "<5")
    }
}
