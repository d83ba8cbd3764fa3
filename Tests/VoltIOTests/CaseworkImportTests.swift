import Foundation
import Testing
import VoltIO
import VoltModel
import VoltStore
import VoltTestSupport

/// The casework kinds over `TinyArea`: valid files, and ways each can be wrong.
struct TinyCasework {
    static let files: [String: String] = [
        "groups.csv": "id,name,kind\nG1,Riverside group,peer_group\n",
        "members.csv": "group,member,from,to\nG1,V1,2026-01-01,\nG1,V2,2026-01-01,2026-03-01\n",
        "meetings.csv": "id,forum,date,chair\nM1,efh_tactical,2026-03-04,Chair\nM2,efh_tactical,2026-04-01,\n",
        "referrals.csv": "id,subject,date,agency,reason,themes,contexts,forum\nR1,V1,2026-02-10,police,seen with adults,T1,peers;school,efh_tactical\nR2,G1,2026-02-20,education,,,peers,efh_tactical\nR3,L1,2026-03-02,youth_services,,,neighbourhood,\n",
        "status.csv": "subject,status,from,to,agency,lead\nV1,cin,2026-01-15,,social_care,Team A\nV2,custom:team_around_the_family,2026-02-01,2026-03-01,education,\n",
        "actions.csv": "id,subject,meeting,owner,description,due,status,closed,decision,contexts\nA1,V1,M1,police,patrols at the park,2026-03-18,done,2026-03-15,context_assessment,neighbourhood\nA2,G1,M2,education,trusted adult,2026-04-15,,,refer_csc,\n",
        "outcomes.csv": "subject,type,date,agency,ref,note\nO1,arrest,2026-03-20,police,CR-1,\nV1,safe_and_well,2026-04-03,youth_services,,\n",
    ]

    /// The tiny area and the casework (one file's text replaced) in a new folder, every file.
    static func all(replacing name: String? = nil, with text: String? = nil) -> [ImportFile] {
        let core = TinyArea.files()
        let dir = (core[0].path as NSString).deletingLastPathComponent
        for (n, body) in files { try! Data((n == name ? text! : body).utf8).write(to: URL(fileURLWithPath: dir + "/" + n)) }
        return core + files.keys.sorted().map { ImportFile(path: "\(dir)/\($0)") }
    }

    static func spoil(_ file: String, line: Int, with replacement: String) -> String {
        var lines = files[file]!.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }
}

@Suite struct CaseworkImportTests {
    @Test func everyKindImportsAndComesBackFromTheStore() throws {
        let store = try TestSupport.emptyStore()
        let report = try Importer.run(TinyCasework.all(), into: store, context: TestSupport.context)
        for (kind, rows) in [("groups", 1), ("members", 2), ("meetings", 2), ("referrals", 3), ("status", 2), ("actions", 2), ("outcomes", 2)] {
            #expect(report.casework[kind]?.added == rows, "\(kind): \(String(describing: report.casework[kind]))")
        }
        let c = try store.consult(TestSupport.context, summary: "test") { try $0.casework() }
        #expect(c.referrals.map(\.subject) == ["V1", "G1", "L1"])
        #expect(c.referrals[0].themes == ["T1"] && c.referrals[0].contexts == [.peers, .school])
        #expect(c.statuses.map(\.status.rawValue) == ["cin", "custom:team_around_the_family"])
        #expect(c.actions.first { $0.id == "A1" }?.state(at: Timestamp(iso8601: "2026-04-01")!) == .done)
        #expect(c.actions.first { $0.id == "A2" }?.state(at: Timestamp(iso8601: "2026-04-20")!) == .overdue)
        #expect(c.actions.first { $0.id == "A2" }?.state(at: Timestamp(iso8601: "2026-04-15")!) == .open)
        #expect(c.members(of: "G1", at: Timestamp(iso8601: "2026-04-01")!) == ["V1"])
        #expect(c.openToCSC(at: Timestamp(iso8601: "2026-02-01")!) == ["V1"])
        // The same files again change nothing.
        let again = try Importer.run(TinyCasework.all(), into: store, context: TestSupport.context)
        #expect(again.casework.values.allSatisfy { $0.added == 0 && $0.updated == 0 })
    }

