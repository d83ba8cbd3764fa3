import ArgumentParser
import Foundation
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The options every store command shares: which store, who, why.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default ./volt.sqlite, or $VOLT_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is acting (default $VOLT_ACTOR, else the login name).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Why: required for queries, exports and changes (or $VOLT_PURPOSE).", valueName: "text"))
    var purpose: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var path: String { db ?? environment["VOLT_DB"] ?? "volt.sqlite" }

    func context(defaultPurpose: String? = nil) throws(StoreError) -> AuditContext {
        let who = actor ?? environment["VOLT_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? loginName()
        return try AuditContext(actor: who, purpose: purpose ?? environment["VOLT_PURPOSE"] ?? defaultPurpose)
    }

    /// Opens the store after checking the purpose, so a refused command touches nothing.
    func open() throws(StoreError) -> (Store, AuditContext) {
        let ctx = try context()
        return (try Store.open(at: path), ctx)
    }
}

/// The output format option.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for people), json or csv (for scripts).")
    var format: OutputFormat = .table
}

/// The operating system's name for the current user, or "" if it has none.
func loginName() -> String {
    guard let pw = getpwuid(getuid()), let name = pw.pointee.pw_name else { return "" }
    return String(cString: name)
}

/// The snapshot filters shared by the analysis commands.
struct SnapshotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only links active at any time from this date (ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Only links active at any time up to this date (ISO 8601).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only these link types, comma-separated (e.g. associate,exploits).", valueName: "types"))
    var links: String?

    @Option(help: ArgumentHelp("Only these VOLT types, comma-separated (e.g. victim,offender,victim+offender).", valueName: "types"))
    var types: String?

    @Option(name: .customLong("min-grading"), help: ArgumentHelp("Only links graded at least this reliable, like 2B (ungraded links are left out).", valueName: "grading"))
    var minGrading: String?

    @Flag(help: "Keep link direction (exploits and supplies point from offender to victim).")
    var directed = false

    @Flag(help: "Weight ties by their number of links (more links = closer).")
    var weighted = false

    @Option(help: ArgumentHelp("With --weighted: a link counts half as much for every this many days before the end of the window (or today).", valueName: "days"))
    var recency: Double?

    @Option(help: ArgumentHelp("Also tie people seen at the same place within this window of each other (like 1h) during --from/--to: co-location as derived links.", valueName: "window"))
    var colocated: String?

    @Option(name: .customLong("colocated-min"), help: "With --colocated: only pairs seen together at least this many times.")
    var colocatedMinimum: Int = 2

    /// Builds the snapshot: the filter's links, plus co-location ties with --colocated.
    func snapshot(_ r: StoreReader, filter: SnapshotFilter) throws -> Snapshot {
        guard let colocated else { return try Snapshot(r, filter: filter) }
        let entities = try EntityTable(r)
        let sightings = try SightingTable(r, entities: entities, from: filter.links.from, to: filter.links.to)
        var q = CoLocationQuery(window: try parseDuration(colocated, option: "--colocated"))
        q.period = Period(from: filter.links.from?.seconds ?? .min, to: filter.links.to?.seconds ?? .max)
        let pairs = coLocatedPairs(encounters(sightings, types: entities.types, query: q), minimumCount: colocatedMinimum)
        return try Snapshot(r, filter: filter, derivedTies: pairs.map { (entities.ids[$0.a], entities.ids[$0.b], Double($0.count)) })
    }

    /// The filter, with `defaultLinks` when --links is not given.
    func filter(defaultLinks: Set<LinkType>? = nil) throws -> SnapshotFilter {
        var f = SnapshotFilter()
        f.links.from = try parseTime(from, option: "--from")
        f.links.to = try parseTime(to, option: "--to", endOfDay: true)
        if let a = f.links.from, let b = f.links.to, a > b {
            throw ValidationError("the window is empty: --from \(from!) is after --to \(to!)")
        }
        if let links {
            var set = Set<String>()
            for part in links.split(separator: ",") {
                guard let t = LinkType(parsing: String(part)) else {
                    throw ValidationError("unknown link type '\(part)' in --links (expected \(LinkType.accepted))")
                }
                set.insert(t.rawValue)
            }
            f.links.types = set
        } else if let defaultLinks {
            f.links.types = Set(defaultLinks.map(\.rawValue))
        }
        if let types { f.voltTypes = try parseVoltTypes(types, option: "--types") }
        if let minGrading {
            guard let g = Grading(minGrading.count == 2 ? minGrading + "-P" : minGrading) else {
                throw ValidationError("--min-grading '\(minGrading)' is not a 3x5x2 grading like 2B")
            }
            f.links.minimumGrading = g
        }
        f.directed = directed
        if let colocated { _ = try parseDuration(colocated, option: "--colocated") }
        guard colocatedMinimum >= 1 else { throw ValidationError("--colocated-min must be at least 1") }
        if let recency {
            guard recency > 0 && recency.isFinite else { throw ValidationError("--recency must be a positive number of days") }
            guard weighted else { throw ValidationError("--recency weights ties, so it needs --weighted") }
            f.weight = .recency(halfLife: Int64(recency * 86_400), at: f.links.to ?? Timestamp.now)
        }
        return f
    }

    /// The filters as given, one line, for audit summaries.
    var summary: String { description.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }

    /// The filters as given, for the JSON "query" object and the audit summary.
    var description: [String: String] {
        var d: [String: String] = [:]
        if let from { d["from"] = from }
        if let to { d["to"] = to }
        if let links { d["links"] = links }
        if let types { d["types"] = types }
        if let minGrading { d["min_grading"] = minGrading }
        if directed { d["directed"] = "true" }
        if weighted { d["weighted"] = "true" }
        if let recency { d["recency_days"] = String(recency) }
        if let colocated {
            d["colocated"] = colocated
            d["colocated_min"] = String(colocatedMinimum)
        }
        return d
    }
}

