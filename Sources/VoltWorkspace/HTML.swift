import Foundation
import VoltPack

/// A piece of HTML. Built by string interpolation in which every `String` is escaped and only
/// another `HTML` goes in as it is, so a name can never become markup on any page: a page
/// cannot forget to escape, because it never handles raw text.
struct HTML: ExpressibleByStringInterpolation, Sendable {
    private(set) var markup: String

    init(stringLiteral value: String) { markup = value }
    init(stringInterpolation i: Interpolation) { markup = i.out }
    /// Markup that is already HTML: the SVG Graphviz drew from labels at the session's level.
    init(trusted markup: String) { self.markup = markup }

    struct Interpolation: StringInterpolationProtocol {
        var out = ""
        init(literalCapacity: Int, interpolationCount: Int) { out.reserveCapacity(literalCapacity + 16 * interpolationCount) }
        mutating func appendLiteral(_ literal: String) { out += literal }
        mutating func appendInterpolation(_ text: String) { out += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { out += HTML.escape(text ?? "") }
        mutating func appendInterpolation(_ html: HTML) { out += html.markup }
        mutating func appendInterpolation(_ parts: [HTML]) { for p in parts { out += p.markup } }
        mutating func appendInterpolation(_ n: Int) { out += String(n) }
        mutating func appendInterpolation(_ x: Double, digits: Int) { out += String(format: "%.\(digits)f", x) }
    }

    static func escape(_ s: String) -> String { VoltPack.escape(s) }

    static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.markup + b.markup) }

    /// A query-string or path component.
    static func component(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? ""
    }
}

extension Sequence {
    /// Each element as HTML, joined.
    func html(_ body: (Element) -> HTML) -> HTML { HTML(trusted: map { body($0).markup }.joined()) }
}

/// The frame of every page: the heading with who is signed in and why, the navigation their
/// role has, and the footer that reminds a shared screen what level it shows.
struct Layout {
    let session: WorkspaceSession

    func page(_ title: String, nav: String, _ body: HTML) -> String {
        let u = session.user
        var links: [(String, String, String)] = [("home", "/", "Home")]
        if u.role == .analyst || u.role == .panel {
            links += [("network", "/network", "Network"), ("places", "/places", "Places")]
        }
        if u.role == .strategic { links += [("places", "/places", "Places")] }
        let navHTML = links.html { key, href, text in
            "<a href=\"\(href)\"\(key == nav ? HTML(trusted: " aria-current=\"page\"") : "")>\(text)</a>"
        }
        let search: HTML = u.role == .strategic || u.role == .admin ? "" : """
            <form class="search" method="get" action="/search"><input type="search" name="q" placeholder="Search by \(session.labels == .names ? "name or id" : "initials")" aria-label="search"><button>Search</button></form>
            """
        let doc: HTML = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · volt</title><link rel="stylesheet" href="/assets/volt.css"><script src="/assets/volt.js" defer></script></head>
            <body data-csrf="\(session.csrf)">
            <header><span class="brand">volt</span><nav>\(navHTML)</nav>\(search)
            <form class="signout" method="post" action="/signout"><input type="hidden" name="csrf" value="\(session.csrf)"><span class="who">\(u.name) · \(u.role.rawValue)\(u.forums.isEmpty ? "" : " · " + u.forums.joined(separator: ", "))</span><button>Sign out</button></form></header>
            <main>
            \(body)
            </main>
            <footer>Labels: \(session.labels.rawValue). Purpose: \(session.purpose). Every page is recorded in the audit log.</footer>
            </body></html>
            """
        return doc.markup
    }
}