    @Test func anActionDoneLaterIsAnAlteration() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyCasework.all(), into: store, context: TestSupport.context)
        let done = TinyCasework.spoil("actions.csv", line: 3, with: "A2,G1,M2,education,trusted adult,2026-04-15,,2026-04-10,refer_csc,")
        let r = try Importer.run(TinyCasework.all(replacing: "actions.csv", with: done), into: store, context: TestSupport.context)
        #expect(r.casework["actions"]?.updated == 1)
        let entries: [AuditEntry] = try store.auditEntries()
        let alteration = entries.filter { $0.action == AuditAction.alteration.rawValue }.last
        #expect(alteration?.summary.contains("actions 1") == true)
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String, file: String, line: Int, replacement: String, column: Int, reason: String
        var description: String { name }
    }

    static let cases: [Case] = [
        // referrals
        Case(name: "referral of an unknown subject", file: "referrals.csv", line: 2, replacement: "R1,V9,2026-02-10,police,,,,", column: 2, reason: "not a known person, place or group"),
        Case(name: "referral with an unknown context", file: "referrals.csv", line: 2, replacement: "R1,V1,2026-02-10,police,,,pears,", column: 7, reason: "unknown context 'pears'"),
        Case(name: "referral naming a person as a theme", file: "referrals.csv", line: 2, replacement: "R1,V1,2026-02-10,police,,V2,,", column: 6, reason: "needs a theme"),
        Case(name: "referral without an agency", file: "referrals.csv", line: 3, replacement: "R2,G1,2026-02-20,,,,,", column: 4, reason: "'agency' is empty"),
        Case(name: "referral id twice", file: "referrals.csv", line: 3, replacement: "R1,G1,2026-02-20,education,,,,", column: 1, reason: "duplicate id 'R1'"),
        Case(name: "referral with a bad date", file: "referrals.csv", line: 2, replacement: "R1,V1,2026-02-30,police,,,,", column: 3, reason: "bad date"),
        // status
        Case(name: "unknown status", file: "status.csv", line: 2, replacement: "V1,child_in_need,2026-01-15,,social_care,", column: 2, reason: "unknown status"),
        Case(name: "status of a place", file: "status.csv", line: 2, replacement: "L1,cin,2026-01-15,,social_care,", column: 1, reason: "needs a person"),
        Case(name: "status ending before it starts", file: "status.csv", line: 3, replacement: "V2,cp,2026-02-01,2026-01-01,education,", column: 4, reason: "before from"),
        Case(name: "custom status with no name", file: "status.csv", line: 2, replacement: "V1,custom:,2026-01-15,,,", column: 2, reason: "unknown status"),
        // meetings
        Case(name: "meeting without a forum", file: "meetings.csv", line: 2, replacement: "M1,,2026-03-04,", column: 2, reason: "'forum' is empty"),
        Case(name: "meeting in year 0026", file: "meetings.csv", line: 2, replacement: "M1,efh,0026-03-04,", column: 3, reason: "out of range"),
        // actions
        Case(name: "action of an unknown meeting", file: "actions.csv", line: 2, replacement: "A1,V1,M9,police,patrols,2026-03-18,,,,", column: 3, reason: "not a known meeting"),
        Case(name: "action said done with no closed date", file: "actions.csv", line: 2, replacement: "A1,V1,M1,police,patrols,2026-03-18,done,,,", column: 7, reason: "says done"),
        Case(name: "action with no description", file: "actions.csv", line: 2, replacement: "A1,V1,M1,police,,2026-03-18,,,,", column: 5, reason: "'description' is empty"),
        Case(name: "action with an unknown status word", file: "actions.csv", line: 3, replacement: "A2,G1,M2,education,trusted adult,2026-04-15,pending,,,", column: 7, reason: "unknown action status"),
        // outcomes
        Case(name: "unknown outcome type", file: "outcomes.csv", line: 2, replacement: "O1,caution,2026-03-20,police,,", column: 2, reason: "unknown type"),
        Case(name: "outcome of an unknown subject", file: "outcomes.csv", line: 3, replacement: "X1,arrest,2026-03-20,police,,", column: 1, reason: "not a known person, place or group"),
        Case(name: "outcome NUL in a note", file: "outcomes.csv", line: 2, replacement: "O1,arrest,2026-03-20,police,,a\u{0}b", column: 6, reason: "control character"),
        // groups and members
        Case(name: "group id that is an entity's", file: "groups.csv", line: 2, replacement: "V1,Riverside group,peer_group", column: 1, reason: "already the id of an entity"),
        Case(name: "unknown group kind", file: "groups.csv", line: 2, replacement: "G1,Riverside group,crew", column: 3, reason: "unknown group kind"),
        Case(name: "member of an unknown group", file: "members.csv", line: 2, replacement: "G9,V1,2026-01-01,", column: 1, reason: "not a known group"),
        Case(name: "a place as a member", file: "members.csv", line: 3, replacement: "G1,L1,2026-01-01,", column: 2, reason: "needs a person"),
        Case(name: "membership ending before it starts", file: "members.csv", line: 3, replacement: "G1,V2,2026-03-01,2026-01-01", column: 4, reason: "before from"),
    ]

    @Test(arguments: cases)
    func aBadCaseworkFileIsRejectedWholeAndChangesNothing(_ c: Case) throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let before = try store.contentDigest()
        let files = TinyCasework.all(replacing: c.file, with: TinyCasework.spoil(c.file, line: c.line, with: c.replacement))
        let rejected = TestSupport.rejection { try Importer.run(files, into: store, context: TestSupport.context) }
        let issues = try #require(rejected?.issues, "\(c.name) was accepted")
        let path = files.first { $0.path.hasSuffix("/" + c.file) }!.path
        let hit = issues.first { $0.file == path && $0.line == c.line && $0.column == c.column }
        #expect(hit != nil, "\(c.name): expected \(c.file):\(c.line):\(c.column), got \(issues.map(\.description))")
        #expect(hit?.reason.contains(c.reason) == true, "\(c.name): \(hit?.reason ?? "none")")
        #expect(try store.contentDigest() == before, "\(c.name): a rejected import changed the store")
    }

    @Test func erasingAChildErasesItsCaseworkAndAGroupItsOwn() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyCasework.all(), into: store, context: TestSupport.context)
        let r = try store.write(TestSupport.context, action: .erasure) { w in let x = try w.erase(id: "V1"); return (x, x.summary) }
        #expect(r.casework == 5)  // R1, A1, the outcome, the cin spell, the membership
        let g = try store.write(TestSupport.context, action: .erasure) { w in let x = try w.erase(id: "G1"); return (x, x.summary) }
        #expect(g.isGroup && g.casework == 3)  // R2, A2, V2's membership
        let c = try store.consult(TestSupport.context, summary: "test") { try $0.casework() }
        let mentioned = c.referrals.map(\.subject) + c.actions.map(\.subject) + c.outcomes.map(\.subject) + c.statuses.map(\.subject) + c.memberships.map(\.member)
        #expect(!mentioned.contains("V1") && !mentioned.contains("G1"))
        #expect(c.groups.isEmpty && c.referrals.map(\.id) == ["R3"])
        // Erasure lasts for groups too.
        let back = TestSupport.rejection { try Importer.run(TinyCasework.all(), into: store, context: TestSupport.context) }
        #expect(back?.issues.contains { $0.reason.contains("'G1' was erased") } == true)
    }

    @Test func jsonLinesCarryCaseworkInOneFile() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let dir = TestSupport.temporaryDirectory("jsonl")
        // Actions before their meeting in the file: read by phase, so the meeting is found.
        let text = """
            {"kind":"action","id":"A1","subject":"V1","meeting":"M1","owner":"police","description":"patrols","due":"2026-03-18"}
            {"kind":"referral","id":"R1","subject":"V1","date":"2026-02-10","agency":"police","contexts":["peers","school"]}
            {"kind":"meeting","id":"M1","forum":"efh_tactical","date":"2026-03-04"}
            {"kind":"status","subject":"V1","status":"cp","from":"2026-01-01"}

            """
        let path = TestSupport.write(text, to: "casework.jsonl", in: dir)
        let r = try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context)
        #expect(r.casework["actions"]?.added == 1 && r.casework["meetings"]?.added == 1 && r.casework["referrals"]?.added == 1 && r.casework["status"]?.added == 1)
        let c = try store.consult(TestSupport.context, summary: "test") { try $0.casework() }
        #expect(c.referrals.first?.contexts == [.peers, .school])
    }
}

