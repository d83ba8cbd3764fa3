import Foundation

/// The pack as one self-contained HTML page: inline CSS and SVG, no scripts, no external
/// requests, laid out for A4 print. Every text from the data goes through `escape`.
/// How a table cell is aligned: `nil` for a count (right), `date` for a date, `text` otherwise.
func cellClass(_ cell: String) -> String? {
    if cell.isEmpty || cell == "*" || cell.hasPrefix("<") || cell == "–" || Double(cell) != nil || cell.hasPrefix("+") { return nil }
    let b = Array(cell.utf8)
    if b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[0...3].allSatisfy({ $0 >= 48 && $0 <= 57 }) { return "date" }
    return "text"
}

public func packHTML(_ p: PackReport) -> String {
    var h = HTML()
    h.raw("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
    h.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
    h.tag("title", p.title)
    h.raw("<style>\(css)</style></head><body>")
    h.raw("<header>")
    h.tag("h1", p.title)
    h.tag("p", p.notice, class: p.audience == .strategic ? "notice strategic" : "notice")
    h.tag("p", "Period \(p.period) · audience \(p.audience.rawValue) · generated \(p.generatedAt) by volt", class: "meta")
    h.raw("</header>")

    h.raw("<section><h2>This month at a glance</h2><table class=\"headlines\"><thead><tr>")
    for c in ["", "this month", "last month", "change"] { h.tag("th", c) }
    h.raw("</tr></thead><tbody>")
    for x in p.headlines {
        h.raw("<tr>")
        h.tag("th", x.name)
        for c in [x.current, x.previous, x.change] { h.tag("td", c) }
        h.raw("</tr>")
    }
    h.raw("</tbody></table></section>")

    h.raw("<section><h2>\(escape(p.trend.title))</h2>")
    for (i, row) in p.trend.rows.enumerated() { h.raw(bars(row, p.trend.columns, p.trend.cells[i])) }
    if !p.trend.note.isEmpty { h.tag("p", p.trend.note, class: "note") }
    h.raw("</section>")

    if !p.top.isEmpty {
        h.raw("<section class=\"top\"><h2>Top \(p.top.count): children the records show most at risk</h2>")
        h.tag("p", p.judgement, class: "judgement")
        h.raw("<table><thead><tr>")
        for c in ["#", "child", "score"] + p.top[0].components.map({ $0.name.replacingOccurrences(of: "_", with: " ") }) { h.tag("th", c) }
        h.raw("</tr></thead><tbody>")
        for t in p.top {
            h.raw("<tr>")
            h.tag("td", String(t.rank))
            h.raw("<td class=\"who\"><b>\(escape(t.label))</b><br>\(escape([t.age, t.area].compactMap { $0 }.joined(separator: ", ")))<br><span class=\"w\">\(escape(t.type))</span></td>")
            h.tag("td", number(t.score), class: "score")
            for c in t.components {
                h.raw("<td class=\"part\" title=\"\(escape(c.detail))\"><b>\(escape(number(c.points)))</b><br><span class=\"w\">\(escape(number(c.value)))×\(escape(number(c.weight)))</span></td>")
            }
            h.raw("</tr>")
            if !t.reasons.isEmpty { h.raw("<tr class=\"why\"><td colspan=\"\(3 + t.components.count)\">\(escape(t.reasons))</td></tr>") }
        }
        h.raw("</tbody></table>")
        h.tag("p", "Each score is the sum of its parts; under each part, the count × its weight. Weights are in config/top-weights.json.", class: "note")
        h.raw("</section>")
    } else if p.audience == .strategic {
        h.raw("<section><h2>Individual children</h2>")
        h.tag("p", "Not shown at this level. The panel pack lists the children the records show most at risk, with the reasons.", class: "note")
        h.raw("</section>")
    }

    for t in p.tables {
        h.raw("<section class=\"table\" id=\"\(escape(t.id))\"><h2>\(escape(t.title))</h2><table><thead><tr><th></th>")
        for c in t.columns { h.tag("th", c) }
        h.raw("</tr></thead><tbody>")
        let shown = t.shown ?? t.rows.count
        for (i, r) in t.rows.enumerated().prefix(shown) {
            h.raw(r == "Total" && i == t.rows.count - 1 ? "<tr class=\"total\">" : "<tr>")
            h.tag("th", r)
            // Counts line up on the right; words and dates read from the left and dates stay whole.
            for c in t.cells[i] { h.tag("td", c, class: cellClass(c)) }
            h.raw("</tr>")
        }
        h.raw("</tbody></table>")
        if shown < t.rows.count { h.tag("p", "and \(t.rows.count - shown) more, see pack.json", class: "more") }
        if !t.note.isEmpty { h.tag("p", t.note, class: "note") }
        h.raw("</section>")
    }
    if !p.maps.isEmpty {
        h.raw("<section class=\"maps\" id=\"maps\"><h2>The Top \(p.top.count)'s peer groups</h2>")
        h.tag("p", "One map per peer group a Top \(p.top.count) child is in: the young people inside the dashed box, the adults who offend linked to them outside it; the Top \(p.top.count) children in bold. Blue ovals are victims, orange boxes offenders, pink octagons victims who also offend, grey ovals people with no role recorded. A solid line is a link graded source 1 or intelligence A–B, dashed middling, dotted unreliable or ungraded; a wider line stands for more links; an arrow is exploits or supplies, from the offender. Links of the Top \(p.top.count)'s lookback; labels: initials.", class: "note")
        // Full-width maps first, then the small ones two to a row, each in rank order: the
        // pages fill without gaps.
        let sized = p.maps.map { ($0, fitted($0.svg)) }
        for (m, (svg, half)) in sized.filter({ !$0.1.half }) + sized.filter({ $0.1.half }) {
            h.raw(half ? "<figure class=\"map half\">" : "<figure class=\"map\">")
            h.tag("figcaption", m.title)
            h.raw(svg)  // Graphviz's SVG at the panel's label level, made by volt
            h.raw("</figure>")
        }
        h.raw("</section>")
    }
    // The panel reads the judgement above its Top N; a strategic pack has it here.
    if p.top.isEmpty {
        h.raw("<footer>")
        h.tag("p", p.judgement)
        h.raw("</footer>")
    }
    h.raw("</body></html>\n")
    return h.text
}

/// Graphviz's SVG sized for the A4 page: drawn at its own size (10 pt labels) when it fits,
/// else scaled down to the page's width and at most 116 mm high; a map that fits in half the
/// width at 84% or more is put beside another.
func fitted(_ svg: String) -> (svg: String, half: Bool) {
    guard let (w, h) = svgSize(svg), let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">") else { return (svg, false) }
    var tag = String(svg[open.lowerBound...close])
    let half = w <= 300 && h <= 300
    let scale = min(1, (half ? pageWidth / 2 - 6 : pageWidth) / w, pageHeight / h)
    for (name, value) in [("width", w * scale), ("height", h * scale)] {
        if let r = tag.range(of: " \(name)=\""), let end = tag[r.upperBound...].firstIndex(of: "\"") {
            tag.replaceSubrange(r.upperBound..<end, with: String(format: "%.0fpt", value))
        }
    }
    return (svg.replacingCharacters(in: open.lowerBound...close, with: tag), half)
}

