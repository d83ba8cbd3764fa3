import VoltDigest
import Foundation
import VoltGraph
import VoltModel

/// What a map or export may show of a person.
public enum LabelLevel: String, Sendable, CaseIterable {
    /// Names and ids: for practitioners who know the children.
    case names
    /// Initials only (no ids): for a panel that discusses cases without naming them.
    case initials
    /// Stable pseudonyms (no names, no initials, no ids): for strategic boards and sharing.
    case pseudonyms
}

/// Turns entities into what a map may show at a label level. Pseudonyms are an HMAC-SHA256 of
/// the entity id under the store's own key, so the same child has the same pseudonym in every
/// report from that store, and no one without the key can work back to the id.
public struct Labeller: Sendable {
    /// The level.
    public let level: LabelLevel
    private let key: [UInt8]

    /// A labeller at `level` with the store's pseudonym key.
    public init(level: LabelLevel, key: [UInt8]) {
        self.level = level
        self.key = key
    }

    /// The pseudonym of an id: a prefix and ten base-32 characters (50 bits).
    public func pseudonym(_ id: String, prefix: String) -> String {
        let mac = HMACSHA256.authenticationCode(for: Data(id.utf8), key: key)
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var bits = 0, value = 0, out = ""
        for byte in mac {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 && out.count < 10 {
                out.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
            if out.count == 10 { break }
        }
        return prefix + "-" + out
    }

    /// Initials of a name: the first letter of each word, upper case, no punctuation.
    public static func initials(_ name: String) -> String {
        let letters = name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "'" }).compactMap { $0.first(where: \.isLetter) }
        return letters.isEmpty ? "?" : String(letters).uppercased()
    }

    /// Whether an entity's own name may be shown at this level.
    public func showsName(of i: Int, in e: EntityTable) -> Bool {
        switch e.types[i] {
        case .theme: return true
        case .location: return level == .names || e.isPublicPlace(i)
        default: return level == .names
        }
    }

    /// The node keys and labels for a set of entities, in map order. Keys are what Graphviz
    /// writes as node names and SVG ids: the entity id, a pseudonym, or (at the initials level,
    /// where ids may not appear) `n1`, `n2`, ... in label order.
    public func labels(for nodes: [Int], in e: EntityTable) -> [(key: String, label: String)] {
        var out: [(key: String, label: String)] = nodes.map { i in
            let prefix = e.types[i] == .location ? "L" : e.types[i] == .theme ? "T" : "P"
            switch level {
            case .names:
                return (e.ids[i], e.types[i] == .theme ? e.names[i] : "\(e.names[i])\n\(e.ids[i])")
            case .pseudonyms:
                let p = pseudonym(e.ids[i], prefix: prefix)
                return (p, showsName(of: i, in: e) ? e.names[i] : p)
            case .initials:
                let shown = showsName(of: i, in: e) ? e.names[i]
                    : e.types[i] == .location ? pseudonym(e.ids[i], prefix: prefix) : Self.initials(e.names[i])
                return ("", shown)
            }
        }
        if level == .initials {
            // Same initials: number them in a stable order (by pseudonym, not by id or name).
            // One HMAC per node, not two per comparison.
            let tieBreak = nodes.map { pseudonym(e.ids[$0], prefix: "P") }
            let order = nodes.indices.sorted { (out[$0].label, tieBreak[$0]) < (out[$1].label, tieBreak[$1]) }
            var seen: [String: Int] = [:]
            for (k, i) in order.enumerated() {
                let n = (seen[out[i].label] ?? 0) + 1
                seen[out[i].label] = n
                out[i] = ("n\(k + 1)", n > 1 ? "\(out[i].label) (\(n))" : out[i].label)
            }
        }
        return out
    }
}
