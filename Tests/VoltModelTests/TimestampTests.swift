import Testing
import VoltModel
import VoltSample

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-04", "2026-03-04T00:00:00Z"),
        ("2026-03-04T15:30", "2026-03-04T15:30:00Z"),
        ("2026-03-04 15:30:05", "2026-03-04T15:30:05Z"),
        ("2026-03-04T15:30:05Z", "2026-03-04T15:30:05Z"),
        ("2026-03-04T15:30:05.999Z", "2026-03-04T15:30:05Z"),
        ("2026-03-04T15:30:05+01:00", "2026-03-04T14:30:05Z"),
        ("2026-03-04T00:30:00+0100", "2026-03-03T23:30:00Z"),
        ("2026-03-04T23:30:00-05", "2026-03-05T04:30:00Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z"),
    ])
    func readsISO8601(_ input: String, _ expected: String) {
        #expect(Timestamp(iso8601: input)?.iso8601 == expected)
    }

    @Test(arguments: [
        "", "2026-3-4", "2026-13-01", "2026-02-29", "2026-02-30", "2026-04-31", "2026-03-04T24:00",
        "2026-03-04T12:60", "2026-03-04T12:00:60", "04/03/2026", "2026-03-04T12", "2026-03-04Tfoo",
        "2026-03-04T12:00:00+25:00", "2026-03-04T12:00:00Zjunk", "2026-03-04 ", "yesterday",
    ])
    func rejectsWhatIsNotATime(_ input: String) {
        #expect(Timestamp(iso8601: input) == nil)
    }

    @Test func formatsAndReadsBackAnySecond() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<5000 {
            let s = Int64(rng.next() % 8_000_000_000) - 2_000_000_000  // 1906 to 2223
            let t = Timestamp(seconds: s)
            #expect(Timestamp(iso8601: t.iso8601) == t, "\(s) -> \(t.iso8601)")
        }
    }

    @Test func knowsItsDayAndMonth() {
        let t = Timestamp(iso8601: "2026-10-31T23:59:59Z")!
        #expect(t.day == "2026-10-31")
        #expect(t.month == "2026-10")
        #expect(Timestamp(seconds: t.seconds + 1).month == "2026-11")
    }

    @Test func calendarDatesAreChecked() {
        #expect(CalendarDate("2012-02-29")?.text == "2012-02-29")
        #expect(CalendarDate("2013-02-29") == nil)
        #expect(CalendarDate("2013-02-28T10:00") == nil)
    }
}