/// Points a pack map may take: A4's width less the margins, and a little over a third of its height.
let pageWidth = 516.0, pageHeight = 330.0

/// How much a Graphviz SVG must shrink to fit a pack page (1: drawn at its own size).
public func pageScale(_ svg: String) -> Double {
    guard let (w, h) = svgSize(svg) else { return 1 }
    return min(1, pageWidth / w, pageHeight / h)
}

/// The width and height in points that Graphviz wrote on the `<svg>` element.
func svgSize(_ svg: String) -> (Double, Double)? {
    guard let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">") else { return nil }
    let tag = svg[open.lowerBound...close]
    func points(_ name: String) -> Double? {
        guard let r = tag.range(of: " \(name)=\""), let end = tag[r.upperBound...].firstIndex(of: "\"") else { return nil }
        return Double(tag[r.upperBound..<end].replacingOccurrences(of: "pt", with: ""))
    }
    guard let w = points("width"), let h = points("height"), w > 0, h > 0 else { return nil }
    return (w, h)
}

private struct HTML {
    var text = ""
    mutating func raw(_ s: String) { text += s }
    mutating func tag(_ name: String, _ content: String, class cls: String? = nil) {
        text += "<\(name)\(cls.map { " class=\"\($0)\"" } ?? "")>\(escape(content))</\(name)>"
    }
}

