import Foundation
import VoltCasework
import VoltGraph
import VoltModel
import VoltPrivacy
import VoltTemporal

/// Who a pack is for.
public enum PackAudience: String, Sendable, CaseIterable, Codable {
    /// A multi-agency panel discussing children: initials, the Top N with reasons, counts whole.
    case panel
    /// A strategic board: no person named, initialled or identified; small counts suppressed;
    /// places at area level unless public.
    case strategic
}

/// A table as the pack shows it: every cell already text ("12", "<5", "*").
public struct PackTable: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var rows: [String]
    public var columns: [String]
    public var cells: [[String]]
    /// What the reader should know (suppression, how counted).
    public var note: String
}

/// One headline number with the previous period beside it.
public struct Headline: Sendable, Hashable, Codable {
    public var name: String
    public var current: String
    public var previous: String
    public var change: String
}

/// A child on the panel's Top N list, at the panel's label level.
public struct TopRow: Sendable, Hashable, Codable {
    public var rank: Int
    public var label: String
    public var type: String
    /// Age at the month's end and area, where recorded.
    public var age: String?
    public var area: String?
    public var score: Double
    public var components: [ScoreComponent]
    /// Why the child is on the list, in words.
    public var reasons: String
}

/// The month's pack: the same content becomes `pack.json` and `pack.html`.
public struct PackReport: Sendable, Codable {
    public var title: String
    public var period: String
    public var audience: PackAudience
    public var labels: String
    public var threshold: Int
    /// The only part that differs between two packs of the same store and period.
    public var generatedAt: String
    public var notice: String
    public var headlines: [Headline]
    public var trend: PackTable
    public var tables: [PackTable]
    public var top: [TopRow]
    public var judgement: String
    /// The network drawn at the audience's level (panel only), inline SVG.
    public var map: String?
}

/// What a pack is made from (read from the store by the caller).
public struct PackInputs: Sendable {
    public var entities: EntityTable
    public var gender: [String?]
    public var ageBand: [String?]
    /// Ethnicity where recorded (nil: not recorded).
    public var ethnicity: [String?] = []
    public var links: TimedLinkTable
    public var linkSources: [String]
    public var sightings: SightingTable
    public var missing: MissingTable
    /// How each entity is shown to this audience (initials for the panel).
    public var label: @Sendable (Int) -> String
    /// Offenders whose disruption would cut the most children off from offenders (`volt
    /// disrupt`), with how many children each cuts off; worked out by the caller.
    public var keyPlayers: [(entity: Int, childrenCutOff: Int)] = []
    /// The panels' casework (referrals, status, meetings, actions, outcomes, groups).
    public var casework = Casework()
    /// The panel whose last meeting's actions are shown (nil: the latest meeting with actions).
    public var forum: String?
    /// Store rows of the missing episodes with a return interview recorded.
    public var interviewed: Set<Int64> = []
    /// Ages, areas, adulthood and link sources for the Top N's reasons and the adult/child rule.
    public var facts = PeopleFacts()
    /// A stored group's name for a detected group's member ids, when it matches one.
    public var groupName: @Sendable ([String]) -> String? = { _ in nil }
    public init(entities: EntityTable, gender: [String?], ageBand: [String?], links: TimedLinkTable, linkSources: [String],
                sightings: SightingTable, missing: MissingTable, label: @escaping @Sendable (Int) -> String) {
        self.entities = entities
        self.gender = gender
        self.ageBand = ageBand
        self.links = links
        self.linkSources = linkSources
        self.sightings = sightings
        self.missing = missing
        self.label = label
    }
}

