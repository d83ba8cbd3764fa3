/// The kinds of record a volt input file can hold: the evidence (entities, links, sightings,
/// missing episodes) and the panels' casework (named groups and their members, meetings,
/// referrals, case status, actions, outcomes). A CSV file holds one kind, told by `--kind` or
/// recognised from its header; a JSON Lines file names the kind on each line.
public enum RecordKind: String, Sendable, CaseIterable, Comparable {
    case entities, groups, meetings, links, sightings, missing, members, referrals, status, actions, outcomes

    /// Records are imported in this order, so each finds what it refers to.
    public static func < (a: RecordKind, b: RecordKind) -> Bool { a.order < b.order }
    private var order: Int { Self.orders[self]! }
    private static let orders = Dictionary(uniqueKeysWithValues: RecordKind.allCases.enumerated().map { ($1, $0) })

    /// When a kind is read: entities first, then what defines other subjects (groups,
    /// meetings), then the records that refer to them. A JSON Lines file is read once per phase.
    public var phase: Int {
        switch self {
        case .entities: return 0
        case .groups, .meetings: return 1
        default: return 2
        }
    }

    /// Whether the kind is casework (not evidence for the network).
    public var isCasework: Bool { ![.entities, .links, .sightings, .missing].contains(self) }

    /// Reads a kind in the plural or singular (`referral`, `status_spell`, `group_member`, ...).
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "entities", "entity": self = .entities
        case "links", "link": self = .links
        case "sightings", "sighting": self = .sightings
        case "missing", "missing_episode", "missing_episodes": self = .missing
        case "groups", "group": self = .groups
        case "members", "member", "group_members", "group_member", "memberships", "membership": self = .members
        case "meetings", "meeting": self = .meetings
        case "referrals", "referral": self = .referrals
        case "status", "statuses", "status_spell", "status_spells", "case_status": self = .status
        case "actions", "action": self = .actions
        case "outcomes", "outcome": self = .outcomes
        default: return nil
        }
    }

    /// The kinds as `--kind` takes them, for error messages.
    public static var accepted: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// Columns that must be present.
    public var requiredColumns: [String] {
        switch self {
        case .entities: return ["id", "type", "name"]
        case .links: return ["from", "to", "type", "start", "source"]
        case .sightings: return ["person", "location", "time"]
        case .missing: return ["person", "start"]
        case .groups: return ["id", "name"]
        case .members: return ["group", "member", "from"]
        case .meetings: return ["id", "forum", "date"]
        case .referrals: return ["id", "subject", "date", "agency"]
        case .status: return ["subject", "status", "from"]
        case .actions: return ["id", "subject", "meeting", "owner", "description"]
        case .outcomes: return ["subject", "type", "date", "agency"]
        }
    }

    /// Columns that may be present (documented in `docs/data-format.md`).
    public var optionalColumns: [String] {
        switch self {
        case .entities:
            return ["dob", "age_band", "gender", "ethnicity", "category", "latitude", "longitude", "area",
                    "refs", "victim_since", "offender_since", "review_date", "address", "postcode", "source"]
        case .links: return ["end", "grading", "ref", "recorded_at", "weight"]
        case .sightings: return ["end", "source", "grading", "ref", "recorded_at"]
        case .missing: return ["end", "found_at", "source", "ref", "recorded_at", "return_interview", "return_interview_by"]
        case .groups: return ["kind", "detected_at"]
        case .members: return ["to"]
        case .meetings: return ["chair"]
        case .referrals: return ["reason", "themes", "contexts", "forum", "outcome", "referrer"]
        case .status: return ["to", "agency", "lead"]
        case .actions: return ["due", "status", "closed", "decision", "contexts"]
        case .outcomes: return ["ref", "note"]
        }
    }

    /// Every column, in the order exports write them.
    public var columns: [String] { Self.allColumns[order] }

    // Computed once: the import reads these for every cell.
    private static let allColumns = RecordKind.allCases.map { $0.requiredColumns + $0.optionalColumns }

    /// Each column's place in `columns`, by name (the decoder asks for every cell by name).
    var columnIndex: [String: Int] { Self.allColumnIndexes[order] }
    private static let allColumnIndexes = allColumns.map { names in
        Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// The same places, for the decoder's lookups by a name written in its code.
    var columnTable: ColumnTable { Self.allColumnTables[order] }
    private static let allColumnTables = allColumns.map(ColumnTable.init)

    /// Alternative column names accepted on import.
    static let aliases: [String: String] = [
        "date_of_birth": "dob", "source_agency": "source", "record_ref": "ref", "reference": "ref",
        "lat": "latitude", "lon": "longitude", "lng": "longitude", "ward": "area", "beat": "area",
    ]

    /// The kind whose required columns a header has; when several fit, the one that needs the
    /// most columns (an entities header also fits groups, a referrals header with `forum` also
    /// fits meetings); nil when none fits or two fit equally.
    public static func recognise(header: [String]) -> RecordKind? {
        let names = Set(header.map(normalise))
        // Missing episodes and sightings share `person`; a location column means sightings.
        let fits = allCases.filter { k in
            k.requiredColumns.allSatisfy(names.contains) && !(k == .missing && names.contains("location"))
        }
        guard let most = fits.map(\.requiredColumns.count).max() else { return nil }
        let best = fits.filter { $0.requiredColumns.count == most }
        return best.count == 1 ? best[0] : nil
    }

    /// A header name as volt matches it: trimmed, lower case, spaces as underscores, aliases resolved.
    static func normalise(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasPrefix("\u{FEFF}") { n.removeFirst() }
        n = String(n.trimmingSpacesAndQuotes.map { $0 == " " || $0 == "-" ? "_" : $0 })
        return aliases[n] ?? n
    }
}

extension String {
    var trimmingSpacesAndQuotes: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
