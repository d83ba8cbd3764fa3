import ArgumentParser
import Foundation
import VoltGraph
import VoltModel
import VoltStore

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

    /// The filter, with `defaultLinks` when --links is not given.
    func filter(defaultLinks: Set<LinkType>? = nil) throws -> SnapshotFilter {
        var f = SnapshotFilter()
        func time(_ text: String?, _ name: String, endOfDay: Bool) throws -> Timestamp? {
            guard let text else { return nil }
            guard let t = Timestamp(iso8601: text) else {
                throw ValidationError("--\(name) '\(text)' is not an ISO 8601 date (like 2026-10-01)")
            }
            // A bare date as --to means the whole of that day.
            return endOfDay && text.count == 10 ? Timestamp(seconds: t.seconds + 86_399) : t
        }
        f.links.from = try time(from, "from", endOfDay: false)
        f.links.to = try time(to, "to", endOfDay: true)
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
