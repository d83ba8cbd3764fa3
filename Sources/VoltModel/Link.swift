/// Who said so: the agency, its record reference and when the record was made.
public struct Provenance: Hashable, Sendable, Codable {
    /// The source agency, lower case (`police`, `social_care`, `education`, `health`,
    /// `youth_justice`, `housing`, `youth_services`, `drugs_alcohol`, ...).
    public var source: String
    /// The agency's record reference, where given.
    public var reference: String?
    /// When the agency recorded it, where given.
    public var recordedAt: Timestamp?

    /// Provenance from one agency.
    public init(source: String, reference: String? = nil, recordedAt: Timestamp? = nil) {
        self.source = source
        self.reference = reference
        self.recordedAt = recordedAt
    }
}

/// A time-stamped, graded link between two entities. Many links between the same pair at
/// different times are normal and are all kept: frequency and recency carry information.
public struct Link: Hashable, Sendable, Codable {
    /// The entity the link comes from (for directed types, the offender or supplier).
    public var from: String
    /// The entity the link goes to.
    public var to: String
    /// What kind of link.
    public var type: LinkType
    /// When the link began, or the instant it was observed.
    public var start: Timestamp
    /// When the link ended; nil means still in force (open-ended). An instant has end == start.
    public var end: Timestamp?
    /// Who said so.
    public var provenance: Provenance
    /// 3x5x2 grading; nil when the source gave none (treated as the least reliable).
    public var grading: Grading?
    /// An optional weight (strength of the tie), default none.
    public var weight: Double?

    /// A link with every field given.
    public init(from: String, to: String, type: LinkType, start: Timestamp, end: Timestamp?,
                provenance: Provenance, grading: Grading?, weight: Double? = nil) {
        self.from = from
        self.to = to
        self.type = type
        self.start = start
        self.end = end
        self.provenance = provenance
        self.grading = grading
        self.weight = weight
    }
}
