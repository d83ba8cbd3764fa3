import VoltGraph
import VoltModel

/// One theme in one calendar month (UTC).
public struct ThemeMonth: Sendable, Hashable {
    /// Entity index of the theme.
    public let theme: Int
    /// `YYYY-MM`.
    public let month: String
    /// Links to the theme starting that month.
    public let links: Int
    /// Distinct people and places linked to it that month.
    public let entities: Int
}

/// Two themes on the same people or places.
public struct ThemePair: Sendable, Hashable {
    /// Entity index of one theme (the lower).
    public let a: Int
    /// The other theme.
    public let b: Int
    /// People and places linked to both in the period (ascending).
    public let shared: [Int]
}

/// Theme trends and co-occurrence over `linked_to_theme` links starting in `period`.
public struct ThemeReport: Sendable, Hashable {
    /// Counts per theme per month, by theme then month.
    public let months: [ThemeMonth]
    /// Pairs of themes sharing people or places, most shared first.
    public let pairs: [ThemePair]
}

/// Counts links to each theme per calendar month (UTC, by the link's start) and finds themes that
/// meet on the same people or places. Only `linked_to_theme` links starting in `period` count.
public func themeReport(_ links: TimedLinkTable, entities: EntityTable, period: Period = Period()) -> ThemeReport {
    guard let code = links.code(of: .linkedToTheme) else { return ThemeReport(months: [], pairs: []) }
    var perMonth: [Int: [String: (links: Int, who: Set<Int>)]] = [:]
    var themesOf: [Int: Set<Int>] = [:]
    for k in 0..<links.count where links.type[k] == code && period.contains(links.start[k]) {
        var who = Int(links.src[k]), theme = Int(links.dst[k])
        if entities.types[who] == .theme { swap(&who, &theme) }
        guard entities.types[theme] == .theme else { continue }
        let month = Timestamp(seconds: links.start[k]).month
        perMonth[theme, default: [:]][month, default: (0, [])].links += 1
        perMonth[theme, default: [:]][month, default: (0, [])].who.insert(who)
        themesOf[who, default: []].insert(theme)
    }
    let months = perMonth.flatMap { theme, byMonth in
        byMonth.map { ThemeMonth(theme: theme, month: $0.key, links: $0.value.links, entities: $0.value.who.count) }
    }
    .sorted { ($0.theme, $0.month) < ($1.theme, $1.month) }
    var shared: [UInt64: [Int]] = [:]
    for (who, themes) in themesOf {
        let t = themes.sorted()
        for i in 0..<t.count { for j in (i + 1)..<t.count { shared[UInt64(t[i]) << 32 | UInt64(t[j]), default: []].append(who) } }
    }
    let pairs = shared.map { ThemePair(a: Int($0.key >> 32), b: Int($0.key & 0xFFFF_FFFF), shared: $0.value.sorted()) }
        .sorted { ($1.shared.count, $0.a, $0.b) < ($0.shared.count, $1.a, $1.b) }
    return ThemeReport(months: months, pairs: pairs)
}
