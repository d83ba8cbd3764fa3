import VoltGraph
import VoltModel

/// Rewrites a command's printed output at a label level: every person's name and id becomes
/// their label (initials, or a pseudonym), a private place's name and id its pseudonym, and
/// dates of birth and agency references are blanked. It works on the text a command would
/// print (tables, CSV, JSON alike), so no output path can forget it.
public struct Redactor: Sendable {
    /// What is replaced, longest first (a name before a shorter name inside it).
    private let names: [(text: String, label: String)]
    /// Whole tokens replaced: ids, references, dates of birth.
    private let tokens: [String: String]

    /// The people and places of `entities` at `labeller`'s level; `references` and `datesOfBirth`
    /// are blanked wherever they appear as a whole token.
    public init?(_ labeller: Labeller, entities e: EntityTable, references: Set<String>, datesOfBirth: Set<String>) {
        guard labeller.level != .names else { return nil }
        let hidden = e.ids.indices.filter { !labeller.showsName(of: $0, in: e) }
        let labels = labeller.labels(for: hidden, in: e)
        var names: [(String, String)] = [], tokens: [String: String] = [:]
        for (k, i) in hidden.enumerated() {
            let label = labels[k].label
            if e.names[i].count >= 3 { names.append((e.names[i], label)) }
            tokens[e.ids[i]] = label
        }
        for r in references where r.count >= 3 { tokens[r] = "[ref]" }
        for d in datesOfBirth { tokens[d] = "[date of birth]" }
        self.names = names.sorted { $0.0.count > $1.0.count }
        self.tokens = tokens
    }

    /// `text` with every name, id, reference and date of birth replaced.
    public func redact(_ text: String) -> String {
        var out = text
        for (name, label) in names where out.contains(name) { out = out.replacingOccurrences(of: name, with: label) }
        // Tokens: runs of letters, digits and - _ : . / (an id, a reference, a date) between anything else.
        var result = ""
        result.reserveCapacity(out.utf8.count)
        var token = ""
        func flush() {
            if !token.isEmpty {
                // A token may end in punctuation that is not part of it ("Y012." or "Y012:").
                var core = Substring(token), tail = Substring("")
                while let last = core.last, last == "." || last == ":" { tail = String(last) + tail; core = core.dropLast() }
                result += tokens[String(core)].map { $0 + tail } ?? token
                token = ""
            }
        }
        for ch in out {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" || ch == ":" || ch == "." || ch == "/" {
                token.append(ch)
            } else {
                flush()
                result.append(ch)
            }
        }
        flush()
        return result
    }
}
