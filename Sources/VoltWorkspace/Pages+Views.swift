import Foundation
import VoltCasework
import VoltModel
import VoltPrivacy
import VoltQuestions
import VoltStore

/// At most `n` rows of a table, then one row saying how many more there are: a section stays
/// readable on a shared screen at county scale (the API has every row).
func capped<T>(_ rows: [T], _ n: Int, columns: Int, _ row: (T) -> HTML) -> HTML {
    let shown = rows.prefix(n).html(row)
    guard rows.count > n else { return shown }
    return shown + "<tr class=\"more\"><td colspan=\"\(columns)\">and \(rows.count - n) more</td></tr>"
}

/// What each page shows, from the questions (the routes and the frame are in Pages.swift).
extension WorkspacePages {
    // MARK: home and search

    func home(_ c: PageContext) throws -> (String, HTML) {
        switch c.session.user.role {
        case .admin:
            let users = try api.store.users()
            let rows = users.html { u in "<tr><td>\(u.name)</td><td>\(u.role.rawValue)</td><td>\(u.forums.joined(separator: ", "))</td><td>\(u.disabled ? "disabled" : "active")</td></tr>" }
            return ("Accounts", """
                <h1>Accounts</h1><p>Accounts are added and disabled with <code>volt user add</code> and <code>volt user disable</code>; an admin sees no records.</p>
                <table><thead><tr><th>user</th><th>role</th><th>forums</th><th>state</th></tr></thead><tbody>\(rows)</tbody></table>
                """)
        case .strategic:
            let a = try c.ask(ReferralsQuestion(window: .all, grouping: .month, audience: .strategic))
            let rows = a.rows.html { r in "<tr><td>\(r.key)</td><td class=\"n\">\(r.referrals.description)</td><td class=\"n\">\(r.children.description)</td></tr>" }
            return ("Referrals", """
                <h1>Referrals by month</h1><p>Counts under 5 are suppressed, as in the strategic pack.</p>
                <table><thead><tr><th>month</th><th>referrals</th><th>children</th></tr></thead><tbody>\(rows)</tbody>
                <tfoot><tr><th>total</th><td class="n">\(a.total.referrals.description)</td><td class="n">\(a.total.children.description)</td></tr></tfoot></table>
                <p><a href="/places">Places by area</a></p>
                """)
        case .analyst, .panel:
            let forums = try api.store.readForRelabelling { r in
                let cw = try r.casework()
                return Set(cw.meetings.map(\.forum)).union(cw.referrals.compactMap(\.forum)).sorted()
            }.filter(c.scope.attends)
            let list = forums.html { f in "<li><a class=\"forum\" href=\"/meeting/\(HTML.component(f))\">\(f)</a></li>" }
            return ("Home", """
                <h1>Forums</h1><p>Open a forum's meeting to follow its agenda.</p><ul class="forums">\(list)</ul>
                <p><a href="/network">The network</a> · <a href="/places">Places</a></p>
                """)
        }
    }

