import Testing
@testable import VoltIO

/// The decoder finds every cell by a column name written in its code; a lookup that missed
/// would read every such cell as empty.
@Suite struct ColumnTableTests {
    @Test func everyColumnOfEveryKindIsFoundAtItsPlace() {
        // The names as literals, as the decoder writes them (a ColumnName is a literal).
        let literals: [ColumnName] = [
            "id", "type", "name", "dob", "age_band", "gender", "ethnicity", "category", "latitude", "longitude",
            "area", "refs", "victim_since", "offender_since", "review_date", "address", "postcode", "source",
            "from", "to", "start", "end", "grading", "ref", "recorded_at", "weight", "person", "location", "time",
            "found_at", "return_interview", "return_interview_by", "kind", "detected_at", "group", "member",
            "chair", "date", "forum", "subject", "reason", "themes", "contexts", "outcome", "referrer", "status",
            "agency", "lead", "meeting", "owner", "description", "due", "closed", "decision", "note", "not a column", "",
        ]
        var found = 0
        for kind in RecordKind.allCases {
            let table = kind.columnTable
            for name in literals {
                let want = kind.columns.firstIndex(of: name.description)
                #expect(table.place(of: name) == want, "\(kind.rawValue).\(name)")
                if want != nil { found += 1 }
            }
        }
        // Every column of every kind is among the literals above, so each was checked found.
        #expect(found == RecordKind.allCases.reduce(0) { $0 + $1.columns.count })
    }

    @Test func rememberedValuesAreTheOnesGiven() {
        var r = Remembered<Int>()
        func key(_ i: Int) -> String { "agency-" + String(i) }
        for i in 0..<100 { r[key(i)] = i }
        r["agency-3"] = 300
        r["agency-70"] = 7_000
        #expect(r["agency-3"] == 300 && r["agency-70"] == 7_000)
        let wrong = (0..<100).filter { i in ![3, 70].contains(i) && r[key(i)] != i }
        #expect(wrong.isEmpty)
        #expect(r["agency-100"] == nil && r[""] == nil)
    }
}
