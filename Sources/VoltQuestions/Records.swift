import VoltModel
import VoltStore

/// Counts by VOLT type, link type, agency and month.
public struct StatsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "stats"
    /// A request with these values; every other parameter at its default.
    public init() {}
    public var parameters: Parameters { Parameters() }
    public func answer(_ reader: StoreReader, in session: Session) throws -> StoreStats { try reader.stats() }
}

/// Entities whose id, name, area or agency reference contains some text.
public struct SearchQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "search"
    /// The text to look for (case-insensitive, any part).
    public var text: String
    /// At most this many matches.
    public var limit: Int

    /// A request with these values; every other parameter at its default.
    public init(text: String, limit: Int = 50) {
        self.text = text
        self.limit = limit
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("text", text)
        p.set("top", limit)
        return p
    }

    /// One match.
    public struct Match: Sendable, Encodable {
        public let id: String, type: String, name: String, area: String?
    }

    public func answer(_ reader: StoreReader, in session: Session) throws -> [Match] {
        guard !text.trimmingSpaces.isEmpty else { throw BadRequest("give some text to search for") }
        return try reader.search(text, limit: limit).map { Match(id: $0.id, type: $0.voltType.rawValue, name: $0.name, area: $0.area) }
    }
}

/// One entity with its links, sightings and missing episodes in time order.
public struct ShowQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "show"
    /// The entity.
    public var id: String

    /// A request with these values; every other parameter at its default.
    public init(id: String) { self.id = id }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        return p
    }

    public func answer(_ reader: StoreReader, in session: Session) throws -> EntityProfile { try reader.profile(id: id) }
}
