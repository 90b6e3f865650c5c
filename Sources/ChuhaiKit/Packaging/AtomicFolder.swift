import Foundation

/// Replaces a whole output folder at once, as `AtomicFile` does for one file.
///
/// The new content is built in a hidden sibling (`.dist.building-…`, same file system,
/// so the final step is a rename, not a copy). Only when the build closure returns does
/// it take the target's place; the previous folder is kept until then, so a failed or
/// interrupted build leaves it untouched. The swap is two renames (old folder aside,
/// new one in); if the second fails the old one is moved back. Between them the target
/// is briefly absent (Glibc's Swift overlay has no `renameat2` for an exchange).
public enum AtomicFolder {
    /// Builds into a temporary sibling of `target` and moves it into place on success.
    ///
    /// - Parameter build: fills the folder it is given; throwing discards it.
    /// - Returns: what `build` returns.
    /// - Throws: what `build` throws, or `ChuhaiError` when the folders cannot be created or renamed.
    public static func replace<T>(_ target: URL, build: (URL) throws -> T) throws -> T {
        let temp = try makeTemporary(beside: target)
        do {
            let value = try build(temp)
            try install(temp, at: target)
            return value
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    /// The async form, for the pipeline runner.
    public static func replace<T>(_ target: URL, build: (URL) async throws -> T) async throws -> T {
        let temp = try makeTemporary(beside: target)
        do {
            let value = try await build(temp)
            try install(temp, at: target)
            return value
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    /// Removes `.NAME.building-PID-…` folders left by builds whose process is gone
    /// (killed mid-run); a live process's folder is left alone.
    static func removeStale(beside target: URL) {
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).building-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
            }
        }
    }

    static func makeTemporary(beside target: URL) throws -> URL {
        removeStale(beside: target)
        let parent = target.deletingLastPathComponent()
        let temp = parent.appendingPathComponent(".\(target.lastPathComponent).building-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: false)
        } catch {
            throw ChuhaiError("cannot create \(temp.path): \(error.localizedDescription)", at: SourceLocation(file: parent.path),
                              hint: "check that the output folder's parent is writable")
        }
        return temp
    }

    static func install(_ temp: URL, at target: URL) throws {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            throw ChuhaiError("\(target.path) exists and is not a folder", at: SourceLocation(file: target.path),
                              hint: "move it away or choose another output folder")
        }
        guard exists else {
            try rename(temp, to: target)
            return
        }
        // Move the old folder aside, move the new one in, then delete the old one.
        let previous = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try rename(target, to: previous)
        do {
            try rename(temp, to: target)
        } catch {
            try? rename(previous, to: target)
            throw error
        }
        try? FileManager.default.removeItem(at: previous)
    }

    private static func rename(_ from: URL, to: URL) throws {
        if Foundation.rename(from.path, to.path) != 0 {
            let code = errno
            throw ChuhaiError("cannot move \(from.path) to \(to.path): \(String(cString: strerror(code)))", at: SourceLocation(file: to.path))
        }
    }
}
