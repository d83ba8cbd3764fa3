import VoltModel

/// A record read from a file and checked on its own (references to other records are checked
/// by the importer against the store).
enum DecodedRecord: Sendable {
    /// Boxed: an entity is several times the size of a link, and every record in the pipeline
    /// is the size of the largest case.
    indirect case entity(Entity)
    case link(Link)
    case sighting(Sighting)
    case missing(MissingEpisode)
    indirect case group(NamedGroup)
    case member(GroupMembership)
    indirect case meeting(Meeting)
    indirect case referral(Referral)
    indirect case status(StatusSpell)
    indirect case action(PanelAction)
    indirect case outcome(Outcome)
}

/// A decoded record, or every problem found on it.
enum DecodeResult {
    case ok(DecodedRecord)
    case bad([ImportIssue])
}

/// Turns input records into model values, collecting every problem on the record with its column.
/// Small repeated vocabularies (link types, gradings, agencies) are parsed once and remembered.
struct RecordDecoder {
    let file: String
    private var linkTypes = Remembered<LinkType>()
    private var gradings = Remembered<Grading>()
    private var agencies = Remembered<String>()
    private let places = ColumnPlaces()

    init(file: String) { self.file = file }

    mutating func decode(_ r: InputRecord) -> DecodeResult {
        var cells = Cells(record: r, file: file, places: places)
        if !r.knownFreeOfControl { cells.refuseControlCharacters() }
        let result: DecodedRecord?
        switch r.kind {
        case .entities: result = entity(&cells)
        case .links: result = link(&cells)
        case .sightings: result = sighting(&cells)
        case .missing: result = missing(&cells)
        case .groups: result = group(&cells)
        case .members: result = member(&cells)
        case .meetings: result = meeting(&cells)
        case .referrals: result = referral(&cells)
        case .status: result = status(&cells)
        case .actions: result = action(&cells)
        case .outcomes: result = outcome(&cells)
        }
        if let result, cells.issues.isEmpty { return .ok(result) }
        return .bad(cells.issues)
    }

    private func entity(_ c: inout Cells) -> DecodedRecord? {
        let id = c.required("id")
        let typeText = c.required("type")
        let name = c.required("name")
        var type: VoltType?
        if !typeText.isEmpty {
            type = VoltType(parsing: typeText)
            if type == nil { c.fail("type", "unknown type '\(typeText.prefix(60))' (expected \(VoltType.accepted))") }
        }
        var e = Entity(id: id, kind: type?.kind ?? .person, name: name)
        if let type {
            e.isVictim = type == .victim || type == .victimOffender
            e.isOffender = type == .offender || type == .victimOffender
        }
        e.victimSince = c.time("victim_since")
        e.offenderSince = c.time("offender_since")
        if e.victimSince != nil && !e.isVictim { c.fail("victim_since", "victim_since is given but the type is not victim") }
        if e.offenderSince != nil && !e.isOffender { c.fail("offender_since", "offender_since is given but the type is not offender") }
        e.dateOfBirth = c.date("dob")
        e.ageBand = c.optional("age_band")
        e.gender = c.optional("gender")
        e.ethnicity = c.optional("ethnicity")
        if let cat = c.optional("category") {
            e.category = LocationCategory(parsing: cat)
            if e.category == nil { c.fail("category", "unknown location category '\(cat.prefix(60))' (expected \(LocationCategory.accepted))") }
        }
        e.latitude = c.number("latitude", in: -90...90)
        e.longitude = c.number("longitude", in: -180...180)
        e.area = c.optional("area")
        e.reviewDate = c.date("review_date")
        e.address = c.optional("address")
        e.postcode = c.optional("postcode").map { $0.uppercased() }
        e.source = c.optional("source").map { $0.lowercased() }
        if e.kind != .person, e.address != nil || e.postcode != nil {
            c.fail("address", "address and postcode belong to a person's record (a location has latitude and longitude)")
        }
        if let refs = c.optional("refs") {
            for part in refs.split(separator: ";") {
                let item = String(part).trimmingSpaces
                guard let colon = item.firstIndex(of: ":"), colon != item.startIndex,
                      item.index(after: colon) != item.endIndex else {
                    c.fail("refs", "a reference is not written agency:reference (the value is not repeated here)")
                    continue
                }
                e.references.append(AgencyReference(agency: String(item[..<colon]).lowercased(),
                                                    reference: String(item[item.index(after: colon)...])))
            }
            e.references.sort { ($0.agency, $0.reference) < ($1.agency, $1.reference) }
        }
        return .entity(e)
    }

