import Foundation
import VoltModel

/// The VOLT visual language (docs/maps.md): a shape and a colour-blind-safe colour (Okabe–Ito)
/// per VOLT type, a line style per grading, width by how many links, arrows on exploits and
/// supplies. Shape and colour both carry the type, so it reads in greyscale print too.
public enum VisualLanguage {
    /// How a node of a VOLT type looks: Graphviz shape, fill colour, and its name in the legend.
    public static func node(_ type: VoltType) -> (shape: String, fill: String, legend: String) {
        switch type {
        case .victim: return ("ellipse", "#56B4E9", "victim")
        case .offender: return ("box", "#D55E00", "offender")
        case .victimOffender: return ("octagon", "#CC79A7", "victim and offender")
        case .person: return ("ellipse", "#DDDDDD", "person (no role recorded)")
        case .location: return ("house", "#009E73", "location")
        case .theme: return ("note", "#F0E442", "theme")
        }
    }

    /// How sure a tie is, from the best grading among its links (drawn as the line style).
    public typealias Confidence = GradingConfidence

    /// Line width for a tie of `count` links: 1 for one, growing slowly, at most 5.
    public static func width(_ count: Int) -> Double { min(5, 1 + log2(Double(max(1, count)))) }

    /// Colour of ties between people.
    public static let tieColour = "#333333"
    /// Colour of co-location ties (seen together at a place): not a recorded link, so apart.
    public static let coLocationColour = "#0072B2"
    /// Colour of sightings (a person seen at a place) in a location's map.
    public static let sightingColour = "#9A9A9A"
}

extension GradingConfidence {
    /// Graphviz line style.
    public var style: String {
        switch self {
        case .weak: return "dotted"
        case .middling: return "dashed"
        case .strong: return "solid"
        }
    }

    /// Words for the legend.
    public var legend: String {
        switch self {
        case .weak: return "unreliable, E or ungraded"
        case .middling: return "middling grading"
        case .strong: return "source 1 or intelligence A–B"
        }
    }
}
