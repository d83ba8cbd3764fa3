/// The workspace's own style sheet and script (no third-party code): served from
/// /assets/, the only places the content security policy lets a page load them from.
enum Assets {
    static let css = #"""
    :root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0; --accent: #0b5cad; --warn: #b00020; --ok: #2e7d32; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.45 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #fafafa; }
    header { display: flex; gap: 1.2rem; align-items: center; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    header .brand { font-weight: bold; font-size: 1.2rem; color: var(--accent); }
    header nav a { margin-right: .8rem; color: var(--ink); text-decoration: none; }
    header nav a[aria-current] { border-bottom: 3px solid var(--accent); }
    header .search { margin-left: auto; }
    header .who { color: var(--muted); margin-right: .5rem; }
    main { padding: 1rem 1.5rem; max-width: 1400px; }
    footer { padding: .5rem 1.5rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
    h1 small { font-weight: normal; color: var(--muted); font-size: .9rem; margin-left: .5rem; }
    h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
    table { border-collapse: collapse; margin: .3rem 0 1rem; background: #fff; }
    th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
    th { background: #f0f0f0; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    tr.state-overdue .state { color: var(--warn); font-weight: bold; }
    tr.state-done .state { color: var(--ok); }
    .refusal { color: var(--warn); font-weight: bold; }
    ol.agenda > li { margin-bottom: .5rem; }
    ol.agenda > li::marker { font-weight: bold; }
    form.inline { display: inline; }
    form.record { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; background: #fff; padding: .6rem; border: 1px solid var(--line); }
    form.record label { display: flex; flex-direction: column; font-size: .85rem; }
    form.record label.wide { flex: 1 1 20rem; }
    button { font: inherit; padding: .2rem .7rem; }
    .child { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; }
    .network svg { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
    #network { overflow: auto; max-height: 78vh; background: #fff; border: 1px solid var(--line); }
    #network svg { max-width: none; border: 0; }
    #network.fit svg { max-width: 100%; height: auto; }
    .network-page { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 1fr); gap: 1rem; }
    .evidence-panel { background: #fff; border: 1px solid var(--line); padding: .5rem; font-size: .9rem; max-height: 70vh; overflow: auto; }
    .controls { display: flex; flex-wrap: wrap; gap: .8rem; align-items: center; margin-bottom: .5rem; }
    .network g.node { cursor: pointer; }
    .network g.hidden { display: none; }
    .network g.dim { opacity: .25; }
    .network g.found polygon, .network g.found ellipse, .network g.found path { stroke: #000; stroke-width: 4; }
    .network g.selected ellipse, .network g.selected polygon { stroke: var(--accent); stroke-width: 4; }
    svg.timeline { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
    svg.timeline line.month { stroke: #eee; }
    svg.timeline line.lane { stroke: #bbb; }
    svg.timeline line.span { stroke: #888; stroke-width: 3; }
    svg.timeline text { font-size: 11px; fill: var(--muted); }
    svg.timeline .link { fill: #999; stroke: #333; }
    svg.timeline .vt-offender { fill: #D55E00; stroke: #D55E00; }
    svg.timeline .vt-victim { fill: #56B4E9; }
    svg.timeline .vt-victim\+offender { fill: #CC79A7; }
    svg.timeline .sighting { fill: #009E73; }
    svg.timeline .missing { fill: var(--warn); opacity: .8; }
    svg.timeline .missing.open { fill: none; stroke: var(--warn); stroke-width: 2; stroke-dasharray: 4 2; }
    svg.timeline path.mark { fill: #F0E442; stroke: #555; }
    svg.timeline path.case-referral { fill: var(--accent); }
    svg.timeline path.case-action { fill: #E69F00; }
    svg.timeline path.case-outcome { fill: #000; }
    svg.plane { width: 100%; max-width: 640px; height: auto; }
    svg.plane .ground { fill: #f4f6f2; stroke: var(--line); }
    svg.plane .place { fill: #009E73; fill-opacity: .55; stroke: #004d38; }
    svg.plane .place.rising { fill: var(--warn); stroke: #600; }
    svg.plane .place.falling { fill: #56B4E9; }
    svg.plane .place-label { font-size: 11px; }
    .places { display: flex; flex-wrap: wrap; gap: 1rem; align-items: start; }
    body.signin main { max-width: 32rem; margin: 3rem auto; background: #fff; border: 1px solid var(--line); padding: 1.5rem; }
    body.signin label { display: block; margin: .6rem 0; }
    body.signin input { display: block; width: 100%; font: inherit; padding: .3rem; }
    @media print { header, footer, .controls, form { display: none; } }
    """#

    static let script = #"""
    "use strict";
    // volt workspace: filters on a network drawn by the server (Graphviz SVG with classes
    // vt-TYPE h-HANDLE on nodes and tie g-GRADING m-YYYY-MM on lines), and evidence on click.
    (function () {
      const svg = document.querySelector(".network svg");
      if (!svg) return;
      const csrf = document.body.dataset.csrf;
      const nodes = Array.from(svg.querySelectorAll("g.node"));
      const ties = Array.from(svg.querySelectorAll("g.edge"));
      const keyOf = (g) => { const t = g.querySelector("title"); return t ? t.textContent : ""; };
      const nodeByKey = new Map(nodes.map((g) => [keyOf(g), g]));
      const ends = (g) => keyOf(g).split(/->|--/);
      const classValue = (g, prefix) => Array.from(g.classList).filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
      const months = Array.from(new Set(ties.flatMap((g) => classValue(g, "m-")))).sort();
      const from = document.getElementById("from"), to = document.getElementById("to");
      const windowOut = document.getElementById("window"), shownOut = document.getElementById("shown");
      if (from && to) {
        from.max = to.max = String(Math.max(months.length - 1, 0));
        to.value = to.max;
      }
      function apply() {
        const grades = new Set(Array.from(document.querySelectorAll("input.grade:checked")).map((i) => i.value));
        const types = new Set(Array.from(document.querySelectorAll("input.vtype:checked")).map((i) => i.value));
        const lo = from ? months[Math.min(+from.value, +to.value)] : undefined;
        const hi = to ? months[Math.max(+from.value, +to.value)] : undefined;
        if (windowOut) windowOut.textContent = months.length ? lo + " to " + hi : "no dated links";
        const hiddenNodes = new Set();
        for (const g of nodes) {
          const t = classValue(g, "vt-")[0];
          const hide = t !== undefined && document.querySelector("input.vtype") && !types.has(t === "location" || t === "theme" ? "person" : t);
          g.classList.toggle("hidden", !!hide);
          if (hide) hiddenNodes.add(keyOf(g));
        }
        let shown = 0, timed = 0;
        for (const g of ties) {
          const m = classValue(g, "m-");
          const grade = classValue(g, "g-")[0];
          const isTie = g.classList.contains("tie");
          if (isTie) timed++;
          const inWindow = !isTie || lo === undefined || m.some((x) => x >= lo && x <= hi);
          const graded = !isTie || grade === undefined || !document.querySelector("input.grade") || grades.has(grade);
          const [a, b] = ends(g);
          const hide = !inWindow || !graded || hiddenNodes.has(a) || hiddenNodes.has(b);
          g.classList.toggle("hidden", hide);
          if (isTie && !hide) shown++;
        }
        if (shownOut) shownOut.textContent = shown + " of " + timed + " links shown";
        svg.dataset.shown = String(shown);
      }
      document.querySelectorAll("#controls input[type=range], #controls input[type=checkbox]").forEach((i) => i.addEventListener("input", apply));
      const find = document.getElementById("find");
      if (find) find.addEventListener("input", () => {
        const q = find.value.trim().toLowerCase();
        for (const g of nodes) {
          const text = Array.from(g.querySelectorAll("text")).map((t) => t.textContent).join(" ").toLowerCase();
          const hit = q !== "" && text.includes(q);
          g.classList.toggle("found", hit);
          g.classList.toggle("dim", q !== "" && !hit);
        }
      });
      const panel = document.getElementById("evidence");
      function show(text, cls) {
        const p = document.createElement("p");
        p.textContent = text;
        if (cls) p.className = cls;
        panel.appendChild(p);
      }
      async function evidence(g) {
        const handle = classValue(g, "h-")[0];
        if (!handle || !panel) return;
        nodes.forEach((n) => n.classList.remove("selected"));
        g.classList.add("selected");
        panel.replaceChildren();
        const r = await fetch("/api/v1/show?id=" + encodeURIComponent(handle), { headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
        if (r.status === 404) { show("Outside your scope: only its links with your forum's children are on their pages.", "refusal"); return; }
        if (!r.ok) { show("Could not load: " + r.status, "refusal"); return; }
        const body = await r.json();
        const a = body.results[0] || {};
        const e = a.entity || {};
        const h = document.createElement("h3");
        h.textContent = (e.name || "") + (e.area ? " · " + e.area : "");
        panel.appendChild(h);
        const open = document.createElement("a");
        open.href = "/child/" + encodeURIComponent(handle);
        open.textContent = "Open the page";
        const more = document.createElement("a");
        more.href = "/network?focus=" + encodeURIComponent(handle) + "&hops=1";
        more.textContent = "Expand its neighbours";
        const nav = document.createElement("p");
        nav.append(open, " · ", more);
        panel.appendChild(nav);
        const list = document.createElement("ul");
        list.className = "evidence-list";
        for (const l of (a.links || []).slice(0, 40)) {
          const li = document.createElement("li");
          const k = l.link || {};
          li.textContent = (k.start || "").slice(0, 10) + " " + (k.type || "") + " with " + (l.otherName || "") + " (" + (k.source || "") + (k.grading ? ", " + k.grading : "") + ")";
          list.appendChild(li);
        }
        panel.appendChild(list);
        if ((a.links || []).length > 40) show("and " + (a.links.length - 40) + " more on the page");
      }
      for (const g of nodes) g.addEventListener("click", () => evidence(g));
      const zoom = document.getElementById("zoom"), box = document.getElementById("network");
      if (zoom && box) zoom.addEventListener("click", () => {
        box.classList.toggle("fit");
        zoom.textContent = box.classList.contains("fit") ? "Full size" : "Fit to width";
      });
      apply();
    })();
    """#
}
