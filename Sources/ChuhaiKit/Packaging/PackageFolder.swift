import Foundation

/// The last steps of one `dist/<lang>/` package, in the order that keeps the manifest
/// true: the runner writes works (XHTML, EPUB, subtitles, glossary.json), then `finish`
/// writes `qa.json`, `qa.html` and finally `manifest.json` over everything present;
/// `archive` zips the finished folder.
public enum PackageFolder {
    /// Writes `qa.json` and `qa.html`, then `manifest.json` describing every file in `folder`.
    ///
    /// - Parameters:
    ///   - folder: the language folder, already holding the rendered works.
    ///   - packageId: `<project>-<lang>`.
    ///   - checkedFiles: every input file QA looked at (clean ones are listed as clean).
    /// - Returns: the manifest written.
    /// - Throws: `ChuhaiError` when a file cannot be read or written.
    @discardableResult
    public static func finish(in folder: URL, packageId: String, language: String, sourceLanguage: String,
                              works: [PackageManifest.WorkEntry], diagnostics: [Diagnostic], checkedFiles: [String],
                              glossaries: [PackageManifest.GlossaryRef] = [], untranslated: [PackageManifest.Untranslated] = [],
                              time: BuildTime) throws -> PackageManifest {
        try LanguageTags.check(language, what: "package language")
        try AtomicFile.write(Data(QAPage.json(diagnostics, files: checkedFiles).utf8), to: folder.appendingPathComponent("qa.json"))
        try AtomicFile.write(Data(QAPage.html(diagnostics, files: checkedFiles, title: "\(packageId)").utf8),
                             to: folder.appendingPathComponent("qa.html"))
        let manifest = PackageManifest(packageId: packageId, created: time, language: language, sourceLanguage: sourceLanguage,
                                       works: works, files: try PackageManifest.describeFiles(in: folder),
                                       qa: PackageManifest.QASummary(diagnostics), glossaries: glossaries, untranslated: untranslated)
        try AtomicFile.write(manifest.encoded(), to: folder.appendingPathComponent(PackageManifest.fileName))
        return manifest
    }

    /// Writes `<project>-<lang>.zip` beside the language folder (`dist/demo-en.zip`), its
    /// entries under `<lang>/`, sorted, stamped with `time`: the same bytes on every run.
    ///
    /// - Returns: the zip's location.
    @discardableResult
    public static func archive(_ folder: URL, project: String, language: String, time: BuildTime) throws -> URL {
        let url = folder.deletingLastPathComponent().appendingPathComponent("\(project)-\(language).zip")
        try AtomicFile.write(ZipWriter.archive(folder: folder, prefix: language + "/", time: time), to: url)
        return url
    }

    /// Writes `dist/index.json` over the language folders' manifests.
    @discardableResult
    public static func writeIndex(dist: URL, project: String, languages: [String]) throws -> PackageIndex {
        let index = try PackageIndex.build(dist: dist, project: project, languages: languages)
        try AtomicFile.write(index.encoded(), to: dist.appendingPathComponent(PackageIndex.fileName))
        return index
    }
}
