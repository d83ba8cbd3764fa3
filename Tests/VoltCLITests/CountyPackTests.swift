import Foundation
import Testing
import VoltTestSupport

/// The panel pack of a generated 20,000-person area (`volt generate --seed 3 --people 20000
/// --locations 400 --sightings 100000`): it prints to at most 12 A4 pages in headless
/// Chromium, and each list shows the top rows of its full list in pack.json, in order of
/// importance.
@Suite(.serialized) struct CountyPackTests {
    let dir = TestSupport.temporaryDirectory("county-pack")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "county pack test"] }

    /// Generates and imports the area, writes the panel pack, and returns its HTML and JSON.
    func countyPack() throws -> (html: String, json: [String: Any]) {
        let g = try TestSupport.volt(["generate", "--seed", "3", "--people", "20000", "--locations", "400", "--sightings", "100000", "--out", dir + "/area"])
        #expect(g.status == 0, "\(g.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/area").filter { $0.hasSuffix(".csv") }.sorted()
        let i = try TestSupport.volt(["import"] + files.map { dir + "/area/" + $0 }, environment: env)
        #expect(i.status == 0, "\(i.stderr)")
        let p = try TestSupport.volt(["pack", "--period", "2026-10", "--out", dir + "/pack", "--recipient", "county panel"], environment: env)
        #expect(p.status == 0, "\(p.stderr)")
        let html = try String(contentsOfFile: dir + "/pack/pack.html", encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/pack/pack.json"))) as! [String: Any]
        return (html, json)
    }

    /// Headless Chromium, or nil (with the reason printed) where it is not installed and this is not CI.
    static var chromium: String? {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// The row headers each table section of the page shows, by section id.
    func shownRows(_ html: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for part in html.components(separatedBy: "<section class=\"table\" id=\"").dropFirst() {
            let id = String(part.prefix { $0 != "\"" })
            guard let body = part.range(of: "<tbody>"), let end = part.range(of: "</tbody>") else { continue }
            out[id] = part[body.upperBound..<end.lowerBound].components(separatedBy: "<tr").dropFirst().compactMap { row in
                guard let a = row.range(of: "<th>"), let b = row.range(of: "</th>") else { return nil }
                return unescaped(String(row[a.upperBound..<b.lowerBound]))
            }
        }
        return out
    }

    func unescaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func thePanelPackOfTwentyThousandPeoplePrintsToTwelvePagesAndShowsTheTopOfEachList() throws {
        let (html, json) = try countyPack()
        let tables = json["tables"] as! [[String: Any]]
        let shown = shownRows(html)
        var capped = 0
        for t in tables {
            let id = t["id"] as! String, rows = t["rows"] as! [String]
            let n = t["shown"] as? Int ?? rows.count
            // The page shows the first n rows of the full list, and says how many more there are.
            #expect(shown[id] == Array(rows.prefix(n)), "\(id): the page's rows should be the first \(n) of pack.json's")
            if n < rows.count {
                capped += 1
                #expect(n <= 8, "\(id) shows \(n) rows")
                #expect(html.contains("and \(rows.count - n) more, see pack.json"), "\(id)")
            }
        }
        #expect(capped >= 6, "at 20,000 people most lists are longer than the page shows (\(capped) capped)")
        func table(_ id: String) -> (rows: [String], columns: [String], cells: [[String]]) {
            let t = tables.first { $0["id"] as? String == id }!
            return (t["rows"] as! [String], t["columns"] as! [String], t["cells"] as! [[String]])
        }
        // Places: most children first; adults and children who offend counted apart; no summed total.
        let places = table("places")
        #expect(!places.rows.contains("Total"))
        #expect(places.columns.contains("adults who offend seen") && places.columns.contains("of them, children who offend"))
        let children = places.cells.map { Int($0[0])! }
        #expect(children == children.sorted(by: >))
        // Peer-group changes: newly in contact first, then the largest; the shown ones are of the stated size or newly in contact.
        let groups = table("groups")
        let newly = groups.cells.map { $0[4] == "yes" }, sizes = groups.cells.map { $0[1].split(separator: ",").count }
        #expect(newly == newly.sorted { $0 && !$1 }, "newly in contact first")
        for k in groups.cells.indices.dropFirst() where newly[k] == newly[k - 1] { #expect(sizes[k] <= sizes[k - 1]) }
        for k in 0..<(shown["groups"]?.count ?? 0) { #expect(newly[k] || sizes[k] >= 4, "group row \(k): \(sizes[k]) members") }
        // Children missing: still missing first, then most episodes.
        let missing = table("missing")
        let still = missing.cells.map { $0[2] == "yes" }
        #expect(still == still.sorted { $0 && !$1 })
        // One map per peer group of the Top 8, each naming the Top 8 children in it.
        let maps = json["maps"] as! [[String: Any]], top = json["top"] as! [[String: Any]]
        #expect(!maps.isEmpty && maps.count <= top.count)
        let mapped = Set(maps.flatMap { $0["children"] as! [String] })
        #expect(mapped == Set(top.map { $0["label"] as! String }), "every Top 8 child is on one map")
        #expect(html.components(separatedBy: "<figure class=\"map").count - 1 == maps.count)

        guard let chromium = Self.chromium else {
            if TestSupport.isCI { Issue.record("CI needs Debian's chromium to count the pack's printed pages") }
            else { print("skipping the page count: chromium is not installed (apt-get install chromium)") }
            return
        }
        let pdf = dir + "/pack.pdf"
        let r = try TestSupport.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(dir)/chromium",
                                               "--print-to-pdf=\(pdf)", "file://\(dir)/pack/pack.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: pdf))
        // Each page is one "/Type /Page" object (the tree's nodes are "/Type /Pages").
        let text = String(decoding: data, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
        #expect(pages >= 6 && pages <= 12, "the county panel pack prints to \(pages) A4 pages")
    }
}
