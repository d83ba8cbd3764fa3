import VoltGraph
import VoltModel

/// Rewrites a command's printed output at a label level: every person's name and id becomes
/// their label (initials, or a pseudonym), a private place's name and id its pseudonym, and
/// dates of birth and agency references are blanked. It works on the text a command would
/// print (tables, CSV, JSON alike), so no output path can forget it.
public struct Redactor: Sendable {
    /// Names by their first word, each list longest first (a name before a shorter one it starts).
    private let names: [Substring: [(words: [Substring], label: String)]]
    /// Whole tokens replaced: ids, references, dates of birth.
    private let tokens: [String: String]

    /// The people and places of `entities` at `labeller`'s level; `references` and `datesOfBirth`
    /// are blanked wherever they appear as a whole token.
    public init?(_ labeller: Labeller, entities e: EntityTable, references: Set<String>, datesOfBirth: Set<String>) {
        guard labeller.level != .names else { return nil }
        let hidden = e.ids.indices.filter { !labeller.showsName(of: $0, in: e) }
        let labels = labeller.labels(for: hidden, in: e)
        var names: [Substring: [(words: [Substring], label: String)]] = [:], tokens: [String: String] = [:]
        for (k, i) in hidden.enumerated() {
            let label = labels[k].label
            let words = Self.words(e.names[i])
            if let first = words.first, e.names[i].count >= 3 { names[first, default: []].append((words, label)) }
            tokens[e.ids[i]] = label
        }
        for r in references where r.count >= 3 { tokens[r] = "[ref]" }
        for d in datesOfBirth { tokens[d] = "[date of birth]" }
        self.names = names.mapValues { $0.sorted { $0.words.count > $1.words.count } }
        self.tokens = tokens
    }

    /// What a token is made of: letters, digits and - _ : . / (an id, a reference, a date).
    private static func isTokenCharacter(_ ch: Character) -> Bool {
        ch.isLetter || ch.isNumber || ch == "-" || ch == "_" || ch == ":" || ch == "." || ch == "/" || ch == "'"
    }

    /// The tokens of a text, in order (what a name is matched by, word by word).
    private static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { !isTokenCharacter($0) })
    }

    /// `text` with every name, id, reference and date of birth replaced, in one pass over its
    /// tokens: a name is matched word by word from its first word, so the cost does not grow
    /// with the number of people.
    public func redact(_ text: String) -> String {
        // The text as tokens and the separators between them.
        var pieces: [(token: Substring, before: Substring)] = []
        var i = text.startIndex, sepStart = text.startIndex
        while i < text.endIndex {
            guard Self.isTokenCharacter(text[i]) else { i = text.index(after: i); continue }
            var j = i
            while j < text.endIndex && Self.isTokenCharacter(text[j]) { j = text.index(after: j) }
            pieces.append((text[i..<j], text[sepStart..<i]))
            sepStart = j
            i = j
        }
        let tail = text[sepStart...]
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var k = 0
        while k < pieces.count {
            out += pieces[k].before
            // A name: its words in a row, separated by single spaces; the last may carry the
            // sentence's punctuation ("… with Theo Umberfield." or "Theo Umberfield: …").
            let first = pieces[k].token
            if let candidates = names[first] ?? names[Self.core(first)],
               let hit = candidates.first(where: { c in
                   k + c.words.count <= pieces.count && (0..<c.words.count).allSatisfy { w in
                       let t = pieces[k + w].token
                       return (t == c.words[w] || (w == c.words.count - 1 && Self.core(t) == c.words[w])) && (w == 0 || pieces[k + w].before == " ")
                   }
               }) {
                let last = pieces[k + hit.words.count - 1].token
                out += hit.label + last[Self.core(last).endIndex...]
                k += hit.words.count
                continue
            }
            out += replaced(pieces[k].token)
            k += 1
        }
        return out + tail
    }

    /// A token's replacement; punctuation at its end ("Y012." or "Y012:") is kept.
    private func replaced(_ token: Substring) -> String {
        let core = Self.core(token)
        guard let r = tokens[String(core)] else { return String(token) }
        return r + token[core.endIndex...]
    }

    /// A token without the punctuation a sentence puts at its end (and a possessive 's).
    private static func core(_ token: Substring) -> Substring {
        var core = token
        while true {
            if let last = core.last, last == "." || last == ":" || last == "'" {
                core = core.dropLast()
            } else if core.hasSuffix("'s") {
                core = core.dropLast(2)
            } else {
                return core
            }
        }
    }
}
