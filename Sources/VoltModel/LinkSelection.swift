

/// Which links a question reads: a time window, link types and a grading floor. The rule is
/// written twice and nowhere else: here in Swift for links already in hand (`admits`), and as
/// SQL for the readers that stream from the store (`sql`, in VoltStore's
/// `LinkSelection+SQL.swift`). Change one, change the other.
public struct LinkSelection: Sendable, Hashable {
    /// Links active at any moment of this window.
    public var window: TimeWindow
    /// Only these link types (nil: all).
    public var types: Set<LinkType>?
    /// Only links graded at least this reliable (ungraded links are then left out).
    public var minimumGrading: Grading?

    /// Every link, or those the arguments keep.
    public init(window: TimeWindow = .all, types: Set<LinkType>? = nil, minimumGrading: Grading? = nil) {
        self.window = window
        self.types = types
        self.minimumGrading = minimumGrading
    }

    /// Whether `link` is one this selection takes: the same rule as `sql`.
    public func admits(_ link: Link) -> Bool {
        window.admits(start: link.start, end: link.end)
            && (types?.contains(link.type) ?? true)
            && (minimumGrading.map { link.grading?.meets($0) ?? false } ?? true)
    }
}
