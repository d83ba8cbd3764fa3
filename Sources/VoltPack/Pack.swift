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
    /// How many of `rows` the page shows (nil: all): the first ones, as the rows are in order
    /// of importance; the page says how many more `pack.json` holds.
    public var shown: Int? = nil
}

/// The drawing of one peer group a Top N child is in, with the adults who offend linked to it.
public struct PackMap: Sendable, Hashable, Codable {
    public var title: String
    /// The Top N children in the group, at the panel's label level, by rank.
    public var children: [String]
    /// People drawn.
    public var people: Int
    /// Graphviz's SVG at the panel's label level, made by volt.
    public var svg: String
}

/// What a pack map is drawn from: entity indexes, chosen by `makePack`.
public struct PackMapRequest: Sendable {
    public var title: String
    /// The young people of the group (drawn inside its box).
    public var peers: [Int]
    /// Adults who offend and others linked to the group, drawn outside the box.
    public var around: [Int]
    /// The Top N children in it (drawn bold).
    public var focus: [Int]
    /// The box's label.
    public var groupLabel: String
    /// Links from this moment on are drawn (the Top N's lookback).
    public var from: Int64
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
    /// One map per peer group of the Top N children (panel only), at the panel's label level.
    public var maps: [PackMap]
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
    /// The stored group each detected group (member ids) is, where one matches: its id and the
    /// panel's name for it (nil while it has only a provisional one). All at once, as each stored
    /// group is at most one detected group.
    public var storedGroups: @Sendable ([[String]]) -> [(id: String, name: String?)?] = { $0.map { _ in nil } }
    /// A group's name from where its young people go to school or live ("St Aldric's School,
    /// 11 of 17"), by entity index; used when no stored group matches.
    public var placeName: @Sendable ([Int]) -> String? = { _ in nil }
    /// Draws a Top N child's peer group as SVG (nil: the pack has no maps).
    public var draw: (@Sendable (PackMapRequest) throws -> String)?
    /// Rows each list shows on the page (the rest are in pack.json).
    public var rowsShown = 8
    /// Peer-group changes are shown for groups of at least this many young people, or newly in
    /// contact with an offender: pairs and triples changing are mostly noise.
    public var minimumGroupSize = 4
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
                     weights: TopWeights = TopWeights(), topN: Int = 8, generatedAt: String) throws -> PackReport {
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
    func table(_ id: String, _ title: String, rows: [String], columns: [String], _ value: (Int, Int) -> Int, rowTotals: Bool = true,
               columnTotals: Bool = true, note: String = "") -> PackTable {
        countTable(id, title, rows: rows, columns: columns, value, rowTotals: rowTotals, columnTotals: columnTotals, note: note, strategic: strategic, threshold: threshold)
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
    // Places: each public place by name, the rest by area; children, children who offend and
    // adults who offend counted apart (a child who offends is not an "offender seen" beside adults).
    let isAdultOffender = x.facts.adultsWhoOffend(e)
    let isChild = e.ids.indices.map { i in [.victim, .victimOffender, .offender].contains(e.types[i]) && !isAdultOffender[i] }
    let childOffends = e.ids.indices.map { i in isChild[i] && e.isOffender(i) }
    func placeKey(_ p: Int) -> String {
        let isPublic = e.isPublicPlace(p)
        return strategic && !isPublic ? "area: \(e.areas[p] ?? "unknown")" : (isPublic ? e.names[p] : x.label(p))
    }
    struct PlaceCount { var children = Set<Int32>(), childOffenders = Set<Int32>(), adults = Set<Int32>(), withAdult = 0, sightings = 0, childrenBefore = Set<Int32>() }
    var byPlace: [String: PlaceCount] = [:]
    for k in 0..<x.sightings.count {
        let t = x.sightings.start[k], who = x.sightings.person[k]
        let current = t >= start && t <= end
        guard current || (t >= previousStart && t <= previousEnd) else { continue }
        let key = placeKey(Int(x.sightings.place[k]))
        var c = byPlace[key] ?? PlaceCount()
        if current {
            c.sightings += 1
            if isChild[Int(who)] { c.children.insert(who) }
            if childOffends[Int(who)] { c.childOffenders.insert(who) }
            if isAdultOffender[Int(who)] { c.adults.insert(who) }
        } else if isChild[Int(who)] { c.childrenBefore.insert(who) }
        byPlace[key] = c
    }
    var coQuery = CoLocationQuery(window: 3600)
    coQuery.period = Period(from: start, to: end)
    coQuery.pairs = PairRule([.victim, .victimOffender, .offender], [.offender, .victimOffender])
    let meetings = encounters(x.sightings, types: e.types, query: coQuery)
    for k in 0..<meetings.count {
        let (a, b) = (Int(meetings[k].a), Int(meetings[k].b))
        guard (isChild[a] && isAdultOffender[b]) || (isChild[b] && isAdultOffender[a]) else { continue }
        byPlace[placeKey(Int(meetings.place(k)))]?.withAdult += 1
    }
    let places = byPlace.keys.filter { !byPlace[$0]!.children.isEmpty || !byPlace[$0]!.adults.isEmpty }.sorted {
        let a = byPlace[$0]!, b = byPlace[$1]!
        return (b.children.count, b.withAdult, b.adults.count, $0) < (a.children.count, a.withAdult, a.adults.count, $1)
    }
    if !places.isEmpty {
        tables.append(table("places", "Places where children are seen", rows: places,
                            columns: ["children seen", "of them, children who offend", "adults who offend seen", "child seen with an adult who offends (within 1 hour)", "sightings", "children seen last month"], { i, j in
                                let c = byPlace[places[i]]!
                                return [c.children.count, c.childOffenders.count, c.adults.count, c.withAdult, c.sightings, c.childrenBefore.count][j]
                            }, rowTotals: false, columnTotals: false,
                            note: "Distinct people per place this month, most children first; a person seen at two places counts at both, so the rows are not added up. Children include those who offend; adults who offend are 18 or over by date of birth or recorded age band (offenders with neither are taken as adults)."))
    }
    // Missing.
    let mq = { () -> MissingTogetherQuery in var q = MissingTogetherQuery(asOf: end); q.period = Period(from: start, to: end); return q }()
    let together = missingTogether(x.missing, query: mq)
    let repeats = repeatMissing(x.missing, period: Period(from: start, to: end), asOf: end)
    headlines.append(headline("children missing", repeats.count, repeatMissing(x.missing, period: Period(from: previousStart, to: previousEnd), asOf: previousEnd).count))
    headlines.append(headline("pairs missing together", together.count, nil))
    if !strategic && !repeats.isEmpty {
        let repeats = repeats.sorted { a, b in
            (a.stillMissing ? 0 : 1, -a.episodes, -a.secondsMissing, x.label(a.person)) < (b.stillMissing ? 0 : 1, -b.episodes, -b.secondsMissing, x.label(b.person))
        }
        tables.append(PackTable(id: "missing", title: "Children missing this month", rows: repeats.map { x.label($0.person) },
                                columns: ["episodes", "hours missing", "still missing", "missing together with"],
                                cells: repeats.map { r in
                                    [String(r.episodes), String(format: "%.1f", Double(r.secondsMissing) / 3600), r.stillMissing ? "yes" : "no",
                                     together.filter { $0.a == r.person || $0.b == r.person }.map { x.label($0.a == r.person ? $0.b : $0.a) }.sorted().joined(separator: ", ")]
                                }, note: "Episodes starting or running this month; still missing first, then most episodes, then most hours."))
    }

    // Peer groups new or growing since the three months before, and new victim–offender links.
    let baseline = Period(from: start - 90 * 86_400, to: start - 1)
    let change = emerging(links: x.links, sightings: x.sightings, entities: e, query: EmergingQuery(baseline: baseline, current: Period(from: start, to: end)))
    // The changes worth a panel's time first: newly in contact with an offender, then the
    // largest. Pairs and triples changing are mostly noise: shown only when newly in contact.
    let moving = change.groups.filter { $0.kind != .continuing || $0.newlyInContact }
        .sorted { ($0.newlyInContact ? 0 : 1, -$0.members.count, $0.members[0]) < ($1.newlyInContact ? 0 : 1, -$1.members.count, $1.members[0]) }
    let worth = moving.filter { $0.newlyInContact || $0.members.count >= x.minimumGroupSize }
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
    } else if !worth.isEmpty {
        var t = PackTable(id: "groups", title: "Peer groups that are new or changing this month",
                                rows: zip(moving.indices, x.storedGroups(moving.map { $0.members.map { e.ids[$0] } })).map { $1.map { $0.name ?? $0.id } ?? "group \($0 + 1)" },
                                columns: ["change", "members", "joined this month", "offenders in contact", "newly in contact"],
                                cells: moving.map { g in
                                    [kindWords[g.kind]!, g.members.map(x.label).sorted().joined(separator: ", "), g.joined.map(x.label).sorted().joined(separator: ", "),
                                     g.offenders.map(x.label).sorted().joined(separator: ", "), g.newlyInContact ? "yes" : "no"]
                                }, note: "Against the three months before; peer groups are young people joined by associate or co-offending links. Newly in contact with an offender first, then the largest; groups under \(x.minimumGroupSize) are shown only when newly in contact (pack.json lists all \(moving.count)).")
        t.shown = min(worth.count, x.rowsShown)
        tables.append(t)
    }
    headlines.append(headline("new victim–offender links", change.newVictimOffenderLinks.count, nil))
    if !strategic && !change.newVictimOffenderLinks.isEmpty {
        let rows = change.newVictimOffenderLinks.sorted {
            (-$0.evidence.count, x.label($0.victim), x.label($0.offender)) < (-$1.evidence.count, x.label($1.victim), x.label($1.offender))
        }
        tables.append(PackTable(id: "new-links", title: "Children newly linked to an offender", rows: rows.map { x.label($0.victim) },
                                columns: ["offender", "links"], cells: rows.map { [x.label($0.offender), String($0.evidence.count)] },
                                note: "Linked this month, with no link between them in the three months before; most links first."))
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
    let maps = strategic ? [] : try groupMaps(x, top: ranked.prefix(topN).map(\.child), from: end - Int64(weights.lookbackDays) * 86_400, end: end)

    // Lists show their most important rows; pack.json keeps them all.
    let lists: Set<String> = ["actions", "outcomes", "perpetrators", "still-missing", "return-interviews", "places", "missing", "new-links"]
    for k in tables.indices where lists.contains(tables[k].id) && tables[k].shown == nil && tables[k].rows.count > x.rowsShown {
        tables[k].shown = x.rowsShown
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
        maps: maps)
}

/// One map per peer group the Top N children are in (young people joined by associate or
/// co-offending links in the lookback), with the adults who offend linked to its members; a
/// child in no group is drawn with everyone linked to them. Groups in the order of their
/// highest-ranked child; a group holding several Top N children is drawn once.
func groupMaps(_ x: PackInputs, top: [Int], from: Int64, end: Int64) throws -> [PackMap] {
    guard let draw = x.draw, !top.isEmpty else { return [] }
    let e = x.entities, period = Period(from: from, to: end)
    let groups = periodPeerGroups(x.links, entities: e, period: period, peerLinks: [.associate, .coOffends], minimumSize: 2)
    var groupOf = [Int: Int]()
    for (g, m) in groups.enumerated() { for v in m { groupOf[v] = g } }
    let people = LinkType.betweenPeople
    let codes = x.links.codes(of: people)
    var neighbours = [Int: Set<Int>]()
    for k in 0..<x.links.count where codes.contains(x.links.type[k]) && period.overlaps(x.links.start[k], x.links.end[k]) {
        let u = Int(x.links.src[k]), v = Int(x.links.dst[k])
        guard u != v else { continue }
        neighbours[u, default: []].insert(v)
        neighbours[v, default: []].insert(u)
    }
    var drawn = Set<Int>(), maps: [PackMap] = []
    let adultWhoOffends = x.facts.adultsWhoOffend(e)
    for child in top where !drawn.contains(groupOf[child] ?? -1 - child) {
        let key = groupOf[child] ?? -1 - child
        drawn.insert(key)
        let peers = groupOf[child].map { groups[$0] } ?? [child]
        let inGroup = Set(peers)
        let focus = top.filter { inGroup.contains($0) }
        // Around a group: the adults who offend linked to it. Around a lone child: everyone linked.
        var around = Set<Int>()
        for p in peers { for w in neighbours[p] ?? [] where !inGroup.contains(w) && (groupOf[child] == nil || adultWhoOffends[w]) { around.insert(w) } }
        // The panel's own name for the group first; else where its young people meet, with the
        // stored group's provisional id.
        let held = x.storedGroups([peers.map { e.ids[$0] }])[0]
        let place = x.placeName(peers)
        let named = held?.name.map { $0 + (place.map { ", at \($0)" } ?? "") }
            ?? [place.map { "peer group at \($0)" } ?? "peer group", held.map { "(\($0.id))" }].compactMap { $0 }.joined(separator: " ")
        let who = focus.map(x.label).joined(separator: ", ")
        let adults = around.filter { adultWhoOffends[$0] }.count
        let title = groupOf[child] == nil
            ? "\(who): in no peer group; everyone linked to them (\(around.count))"
            : "\(who), \(named): \(peers.count) young people, \(adults == 1 ? "1 adult who offends" : "\(adults) adults who offend") linked to them"
        let svg = try draw(PackMapRequest(title: title, peers: peers, around: around.sorted(), focus: focus,
                                          groupLabel: "\(held.map { $0.name ?? $0.id } ?? "peer group") (\(peers.count))", from: from))
        maps.append(PackMap(title: title, children: focus.map(x.label), people: peers.count + around.count, svg: svg))
    }
    return maps
}

/// A table of counts with totals; for a strategic audience, suppressed (`suppress`).
func countTable(_ id: String, _ title: String, rows: [String], columns: [String], _ value: (Int, Int) -> Int, rowTotals: Bool = true,
                columnTotals: Bool = true, note: String = "", strategic: Bool, threshold: Int) -> PackTable {
    let counts = rows.indices.map { i in columns.indices.map { j in value(i, j) } }
    if strategic {
        let t = suppress(counts, rows: rows, columns: columns, threshold: threshold, rowTotals: rowTotals, columnTotals: columnTotals)
        return PackTable(id: id, title: title, rows: t.rows, columns: t.columns, cells: t.cells.map { $0.map(t.text) },
                         note: (note.isEmpty ? "" : note + " ") + "Counts from 1 to \(threshold - 1) are shown as <\(threshold); * hides a count that would reveal one.")
    }
    let withTotals = counts.map { $0 + (rowTotals ? [$0.reduce(0, +)] : []) }
    let totals = (0..<(withTotals.first?.count ?? 0)).map { j in withTotals.reduce(0) { $0 + $1[j] } }
    return PackTable(id: id, title: title, rows: rows + (columnTotals ? ["Total"] : []), columns: columns + (rowTotals ? ["Total"] : []),
                     cells: (withTotals + (columnTotals ? [totals] : [])).map { $0.map(String.init) }, note: note)
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
