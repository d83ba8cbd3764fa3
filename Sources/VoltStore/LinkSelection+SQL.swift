import VoltModel

extension LinkSelection {
    /// The WHERE clause over the `link` table, the same rule as `admits` (VoltModel), with its
    /// bound arguments (no value is ever
    /// written into the SQL text). An open end is stored as `Int64.max`.
    public var sql: (clause: String, arguments: [any Sendable]) {
        var conditions: [String] = []
        var args: [any Sendable] = []
        if let f = window.from { conditions.append("end_time >= ?"); args.append(f.seconds) }
        if let t = window.to { conditions.append("start_time <= ?"); args.append(t.seconds) }
        if let types {
            conditions.append("type IN (\(types.map { _ in "?" }.joined(separator: ",")))")
            args.append(contentsOf: types.map(\.rawValue).sorted() as [any Sendable])
        }
        if let g = minimumGrading {
            conditions.append("grade_source <= ? AND grade_intel <= ?")
            args.append(Int64(g.source))
            args.append(String(g.intelligence))
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), args)
    }

    /// An SQL expression that is 1 for directed link types, from `LinkType.isDirected`.
    static var directedSQL: String {
        "type IN (" + LinkType.known.filter(\.isDirected).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }
}
