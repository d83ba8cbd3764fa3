import Foundation
import VoltModel
import VoltSample

/// Writes `records` person records (originals and other agencies' messy copies of a fifth of
/// them) as entities.csv, with truth.json listing which records are one person: the input of
/// `make bench-match`, for volt and recordlinkage alike.
func generatePeople(_ records: Int, seed: UInt64, into dir: String) {
    // A fifth of people have a copy, 15% of those two: 1.23 records per person.
    let rate = 0.2
    let people = max(10, Int((Double(records) / (1 + rate * 1.15)).rounded()))
    let (entities, truth) = AgencyRecords.population(people: people, rate: rate, seed: seed)
    var area = SampleArea()
    area.entities = entities
    area.truth.duplicates = truth
    do {
        try area.write(to: dir)
    } catch {
        say("volt-bench generate-people: \(error)")
        exit(1)
    }
    say("wrote \(entities.count) person records (\(people) people, \(truth.count) with more than one record) to \(dir)")
}
