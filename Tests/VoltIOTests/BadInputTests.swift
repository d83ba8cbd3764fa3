import Foundation
import Testing
import VoltIO
import VoltStore
import VoltTestSupport

/// A small valid area in the four files, and ways to spoil one line of it.
struct TinyArea {
    static let entities = """
        id,type,name,category
        V1,victim,Ann Example,
        V2,victim,Bea Example,
        O1,offender,Carl Example,
        L1,location,Riverside Park,park
        T1,theme,CCE,

        """
    static let links = """
        from,to,type,start,end,source,grading
        O1,V1,exploits,2026-01-05T10:00:00Z,,police,2B-P
        V1,V2,associate,2026-02-01,2026-02-01,education,1A-P
        V1,T1,linked_to_theme,2026-02-03,,social_care,

        """
    static let sightings = """
        person,location,time
        V1,L1,2026-03-01T18:00:00Z
        O1,L1,2026-03-01T18:20:00+00:00

        """
    static let missing = """
        person,start,end,found_at
        V2,2026-04-01T20:00:00Z,2026-04-02T09:00:00Z,L1

        """

    /// Writes the four files (with `replace` swapping one file's text) into a new folder.
    static func files(replacing name: String? = nil, with text: Data? = nil) -> [ImportFile] {
        let dir = TestSupport.temporaryDirectory("tiny")
        for (n, body) in [("entities.csv", entities), ("links.csv", links), ("sightings.csv", sightings), ("missing.csv", missing)] {
            let data = n == name ? text! : Data(body.utf8)
            try! data.write(to: URL(fileURLWithPath: dir + "/" + n))
        }
        return ["entities", "links", "sightings", "missing"].map { ImportFile(path: "\(dir)/\($0).csv") }
    }

    static func spoil(_ text: String, line: Int, with replacement: String) -> Data {
        var lines = text.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return Data(lines.joined(separator: "\n").utf8)
    }
}

