import VoltCasework
import VoltModel
import VoltStore

/// The groups a question found, with who each turned out to be, to be remembered with its
/// audit entry so that the next finding is matched against these members.
public struct FoundGroups: Sendable {
    /// `groups` or `communities`: each method remembers its own findings.
    let method: String
    /// The day they were found for (the window's end, or today).
    let at: Timestamp
    let items: [(identity: GroupIdentity, members: [String])]

    /// Matches `groups` (member ids) against the groups the store knows on the day `at`.
    init(_ r: StoreReader, groups: [[String]], method: String, at: Timestamp) throws {
        let known = try r.knownGroups(method: method, at: at).map { KnownGroup(id: $0.id, name: $0.name, memberships: $0.memberships) }
        // A new group is named for when it was first found until a person names it.
        let found = identifyGroups(groups, known: known).map { i in
            i.map { x in GroupIdentity(id: x.id, name: x.name ?? "\(Self.provisionalName) \(at.day)", similarity: x.similarity) }
        }
        self.method = method
        self.at = at
        identities = found
        items = zip(found, groups).compactMap { i, g in i.map { ($0, g) } }
    }

    /// What a group volt found is called until someone names it (then the day).
    static let provisionalName = "peer group first found"

    /// Each group's identity, in the order given (nil: too small or too large to follow).
    let identities: [GroupIdentity?]

    /// The day a window is read for: its end, or when it is open the day of the newest link
    /// (the data's today: the same store gives the same answer on any day).
    static func day(_ window: TimeWindow, _ r: StoreReader) throws -> Timestamp {
        let t = try window.to ?? r.latestLinkStart() ?? .now
        return Timestamp(seconds: t.seconds - ((t.seconds % 86_400) + 86_400) % 86_400)
    }

    /// Writes each finding: a new group is added as a detected peer group.
    func remember(in w: StoreWriter) throws {
        for (identity, members) in items {
            try w.track(group: identity.id, name: identity.name ?? identity.id, method: method, at: at, members: members)
        }
    }
}

/// The held group each member set is (its id and name), for a question that only shows them:
/// nothing is remembered. `method` says whose findings to compare with (`groups` for groups
/// of linked people, `communities` for Leiden's).
/// A group volt found and nobody has named comes back with no name (a drawing labels it by id).
func heldGroups(_ r: StoreReader, _ groups: [[String]], method: String, at: Timestamp) throws -> [GroupIdentity?] {
    let held = try r.knownGroups(method: method, at: at)
    let unnamed = Set(held.filter { $0.detected && $0.name.hasPrefix(FoundGroups.provisionalName) }.map(\.id))
    let known = held.map { KnownGroup(id: $0.id, name: $0.name, memberships: $0.memberships) }
    // No group is empty: none gets a new id.
    return identifyGroups(groups, known: known, newSizes: 0...0).map { i in
        i.map { unnamed.contains($0.id) ? GroupIdentity(id: $0.id, name: nil, similarity: $0.similarity) : $0 }
    }
}