/// Eight ways to spoil the first record of any casework file, each rejected at its place.
@Suite struct CaseworkBadFileTests {
    /// Each casework file: its date column and a reference (or duplicate) that must fail.
    static let kinds: [(file: String, dateColumn: String, reference: (text: String, line: Int, column: Int, reason: String))] = [
        ("referrals.csv", "date", ("R1,V9,2026-02-10,police,,,,", 2, 2, "not a known person, place or group")),
        ("status.csv", "from", ("V9,cin,2026-01-15,,social_care,", 2, 1, "not a known entity")),
        // The second of two meetings with one id is the one reported.
        ("meetings.csv", "date", ("M2,efh_tactical,2026-03-04,", 3, 1, "duplicate id 'M2'")),
        ("actions.csv", "due", ("A1,V1,M9,police,patrols,2026-03-18,,,,", 2, 3, "not a known meeting")),
        ("outcomes.csv", "date", ("X1,arrest,2026-03-20,police,,", 2, 1, "not a known person, place or group")),
        ("groups.csv", "", ("V1,Riverside group,peer_group", 2, 1, "already the id of an entity")),
        ("members.csv", "from", ("G9,V1,2026-01-01,", 2, 1, "not a known group")),
    ]

    struct Spoiled: Sendable, CustomStringConvertible {
        let file: String, how: String, text: Data, line: Int, column: Int, reason: String
        var description: String { "\(file): \(how)" }
    }