/// Builds the pack for the month `start...end`. Strategic packs suppress every count from 1 to
/// `threshold` − 1 (with secondary suppression in tables with totals) and hold no individual.
public func makePack(_ x: PackInputs, month: String, start: Int64, end: Int64, audience: PackAudience, threshold: Int = 5,
                     weights: TopWeights = TopWeights(), topN: Int = 8, generatedAt: String) -> PackReport {
    WorkProgress.stage("building the pack")
    let e = x.entities
    let strategic = audience == .strategic
    let previousStart = start - (end - start + 1), previousEnd = start - 1
    let people: [VoltType] = [.victim, .victimOffender, .offender, .person]

    // Who has records in a period: a link, a sighting or a missing episode starting in it.
    func active(_ a: Int64, _ b: Int64) -> Set<Int> {
        var s = Set<Int>()
        for k in 0..<x.links.count where x.links.start[k] >= a && x.links.start[k] <= b { s.insert(Int(x.links.src[k])); s.insert(Int(x.links.dst[k])) }
        for k in 0..<x.sightings.count where x.sightings.start[k] >= a && x.sightings.start[k] <= b { s.insert(Int(x.sightings.person[k])) }
        for k in 0..<x.missing.count where x.missing.start[k] >= a && x.missing.start[k] <= b { s.insert(Int(x.missing.person[k])) }
        return s.filter { people.contains(e.types[$0]) }
    }
    let now = active(start, end), before = active(previousStart, previousEnd)
    func count(_ n: Int) -> String { strategic && n > 0 && n < threshold ? "<\(threshold)" : String(n) }
    /// A count beside last month's (nil: not compared).
    func headline(_ name: String, _ a: Int, _ b: Int?) -> Headline {
        guard let b else { return Headline(name: name, current: count(a), previous: "–", change: "") }
        let hidden = strategic && ((a > 0 && a < threshold) || (b > 0 && b < threshold))
        return Headline(name: name, current: count(a), previous: count(b), change: hidden ? "*" : (a - b > 0 ? "+\(a - b)" : String(a - b)))
    }
    func missingIn(_ a: Int64, _ b: Int64) -> Int { (0..<x.missing.count).filter { x.missing.start[$0] >= a && x.missing.start[$0] <= b }.count }
    func linksIn(_ a: Int64, _ b: Int64) -> Int { (0..<x.links.count).filter { x.links.start[$0] >= a && x.links.start[$0] <= b }.count }
    let plural: [VoltType: String] = [.victim: "victims", .victimOffender: "victim-offenders", .offender: "offenders", .person: "other people"]
    var headlines = people.map { t in headline("\(plural[t]!) with records", now.filter { e.types[$0] == t }.count, before.filter { e.types[$0] == t }.count) }
    headlines.append(headline("links recorded", linksIn(start, end), linksIn(previousStart, previousEnd)))
    headlines.append(headline("missing episodes", missingIn(start, end), missingIn(previousStart, previousEnd)))

    // Twelve months of links and missing episodes.
    var months: [(String, Int64, Int64)] = []
    var m = start
    for _ in 0..<12 {
        let (a, b) = monthOf(m)
        months.insert((String(Timestamp(seconds: a).iso8601.prefix(7)), a, b), at: 0)
        m = a - 1
    }
    let trendCounts = [months.map { linksIn($0.1, $0.2) }, months.map { missingIn($0.1, $0.2) }]
    let trend = PackTable(id: "trend", title: "The last 12 months", rows: ["links recorded", "missing episodes"], columns: months.map(\.0),
                          cells: trendCounts.map { $0.map(count) },
                          note: strategic ? "Counts from 1 to \(threshold - 1) are shown as <\(threshold)." : "")

    // Demographics of the people with records this month.
    func table(_ id: String, _ title: String, rows: [String], columns: [String], _ value: (Int, Int) -> Int, rowTotals: Bool = true, note: String = "") -> PackTable {
        countTable(id, title, rows: rows, columns: columns, value, rowTotals: rowTotals, note: note, strategic: strategic, threshold: threshold)
    }
    let typeRows = people.map { plural[$0]! }
    let active = now.sorted()
    func values(_ f: [String?]) -> [String] { Array(Set(active.map { f[$0] ?? "not recorded" })).sorted() }
    let genders = values(x.gender), bands = values(x.ageBand)
    let ethnicity = x.ethnicity.isEmpty ? [String?](repeating: nil, count: e.ids.count) : x.ethnicity
    let ethnicities = values(ethnicity)
    var tables: [PackTable] = []
    tables.append(table("gender", "People with records this month, by VOLT type and gender", rows: typeRows, columns: genders) { i, j in
        active.filter { e.types[$0] == people[i] && (x.gender[$0] ?? "not recorded") == genders[j] }.count
    })
    tables.append(table("age", "People with records this month, by VOLT type and age band", rows: typeRows, columns: bands) { i, j in
        active.filter { e.types[$0] == people[i] && (x.ageBand[$0] ?? "not recorded") == bands[j] }.count
    })
    if ethnicities != ["not recorded"] {
        tables.append(table("ethnicity", "People with records this month, by VOLT type and ethnicity (where recorded)", rows: typeRows, columns: ethnicities) { i, j in
            active.filter { e.types[$0] == people[i] && (ethnicity[$0] ?? "not recorded") == ethnicities[j] }.count
        })
    }
    // Links by agency and type.
    var byAgency: [String: [String: Int]] = [:]
    for k in 0..<x.links.count where x.links.start[k] >= start && x.links.start[k] <= end {
        byAgency[x.linkSources[k], default: [:]][x.links.typeNames[Int(x.links.type[k])], default: 0] += 1
    }
    let agencies = byAgency.keys.sorted(), linkTypes = Set(byAgency.values.flatMap(\.keys)).sorted()
    if !agencies.isEmpty {
        tables.append(table("agencies", "Links recorded this month, by agency and link type", rows: agencies, columns: linkTypes) { i, j in
            byAgency[agencies[i]]?[linkTypes[j]] ?? 0
        })
    }
    // Places: each public place by name, the rest by area.
    let spots = hotspots(x.sightings, entities: e, period: Period(from: start, to: end), window: 3600)
    var byPlace: [String: [Int]] = [:]
    for h in spots {
        let p = h.places[0]
        let isPublic = e.isPublicPlace(p)
        let key = strategic && !isPublic ? "area: \(e.areas[p] ?? "unknown")" : (isPublic ? e.names[p] : x.label(p))
        let c = h.current
        var row = byPlace[key] ?? [0, 0, 0, 0, 0]
        row[0] += c.victims; row[1] += c.offenders; row[2] += c.victimOffenderCoLocations; row[3] += c.sightings
        row[4] += h.previous.victims
        byPlace[key] = row
    }
    let places = byPlace.keys.sorted { (byPlace[$1]![0], byPlace[$1]![2], $0) < (byPlace[$0]![0], byPlace[$0]![2], $1) }.prefix(12).map { $0 }
    if !places.isEmpty {
        tables.append(table("places", "Places with the most children seen this month", rows: places,
                            columns: ["victims seen", "offenders seen", "victim–offender co-locations", "sightings", "victims seen last month"], { i, j in byPlace[places[i]]![j] },
                            rowTotals: false, note: "Distinct people per place; a person seen at two places counts at both."))
    }
    // Missing.
    let mq = { () -> MissingTogetherQuery in var q = MissingTogetherQuery(asOf: end); q.period = Period(from: start, to: end); return q }()
    let together = missingTogether(x.missing, query: mq)
    let repeats = repeatMissing(x.missing, period: Period(from: start, to: end), asOf: end)
    headlines.append(headline("children missing", repeats.count, repeatMissing(x.missing, period: Period(from: previousStart, to: previousEnd), asOf: previousEnd).count))
    headlines.append(headline("pairs missing together", together.count, nil))
    if !strategic && !repeats.isEmpty {
        tables.append(PackTable(id: "missing", title: "Children missing this month", rows: repeats.map { x.label($0.person) },
                                columns: ["episodes", "hours missing", "still missing", "missing together with"],
                                cells: repeats.map { r in
                                    [String(r.episodes), String(format: "%.1f", Double(r.secondsMissing) / 3600), r.stillMissing ? "yes" : "no",
                                     together.filter { $0.a == r.person || $0.b == r.person }.map { x.label($0.a == r.person ? $0.b : $0.a) }.sorted().joined(separator: ", ")]
                                }, note: "Episodes starting or running this month."))
    }

    // Peer groups new or growing since the three months before, and new victim–offender links.
    let baseline = Period(from: start - 90 * 86_400, to: start - 1)
    let change = emerging(links: x.links, sightings: x.sightings, entities: e, query: EmergingQuery(baseline: baseline, current: Period(from: start, to: end)))
    let moving = change.groups.filter { $0.kind != .continuing || $0.newlyInContact }
    let kinds: [GroupChangeKind] = [.new, .grown, .merged, .continuing]
    let kindWords: [GroupChangeKind: String] = [.new: "new", .grown: "grown", .merged: "merged", .continuing: "continuing, newly in contact with an offender"]
    if strategic {
        let rows = kinds.filter { k in moving.contains { $0.kind == k } }
        if !rows.isEmpty {
            tables.append(table("groups", "Peer groups that are new or changing this month", rows: rows.map { kindWords[$0]! },
                                columns: ["groups", "young people in them", "newly in contact with an offender"], { i, j in
                                    let g = moving.filter { $0.kind == rows[i] }
                                    return j == 0 ? g.count : j == 1 ? g.reduce(0) { $0 + $1.members.count } : g.filter(\.newlyInContact).count
                                }, rowTotals: false, note: "Against the three months before; peer groups are young people joined by associate or co-offending links."))
        }
    } else if !moving.isEmpty {
        tables.append(PackTable(id: "groups", title: "Peer groups that are new or changing this month",
                                rows: moving.indices.map { x.groupName(moving[$0].members.map { e.ids[$0] }) ?? "group \($0 + 1)" },
                                columns: ["change", "members", "joined this month", "offenders in contact", "newly in contact"],
                                cells: moving.map { g in
                                    [kindWords[g.kind]!, g.members.map(x.label).sorted().joined(separator: ", "), g.joined.map(x.label).sorted().joined(separator: ", "),
                                     g.offenders.map(x.label).sorted().joined(separator: ", "), g.newlyInContact ? "yes" : "no"]
                                }, note: "Against the three months before; peer groups are young people joined by associate or co-offending links."))
    }
    headlines.append(headline("new victim–offender links", change.newVictimOffenderLinks.count, nil))
    if !strategic && !change.newVictimOffenderLinks.isEmpty {
        let rows = change.newVictimOffenderLinks.sorted { (x.label($0.victim), x.label($0.offender)) < (x.label($1.victim), x.label($1.offender)) }
        tables.append(PackTable(id: "new-links", title: "Children newly linked to an offender", rows: rows.map { x.label($0.victim) },
                                columns: ["offender", "links"], cells: rows.map { [x.label($0.offender), String($0.evidence.count)] },
                                note: "Linked this month, with no link between them in the three months before."))
    }
    // Key players for disruption (panel).
    if !strategic && !x.keyPlayers.isEmpty {
        tables.append(PackTable(id: "key-players", title: "Key players for disruption", rows: x.keyPlayers.map { x.label($0.entity) },
                                columns: ["children cut off from offenders if disrupted"], cells: x.keyPlayers.map { [String($0.childrenCutOff)] },
                                note: "Chosen one after another, each cutting off the most children not yet cut off (volt disrupt)."))
    }
    // Themes over the last three months.
    let themeStart = monthOf(monthOf(start - 1).0 - 1).0
    let themes = themeReport(x.links, entities: e, period: Period(from: themeStart, to: end))
    let themeIDs = Array(Set(themes.months.map(\.theme))).sorted { e.names[$0] < e.names[$1] }
    let themeMonths = Array(Set(themes.months.map(\.month))).sorted()
    if !themeIDs.isEmpty {
        tables.append(table("themes", "Themes: people and places linked, by month", rows: themeIDs.map { e.names[$0] }, columns: themeMonths, { i, j in
            themes.months.first { $0.theme == themeIDs[i] && $0.month == themeMonths[j] }?.entities ?? 0
        }, rowTotals: false, note: "People and places newly linked to each theme in the month."))
    }

    // The panels' own work, in the order the agendas take it.
    let ranked = strategic ? [] : topChildren(entities: e, links: x.links, sightings: x.sightings, missing: x.missing, periodEnd: end, weights: weights, facts: x.facts)
    let rankedBefore = strategic ? [] : topChildren(entities: e, links: x.links, sightings: x.sightings, missing: x.missing, periodEnd: previousEnd, weights: weights, facts: x.facts)
    let work = caseworkSections(x, start: start, end: end, strategic: strategic, threshold: threshold, ranked: ranked, rankedBefore: rankedBefore, topN: topN)
    headlines += work.headlines
    tables = work.tables + tables

    // Top N (panel only: individuals).
    var top: [TopRow] = []
    if !strategic {
        top = ranked.prefix(topN).enumerated().map { i, c in
                TopRow(rank: i + 1, label: x.label(c.child), type: e.types[c.child].rawValue, age: c.age, area: c.area, score: c.score,
                       components: c.components, reasons: c.reasons)
            }
    }
    let name = "\(monthName(start)) \(month.prefix(4))"
    return PackReport(
        title: (strategic ? "Strategic summary" : "Panel pack") + ", " + name, period: month, audience: audience,
        labels: strategic ? "none" : "initials", threshold: threshold, generatedAt: generatedAt,
        notice: strategic
            ? "For a strategic audience: no child or adult is named, initialled or identified; counts from 1 to \(threshold - 1) are shown as <\(threshold), with further cells hidden (*) so that none can be worked out from the totals; places other than public ones are shown by area."
            : "OFFICIAL-SENSITIVE. For the panel's members only: children are shown by initials. Do not copy or forward.",
        headlines: headlines, trend: trend, tables: tables, top: top,
        judgement: "The Top \(topN) list rests on what the records show: links with offenders, being seen with offenders, going missing and going missing together. It supports professional judgement and does not replace it; a child the records do not reach cannot appear on it.",
        map: nil)
}

