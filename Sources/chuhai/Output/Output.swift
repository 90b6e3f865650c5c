import ChuhaiKit
import Foundation

/// chuhai's exit codes (README, "Exit codes").
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let unreadable: Int32 = 2
}

/// Printing for commands: stdout for results, stderr for diagnostics, colour only on a terminal.
enum Output {
    static let stderrIsTerminal = isatty(2) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func error(_ message: String) {
        let text = stderrIsTerminal ? "\u{1B}[31m\(message)\u{1B}[0m" : message
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Buffered stdout: printing a line per segment must not dominate large runs.
    final class Writer {
        private var buffer: [UInt8] = []
        init() { buffer.reserveCapacity(1 << 16) }
        func write(_ s: String) {
            buffer.append(contentsOf: s.utf8)
            if buffer.count >= 1 << 16 { flush() }
        }
        func line(_ s: String) { write(s); buffer.append(0x0A) }
        func flush() {
            guard !buffer.isEmpty else { return }
            buffer.withUnsafeBytes { p in
                var off = 0
                while off < p.count {
                    let n = Foundation.write(1, p.baseAddress! + off, p.count - off)
                    if n <= 0 { break }
                    off += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
        }
        deinit { flush() }
    }
}