    private mutating func link(_ c: inout Cells) -> DecodedRecord? {
        let from = c.required("from"), to = c.required("to")
        let typeText = c.required("type")
        var type: LinkType?
        if !typeText.isEmpty {
            if let t = linkTypes[typeText] { type = t } else if let t = LinkType(parsing: typeText) {
                linkTypes[typeText] = t
                type = t
            } else {
                c.fail("type", "unknown link type '\(typeText.prefix(60))' (expected \(LinkType.accepted))")
            }
        }
        if !from.isEmpty && from == to { c.fail("to", "a link from '\(from.prefix(60))' to itself") }
        let start = c.requiredTime("start")
        let end = c.time("end")
        if let start, let end, end < start { c.fail("end", "end \(end) is before start \(start)") }
        let provenance = self.provenance(&c, sourceRequired: true)
        let grading = self.grading(&c)
        let weight = c.number("weight", in: 0...Double.greatestFiniteMagnitude)
        guard let type, let start else { return nil }
        return .link(Link(from: from, to: to, type: type, start: start, end: end, provenance: provenance,
                          grading: grading, weight: weight))
    }

    private mutating func sighting(_ c: inout Cells) -> DecodedRecord? {
        let person = c.required("person"), location = c.required("location")
        let time = c.requiredTime("time")
        let end = c.time("end")
        if let time, let end, end < time { c.fail("end", "end \(end) is before the time \(time)") }
        let provenance = self.provenance(&c, sourceRequired: false)
        let grading = self.grading(&c)
        guard let time else { return nil }
        return .sighting(Sighting(person: person, location: location, time: time, end: end,
                                  provenance: provenance, grading: grading))
    }

    private mutating func missing(_ c: inout Cells) -> DecodedRecord? {
        let person = c.required("person")
        let start = c.requiredTime("start")
        let end = c.time("end")
        if let start, let end, end < start { c.fail("end", "end \(end) is before start \(start)") }
        let foundAt = c.optional("found_at")
        let provenance = self.provenance(&c, sourceRequired: false)
        let interview = c.time("return_interview")
        if let start, let interview, interview < start { c.fail("return_interview", "the return interview \(interview) is before the child went missing (\(start))") }
        let by = c.optional("return_interview_by").map { agency($0) }
        if by != nil && interview == nil { c.fail("return_interview_by", "return_interview_by is given but return_interview (its date) is not") }
        guard let start else { return nil }
        return .missing(MissingEpisode(person: person, start: start, end: end, foundAt: foundAt, provenance: provenance,
                                       returnInterview: interview, returnInterviewBy: by))
    }

    private mutating func agency(_ raw: String) -> String {
        if let s = agencies[raw] { return s }
        let s = raw.trimmingSpaces.lowercased()
        agencies[raw] = s
        return s
    }

    private func group(_ c: inout Cells) -> DecodedRecord? {
        let id = c.required("id"), name = c.required("name")
        var kind: GroupKind?
        if let k = c.optional("kind") {
            kind = GroupKind(parsing: k)
            if kind == nil { c.fail("kind", "unknown group kind '\(k.prefix(60))' (expected \(GroupKind.accepted))") }
        }
        var g = NamedGroup(id: id, name: name, kind: kind)
        g.detectedAt = c.time("detected_at")
        return .group(g)
    }

    private func member(_ c: inout Cells) -> DecodedRecord? {
        let group = c.required("group"), member = c.required("member")
        let from = c.requiredTime("from"), to = c.time("to")
        if let from, let to, to < from { c.fail("to", "to \(to) is before from \(from)") }
        guard let from else { return nil }
        return .member(GroupMembership(group: group, member: member, from: from, to: to))
    }

    private func meeting(_ c: inout Cells) -> DecodedRecord? {
        let id = c.required("id"), forum = c.required("forum")
        let date = c.requiredTime("date")
        guard let date else { return nil }
        return .meeting(Meeting(id: id, forum: forum.lowercased(), date: date, chair: c.optional("chair")))
    }