/// A table of counts with totals; for a strategic audience, suppressed (`suppress`).
func countTable(_ id: String, _ title: String, rows: [String], columns: [String], _ value: (Int, Int) -> Int, rowTotals: Bool = true,
                note: String = "", strategic: Bool, threshold: Int) -> PackTable {
    let counts = rows.indices.map { i in columns.indices.map { j in value(i, j) } }
    if strategic {
        let t = suppress(counts, rows: rows, columns: columns, threshold: threshold, rowTotals: rowTotals)
        return PackTable(id: id, title: title, rows: t.rows, columns: t.columns, cells: t.cells.map { $0.map(t.text) },
                         note: (note.isEmpty ? "" : note + " ") + "Counts from 1 to \(threshold - 1) are shown as <\(threshold); * hides a count that would reveal one.")
    }
    let withTotals = counts.map { $0 + (rowTotals ? [$0.reduce(0, +)] : []) }
    let totals = (0..<(withTotals.first?.count ?? 0)).map { j in withTotals.reduce(0) { $0 + $1[j] } }
    return PackTable(id: id, title: title, rows: rows + ["Total"], columns: columns + (rowTotals ? ["Total"] : []),
                     cells: (withTotals + [totals]).map { $0.map(String.init) }, note: note)
}

/// The calendar month (UTC) holding a moment.
public func monthOf(_ t: Int64) -> (Int64, Int64) {
    let m = Month(containing: Timestamp(seconds: t))
    return (m.start.seconds, m.end.seconds)
}

private func monthName(_ t: Int64) -> String {
    let m = Int(Timestamp(seconds: t).iso8601.dropFirst(5).prefix(2))!
    return ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][m - 1]
}
