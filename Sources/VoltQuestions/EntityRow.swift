import VoltGraph

/// An entity as a result row shows it: id, VOLT type and display name.
public struct EntityRow: Sendable, Encodable, Hashable {
    public let id: String, type: String, name: String

    /// The row of snapshot node `v`.
    public init(_ s: Snapshot, _ v: Int) {
        id = s.ids[v]
        type = s.types[v].rawValue
        name = s.names[v]
    }

    /// The row of entity `i`.
    public init(_ e: EntityTable, _ i: Int) {
        id = e.ids[i]
        type = e.types[i].rawValue
        name = e.names[i]
    }
}

/// An answer that adds facts to the JSON `query` object that only answering can know (that a
/// measure was sampled, and its error bound).
public protocol AnnotatedAnswer {
    /// The facts, by name.
    var notes: Parameters { get }
}

/// Victims (the victim role, with victim+offenders) and offenders among nodes `nodes` of `s`.
func victimsAndOffenders(_ s: Snapshot, _ nodes: some Sequence<Int>) -> (victims: [Int], offenders: [Int]) {
    var v: [Int] = [], o: [Int] = []
    for x in nodes {
        switch s.types[x] {
        case .victim, .victimOffender: v.append(x)
        case .offender: o.append(x)
        default: break
        }
    }
    return (v, o)
}