    private mutating func referral(_ c: inout Cells) -> DecodedRecord? {
        let id = c.required("id"), subject = c.required("subject")
        let date = c.requiredTime("date")
        let agency = self.agency(c.required("agency"))
        var r = Referral(id: id, subject: subject, date: date ?? Timestamp(seconds: 0), agency: agency)
        r.reason = c.optional("reason")
        r.themes = c.list("themes")
        r.contexts = c.contexts("contexts")
        r.forum = c.optional("forum")?.lowercased()
        r.outcome = c.optional("outcome")
        r.referrer = c.optional("referrer")
        return date == nil ? nil : .referral(r)
    }

    private mutating func status(_ c: inout Cells) -> DecodedRecord? {
        let subject = c.required("subject"), text = c.required("status")
        let status = c.vocabulary("status", text, as: CaseStatus.self)
        let from = c.requiredTime("from"), to = c.time("to")
        if let from, let to, to < from { c.fail("to", "to \(to) is before from \(from)") }
        guard let status, let from else { return nil }
        var s = StatusSpell(subject: subject, status: status, from: from, to: to)
        s.agency = c.optional("agency").map { agency($0) }
        s.lead = c.optional("lead")
        return .status(s)
    }

    private func action(_ c: inout Cells) -> DecodedRecord? {
        var a = PanelAction(id: c.required("id"), subject: c.required("subject"), meeting: c.required("meeting"),
                            owner: c.required("owner").lowercased(), description: c.required("description"))
        a.due = c.time("due")
        a.closed = c.time("closed")
        a.decision = c.optional("decision")?.lowercased()
        a.contexts = c.contexts("contexts")
        // The state is derived from due and closed; a stated one must agree with them.
        if let stated = c.optional("status") {
            switch ActionState(rawValue: stated.lowercased()) {
            case nil: c.fail("status", "unknown action status '\(stated.prefix(60))' (expected open, done or overdue; it is derived from due and closed)")
            case .done? where a.closed == nil: c.fail("status", "the status says done but 'closed' gives no date; give the date it was done")
            case .open? where a.closed != nil, .overdue? where a.closed != nil: c.fail("status", "the status says \(stated) but 'closed' gives a date; leave closed empty while the action is open")
            default: break
            }
        }
        return .action(a)
    }

    private mutating func outcome(_ c: inout Cells) -> DecodedRecord? {
        let subject = c.required("subject"), text = c.required("type")
        let type = c.vocabulary("type", text, as: OutcomeType.self)
        let date = c.requiredTime("date")
        let agency = self.agency(c.required("agency"))
        guard let type, let date else { return nil }
        var o = Outcome(subject: subject, type: type, date: date, agency: agency)
        o.reference = c.optional("ref")
        o.note = c.optional("note")
        return .outcome(o)
    }

    private mutating func provenance(_ c: inout Cells, sourceRequired: Bool) -> Provenance {
        let raw = sourceRequired ? c.required("source") : (c.optional("source") ?? "unspecified")
        let source: String
        if let s = agencies[raw] { source = s } else {
            source = raw.trimmingSpaces.lowercased()
            agencies[raw] = source
        }
        return Provenance(source: source, reference: c.optional("ref"), recordedAt: c.time("recorded_at"))
    }

    private mutating func grading(_ c: inout Cells) -> Grading? {
        guard let text = c.optional("grading") else { return nil }
        if let g = gradings[text] { return g }
        guard let g = Grading(text) else {
            c.fail("grading", "grading '\(text.prefix(60))' is not 3x5x2 (source 1-3, intelligence A-E, handling P or C, like 1A-P)")
            return nil
        }
        gradings[text] = g
        return g
    }
}

/// The cells of one record, by column name, collecting issues as they are read.
private struct Cells {
    let record: InputRecord
    let file: String
    var issues: [ImportIssue] = []
    private unowned(unsafe) let places: ColumnPlaces  // the decoder's, which outlives its cells

    init(record: InputRecord, file: String, places: ColumnPlaces) {
        self.record = record
        self.file = file
        self.places = places
    }

    private func raw(_ name: ColumnName) -> String {
        guard let i = places.place(of: name, in: record.kind) else { return "" }
        return record.values[i]
    }

    mutating func fail(_ column: String, _ reason: String) {
        issues.append(ImportIssue(file: file, line: record.line, column: record.column(column), reason: reason))
    }

    mutating func fail(_ column: ColumnName, _ reason: String) { fail(column.description, reason) }

