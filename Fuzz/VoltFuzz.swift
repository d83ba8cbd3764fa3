// The fuzz targets of `make fuzz`: the CSV parser, the record decoder, the JSON Lines reader and
// the XML chart reader, each through `InputProbe`, which also checks what must hold for any
// input (every problem has a line and a short reason). Built with `-sanitize=fuzzer -DFUZZING`
// this is a libFuzzer binary (`volt-fuzz TARGET [libFuzzer flags] CORPUS`); built plainly it
// replays inputs (`volt-fuzz TARGET FILE|FOLDER...`), which is how the kept crashes are rerun.
import Foundation
import VoltIO
import VoltInterop

enum Target: String, CaseIterable {
    case csv, decoder, jsonl, xml
}

nonisolated(unsafe) var target = Target.csv
nonisolated(unsafe) var scratch = ""

/// Runs one input; a broken rule aborts, so libFuzzer keeps the input as a crash.
func runOne(_ bytes: UnsafeRawBufferPointer) {
    if target == .decoder {
        // The first byte picks the kind; the rest are cells separated by 0x1F.
        let kinds = RecordKind.allCases
        let kind = kinds[Int(bytes.first ?? 0) % kinds.count]
        let cells = bytes.dropFirst().split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        check { () throws(InputProbe.Violation) in _ = try InputProbe.decode(kind: kind, cells: cells) }
        return
    }
    let isANX = target == .xml && bytes.firstRange(of: Array("<Chart".utf8)) != nil
    let path = scratch + (target == .xml ? (isANX ? ".anx" : ".graphml") : "." + target.rawValue)
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
    runOne(path: path)
}

/// Runs one input file of a file target (csv, jsonl, xml) in place.
func runOne(path: String) {
    check { () throws(InputProbe.Violation) in
        switch target {
        case .csv: _ = try InputProbe.csv(path: path)
        case .jsonl: _ = try InputProbe.jsonLines(path: path)
        case .xml: _ = try ChartProbe.chart(path: path)
        case .decoder: break
        }
    }
}

func check(_ body: () throws(InputProbe.Violation) -> Void) {
    do { try body() } catch {
        FileHandle.standardError.write(Data("volt-fuzz \(target.rawValue): \(error.description)\n".utf8))
        abort()
    }
}

/// What libFuzzer's own main calls when it is the entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    runOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif

@main struct VoltFuzz {
    static func main() {
        let args = CommandLine.arguments
        guard args.count >= 2, let t = Target(rawValue: args[1]) else {
            FileHandle.standardError.write(Data("usage: volt-fuzz \(Target.allCases.map(\.rawValue).joined(separator: "|")) [libFuzzer flags] CORPUS... | FILE...\n".utf8))
            exit(2)
        }
        target = t
        scratch = NSTemporaryDirectory() + "volt-fuzz-\(getpid())"
        defer { for ext in ["csv", "jsonl", "graphml", "anx"] { unlink(scratch + "." + ext) } }
        #if FUZZING
        // libFuzzer reads its flags from argv: hand it everything after the target's name.
        var cArgs: [UnsafeMutablePointer<CChar>?] = ([args[0]] + args.dropFirst(2)).map { strdup($0) } + [nil]
        var argc = Int32(cArgs.count - 1)
        let status = cArgs.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput)
        }
        exit(status)
        #else
        var count = 0
        for arg in args.dropFirst(2) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: arg, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("volt-fuzz: \(arg) does not exist\n".utf8))
                exit(2)
            }
            let files = isFolder.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: arg)) ?? []).sorted().map { arg + "/" + $0 } : [arg]
            for f in files {
                // A file target reads the file where it is (memory does not grow with its size).
                if target != .decoder {
                    runOne(path: f)
                } else {
                    guard let data = FileManager.default.contents(atPath: f) else { continue }
                    data.withUnsafeBytes { runOne($0) }
                }
                count += 1
            }
        }
        print("volt-fuzz \(target.rawValue): \(count) input\(count == 1 ? "" : "s") replayed, no rule broken")
        #endif
    }
}
