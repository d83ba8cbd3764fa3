import Foundation
import VoltCasework
import VoltModel
import VoltQuestions
import VoltStore

/// A child's timeline as SVG: one lane each for links, sightings, missing episodes and
/// casework, on one time axis with a line per month. Every mark has a title (what it is and
/// when); the text is escaped, and the page is redacted at the session's level after.
struct Timeline {
    let profile: EntityProfile
    let casework: [CaseEvent]

    static let width = 860.0, left = 90.0, laneHeight = 34.0, top = 24.0

    func svg() -> String {
        var times: [Int64] = []
        times += profile.links.map(\.link.start.seconds)
        times += profile.sightings.map(\.time.seconds)
        times += profile.missing.flatMap { [$0.start.seconds] + ($0.end.map { [$0.seconds] } ?? []) }
        times += casework.map(\.date.seconds)
        guard let lo = times.min(), let hi = times.max() else { return "<p>Nothing recorded.</p>" }
        let start = Month(containing: Timestamp(seconds: lo)).start.seconds
        let end = Month(containing: Timestamp(seconds: hi)).end.seconds + 1
        let span = Double(max(end - start, 1))
        func x(_ t: Int64) -> Double { Self.left + (Self.width - Self.left - 10) * Double(min(max(t, start), end) - start) / span }
        let lanes = ["links", "sightings", "missing", "casework"]
        let height = Self.top + Self.laneHeight * Double(lanes.count) + 20
        func y(_ lane: Int) -> Double { Self.top + Self.laneHeight * Double(lane) + Self.laneHeight / 2 }
        var o = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\" aria-label=\"timeline\">"
        // Months: a line each, labelled when there is room.
        var m = Month(containing: Timestamp(seconds: start)), k = 0
        let months = max(1, Int(span / (30.4 * 86_400)))
        let every = max(1, months / 10)
        while m.start.seconds < end {
            let px = x(m.start.seconds)
            o += "<line class=\"month\" x1=\"\(f(px))\" y1=\"\(f(Self.top - 6))\" x2=\"\(f(px))\" y2=\"\(f(height - 20))\"/>"
            if k % every == 0 { o += "<text class=\"axis\" x=\"\(f(px + 2))\" y=\"\(f(Self.top - 10))\">\(m.description)</text>" }
            m = Month(containing: Timestamp(seconds: m.end.seconds + 1))
            k += 1
        }
        for (i, lane) in lanes.enumerated() {
            o += "<text class=\"lane\" x=\"4\" y=\"\(f(y(i) + 4))\">\(lane)</text>"
            o += "<line class=\"lane\" x1=\"\(f(Self.left))\" y1=\"\(f(y(i)))\" x2=\"\(f(Self.width - 10))\" y2=\"\(f(y(i)))\"/>"
        }
        for l in profile.links {
            let a = x(l.link.start.seconds), b = l.link.end.map { x($0.seconds) } ?? a
            let title = "\(l.link.start.day) \(l.link.type.description) with \(l.otherName) (\(l.otherType.rawValue)), \(l.link.provenance.source), \(l.link.grading?.description ?? "ungraded")"
            if b > a + 1 { o += "<line class=\"span vt-\(l.otherType.rawValue)\" x1=\"\(f(a))\" y1=\"\(f(y(0)))\" x2=\"\(f(b))\" y2=\"\(f(y(0)))\"/>" }
            o += "<circle class=\"mark link vt-\(l.otherType.rawValue)\" data-t=\"\(l.link.start.seconds)\" cx=\"\(f(a))\" cy=\"\(f(y(0)))\" r=\"5\"><title>\(esc(title))</title></circle>"
        }
        for s in profile.sightings {
            o += "<rect class=\"mark sighting\" data-t=\"\(s.time.seconds)\" x=\"\(f(x(s.time.seconds) - 2))\" y=\"\(f(y(1) - 7))\" width=\"4\" height=\"14\"><title>\(esc("\(s.time.day) seen at \(s.location)"))</title></rect>"
        }
        for e in profile.missing {
            let a = x(e.start.seconds), b = x(e.end?.seconds ?? end)
            let title = "missing \(e.start.day) to \(e.end?.day ?? "still missing")" + (e.person == profile.entity.id ? "" : " (\(e.person))")
            o += "<rect class=\"mark missing\(e.end == nil ? " open" : "")\" data-t=\"\(e.start.seconds)\" x=\"\(f(a))\" y=\"\(f(y(2) - 8))\" width=\"\(f(max(b - a, 4)))\" height=\"16\"><title>\(esc(title))</title></rect>"
        }
        for ev in casework {
            let px = x(ev.date.seconds), py = y(3)
            o += "<path class=\"mark case-\(ev.kind)\" data-t=\"\(ev.date.seconds)\" d=\"M\(f(px)) \(f(py - 7))L\(f(px + 7)) \(f(py))L\(f(px)) \(f(py + 7))L\(f(px - 7)) \(f(py))Z\"><title>\(esc("\(ev.date.day) \(ev.kind): \(ev.detail)"))</title></path>"
        }
        return o + "</svg>"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
    private func esc(_ s: String) -> String { HTML.escape(s) }
}

/// Locations with coordinates on a plane (an equirectangular projection scaled by the
/// cosine of the middle latitude: no map tiles are reachable, and a town needs no more),
/// each a circle sized by the distinct children seen there in the period, coloured by its
/// trend against the month before. Private places are drawn only at the names level.
struct Plane {
    let rows: [HotspotsQuestion.Row]
    let showPrivate: Bool

    func svg() -> String {
        let placed = rows.filter { $0.latitude != nil && $0.longitude != nil && (showPrivate || $0.publicPlace == true) }
        guard !placed.isEmpty else { return "<p>No places with coordinates in this period.</p>" }
        let lats: [Double] = placed.map { $0.latitude! }, lons: [Double] = placed.map { $0.longitude! }
        let midLat: Double = (lats.min()! + lats.max()!) / 2
        let k: Double = cos(midLat * Double.pi / 180)
        let minX: Double = lons.min()! * k, maxX: Double = lons.max()! * k, minY: Double = lats.min()!, maxY: Double = lats.max()!
        let w = 640.0, h = 480.0, pad = 40.0
        let scale = min((w - 2 * pad) / max(maxX - minX, 1e-6), (h - 2 * pad) / max(maxY - minY, 1e-6))
        var o = "<svg class=\"plane\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"places\">"
        o += "<rect class=\"ground\" x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\"/>"
        for r in placed.sorted(by: { $0.current.victims > $1.current.victims }) {
            let px: Double = pad + (r.longitude! * k - minX) * scale
            let py: Double = h - pad - (r.latitude! - minY) * scale
            let radius: Double = 4 + 3 * Double(r.current.victims).squareRoot()
            let trend = r.current.victims > r.previous.victims ? "rising" : r.current.victims < r.previous.victims ? "falling" : "steady"
            let title = "\(r.name): \(r.current.victims) children (\(r.previous.victims) the month before), \(r.current.offenders) offenders"
            let circle: String = "<circle class=\"place \(trend)\" cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"\(f(radius))\"><title>\(HTML.escape(title))</title></circle>"
            o += circle
            if r.current.victims >= 3 {
                let label: String = "<text class=\"place-label\" x=\"\(f(px + radius + 2))\" y=\"\(f(py + 4))\">\(HTML.escape(r.name))</text>"
                o += label
            }
        }
        return o + "</svg>"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