    /// A NUL or another control character (tab, line feed and carriage return are text) is
    /// refused wherever it is: it would be cut off or shown wrongly downstream.
    mutating func refuseControlCharacters() {
        for (i, v) in record.values.enumerated() {
            guard let b = v.utf8.first(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) else { continue }
            let name = record.kind.columns[i]
            fail(name, "'\(name)' holds a control character (byte 0x\(String(b, radix: 16, uppercase: true))); remove it from the file")
        }
    }

    /// Years volt takes: a record dated outside them is a typing slip (0026 for 2026), not history.
    static let years = (first: Timestamp(iso8601: "1900-01-01")!, last: Timestamp(seconds: Timestamp(iso8601: "2101-01-01")!.seconds - 1))

    /// `t`, or nil (with the reason) when it is outside `years`.
    mutating func inYears(_ t: Timestamp, _ name: ColumnName, _ v: String) -> Timestamp? {
        guard t >= Self.years.first && t <= Self.years.last else {
            fail(name, "'\(name)' is out of range: \(name.description == "dob" ? "the date" : "'\(v.prefix(60))'") (volt takes dates from 1900 to 2100)")
            return nil
        }
        return t
    }

    /// The trimmed cell, or nil when it is empty or the column is absent.
    func optional(_ name: ColumnName) -> String? {
        let v = raw(name)
        guard let first = v.utf8.first, let last = v.utf8.last else { return nil }
        // Trim only when needed; an ASCII letter or digit at both ends is the common case.
        let plain = first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
        let t = plain ? v : v.trimmingSpaces
        return t.isEmpty ? nil : t
    }

    mutating func required(_ name: ColumnName) -> String {
        if let v = optional(name) { return v }
        fail(name, "'\(name)' is empty; it is required")
        return ""
    }

    mutating func time(_ name: ColumnName) -> Timestamp? {
        guard let v = optional(name) else { return nil }
        if let t = Timestamp(iso8601: v) { return inYears(t, name, v) }
        fail(name, "bad date in '\(name)': '\(v.prefix(60))' (expected ISO 8601 like 2026-03-04 or 2026-03-04T15:30:00Z)")
        return nil
    }

    mutating func requiredTime(_ name: ColumnName) -> Timestamp? {
        if optional(name) == nil {
            fail(name, "'\(name)' is empty; it is required")
            return nil
        }
        return time(name)
    }

    mutating func date(_ name: ColumnName) -> CalendarDate? {
        guard let v = optional(name) else { return nil }
        if let d = CalendarDate(v), let t = Timestamp(iso8601: d.text) { return inYears(t, name, v) == nil ? nil : d }
        // A date of birth is not echoed, even a wrong one: error output is read by more people.
        fail(name, name.description == "dob" ? "bad date in 'dob' (expected YYYY-MM-DD; the value is not repeated here)" : "bad date in '\(name)': '\(v.prefix(60))' (expected YYYY-MM-DD)")
        return nil
    }

    /// A list separated by `;` (empty items dropped).
    func list(_ name: ColumnName) -> [String] {
        guard let v = optional(name) else { return [] }
        return v.split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// Contexts of harm separated by `;`, in the order given (the first weighs most).
    mutating func contexts(_ name: ColumnName) -> [SafeguardingContext] {
        var out: [SafeguardingContext] = []
        for item in list(name) {
            guard let c = SafeguardingContext(rawValue: item.lowercased()) else {
                fail(name, "unknown context '\(item.prefix(60))' (expected \(SafeguardingContext.accepted), separated by ;)")
                continue
            }
            if !out.contains(c) { out.append(c) }
        }
        return out
    }

    /// A value of an open vocabulary (known values or custom:NAME).
    mutating func vocabulary<V: OpenVocabulary>(_ name: ColumnName, _ text: String, as: V.Type) -> V? {
        guard !text.isEmpty else { return nil }
        guard let v = V(parsing: text) else {
            fail(name, "unknown \(name) '\(text.prefix(60))' (expected \(V.accepted))")
            return nil
        }
        return v
    }

    mutating func number(_ name: ColumnName, in range: ClosedRange<Double>) -> Double? {
        guard let v = optional(name) else { return nil }
        guard let d = Double(v), d.isFinite else {
            fail(name, "'\(name)' is not a number: '\(v.prefix(60))'")
            return nil
        }
        guard range.contains(d) else {
            fail(name, "'\(name)' is out of range: \(v.prefix(60))")
            return nil
        }
        return d
    }
}