    static var cases: [Spoiled] {
        var out: [Spoiled] = []
        for k in kinds {
            let text = TinyCasework.files[k.file]!
            var lines = text.components(separatedBy: "\n")
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let first = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func with(_ cells: [String]) -> String { var l = lines; l[1] = cells.joined(separator: ","); return l.joined(separator: "\n") }
            func add(_ how: String, _ t: String, line: Int = 2, _ column: Int, _ reason: String) {
                out.append(Spoiled(file: k.file, how: how, text: Data(t.utf8), line: line, column: column, reason: reason))
            }
            var c = first; c[0] = ""
            add("a required cell left empty", with(c), 1, "'\(header[0])' is empty")
            c = first; c[0] += "\u{1B}"
            add("an escape character", with(c), 1, "control character (byte 0x1B)")
            add("a short row", with(Array(first.dropLast())), first.count, "fields but the header has")
            c = first; c[1] = "\"" + c[1]
            add("an unclosed quote", with(c), 2, "never closed")
            var bytes = Array(with(first).utf8)
            let at = lines[0].utf8.count + 2
            bytes.insert(0xFF, at: at)
            // Its column is the character position on the line (the second character here).
            out.append(Spoiled(file: k.file, how: "a byte that is not UTF-8", text: Data(bytes), line: 2, column: 2, reason: "not valid UTF-8"))
            add("a referenced record that is not there", { var l = lines; l[1] = k.reference.text; return l.joined(separator: "\n") }(),
                line: k.reference.line, k.reference.column, k.reference.reason)
            if let d = header.firstIndex(of: k.dateColumn) {
                c = first; c[d] = "2150-01-01"
                add("a date after 2100", with(c), d + 1, "from 1900 to 2100")
                c = first; c[d] = "2026-02-30"
                add("an impossible date", with(c), d + 1, "bad date")
            } else {
                c = first; c.append("extra")
                add("a row with a field too many", with(c), header.count + 1, "fields but the header has")
                lines[0] = "id,kind"
                add("a header missing a required column", lines.joined(separator: "\n"), line: 1, 0, "cannot tell what this file holds")
            }
        }
        return out
    }

    @Test func eachKindHasEightWaysToBeWrong() {
        for k in Self.kinds { #expect(Self.cases.filter { $0.file == k.file }.count >= 8, "\(k.file)") }
    }

    @Test(arguments: cases)
    func isRejectedWholeAtItsPlace(_ c: Spoiled) throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let before = try store.contentDigest()
        let files = TinyCasework.all(replacing: c.file, with: String(decoding: c.text, as: UTF8.self))
        // The invalid byte must reach the file as it is (a String would replace it).
        let path = files.first { $0.path.hasSuffix("/" + c.file) }!.path
        try c.text.write(to: URL(fileURLWithPath: path))
        let rejected = TestSupport.rejection { try Importer.run(files, into: store, context: TestSupport.context) }
        let issues = try #require(rejected?.issues, "\(c) was accepted")
        let hit = issues.first { $0.file == path && $0.line == c.line && $0.column == c.column }
        #expect(hit != nil, "\(c): expected \(c.line):\(c.column), got \(issues.map(\.description))")
        #expect(hit?.reason.contains(c.reason) == true, "\(c): \(hit?.reason ?? "none")")
        #expect(try store.contentDigest() == before, "\(c): a rejected import changed the store")
    }
}
