import Foundation

/// One target language's package: rendered documents, an EPUB per novel, the reader
/// glossary, then the reports and manifest (`PackageFolder.finish`).
struct LanguagePackage {
    let config: ProjectConfig
    let context: StageContext
    let language: String
    /// Every document, sorted by work and number.
    let results: [DocumentResult]
    let time: BuildTime

    /// Canonical order: file, line, column, rule, message — independent of scheduling or sharding.
    static func canonical(_ ds: [Diagnostic]) -> [Diagnostic] {
        Array(Set(ds)).sorted { a, b in
            (a.location.file, a.location.line ?? 0, a.location.column ?? 0, a.rule, a.message, a.severity.rawValue)
                < (b.location.file, b.location.line ?? 0, b.location.column ?? 0, b.rule, b.message, b.severity.rawValue)
        }
    }

    func write(to dir: URL) throws {
        func put(_ relative: String, _ data: Data) throws {
            let url = dir.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        for r in results {
            for f in r.files[language] ?? [] { try put(f.path, f.data) }
        }
        var workEntries: [PackageManifest.WorkEntry] = []
        var untranslated: [PackageManifest.Untranslated] = []
        var readerGlossary: [GlossaryWork] = []
        for work in config.works {
            let docs = results.filter { $0.summary.work == work.id }
            let title = work.titles[language] ?? work.title
            let entries = glossaryEntries(for: docs)
            readerGlossary.append(GlossaryWork(work: work.id, terms: entries))
            for d in docs where d.summary.translations[language] == nil {
                untranslated.append(.init(work: work.id, item: work.kind == .novel ? Chapter.id(for: d.summary.number) : "ep\(d.summary.number)",
                                          number: d.summary.number, source: d.summary.source))
            }
            switch work.kind {
            case .novel:
                let chapters = docs.compactMap { $0.chapters[language] }
                var files: [String] = []
                if !chapters.isEmpty {
                    let epub = "\(work.id).epub"
                    let book = Work(id: work.id, kind: .novel, title: title, author: work.author, language: language, chapters: chapters)
                    let cover = try work.cover.map { try EPUBCover(data: TextDecoder.readFile(config.url($0).path), file: $0) }
                    let glossary = entries.compactMap { e in e.target.map { GlossaryEntry(term: $0, source: e.source, note: e.note) } }
                    try put(epub, EPUBWriter.build(book, options: EPUBOptions(language: language, sourceLanguage: config.source,
                                                                               glossary: glossary, cover: cover, time: time)))
                    files.append(epub)
                }
                let entries = docs.compactMap { d -> PackageManifest.ChapterEntry? in
                    guard let t = d.summary.translations[language] else { return nil }
                    return .init(id: Chapter.id(for: d.summary.number), number: d.summary.number, title: t.title,
                                 file: t.files.first ?? "", source: t.source, characters: t.characters, words: t.words)
                }
                workEntries.append(.init(id: work.id, title: title, files: files, chapters: entries))
            case .drama:
                let episodes = docs.compactMap { d -> PackageManifest.EpisodeEntry? in
                    guard let t = d.summary.translations[language] else { return nil }
                    return .init(id: "ep\(d.summary.number)", number: d.summary.number, files: t.files, source: t.source,
                                 cues: d.summary.cues, characters: t.characters, runtimeMilliseconds: d.summary.runtimeMilliseconds)
                }
                workEntries.append(.init(id: work.id, title: title, episodes: episodes))
            }
        }
        try put("glossary.json", Data((JSON.encode(readerGlossary) + "\n").utf8))
        var checked = Set(results.map(\.summary.source))
        for r in results { if let t = r.summary.translations[language] { checked.insert(t.source) } }
        let diagnostics = Self.canonical(context.setupDiagnostics.compactMap(context.adjusted) + results.flatMap { $0.diagnostics[language] ?? [] })
        try PackageFolder.finish(
            in: dir, packageId: "\(config.name)-\(language)", language: language, sourceLanguage: config.source, works: workEntries,
            diagnostics: diagnostics, checkedFiles: checked.sorted(),
            glossaries: context.glossaryFiles.map { .init(id: $0.id, sha256: $0.sha256) }, untranslated: untranslated, time: time)
    }

    struct GlossaryWork: Codable {
        var work: String
        var terms: [GlossaryTerm]
    }

    struct GlossaryTerm: Codable {
        var concept: String
        var source: String
        var target: String?
        var strategy: String?
        var note: String?
    }

    /// Terms that occur in the documents' sources, with this language's preferred rendering.
    func glossaryEntries(for docs: [DocumentResult]) -> [GlossaryTerm] {
        let byID = Dictionary(context.glossary.concepts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = Set(docs.flatMap(\.summary.concepts))
        return ids.sorted().compactMap { id in
            guard let c = byID[id] else { return nil }
            return GlossaryTerm(concept: id, source: c.preferred(context.glossary.sourceLanguage)?.text ?? "",
                                target: c.preferred(language)?.text, strategy: c.strategy(language)?.rawValue, note: c.note)
        }
    }
}