/// Text made safe for HTML content and attributes (the pack and the workspace's pages).
public func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

private func number(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x) }

/// A small bar chart of one row of counts; suppressed months are drawn as an outlined stub
/// labelled with their text ("<5").
private func bars(_ title: String, _ months: [String], _ cells: [String]) -> String {
    let values = cells.map { Int($0) }
    let top = max(1, values.compactMap { $0 }.max() ?? 1)
    let w = 56, gap = 8, height = 90, width = months.count * (w + gap)
    var s = "<figure><figcaption>\(escape(title))</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height + 34)\" width=\"100%\" role=\"img\" aria-label=\"\(escape(title))\">"
    for (i, m) in months.enumerated() {
        let x = i * (w + gap)
        if let v = values[i] {
            let bh = Int(Double(v) / Double(top) * Double(height))
            s += "<rect x=\"\(x)\" y=\"\(height - bh)\" width=\"\(w)\" height=\"\(max(bh, v > 0 ? 1 : 0))\" fill=\"#0072B2\"/>"
        } else {
            s += "<rect x=\"\(x)\" y=\"\(height - 6)\" width=\"\(w)\" height=\"6\" fill=\"none\" stroke=\"#0072B2\" stroke-dasharray=\"3 2\"/>"
        }
        s += "<text x=\"\(x + w / 2)\" y=\"\(height + 13)\" text-anchor=\"middle\" class=\"v\">\(escape(cells[i]))</text>"
        s += "<text x=\"\(x + w / 2)\" y=\"\(height + 28)\" text-anchor=\"middle\" class=\"m\">\(escape(String(m.suffix(5))))</text>"
    }
    return s + "</svg></figure>"
}

private let css = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; max-width: 180mm; margin: 0 auto; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 12pt 0 5pt; border-bottom: 2px solid #0072B2; padding-bottom: 2pt; }
.notice { background: #FFF4D6; border-left: 5px solid #E69F00; padding: 6pt 8pt; font-weight: bold; }
.notice.strategic { background: #E8F3FA; border-left-color: #0072B2; }
.meta, .note { color: #555; font-size: 9pt; }
.judgement { background: #F2F2F2; padding: 6pt 8pt; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; font-size: 9pt; }
th, td { border: 1px solid #BBB; padding: 2pt 4pt; text-align: right; vertical-align: top; }
th:first-child, td.who, td.kind { text-align: left; }
td.part { white-space: nowrap; line-height: 1.1; }
td.text { text-align: left; }
td.date { text-align: left; white-space: nowrap; }
section.top table { font-size: 8pt; }
section.top td.who { white-space: nowrap; }
section.top th, section.top td { padding: 2pt 3pt; }
section.top tr.why td { text-align: left; font-size: 8pt; color: #333; border-top: none; padding-bottom: 4pt; }
thead th { background: #E8EEF3; }
tr.total th, tr.total td { font-weight: bold; background: #F5F5F5; }
table.headlines { width: auto; min-width: 60%; }
td.score { font-weight: bold; }
.w { color: #777; font-size: 8pt; }
figure { margin: 4pt 0 10pt; }
figcaption { font-size: 9.5pt; font-weight: bold; margin-bottom: 2pt; }
svg text.v { font-size: 10px; fill: #1a1a1a; }
svg text.m { font-size: 9px; fill: #666; }
h2 { break-after: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
/* Sections flow from page to page (a table's head repeats); a row, a heading and its table's start, and a map stay together. */
h2 + table, h2 + p { break-before: avoid; }
.more { font-size: 9pt; font-weight: bold; margin: 2pt 0; }
figure.map { break-inside: avoid; margin: 4pt 0 8pt; }
figure.map.half { display: inline-block; vertical-align: top; width: 49%; }
figure.map figcaption { font-size: 8.5pt; }
figure.map svg { display: block; }
footer { margin-top: 18pt; font-size: 9pt; color: #444; border-top: 1px solid #BBB; }
"""
