/// A missing episode: from when a child went missing to when they were found (nil: still missing).
public struct MissingEpisode: Hashable, Sendable, Codable {
    /// The child.
    public var person: String
    /// When they were reported missing.
    public var start: Timestamp
    /// When they were found or returned; nil while still missing.
    public var end: Timestamp?
    /// Where they were found, if known.
    public var foundAt: String?
    /// Who recorded the episode.
    public var provenance: Provenance
    /// When the return (Safe and Well) interview was held; nil when none is recorded.
    public var returnInterview: Timestamp?
    /// The agency that held it.
    public var returnInterviewBy: String?

    /// An episode with every field given.
    public init(person: String, start: Timestamp, end: Timestamp?, foundAt: String?, provenance: Provenance,
                returnInterview: Timestamp? = nil, returnInterviewBy: String? = nil) {
        self.returnInterview = returnInterview
        self.returnInterviewBy = returnInterviewBy
        self.person = person
        self.start = start
        self.end = end
        self.foundAt = foundAt
        self.provenance = provenance
    }
}
