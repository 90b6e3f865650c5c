import Foundation

/// Rechecks a package against its manifest: what `chuhai manifest verify DIR` runs and
/// what a platform would run on receipt.
///
/// `DIR` is a language package (holding `manifest.json`) or a whole `dist/` (holding
/// `index.json`, whose manifests are checked by hash and then each package in turn).
/// Findings are diagnostics (exit 1); a folder or manifest that cannot be read at all
/// is a `ChuhaiError` (exit 2).
public enum ManifestVerifier {
    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        /// Files whose size and SHA-256 were recomputed.
        public var filesChecked: Int
        public var packages: Int

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// - Parameters:
    ///   - folder: the package or dist folder.
    ///   - displayPath: how to name the folder in diagnostics (the path the user typed).
    /// - Throws: `ChuhaiError` when the folder holds neither manifest nor index, or one cannot be read or parsed.
    public static func verify(_ folder: URL, displayPath: String? = nil) throws -> Result {
        let shown = displayPath ?? folder.path
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.appendingPathComponent(PackageManifest.fileName).path) {
            return try verifyPackage(folder, shown: shown)
        }
        if fm.fileExists(atPath: folder.appendingPathComponent(PackageIndex.fileName).path) {
            return try verifyIndex(folder, shown: shown)
        }
        throw ChuhaiError("\(shown) holds neither \(PackageManifest.fileName) nor \(PackageIndex.fileName)",
                          at: SourceLocation(file: shown), hint: "pass a dist/<lang> package folder or the dist folder")
    }

    private static func join(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? base + path : base + "/" + path
    }

    private static func read(_ url: URL, shown: String) throws -> (Data, JSONValue.Located) {
        guard let data = try? Data(contentsOf: url) else {
            throw ChuhaiError("cannot read \(shown)", at: SourceLocation(file: shown), hint: "check that the file exists and is readable")
        }
        return (data, try JSONValue.parse(data, file: shown))
    }

    static func verifyIndex(_ dist: URL, shown: String) throws -> Result {
        let indexShown = join(shown, PackageIndex.fileName)
        let (_, index) = try read(dist.appendingPathComponent(PackageIndex.fileName), shown: indexShown)
        var result = Result(diagnostics: ManifestSchema.validateIndex(index, file: indexShown), filesChecked: 0, packages: 0)
        guard let languages = index.value["languages"]?.value.arrayValue else {
            result.diagnostics.append(Diagnostic(.error, rule: "manifest.schema", "/languages: missing required array",
                                                 at: SourceLocation(file: indexShown, line: index.line)))
            return result
        }
        for entry in languages {
            let at = SourceLocation(file: indexShown, line: entry.line)
            guard let path = entry.value["manifest"]?.value.stringValue, let sha = entry.value["sha256"]?.value.stringValue,
                  let bytes = entry.value["bytes"]?.value.intValue else {
                result.diagnostics.append(Diagnostic(.error, rule: "manifest.schema", "language entry needs manifest, bytes and sha256", at: at))
                continue
            }
            guard isSafe(path), path.hasSuffix("/" + PackageManifest.fileName) else {
                result.diagnostics.append(Diagnostic(.error, rule: "manifest.path", "\(path): not a <lang>/manifest.json path inside the folder", at: at))
                continue
            }
            let url = dist.appendingPathComponent(path)
            guard let data = try? Data(contentsOf: url) else {
                result.diagnostics.append(Diagnostic(.error, rule: "manifest.missing", "\(path): listed in the index but missing", at: at))
                continue
            }
            result.diagnostics += compare(path: path, data: data, bytes: bytes, sha256: sha, at: at)
            let sub = try verifyPackage(url.deletingLastPathComponent(), shown: join(shown, String(path.dropLast(PackageManifest.fileName.count + 1))))
            result.diagnostics += sub.diagnostics
            result.filesChecked += sub.filesChecked + 1
            result.packages += sub.packages
        }
        return result
    }

    static func verifyPackage(_ folder: URL, shown: String) throws -> Result {
        let manifestShown = join(shown, PackageManifest.fileName)
        let (_, manifest) = try read(folder.appendingPathComponent(PackageManifest.fileName), shown: manifestShown)
        var diagnostics = ManifestSchema.validate(manifest, file: manifestShown)
        var checked = 0
        var listed: Set<String> = []
        for entry in manifest.value["files"]?.value.arrayValue ?? [] {
            let at = SourceLocation(file: manifestShown, line: entry.line)
            guard let path = entry.value["path"]?.value.stringValue else { continue }  // schema reported it
            guard isSafe(path) else {
                diagnostics.append(Diagnostic(.error, rule: "manifest.path", "\(path): path leaves the package folder or is not relative", at: at))
                continue
            }
            guard listed.insert(path).inserted else {
                diagnostics.append(Diagnostic(.error, rule: "manifest.duplicate", "\(path): listed more than once", at: at))
                continue
            }
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(path)) else {
                diagnostics.append(Diagnostic(.error, rule: "manifest.missing", "\(path): listed in the manifest but missing from \(shown)", at: at))
                continue
            }
            checked += 1
            diagnostics += compare(path: path, data: data, bytes: entry.value["bytes"]?.value.intValue,
                                   sha256: entry.value["sha256"]?.value.stringValue, at: at)
        }
        // Files the works point at must be listed.
        for work in manifest.value["works"]?.value.arrayValue ?? [] {
            var refs: [JSONValue.Located] = work.value["files"]?.value.arrayValue ?? []
            for c in work.value["chapters"]?.value.arrayValue ?? [] { if let f = c.value["file"] { refs.append(f) } }
            for e in work.value["episodes"]?.value.arrayValue ?? [] { refs += e.value["files"]?.value.arrayValue ?? [] }
            for ref in refs {
                if let path = ref.value.stringValue, !listed.contains(path) {
                    diagnostics.append(Diagnostic(.error, rule: "manifest.reference", "\(path): named by a work but not in the file list",
                                                  at: SourceLocation(file: manifestShown, line: ref.line)))
                }
            }
        }
        for path in try FolderListing.files(in: folder) where path != PackageManifest.fileName && !listed.contains(path) {
            diagnostics.append(Diagnostic(.error, rule: "manifest.unlisted", "\(path): in \(shown) but not listed in the manifest",
                                          at: SourceLocation(file: manifestShown)))
        }
        return Result(diagnostics: diagnostics, filesChecked: checked, packages: 1)
    }

    private static func compare(path: String, data: Data, bytes: Int?, sha256: String?, at: SourceLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let bytes, bytes != data.count {
            out.append(Diagnostic(.error, rule: "manifest.size", "\(path): expected \(bytes) bytes, found \(data.count)", at: at))
        }
        let actual = Checksum.sha256(data)
        if let sha256, sha256 != actual {
            out.append(Diagnostic(.error, rule: "manifest.checksum", "\(path): expected SHA-256 \(sha256), found \(actual)", at: at))
        }
        return out
    }

    /// Relative, `/`-separated, no empty, `.` or `..` parts.
    static func isSafe(_ path: String) -> Bool {
        (try? ZipWriter.checkPath(path)) != nil
    }
}
