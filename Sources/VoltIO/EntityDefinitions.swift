/// Where an import defined each entity (its file's index and line, packed `file << 32 | line`),
/// to name the first definition of an id given twice.
///
/// Kept by the number the store gave the entity, not by its id: the writer already finds each
/// id's number, and a second table of a million ids (a hash table of 64 MB at XL) cost as much
/// again in page faults and lookups. New entities are numbered one after another from
/// `heldBefore + 1`, so their places are an array; entities held before the import, and ids
/// the store does not number (those an import failed to define, or did not write because it
/// was already failing), are kept in dictionaries.
struct EntityDefinitions {
    /// The highest entity number held before the import.
    let heldBefore: Int64
    /// The places of entities `heldBefore + 1`, `heldBefore + 2`, ... in turn.
    private var new: [Int64] = []
    /// By number: entities held before the import, or numbered out of turn.
    private var numbered: [Int64: Int64] = [:]
    /// By id: definitions the store holds no number for.
    private var unnumbered: [String: Int64] = [:]

    init(heldBefore: Int64) {
        self.heldBefore = heldBefore
    }

    /// Where this import first defined `id`, which the store numbers `number` (nil or -1:
    /// not numbered), or nil when it has not.
    func first(of id: String, number: Int64?) -> Int64? {
        if let number, number > 0 {
            let i = number - heldBefore - 1
            if i >= 0 && i < new.count { return new[Int(i)] }
            if let place = numbered[number] { return place }
        }
        return unnumbered.isEmpty ? nil : unnumbered[id]
    }

    /// Notes that entity `number` (written by this import) was defined at `place`.
    mutating func note(number: Int64, at place: Int64) {
        if number == heldBefore + 1 + Int64(new.count) {
            new.append(place)
        } else {
            numbered[number] = place
        }
    }

    /// Notes that `id` was defined at `place` without being written.
    mutating func note(unwritten id: String, at place: Int64) {
        unnumbered[id] = place
    }

    /// Makes room for `count` more new entities.
    mutating func reserve(_ count: Int) {
        new.reserveCapacity(new.count + count)
    }
}