    func search(_ c: PageContext, _ p: Params) throws -> (String, HTML) {
        guard let text = p["q"] else { return ("Search", "<h1>Search</h1><p>Type a name, an id or initials.</p>") }
        struct Found { let id: String, type: String, name: String, area: String? }
        var matches: [Found]
        if c.session.labels == .names {
            matches = try c.ask(SearchQuestion(text: text, limit: 50)).map { Found(id: $0.id, type: $0.type, name: $0.name, area: $0.area) }
        } else {
            // Below names, a panel searches by what it sees: the initials of the subjects and
            // their context (and names of three letters or more, answered at initials). The
            // search is still a consultation in the log.
            matches = try c.ask(SearchQuestion(text: text, limit: 200)).filter { c.scope.shows($0.id) }
                .map { Found(id: $0.id, type: $0.type, name: $0.name, area: $0.area) }
            let wanted = text.uppercased().filter(\.isLetter)
            let ids = (c.scope.subjects ?? []).union(c.scope.context.map(\.id))
            let byInitials = try api.store.readForRelabelling { r in
                try ids.sorted().compactMap { id -> Found? in
                    guard let e = try r.entity(id: id), e.kind == .person, Labeller.initials(e.name) == wanted else { return nil }
                    return Found(id: e.id, type: e.voltType.rawValue, name: e.name, area: e.area)
                }
            }
            for m in byInitials where !matches.contains(where: { $0.id == m.id }) { matches.append(m) }
        }
        let rows = matches.html { m in "<tr><td>\(c.link(m.id, m.name))</td><td>\(m.type)</td><td>\(m.area ?? "")</td></tr>" }
        return ("Search", """
            <h1>Search: \(text)</h1><p>\(matches.count) found\(c.scope.subjects == nil ? "" : " among the subjects referred to your forums and their context").</p>
            <table class="search-results"><thead><tr><th>who</th><th>type</th><th>area</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    // MARK: meeting

    func meeting(_ c: PageContext, forum: String, _ p: Params) throws -> (String, HTML) {
        guard c.scope.attends(forum) else { throw Refusal(status: .notFound, message: "No such forum in your scope.") }
        let m = try c.ask(MeetingQuestion(forum: forum, meeting: p["sitting"]))
        let period: Month
        if let text = p["period"] {
            guard let month = Month(parsing: text) else { throw Refusal(status: .badRequest, message: "The period is a month, like 2026-10.") }
            period = month
        } else {
            // The month before the sitting: what the panel reviews.
            let d = m.sitting?.date ?? .now
            period = Month(containing: Timestamp(seconds: Month(containing: d).start.seconds - 1))
        }
        func top(_ cohort: Cohort) throws -> TopQuestion.Answer? {
            var q = TopQuestion(n: 8, period: period, cohort: cohort)
            q.forum = forum
            do { return try c.ask(q) } catch let e as BadRequest where e.message.hasPrefix("no records") { return nil }
        }
        let csc = try top(.csc), notCSC = try top(.notCSC)
        var missing = MissingQuestion()
        missing.window = period.window
        missing.section = .repeat
        missing.top = 0
        let gone = try c.ask(missing)
        let referred = Set(m.referred.map(\.id))
        let missingRows = (gone.repeat ?? []).filter { referred.contains($0.child) && c.scope.includes($0.child) }
        var spots = HotspotsQuestion(period: period.window)
        spots.top = 8
        let places = try c.ask(spots)
        // Peer groups new or changing in the period, with a child of the forum in them.
        let emerging = try c.ask(EmergingQuestion(current: period.window))
        let groups = emerging.groups.filter { g in g.members.contains { referred.contains($0) && c.scope.includes($0) } }
        let newLinks = emerging.newVictimOffenderLinks.filter { referred.contains($0.victim) && c.scope.includes($0.victim) }

        let sittings = m.sittings.html { s in
            "<a href=\"/meeting/\(HTML.component(forum))?sitting=\(HTML.component(s.id))\"\(s.id == m.sitting?.id ? HTML(trusted: " aria-current=\"page\"") : "")>\(s.date.day)</a> "
        }
        let here = "/meeting/\(HTML.component(forum))?sitting=\(HTML.component(m.sitting?.id ?? ""))"
        func actionRows(_ rows: [ActionsQuestion.Row], closable: Bool) -> HTML {
            capped(rows, 40, columns: 8) { a in
                let done: HTML = closable && a.state != .done && c.isChair ? """
                    <form method="post" action="/action/\(HTML.component(a.id))/done" class="inline"><input type="hidden" name="csrf" value="\(c.session.csrf)"><input type="hidden" name="back" value="\(here)"><button>Done</button></form>
                    """ : ""
                return "<tr class=\"state-\(a.state.rawValue)\"><td>\(a.id)</td><td>\(c.link(a.subject, a.subject))</td><td>\(a.owner)</td><td>\(a.description)</td><td>\(a.due ?? "")</td><td><span class=\"state\">\(a.state.rawValue)</span></td><td>\(a.decision ?? "")</td><td>\(done)</td></tr>"
            }
        }
        func topTable(_ a: TopQuestion.Answer?, _ title: String, _ id: String) -> HTML {
            guard let a else { return "<section id=\"\(id)\"><h2>\(title)</h2><p>No records in \(period.description).</p></section>" }
            let rows = (a.children + a.left).html { ch in
                let why = ch.reasons.isEmpty ? ch.components.filter { $0.points > 0 }.map { "\($0.name) \(Int($0.points.rounded()))" }.joined(separator: ", ") : ch.reasons
                return "<tr class=\"top-child\"><td class=\"n\">\(ch.rank.map(String.init) ?? "–")</td><td>\(c.link(ch.id, ch.name))</td><td class=\"n\">\(ch.score, digits: 0)</td><td class=\"move\">\(ch.movement)</td><td class=\"why\">\(why)</td></tr>"
            }
            return """
                <section id="\(id)"><h2>\(title)</h2><table class="top"><thead><tr><th>#</th><th>child</th><th>score</th><th>movement</th><th>why</th></tr></thead><tbody>\(rows)</tbody></table></section>
                """
        }
        // The children on this sitting's agenda: the Top N, the missing, the newest referred.
        var onAgenda: [String] = []
        for id in (csc?.children ?? []).map(\.id) + (notCSC?.children ?? []).map(\.id) + missingRows.prefix(30).map(\.child) + m.referred.prefix(30).map(\.id)
        where c.scope.includes(id) && !onAgenda.contains(id) { onAgenda.append(id) }
        let subjectOptions = onAgenda.html { id in "<option value=\"\(c.handles.handle(id))\">\(id)</option>" }
        let form: HTML = m.sitting != nil && c.isChair ? """
            <form method="post" action="/meeting/\(HTML.component(forum))/action" class="record">
            <input type="hidden" name="csrf" value="\(c.session.csrf)"><input type="hidden" name="sitting" value="\(m.sitting?.id ?? "")">
            <label>About <select name="subject" required>\(subjectOptions)</select></label>
            <label>Owner <input name="owner" required maxlength="60" placeholder="police, social_care, school..."></label>
            <label class="wide">Action <input name="description" required maxlength="500"></label>
            <label>Due <input name="due" type="date"></label>
            <label>Decision <input name="decision" maxlength="120" placeholder="e.g. escalate_mace"></label>
            <button>Record action</button></form>
            """ : ""
        let open: HTML = c.isChair ? """
            <form method="post" action="/meeting/\(HTML.component(forum))/open" class="inline"><input type="hidden" name="csrf" value="\(c.session.csrf)"><button>Open today's sitting</button></form>
            """ : ""
        let missingTable = capped(missingRows, 30, columns: 4) { r in
            "<tr><td>\(c.link(r.child, r.child))</td><td class=\"n\">\(r.episodes)</td><td class=\"n\">\(Int((Double(r.secondsMissing) / 3600).rounded()))</td><td>\(r.stillMissing ? "still missing" : "")</td></tr>"
        }
        let placeRows = places.rows.html { r in
            "<tr><td>\(r.name)</td><td class=\"n\">\(r.current.victims)</td><td class=\"n\">\(r.previous.victims)</td><td class=\"n\">\(r.current.offenders)</td><td class=\"n\">\(r.current.victimOffenderCoLocations)</td></tr>"
        }
        /// People as links, at most 8, then how many more (and how many are outside the scope).
        func people(_ ids: [String]) -> HTML {
            let shown = ids.filter(c.scope.shows)
            let list = shown.prefix(8).map { c.link($0, $0) }.reduce(HTML("")) { $0.markup.isEmpty ? $1 : $0 + ", " + $1 }
            let more = shown.count > 8 ? " and \(shown.count - 8) more" : ""
            return list + HTML(stringLiteral: more) + (shown.count < ids.count ? HTML(stringLiteral: "; \(ids.count - shown.count) outside your scope") : "")
        }
        let offenderRows = capped(m.perpetrators, 12, columns: 5) { o in
            "<tr><td>\(o.id)</td><td>\(o.type.rawValue)</td><td class=\"n\">\(o.ties)</td><td>\(o.last.day)</td><td>\(people(o.subjects))</td></tr>"
        }
        let groupRows = capped(groups, 15, columns: 6) { g in
            let name: String = g.name ?? g.group ?? "unnamed"
            let contact: String = g.newlyInContact ? "newly in contact with an offender" : ""
            return "<tr><td>\(g.kind)</td><td>\(name)</td><td>\(people(g.members))</td><td>\(people(g.joined))</td><td>\(people(g.offenders))</td><td>\(contact)</td></tr>"
        }
        let linkRows = capped(newLinks, 15, columns: 4) { l in "<tr><td>\(c.link(l.victim, l.victim))</td><td>\(people([l.offender]))</td><td>\(Timestamp(seconds: l.first).day)</td><td class=\"n\">\(l.links.count)</td></tr>" }
        let referredRows = capped(m.referred.filter { c.scope.includes($0.id) }, 30, columns: 5) { s in
            "<tr><td>\(c.link(s.id, s.name))</td><td>\(s.lastReferral)</td><td>\(s.agency)</td><td>\(s.reason ?? "")</td><td class=\"n\">\(s.referrals)</td></tr>"
        }
        let title = m.sitting.map { "\(forum) · \($0.date.day)" } ?? forum
        return (title, """
            <h1>\(forum) <small>\(m.sitting.map { "sitting of \($0.date.day)" } ?? "no sitting yet")</small></h1>
            <p class="sittings">Sittings: \(sittings) \(open)</p>
            <p>Reviewing \(period.description) · <a href="/network?forum=\(HTML.component(forum))">the forum's network</a></p>
            <ol class="agenda">
            <li><section id="carried"><h2>Actions from earlier sittings</h2>
            <table class="actions"><thead><tr><th>id</th><th>about</th><th>owner</th><th>action</th><th>due</th><th>state</th><th>decision</th><th></th></tr></thead><tbody>\(actionRows(m.carried, closable: true))</tbody></table></section></li>
            <li>\(topTable(csc, "Top 8 open to children's social care", "top-csc"))</li>
            <li>\(topTable(notCSC, "Top 8 not open to children's social care", "top-not-csc"))</li>
            <li><section id="missing"><h2>Missing in \(period.description)</h2><table><thead><tr><th>child</th><th>episodes</th><th>hours</th><th></th></tr></thead><tbody>\(missingTable)</tbody></table></section></li>
            <li><section id="places"><h2>Problem places</h2><table><thead><tr><th>place</th><th>children</th><th>month before</th><th>offenders</th><th>child–offender co-locations</th></tr></thead><tbody>\(placeRows)</tbody></table></section></li>
            <li><section id="perpetrators"><h2>Perpetrator update</h2><table><thead><tr><th>offender</th><th>type</th><th>links</th><th>latest</th><th>linked to</th></tr></thead><tbody>\(offenderRows)</tbody></table></section></li>
            <li><section id="emerging"><h2>Emerging groups</h2><table><thead><tr><th>change</th><th>group</th><th>members</th><th>joined</th><th>offenders</th><th></th></tr></thead><tbody>\(groupRows)</tbody></table>
            <h3>Children newly linked to an offender</h3><table><thead><tr><th>child</th><th>offender</th><th>first</th><th>links</th></tr></thead><tbody>\(linkRows)</tbody></table></section></li>
            <li><section id="referred"><h2>Referred to this forum</h2><table><thead><tr><th>subject</th><th>last referral</th><th>by</th><th>reason</th><th>referrals</th></tr></thead><tbody>\(referredRows)</tbody></table></section></li>
            <li><section id="agreed"><h2>Agreed at this sitting</h2>
            <table class="actions"><thead><tr><th>id</th><th>about</th><th>owner</th><th>action</th><th>due</th><th>state</th><th>decision</th><th></th></tr></thead><tbody>\(actionRows(m.agreed, closable: true))</tbody></table>
            \(form)</section></li>
            </ol>
            """)
    }

    // MARK: child

    func child(_ c: PageContext, key: String, _ p: Params) throws -> (String, HTML) {
        guard let id = c.handles.id(key), c.scope.includes(id) else {
            try api.refuseOutside(c.scope, [c.handles.id(key) ?? key], question: "page child", params: "id=\(key.prefix(40))", session: c.session)
            throw Refusal(status: .notFound, message: "No such record in your scope.")
        }
        let a = try c.ask(ShowQuestion(id: id))
        guard let profile = a.profile else { return try group(c, key: id) }
        if profile.entity.kind == .location { return try place(c, a, profile) }
        let e = profile.entity
        let map = try? c.ask(EgoMap(id: id, hops: 1, view: c.view))
        let svg = map.map { HTML(trusted: Self.inlineSVG($0.data)) } ?? "<p>No links to draw.</p>"
        let timeline = Timeline(profile: profile, casework: a.casework).svg()
        let links = profile.links.html { l in
            let g = l.link.grading?.description ?? ""
            return "<tr class=\"evidence\"><td>\(l.link.start.day)</td><td>\(l.link.type.description)</td><td>\(c.scope.shows(l.other) ? c.link(l.other, l.otherName) : "someone outside your scope")</td><td>\(l.otherType.rawValue)</td><td>\(l.link.provenance.source)</td><td>\(l.link.provenance.reference ?? "")</td><td>\(g.isEmpty ? "ungraded" : g)</td></tr>"
        }
        let events = a.casework.html { ev in "<tr><td>\(ev.date.day)</td><td>\(ev.kind)</td><td>\(ev.detail)</td></tr>" }
        let missing = profile.missing.filter { $0.person == id }.html { m in
            "<tr><td>\(m.start.day)</td><td>\(m.end?.day ?? "still missing")</td><td>\(m.provenance.source)</td></tr>"
        }
        let facts = [e.voltType.rawValue, e.ageBand, e.area, a.agencies.isEmpty ? nil : "known to " + a.agencies.joined(separator: ", ")].compactMap { $0 }
        // Records judged to be this child (volt match accept), each as its agency holds it; the
        // names, dates of birth and references only at the names level.
        let names = c.questions.labels == .names
        let records: HTML = a.records.count < 2 ? "" : """
            <section class="records"><h2>One child in \(a.records.count) records</h2><table><thead><tr><th>record</th><th>agency</th>\(HTML(trusted: names ? "<th>name</th><th>date of birth</th><th>references</th>" : ""))</tr></thead><tbody>\(a.records.html { r in
                names ? "<tr><td>\(r.id)</td><td>\(r.source ?? "not recorded")</td><td>\(r.name)</td><td>\(r.dob ?? "")</td><td>\(r.refs.joined(separator: ", "))</td></tr>"
                    : "<tr><td>\(r.id)</td><td>\(r.source ?? "not recorded")</td></tr>"
            })</tbody></table><p class="note">Judged one person with volt match; every view here counts them as one.</p></section>
            """
        return (e.name, """
            <h1>\(e.name) <small>\(facts.joined(separator: " · "))</small></h1>
            \(records)
            <div class="child">
            <section class="timeline-box"><h2>Timeline</h2>\(HTML(trusted: timeline))</section>
            <section class="ego"><h2>Network</h2><div class="network" data-hops="1">\(svg)</div><div id="evidence" class="evidence-panel" aria-live="polite"></div></section>
            </div>
            <section><h2>Links and their evidence</h2><table class="links"><thead><tr><th>from</th><th>link</th><th>with</th><th>type</th><th>source</th><th>reference</th><th>grading</th></tr></thead><tbody>\(links)</tbody></table></section>
            <section><h2>Missing episodes</h2><table><thead><tr><th>from</th><th>to</th><th>source</th></tr></thead><tbody>\(missing)</tbody></table></section>
            <section><h2>Casework</h2><table class="casework"><thead><tr><th>date</th><th>what</th><th>detail</th></tr></thead><tbody>\(events)</tbody></table></section>
            """)
    }

    /// Graphviz's SVG without its XML prologue and doctype, to sit inside a page.
    static func inlineSVG(_ data: Data) -> String {
        let s = String(decoding: data, as: UTF8.self)
        guard let r = s.range(of: "<svg") else { return "" }
        return String(s[r.lowerBound...])
    }

    // MARK: a place as a context

    /// A school, a park, a shop as one page: who was seen there by month, with whom, the
    /// links to it, and who was seen there together (the location map).
    func place(_ c: PageContext, _ a: ShowQuestion.Answer, _ profile: EntityProfile) throws -> (String, HTML) {
        let e = profile.entity
        var byMonth: [String: Set<String>] = [:]
        for s in profile.sightings { byMonth[String(s.time.day.prefix(7)), default: []].insert(s.person) }
        let months = byMonth.keys.sorted().suffix(12)
        let most = months.map { byMonth[$0]!.count }.max() ?? 1
        let bars = months.html { m in
            let n = byMonth[m]!.count
            return "<tr><td>\(m)</td><td class=\"n\">\(n)</td><td><span class=\"bar\">\(String(repeating: "▇", count: max(1, n * 30 / max(most, 1))))</span></td></tr>"
        }
        var seen: [String: Int] = [:]
        for s in profile.sightings { seen[s.person, default: 0] += 1 }
        let people = seen.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.filter { c.scope.shows($0.key) }.prefix(40).html { id, n in
            "<tr><td>\(c.link(id, id))</td><td class=\"n\">\(n)</td></tr>"
        }
        let map = try? c.ask(LocationMap(id: e.id, view: c.view))
        let svg = map.map { HTML(trusted: Self.inlineSVG($0.data)) } ?? "<p>No one seen together here.</p>"
        let events = a.casework.html { ev in "<tr><td>\(ev.date.day)</td><td>\(ev.kind)</td><td>\(ev.detail)</td></tr>" }
        return (e.name, """
            <h1>\(e.name) <small>\([e.category?.rawValue, e.area].compactMap { $0 }.joined(separator: " · "))</small></h1>
            <section><h2>Children and others seen here, by month</h2><table><thead><tr><th>month</th><th>people</th><th></th></tr></thead><tbody>\(bars)</tbody></table></section>
            <section><h2>Seen here most</h2><table><thead><tr><th>who</th><th>sightings</th></tr></thead><tbody>\(people)</tbody></table></section>
            <section><h2>Seen here together</h2><div class="network">\(svg)</div><div id="evidence" class="evidence-panel"></div></section>
            <section><h2>Casework about this place</h2><table><thead><tr><th>date</th><th>what</th><th>detail</th></tr></thead><tbody>\(events)</tbody></table></section>
            """)
    }

    // MARK: group

    func group(_ c: PageContext, key: String) throws -> (String, HTML) {
        let id = c.handles.id(key) ?? key
        let a = try c.ask(ShowQuestion(id: id))
        if let g = a.group {
            // A named group is in a panel's scope when it, or any member, was referred to the forum.
            guard c.scope.includes(id) || a.members.contains(where: c.scope.includes) else {
                try api.refuseOutside(c.scope, [id], question: "page group", params: "id=\(id)", session: c.session)
                throw Refusal(status: .notFound, message: "No such record in your scope.")
            }
            let members = a.members.filter(c.scope.shows).html { m in "<li>\(c.link(m, m))</li>" }
            let events = a.casework.html { ev in "<tr><td>\(ev.date.day)</td><td>\(ev.kind)</td><td>\(ev.detail)</td></tr>" }
            let map = a.members.first(where: c.scope.includes).flatMap { m in try? c.ask(GroupMap(id: m, view: c.view)) }
            let svg = map.map { HTML(trusted: Self.inlineSVG($0.data)) } ?? ""
            return (g.name, """
                <h1>\(g.name) <small>\(g.kind?.rawValue ?? "group") · \(a.members.count) members today</small></h1>
                <section><h2>Members</h2><ul class="members">\(members)</ul></section>
                <section><h2>Its peer group in the network</h2><div class="network">\(svg)</div><div id="evidence" class="evidence-panel"></div></section>
                <section><h2>Over time</h2><table><thead><tr><th>date</th><th>what</th><th>detail</th></tr></thead><tbody>\(events)</tbody></table></section>
                """)
        }
        throw Refusal(status: .notFound, message: "No such group in your scope.")
    }

    // MARK: network and places

    func network(_ c: PageContext, _ p: Params) throws -> (String, HTML) {
        let map: RenderedMap
        var heading = "Network"
        if let focus = p["focus"] {
            guard let id = c.handles.id(focus), c.scope.includes(id) else {
                try api.refuseOutside(c.scope, [c.handles.id(focus) ?? focus], question: "page network", params: "focus=\(focus.prefix(40))", session: c.session)
                throw Refusal(status: .notFound, message: "No such record in your scope.")
            }
            map = try c.ask(EgoMap(id: id, hops: min(max(try p.int("hops") ?? 2, 1), c.scope.subjects == nil ? 4 : 1), view: c.view))
            heading = "Network around \(id)"
        } else if let forum = p["forum"] ?? (c.scope.forums.count == 1 ? c.scope.forums.first : nil) {
            guard c.scope.attends(forum) else { throw Refusal(status: .notFound, message: "No such forum in your scope.") }
            var v = c.view
            v.engine = .sfdp
            map = try c.ask(ForumMap(forum: forum, view: v))
            heading = "Network of \(forum)"
        } else if c.scope.subjects == nil {
            var v = c.view
            v.engine = .sfdp
            map = try c.ask(OverviewMap(view: v))
            heading = "Overview"
        } else {
            let list = c.scope.forums.html { f in "<li><a href=\"/network?forum=\(HTML.component(f))\">\(f)</a></li>" }
            return ("Network", "<h1>Network</h1><p>Choose a forum:</p><ul>\(list)</ul>")
        }
        return (heading, """
            <h1>\(heading) <small>\(map.nodes) nodes, \(map.edges) lines</small></h1>
            <div class="controls" id="controls">
            <label>Find <input id="find" type="search" placeholder="\(c.session.labels == .names ? "name or id" : "initials")"></label>
            <label>From <input id="from" type="range" min="0" max="0" value="0"></label>
            <label>To <input id="to" type="range" min="0" max="0" value="0"></label>
            <output id="window"></output>
            <label><input type="checkbox" class="grade" value="strong" checked> strong</label>
            <label><input type="checkbox" class="grade" value="middling" checked> middling</label>
            <label><input type="checkbox" class="grade" value="weak" checked> weak</label>
            <span class="legend-toggles"><label><input type="checkbox" class="vtype" value="victim" checked> victims</label>
            <label><input type="checkbox" class="vtype" value="offender" checked> offenders</label>
            <label><input type="checkbox" class="vtype" value="victim+offender" checked> victim and offender</label>
            <label><input type="checkbox" class="vtype" value="person" checked> others</label></span>
            <output id="shown"></output> <button id="zoom" type="button">Full size</button>
            </div>
            <div class="network-page"><div class="network fit" id="network">\(HTML(trusted: Self.inlineSVG(map.data)))</div>
            <aside id="evidence" class="evidence-panel" aria-live="polite"><p>Click a node for its evidence.</p></aside></div>
            """)
    }

    func places(_ c: PageContext, _ p: Params) throws -> (String, HTML) {
        let period: Month
        if let text = p["period"] {
            guard let m = Month(parsing: text) else { throw Refusal(status: .badRequest, message: "The period is a month, like 2026-10.") }
            period = m
        } else {
            let latest = try api.store.readForRelabelling { r in try r.latestLinkStart() } ?? .now
            period = Month(containing: latest)
        }
        var q = HotspotsQuestion(period: period.window)
        q.top = 0
        if c.session.user.role == .strategic { q.by = .area }
        let a = try c.ask(q)
        let plane = Plane(rows: a.rows, showPrivate: c.session.labels == .names).svg()
        // Strategic users see areas, with counts under 5 suppressed.
        func count(_ n: Int) -> String { c.session.user.role == .strategic && n > 0 && n < 5 ? "<5" : String(n) }
        let rows = a.rows.html { r in
            let trend = r.current.victims - r.previous.victims
            return "<tr><td>\(r.name)</td><td class=\"n\">\(count(r.current.victims))</td><td class=\"n\">\(count(r.previous.victims))</td><td class=\"trend\">\(trend > 0 ? "▲ \(trend)" : trend < 0 ? "▼ \(-trend)" : "=")</td><td class=\"n\">\(count(r.current.offenders))</td></tr>"
        }
        let prev = Month(containing: Timestamp(seconds: period.start.seconds - 1)), next = Month(containing: Timestamp(seconds: period.end.seconds + 1))
        return ("Places", """
            <h1>Places <small>\(period.description)</small></h1>
            <p><a href="/places?period=\(prev.description)">◀ \(prev.description)</a> · <a href="/places?period=\(next.description)">\(next.description) ▶</a></p>
            <div class="places">\(c.session.user.role == .strategic ? "" : HTML(trusted: plane))
            <table><thead><tr><th>\(c.session.user.role == .strategic ? "area" : "place")</th><th>children</th><th>month before</th><th>trend</th><th>offenders</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """)
    }
}
