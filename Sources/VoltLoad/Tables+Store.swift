import VoltGraph
import VoltModel
import VoltStore

extension EntityTable {
    /// Reads every entity of the store.
    public init(_ reader: StoreReader) throws {
        let nodes = try reader.entityNodes()
        self.init(ids: nodes.map(\.id), names: nodes.map(\.name), types: nodes.map(\.type),
                  categories: nodes.map(\.category), areas: nodes.map(\.area), storeNumbers: nodes.map(\.n),
                  aliases: try reader.entityAliases().map { (number: $0.n, id: $0.id, canonical: $0.canonical) })
    }
}

extension SightingTable {
    /// The sightings active at some moment of `window`.
    public init(_ reader: StoreReader, entities: EntityTable, window: TimeWindow = .all) throws {
        var p: [Int32] = [], l: [Int32] = [], s: [Int64] = [], e: [Int64] = [], r: [Int64] = []
        try reader.forEachSightingRow(in: window) { x in
            p.append(entities.index(number: x.person))
            l.append(entities.index(number: x.location))
            s.append(x.start)
            e.append(x.end)
            r.append(x.n)
        }
        // The store reads them in (location number, time, person number) order; entity indexes
        // keep store order, so that is already (place, start, person).
        self.init(storeOrder: p, place: l, start: s, end: e, row: r)
    }
}

extension MissingTable {
    /// Every missing episode of the store.
    public init(_ reader: StoreReader, entities: EntityTable) throws {
        var p: [Int32] = [], s: [Int64] = [], e: [Int64] = [], f: [Int32] = [], r: [Int64] = []
        try reader.forEachMissingRow { x in
            p.append(entities.index(number: x.person))
            s.append(x.start)
            e.append(x.end)
            f.append(x.foundAt.map { entities.index(number: $0) } ?? -1)
            r.append(x.n)
        }
        self.init(storeOrder: p, start: s, end: e, foundAt: f, row: r)
    }
}

extension TimedLinkTable {
    /// The links a selection takes.
    public init(_ reader: StoreReader, entities: EntityTable, selection: LinkSelection = LinkSelection()) throws {
        var s: [Int32] = [], d: [Int32] = [], t: [UInt16] = [], a: [Int64] = [], b: [Int64] = [], r: [Int64] = []
        var gs: [UInt8] = [], gi: [UInt8] = []
        var names: [String] = [], code: [String: UInt16] = [:]
        try reader.forEachTimedLink(selection) { l in
            gs.append(l.gradeSource)
            gi.append(l.gradeIntelligence)
            s.append(entities.index(number: l.src))
            d.append(entities.index(number: l.dst))
            if let c = code[l.type] { t.append(c) } else {
                code[l.type] = UInt16(names.count)
                t.append(UInt16(names.count))
                names.append(l.type)
            }
            a.append(l.start)
            b.append(l.end)
            r.append(l.n)
        }
        self.init(storeOrder: s, dst: d, type: t, typeNames: names, start: a, end: b, row: r, gradeSource: gs, gradeIntelligence: gi)
    }
}
