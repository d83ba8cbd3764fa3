/// How a child's place on a list changed since the previous period's list.
public enum Movement: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Not on the previous list.
    case new
    /// Higher by this many places.
    case up(Int)
    /// Lower by this many places.
    case down(Int)
    case same

    /// `new`, `up 2`, `down 1`, `same`.
    public var description: String {
        switch self {
        case .new: return "new"
        case .up(let n): return "up \(n)"
        case .down(let n): return "down \(n)"
        case .same: return "same"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: " ")
        switch (parts.first, parts.count == 2 ? Int(parts[1]) : nil) {
        case ("up", let n?): self = .up(n)
        case ("down", let n?): self = .down(n)
        case ("same", _): self = .same
        default: self = .new
        }
    }
}

/// The movement of each entry of `current` (ids, best first) against `previous`, and the ids
/// that were on `previous` and are not on `current`, in their old order.
public func movement(current: [String], previous: [String]) -> (moves: [Movement], left: [String]) {
    var before: [String: Int] = [:]
    for (i, id) in previous.enumerated() where before[id] == nil { before[id] = i }
    let now = Set(current)
    let moves = current.enumerated().map { i, id -> Movement in
        guard let j = before[id] else { return .new }
        return j == i ? .same : j > i ? .up(j - i) : .down(i - j)
    }
    return (moves, previous.filter { !now.contains($0) })
}