/// Reads a comma-separated list of VOLT types given to `option`.
func parseVoltTypes(_ text: String, option: String) throws -> Set<VoltType> {
    Set(try text.split(separator: ",").map { part in
        guard let t = VoltType(parsing: String(part)) else {
            throw ValidationError("unknown VOLT type '\(part)' in \(option) (expected \(VoltType.accepted))")
        }
        return t
    })
}

/// Reads an ISO 8601 date or time given to `option`; with `endOfDay`, a bare date means the
/// last second of that day (so `--to 2026-10-31` includes the 31st).
func parseTime(_ text: String?, option: String, endOfDay: Bool = false) throws -> Timestamp? {
    guard let text else { return nil }
    guard let t = Timestamp(iso8601: text) else {
        throw ValidationError("\(option) '\(text)' is not an ISO 8601 date (like 2026-10-01)")
    }
    return endOfDay && text.count == 10 ? Timestamp(seconds: t.seconds + 86_399) : t
}

/// Reads a duration given to `option`: a number and a unit, `s`, `m`, `h`, `d` or `w` (like
/// `90m`, `2h`, `90d`). It must be positive unless `allowZero`.
func parseDuration(_ text: String, option: String, allowZero: Bool = false) throws -> Int64 {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard let u = t.last, let unit = units[u], let n = Double(t.dropLast()), n.isFinite else {
        throw ValidationError("\(option) '\(text)' is not a duration like 30m, 2h or 90d")
    }
    let seconds = Int64((n * Double(unit)).rounded())
    guard seconds > 0 || (allowZero && seconds == 0 && n == 0) else {
        throw ValidationError("\(option) must be \(allowZero ? "zero or more" : "more than zero") (got '\(text)')")
    }
    return seconds
}

/// A period from --from/--to texts, checked: not empty, and bounded when `bounded`.
func parsePeriod(from: String?, to: String?) throws -> Period {
    let a = try parseTime(from, option: "--from"), b = try parseTime(to, option: "--to", endOfDay: true)
    if let a, let b, a > b { throw ValidationError("the period is empty: --from \(from!) is after --to \(to!)") }
    return Period(from: a?.seconds ?? .min, to: b?.seconds ?? .max)
}
