/// The four kinds of record a volt input file can hold. A CSV file holds one kind, told by
/// `--kind` or recognised from its header; a JSON Lines file names the kind on each line.
public enum RecordKind: String, Sendable, CaseIterable, Comparable {
    case entities, links, sightings, missing

    /// Entities are imported before the records that refer to them.
    public static func < (a: RecordKind, b: RecordKind) -> Bool { a.order < b.order }
    private var order: Int { RecordKind.allCases.firstIndex(of: self)! }

    /// Reads `entities`/`entity`, `links`/`link`, `sightings`/`sighting`, `missing`.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "entities", "entity": self = .entities
        case "links", "link": self = .links
        case "sightings", "sighting": self = .sightings
        case "missing", "missing_episode", "missing_episodes": self = .missing
        default: return nil
        }
    }

    /// Columns that must be present.
    public var requiredColumns: [String] {
        switch self {
        case .entities: return ["id", "type", "name"]
        case .links: return ["from", "to", "type", "start", "source"]
        case .sightings: return ["person", "location", "time"]
        case .missing: return ["person", "start"]
        }
    }

    /// Columns that may be present (documented in `docs/data-format.md`).
    public var optionalColumns: [String] {
        switch self {
        case .entities:
            return ["dob", "age_band", "gender", "ethnicity", "category", "latitude", "longitude", "area",
                    "refs", "victim_since", "offender_since", "review_date"]
        case .links: return ["end", "grading", "ref", "recorded_at", "weight"]
        case .sightings: return ["end", "source", "grading", "ref", "recorded_at"]
        case .missing: return ["end", "found_at", "source", "ref", "recorded_at"]
        }
    }

    /// Every column, in the order exports write them.
    public var columns: [String] {
        switch self {
        case .entities: return Self.entityColumns
        case .links: return Self.linkColumns
        case .sightings: return Self.sightingColumns
        case .missing: return Self.missingColumns
        }
    }

    // Computed once: the import reads these for every cell.
    private static let entityColumns = RecordKind.entities.requiredColumns + RecordKind.entities.optionalColumns
    private static let linkColumns = RecordKind.links.requiredColumns + RecordKind.links.optionalColumns
    private static let sightingColumns = RecordKind.sightings.requiredColumns + RecordKind.sightings.optionalColumns
    private static let missingColumns = RecordKind.missing.requiredColumns + RecordKind.missing.optionalColumns

    /// Alternative column names accepted on import.
    static let aliases: [String: String] = [
        "date_of_birth": "dob", "source_agency": "source", "record_ref": "ref", "reference": "ref",
        "lat": "latitude", "lon": "longitude", "lng": "longitude", "ward": "area", "beat": "area",
    ]

    /// The kind whose required columns a header has; nil when none fits or more than one does.
    public static func recognise(header: [String]) -> RecordKind? {
        let names = Set(header.map(normalise))
        // Missing episodes and sightings share `person`; a location column means sightings.
        let fits = allCases.filter { k in
            k.requiredColumns.allSatisfy(names.contains) && !(k == .missing && names.contains("location"))
        }
        return fits.count == 1 ? fits[0] : nil
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
