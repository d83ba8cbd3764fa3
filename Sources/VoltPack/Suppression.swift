/// A table of counts as a strategic audience may see it: counts from 1 to threshold − 1 hidden
/// ("<5"), and as many more hidden as it takes so that none of them can be worked out from the
/// totals of its row or its column.
public struct SuppressedTable: Sendable, Hashable, Codable {
    /// What a cell shows.
    public enum Cell: Sendable, Hashable, Codable {
        /// A count that may be shown (0, or at least the threshold, or a count that need not hide).
        case count(Int)
        /// Below the threshold: shown as "<threshold".
        case small
        /// Hidden so that a small count cannot be worked out from the totals: shown as "*".
        case secondary
    }

    public let rows: [String]
    public let columns: [String]
    /// `cells[r][c]`; the last row is the column totals and the last column the row totals.
    public let cells: [[Cell]]
    public let threshold: Int

    /// How a cell is written.
    public func text(_ cell: Cell) -> String {
        switch cell {
        case .count(let n): return String(n)
        case .small: return "<\(threshold)"
        case .secondary: return "*"
        }
    }
}

/// Suppresses `counts` (rows × columns, without totals) for a strategic audience: totals are
/// added, every count (totals included) from 1 to `threshold` − 1 is hidden, then, until no row
/// or column equation has exactly one hidden entry, the smallest shown count of such a line is
/// hidden too (an interior cell if there is one). Two hidden entries in a line cannot be told
/// apart from its total; zero hidden leave nothing to find. Deterministic: ties go to the
/// first cell.
public func suppress(_ counts: [[Int]], rows: [String], columns: [String], threshold: Int = 5,
                     rowTotals: Bool = true, columnTotals: Bool = true) -> SuppressedTable {
    let r = counts.count, c = columns.count
    precondition(rows.count == r && counts.allSatisfy { $0.count == c })
    // The table with its totals: row r is column totals, column c row totals.
    var v = counts.map { $0 + [$0.reduce(0, +)] }
    v.append((0...c).map { j in (0..<r).reduce(0) { $0 + v[$1][j] } })
    var hidden = v.map { $0.map { 1 <= $0 && $0 < threshold } }
    let primary = hidden
    // The lines: each row (its cells and its total) and each column (its cells and its total).
    // Only published totals make equations: without row totals a row gives nothing away.
    var lines: [[(Int, Int)]] = rowTotals ? (0...(columnTotals ? r : r - 1)).map { i in (0...c).map { (i, $0) } } : []
    if columnTotals { lines += (0...(rowTotals ? c : c - 1)).map { j in (0...r).map { ($0, j) } } }
    var changed = true
    while changed {
        changed = false
        for line in lines where line.filter({ hidden[$0.0][$0.1] }).count == 1 {
            let candidates = line.filter { !hidden[$0.0][$0.1] }
            // Prefer interior cells with a count, smallest first; then totals; zeros last.
            let pick = candidates.min { a, b in
                func key(_ p: (Int, Int)) -> (Int, Int, Int) {
                    (v[p.0][p.1] == 0 ? 1 : 0, p.0 == r || p.1 == c ? 1 : 0, v[p.0][p.1])
                }
                return key(a) < key(b)
            }
            guard let pick else { continue }
            hidden[pick.0][pick.1] = true
            changed = true
        }
    }
    let cells = (0..<(columnTotals ? r + 1 : r)).map { i in
        (0..<(rowTotals ? c + 1 : c)).map { j -> SuppressedTable.Cell in
            primary[i][j] ? .small : hidden[i][j] ? .secondary : .count(v[i][j])
        }
    }
    return SuppressedTable(rows: rows + (columnTotals ? ["Total"] : []), columns: columns + (rowTotals ? ["Total"] : []), cells: cells, threshold: threshold)
}
