// Kernels at county scale and beyond (not a test: timings never are). Release build only:
//   make bench / make bench-quick    the side-by-side suite (Benchmarks/bench.py drives this)
//   volt-bench generate SIZE DIR     write a seeded benchmark area (S, M, ML, L, XL)
//   volt-bench kernels DIR [RUNS] [KERNELS]   time volt's kernels on DIR's graph, JSON lines
//   volt-bench snapshot DB [RUNS]    time building the analysis snapshot from a store, records
//                                    apart and as canonical persons, in turn
//   volt-bench accept-pairs DB N     accept N pairs of person records (for snapshot to map)
//   volt-bench colocation SIGHTINGS  the co-location sweep alone
//   volt-bench writers DB [RUNS]     volt's JSON and CSV writers beside JSONEncoder, JSONSerialization, CSV.swift
//   volt-bench import-floor DIR [RUNS]  SQLite's own rate for DIR's entities and links (make bench-import)
//   volt-bench maps                  Graphviz rendering
//   volt-bench generate-people RECORDS SEED DIR   person records with messy duplicates (make bench-match)
import Foundation

/// Prints a line straight away (print buffers when the output is a file).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func seconds(_ body: () -> Void) -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

let args = CommandLine.arguments
let usage = "usage: volt-bench generate SIZE DIR | kernels DIR [RUNS] [KERNEL,...] | snapshot DB [RUNS] | accept-pairs DB N | colocation [SIGHTINGS] | import-floor DIR [RUNS] | writers DB [RUNS] | maps | generate-people RECORDS SEED DIR"
switch args.count >= 2 ? args[1] : "" {
case "maps": benchmarkMaps()
case "colocation": benchmarkColocation(args.count > 2 ? Int(args[2])! : 10_000_000)
case "generate" where args.count == 4: generate(args[2], into: args[3])
case "generate-people" where args.count == 5: generatePeople(Int(args[2])!, seed: UInt64(args[3])!, into: args[4])
case "kernels" where args.count >= 3:
    runKernels(args[2], runs: args.count > 3 ? Int(args[3])! : 5,
               only: args.count > 4 ? Set(args[4].split(separator: ",").map(String.init)) : nil)
case "accept-pairs" where args.count == 4: acceptPairs(args[2], count: Int(args[3])!)
case "writers" where args.count >= 3: benchmarkWriters(args[2], runs: args.count > 3 ? Int(args[3])! : 5)
case "import-floor" where args.count >= 3: benchmarkImportFloor(args[2], runs: args.count > 3 ? Int(args[3])! : 5)
case "snapshot" where args.count >= 3: benchmarkSnapshot(args[2], runs: args.count > 3 ? Int(args[3])! : 5)
default:
    say(usage)
    exit(2)
}
