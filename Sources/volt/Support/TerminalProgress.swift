import Foundation
import VoltModel

/// Progress on standard error, only when it is a terminal: one line, redrawn in place four
/// times a second, with the stage, the count and an estimate of the time left; nothing for a
/// command that ends within half a second, and the line is cleared before the command's own
/// output ends. Pipes and CI see nothing (`guarded` listens only when stderr is a terminal).
final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var stage = "", done = 0, total = 0
    private var stageStart = DispatchTime.now().uptimeNanoseconds
    private let start = DispatchTime.now().uptimeNanoseconds
    private var drawn = false
    private var timer: DispatchSourceTimer?

    /// Starts the redraws.
    init() {
        let t = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        t.schedule(deadline: .now() + 0.5, repeating: 0.25)
        t.setEventHandler { [weak self] in self?.draw() }
        t.resume()
        timer = t
    }

    /// The sink the layers below report to.
    var sink: WorkProgress.Sink {
        { [self] stage, done, total in
            lock.lock()
            if stage.isEmpty && drawn {
                FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
                drawn = false
            }
            if stage != self.stage { self.stage = stage; stageStart = DispatchTime.now().uptimeNanoseconds }
            self.done = done
            self.total = total
            lock.unlock()
        }
    }

    /// Stops the redraws and clears the line.
    func finish() {
        timer?.cancel()
        lock.lock()
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
        lock.unlock()
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard !stage.isEmpty else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let inStage = Double(now - stageStart) / 1e9
        var line = stage
        if total > 0 {
            line += ": \(done) of \(total) (\(done * 100 / max(1, total))%)"
            if done > 0 && inStage > 1 {
                let left = inStage * Double(total - done) / Double(done)
                line += ", about \(Self.duration(left)) left"
            }
        } else {
            line += (done > 0 ? ": \(done)" : "") + "... \(Self.duration(Double(now - start) / 1e9))"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// "4 s", "2 min 10 s".
    static func duration(_ s: Double) -> String {
        let n = Int(s.rounded())
        return s < 0.5 ? "under a second" : n < 60 ? "\(n) s" : "\(n / 60) min \(n % 60) s"
    }
}
