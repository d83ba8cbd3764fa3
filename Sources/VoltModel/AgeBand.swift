/// The age band of someone born on `dateOfBirth` (YYYY-MM-DD) at the moment `t`, in the bands
/// safeguarding panels use: under 10, 10–13, 14–15, 16–17, 18–24, 25 and over.
public func ageBand(dateOfBirth: String, at t: Int64) -> String? {
    let d = dateOfBirth.split(separator: "-").compactMap { Int($0) }
    let now = Timestamp(seconds: t).iso8601.prefix(10).split(separator: "-").compactMap { Int($0) }
    guard d.count == 3, now.count == 3 else { return nil }
    let age = now[0] - d[0] - ((now[1], now[2]) < (d[1], d[2]) ? 1 : 0)
    guard age >= 0 else { return nil }
    switch age {
    case ..<10: return "under 10"
    case 10...13: return "10–13"
    case 14...15: return "14–15"
    case 16...17: return "16–17"
    case 18...24: return "18–24"
    default: return "25 and over"
    }
}