@Suite struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let file: String
        let data: Data
        let line: Int
        let column: Int
        let reasonContains: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown type", file: "entities.csv",
             data: TinyArea.spoil(TinyArea.entities, line: 3, with: "V2,victom,Bea Example,"),
             line: 3, column: 2, reasonContains: "unknown type 'victom'"),
        Case(name: "bad date", file: "links.csv",
             data: TinyArea.spoil(TinyArea.links, line: 3, with: "V1,V2,associate,2026-02-30,2026-02-01,education,1A-P"),
             line: 3, column: 4, reasonContains: "bad date"),
        Case(name: "dangling reference", file: "links.csv",
             data: TinyArea.spoil(TinyArea.links, line: 2, with: "O1,V9,exploits,2026-01-05T10:00:00Z,,police,2B-P"),
             line: 2, column: 2, reasonContains: "'V9' is not a known entity"),
        Case(name: "duplicate id", file: "entities.csv",
             data: Data((TinyArea.entities + "V1,victim,Another Ann,\n").utf8),
             line: 7, column: 1, reasonContains: "duplicate id 'V1'"),
        Case(name: "malformed grading", file: "links.csv",
             data: TinyArea.spoil(TinyArea.links, line: 2, with: "O1,V1,exploits,2026-01-05T10:00:00Z,,police,2Z-P"),
             line: 2, column: 7, reasonContains: "not 3x5x2"),
        Case(name: "ragged row", file: "sightings.csv",
             data: TinyArea.spoil(TinyArea.sightings, line: 3, with: "O1,L1"),
             line: 3, column: 3, reasonContains: "2 fields but the header has 3"),
        Case(name: "invalid UTF-8", file: "entities.csv",
             data: Data(TinyArea.entities.utf8.prefix(56)) + Data([0xFF]) + Data(TinyArea.entities.utf8.dropFirst(56)),
             line: 3, column: 12, reasonContains: "not valid UTF-8"),
        Case(name: "wrong kind of entity", file: "sightings.csv",
             data: TinyArea.spoil(TinyArea.sightings, line: 2, with: "V1,V2,2026-03-01T18:00:00Z"),
             line: 2, column: 2, reasonContains: "needs a location"),
        Case(name: "end before start", file: "missing.csv",
             data: TinyArea.spoil(TinyArea.missing, line: 2, with: "V2,2026-04-01T20:00:00Z,2026-03-02T09:00:00Z,L1"),
             line: 2, column: 3, reasonContains: "before start"),
        Case(name: "unclosed quote", file: "entities.csv",
             data: Data((TinyArea.entities + "V3,victim,\"Dee Example,\n").utf8),
             line: 7, column: 3, reasonContains: "never closed"),
        // Accepted before, wrong: a NUL cut the name short downstream ("Nul\0Name" showed as "Nul").
        Case(name: "NUL in a name", file: "entities.csv",
             data: TinyArea.spoil(TinyArea.entities, line: 3, with: "V2,victim,Nul\u{0}Name,"),
             line: 3, column: 3, reasonContains: "'name' holds a control character (byte 0x0)"),
        // The parser flags a row with a control character as it scans; inside quotes too.
        Case(name: "DEL in a quoted name", file: "entities.csv",
             data: TinyArea.spoil(TinyArea.entities, line: 3, with: "V2,victim,\"Del\u{7F}, Name\","),
             line: 3, column: 3, reasonContains: "'name' holds a control character (byte 0x7F)"),
        Case(name: "escape character in a reference", file: "links.csv",
             data: TinyArea.spoil(TinyArea.links, line: 2, with: "O1,V1,exploits,2026-01-05T10:00:00Z,,police\u{1B},2B-P"),
             line: 2, column: 6, reasonContains: "holds a control character (byte 0x1B)"),
        Case(name: "year 0000", file: "sightings.csv",
             data: TinyArea.spoil(TinyArea.sightings, line: 2, with: "V1,L1,0000-03-01T18:00:00Z"),
             line: 2, column: 3, reasonContains: "out of range"),
        Case(name: "a link starting in 2126", file: "links.csv",
             data: TinyArea.spoil(TinyArea.links, line: 3, with: "V1,V2,associate,2126-02-01,2126-02-01,education,1A-P"),
             line: 3, column: 4, reasonContains: "from 1900 to 2100"),
    ]

    @Test(arguments: cases)
    func rejectsTheWholeImportAndChangesNothing(_ c: Case) throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let before = try store.contentDigest()
        let auditBefore = try store.auditEntries().count

        let files = TinyArea.files(replacing: c.file, with: c.data)
        // Also add new, valid content that would be stored if the import were not all-or-nothing.
        let extraDir = TestSupport.temporaryDirectory("extra")
        let extra = TestSupport.write("id,type,name\nV77,victim,New Child\n", to: "more.csv", in: extraDir)
        let rejected = TestSupport.rejection {
            try Importer.run(files + [ImportFile(path: extra)], into: store, context: TestSupport.context)
        }
        #expect(rejected != nil, "the import of \(c.name) was not rejected")
        if let issues = rejected?.issues {
            let path = files.first { $0.path.hasSuffix("/" + c.file) }!.path
            let hit = issues.first { $0.file == path && $0.line == c.line && $0.column == c.column }
            #expect(hit != nil, "\(c.name): expected \(c.file):\(c.line):\(c.column), got \(issues.map(\.description))")
            #expect(hit?.reason.contains(c.reasonContains) == true, "\(hit?.reason ?? "none")")
        }
        #expect(try store.contentDigest() == before)
        #expect(try store.auditEntries().count == auditBefore, "a rejected import writes nothing, not even a log line")
    }

    @Test func reportsEveryErrorUpToTheCapThenCounts() throws {
        let store = try TestSupport.emptyStore()
        var text = "id,type,name\n"
        for i in 1...30 { text += "P\(i),suspect,Person \(i)\n" }
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(text, to: "people.csv", in: dir)
        let r = TestSupport.rejection {
            try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context, maxIssues: 10)
        }
        let (issues, more) = try #require(r)
        do {
            #expect(issues.count == 10)
            #expect(more == 20)
            #expect(issues.map(\.line) == Array(2...11))
            #expect(ImportError.rejected(issues: issues, more: more).description.contains("import rejected: 30 errors; nothing was stored"))
        }
    }

    @Test func anUnrecognisedHeaderAsksForKind() throws {
        let store = try TestSupport.emptyStore()
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write("who,what\na,b\n", to: "odd.csv", in: dir)
        let a = TestSupport.rejection { try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context) }
        #expect(a?.issues.first?.reason.contains("--kind") == true)
        // With --kind, the missing required columns are named.
        let b = TestSupport.rejection { try Importer.run([ImportFile(path: path, kind: .links)], into: store, context: TestSupport.context) }
        #expect(b?.issues.first?.reason.contains("no 'from' column") == true)
    }

    @Test func linesAreCountedThroughQuotedLineBreaks() throws {
        let store = try TestSupport.emptyStore()
        let dir = TestSupport.temporaryDirectory()
        let text = "id,type,name\nV1,victim,\"Ann\nsecond line, with comma\"\r\nV2,victim,\"Bea \"\"B\"\" Example\"\nV3,victom,Cy\n"
        let path = TestSupport.write(text, to: "e.csv", in: dir)
        let r = TestSupport.rejection { try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context) }
        do {
            #expect(r?.issues.map(\.description) == ["\(path):5:2: unknown type 'victom' (expected victim, offender, victim+offender, person, location, theme)"])
        }
        let good = TestSupport.write(text.replacingOccurrences(of: "victom", with: "victim"), to: "g.csv", in: dir)
        _ = try Importer.run([ImportFile(path: good)], into: store, context: TestSupport.context)
        let names = try store.consult(TestSupport.context, summary: "test") { r in
            try ["V1", "V2"].map { try r.entity(id: $0)!.name }
        }
        #expect(names == ["Ann\nsecond line, with comma", "Bea \"B\" Example"])
    }
}

