import Foundation

/// Writes files so a reader never sees half of one and a failed run leaves the old file intact.
public enum AtomicFile {
    /// Writes `data` to a temporary file beside `url`, then renames it over `url`.
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                let code = errno
                try? FileManager.default.removeItem(at: tmp)
                throw ChuhaiError("cannot replace \(url.path): \(String(cString: strerror(code)))", at: SourceLocation(file: url.path))
            }
        } catch let e as ChuhaiError {
            throw e
        } catch {
            throw ChuhaiError("cannot write \(url.path): \(error.localizedDescription)", at: SourceLocation(file: url.path),
                              hint: "check that the folder exists and is writable")
        }
    }
}
