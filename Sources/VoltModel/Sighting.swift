/// A person seen at a location at a time (with an optional end, for a stay).
public struct Sighting: Hashable, Sendable, Codable {
    /// The person seen.
    public var person: String
    /// Where.
    public var location: String
    /// When (the start of the stay).
    public var time: Timestamp
    /// End of the stay, where known.
    public var end: Timestamp?
    /// Who saw or recorded it.
    public var provenance: Provenance
    /// 3x5x2 grading, where given.
    public var grading: Grading?

    /// A sighting with every field given.
    public init(person: String, location: String, time: Timestamp, end: Timestamp? = nil,
                provenance: Provenance, grading: Grading? = nil) {
        self.person = person
        self.location = location
        self.time = time
        self.end = end
        self.provenance = provenance
        self.grading = grading
    }
}