/// JSON values that are not cells. Accepted before, wrong: an object was stored as debug text.
@Suite struct JSONValueTests {
    @Test(arguments: [
        ("an object as a name", #"{"kind": "entity", "id": "V5", "type": "victim", "name": {"first": "Ann"}}"#, #""name" is a JSON object"#),
        ("an array as a type", #"{"kind": "entity", "id": "V5", "type": ["victim"], "name": "Ann"}"#, #""type" is an array, but this field holds one value"#),
        ("an object inside a list", #"{"kind": "entity", "id": "V5", "type": "victim", "name": "Ann", "refs": [{"police": "1"}]}"#, #""refs" holds an object or an array inside its list"#),
        ("a nested list", #"{"kind": "referral", "id": "R1", "subject": "V1", "date": "2026-01-01", "agency": "police", "themes": [["CCE"]]}"#, #""themes" holds an object or an array"#),
    ])
    func aValueThatIsNotACellIsRefused(_ name: String, _ line: String, _ reason: String) throws {
        let store = try TestSupport.emptyStore()
        let before = try store.contentDigest()
        let dir = TestSupport.temporaryDirectory("jsonvalue")
        let good = #"{"kind": "entity", "id": "V1", "type": "victim", "name": "Bea", "refs": ["police:1", "school:2"]}"#
        let path = TestSupport.write(good + "\n" + line + "\n", to: "area.jsonl", in: dir)
        let issues = try #require(TestSupport.rejection { try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context) }?.issues, "\(name) was accepted")
        #expect(issues.contains { $0.line == 2 && $0.reason.contains(reason) }, "\(name): \(issues.map(\.description))")
        #expect(try store.contentDigest() == before)
    }

    /// A list column takes a JSON array of strings, as CSV takes `a;b`.
    @Test func aListColumnTakesAnArray() throws {
        let store = try TestSupport.emptyStore()
        let dir = TestSupport.temporaryDirectory("jsonvalue")
        let path = TestSupport.write(#"{"kind": "entity", "id": "V1", "type": "victim", "name": "Bea", "refs": ["police:1", "school:2"]}"# + "\n", to: "a.jsonl", in: dir)
        _ = try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context)
        let refs = try store.consult(TestSupport.context, summary: "test") { try $0.entity(id: "V1")!.references.map(\.reference) }
        #expect(refs == ["1", "2"])
    }
}

@Suite struct QuietErrorTests {
    /// Error output is read by more people than the file: a date of birth or an agency
    /// reference is never repeated in it, even a malformed one.
    @Test func aBadDateOfBirthOrReferenceIsNotEchoed() throws {
        let store = try TestSupport.emptyStore()
        let dir = TestSupport.temporaryDirectory("quiet")
        let path = TestSupport.write("id,type,name,dob,refs\nV1,victim,Ann Example,2011-13-45,PN99887\nV2,victim,Bea Example,0011-03-01,\n", to: "e.csv", in: dir)
        let issues = try #require(TestSupport.rejection { try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context) }?.issues)
        #expect(issues.count == 3)
        for secret in ["2011-13-45", "PN99887", "0011-03-01"] {
            #expect(!issues.contains { $0.description.contains(secret) }, "\(secret) echoed: \(issues.map(\.description))")
        }
        #expect(issues.contains { $0.reason.contains("bad date in 'dob'") && $0.column == 4 })
    }
}
