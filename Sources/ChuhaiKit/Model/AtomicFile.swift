import Foundation

/// Writes files so a reader never sees half of one and a failed run leaves the old file intact.
///
/// Plain POSIX writes: Foundation's `Data.write` fsyncs every file, which made writing a
/// 2,000-chapter package spend more time in the kernel than in chuhai. Atomicity comes
/// from the rename; durability across power loss is the file system's business.
public enum AtomicFile {
    /// Writes `data` to a temporary file beside `url`, then renames it over `url`.
    public static func write(_ data: Data, to url: URL) throws {
        let path = url.path
        let tmp = (path as NSString).deletingLastPathComponent + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileIO.write(data, to: tmp)
        } catch {
            // The usual reason: the folder does not exist yet.
            try FileIO.createDirectory((path as NSString).deletingLastPathComponent)
            try FileIO.write(data, to: tmp)
        }
        if rename(tmp, path) != 0 {
            let code = errno
            unlink(tmp)
            throw ChuhaiError("cannot replace \(path): \(String(cString: strerror(code)))", at: SourceLocation(file: path))
        }
    }
}

/// Small POSIX file helpers with chuhai's error messages.
public enum FileIO {
    /// Creates or truncates `path` and writes `data` (no fsync).
    public static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(path)
                }
                offset += n
            }
        }
    }

    /// `mkdir -p`.
    public static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ChuhaiError("cannot create folder: \(error.localizedDescription)", at: SourceLocation(file: path),
                              hint: "check that the parent folder is writable")
        }
    }

    private static func failure(_ path: String) -> ChuhaiError {
        ChuhaiError("cannot write: \(String(cString: strerror(errno)))", at: SourceLocation(file: path),
                    hint: "check that the folder exists and is writable")
    }
}
