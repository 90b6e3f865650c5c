import Foundation

/// XLIFF hand-off for a whole project: export every work's chapters and episodes exactly as
/// `chuhai run` sees them (same numbering, same readers, same segmenter), and import the
/// translated files back into the parallel files `chuhai run` reads, so a CAT tool's work
/// and a translator's hand-written files reach the packages by the same road.
///
/// File ids are `<work>-ch0001` for chapters and `<work>-ep0001` for episodes, numbered
/// as the project's path patterns number them.
public enum ProjectHandoff {
    /// XLIFF `<file>` id of chapter or episode `number`.
    public static func fileID(work: ProjectConfig.WorkConfig, number: Int) -> String {
        let digits = String(number)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return "\(work.id)-\(work.kind == .novel ? "ch" : "ep")\(padded)"
    }

    // MARK: export

    /// Writes `<work>.<lang>.xlf` per work into `output`.
    ///
    /// - Parameter prefillExisting: prefill targets from the project's parallel translations,
    ///   so translators see (and can revise) what is already done instead of redoing it.
    ///   - machineTranslate: fill the segments still empty with the project's `mt:` provider
    ///     (state `initial`, origin machine translation), so translators post-edit instead of
    ///     starting from nothing; answers are cached in `mt.cache`, so a rerun makes no request.
    public static func export(config: ProjectConfig, language: String, version: XLIFFVersion, output: URL,
                              memories: [String] = [], threshold: Int = 75, prefillExisting: Bool = true,
                              machineTranslate: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment,
                              sink: DiagnosticSink) async throws -> [InterchangeJobs.ExportResult] {
        try requireTarget(config, language)
        var service: MTService?
        if machineTranslate {
            guard let mt = config.mt else {
                throw ChuhaiError("--mt needs an `mt:` section in the project file", at: SourceLocation(file: config.file),
                                  hint: "add e.g. `mt: {provider: deepl}` and set DEEPL_AUTH_KEY; see README, \"Machine translation\"")
            }
            service = MTService(provider: try mt.provider.make(environment: environment), cache: try MTCache(file: config.url(mt.cache)),
                                settings: mt.service)
        }
        let terms = try InterchangeJobs.termAnnotator(glossaries: config.glossaries.map { config.url($0).path }, targetLanguage: language)
        let prefill = try InterchangeJobs.memoryPrefill(memories: memories, sourceLanguage: config.source, targetLanguage: language,
                                                        threshold: threshold, sink: sink)
        var results: [InterchangeJobs.ExportResult] = []
        for work in config.works {
            let items = try Self.items(config, work: work, existingFor: prefillExisting ? language : nil, sink: sink)
            var doc = try document(config, work: work, items: items, language: language, terms: terms,
                                   existing: prefillExisting, prefill: prefill)
            let url = output.appendingPathComponent("\(work.id).\(language).xlf")
            if let service {
                // Cache what was paid for even when a later batch fails.
                defer { try? service.cache?.flush() }
                try await service.fill(&doc, file: url.path, sink: sink)
            }
            try XLIFFWriter.write(doc, version: version, to: url)
            results.append(InterchangeJobs.ExportResult(file: url, document: doc))
        }
        try service?.cache?.flush()
        return results
    }

    static func requireTarget(_ config: ProjectConfig, _ language: String) throws {
        guard config.targets.contains(language) else {
            throw ChuhaiError("\(language) is not a target of \(config.name) (targets: \(config.targets.joined(separator: ", ")))",
                              at: SourceLocation(file: config.file), hint: "pass one of the project's targets with --lang")
        }
    }

    /// The work's chapters or episodes, read as the ingest stage reads them, with the parallel
    /// translation into `language` where there is one.
    static func items(_ config: ProjectConfig, work: ProjectConfig.WorkConfig, existingFor language: String?,
                      sink: DiagnosticSink) throws -> [DocumentJob] {
        var one = config
        one.works = [work]
        return try PipelineRunner.documents(one).map { job in
            var job = job
            try IngestStage.read(&job)
            job.diagnostics.forEach(sink.emit)
            // A single-file translation is split by `documents` already; a pattern without {n} names it whole.
            if let language, job.translations[language] == nil, work.translations?.isNumbered == true || work.kind == .drama {
                job.translations[language] = try MergeTranslationsStage.read(&job, language: language, config: config)
            }
            return job
        }
    }

    static func document(_ config: ProjectConfig, work: ProjectConfig.WorkConfig, items: [DocumentJob], language: String,
                         terms: ((InlineText) -> [TermAnnotation])?, existing: Bool, prefill: TargetPrefill?) throws -> BilingualDocument {
        let segmenter = try Segmenter(language: config.source, options: .init(mergeNarratorTags: config.mergeNarratorTags))
        let targetSegmenter = existing ? try Segmenter(language: language) : nil
        switch work.kind {
        case .novel:
            let source = Work(id: work.id, kind: .novel, title: work.title, author: work.author, language: config.source,
                              chapters: items.compactMap(\.chapter))
            var old: Work?
            if existing {
                old = Work(id: work.id, kind: .novel, title: work.title, language: language,
                           chapters: items.compactMap { $0.translations[language]?.chapter })
            }
            return BilingualDocument(work: source, targetLanguage: language, segmenter: segmenter, terms: terms, existing: old,
                                     targetSegmenter: targetSegmenter, prefill: prefill)
        case .drama:
            var doc = BilingualDocument(sourceLanguage: config.source, targetLanguage: language)
            for item in items {
                guard let track = item.track else { continue }
                var file = BilingualFile(episode: item.fileID, track: track, segmenter: segmenter, terms: terms,
                                         existing: existing ? item.translations[language]?.track : nil,
                                         targetSegmenter: targetSegmenter, prefill: prefill)
                file.metadata = [Metadatum(BilingualKeys.work, work.id), Metadatum(BilingualKeys.number, String(item.number))]
                doc.files.append(file)
            }
            return doc
        }
    }

    // MARK: import

    /// What an import stored.
    public struct ImportOutcome: Sendable {
        /// Each file read, with its unit counts.
        public var results: [InterchangeJobs.ImportResult] = []
        /// Translation files written (new or changed), relative to the project folder.
        public var written: [String] = []
        /// Translation files that already held exactly this translation.
        public var unchanged: [String] = []
        /// Chapters and episodes not stored (`qingyun-ch0004`), with the reason.
        public var skipped: [Skipped] = []

        public struct Skipped: Sendable, Hashable {
            public var fileID: String
            public var reason: String
        }

        /// Records a chapter left out for a reason only this import knows, as a warning too
        /// (JSON and SARIF readers see it); left-outs that follow an error need no second finding.
        mutating func notStored(_ id: String, _ reason: String, file: String, sink: DiagnosticSink) {
            skipped.append(.init(fileID: id, reason: reason))
            sink.emit(Diagnostic(.warning, rule: "xliff.not-stored", "\(id) not stored: \(reason)", at: SourceLocation(file: file)))
        }
    }

    /// Reads translated XLIFF files and stores each complete chapter or episode in the file
    /// the work's `translations:` pattern names, where `chuhai run` reads it.
    ///
    /// A file with structural errors (unknown or unbalanced inline codes, duplicate ids, a source
    /// or target language the project does not have) stores nothing; a chapter or episode with
    /// missing or changed units is skipped; one with untranslated units is skipped unless
    /// `partial` (then the source text stays in those paragraphs, and the run's QA reports them).
    /// Translation findings (numbers, punctuation, terms) are reported, with the project's
    /// `qa.rules` severities, and do not stop the store: `chuhai run` reports them again in its QA.
    ///
    /// - Parameters:
    ///   - dryRun: check and report, write nothing.
    ///   - minimumState: targets in an earlier state count as untranslated (`.translated` keeps
    ///     unconfirmed machine translation and fuzzy matches out of the packages; `.reviewed`
    ///     takes only what a reviewer signed off).
    /// - Throws: `ChuhaiError` when a file cannot be read or a translation cannot be written.
    public static func importFiles(_ paths: [String], config: ProjectConfig, partial: Bool = false, dryRun: Bool = false,
                                   minimumState: TranslationState = .initial,
                                   checks: TranslationChecks.Settings? = .init(), sink: DiagnosticSink) throws -> ImportOutcome {
        var outcome = ImportOutcome()
        // Sources are read once per work, whatever the number of files and languages.
        var workItems: [String: [DocumentJob]] = [:]
        var expected: [String: BilingualDocument] = [:]   // by work and language
        /// Translated chapters of single-file novels, gathered over all files before writing.
        var singleFile: [String: [Int: Chapter]] = [:]
        for path in try InterchangeJobs.expand(paths) {
            let fileSink = DiagnosticSink()
            // The project's qa.rules apply here as in `chuhai run` (what is stored is decided before).
            defer { fileSink.diagnostics.compactMap(config.adjusted).forEach(sink.emit) }
            let read = try XLIFFReader.read(path: path, sink: fileSink)
            let doc = read.document
            let language = doc.targetLanguage
            guard config.targets.contains(language) else {
                fileSink.emit(Diagnostic(.error, rule: "xliff.language",
                                         "target language '\(language)' is not a target of \(config.name) (\(config.targets.joined(separator: ", "))); nothing stored",
                                         at: SourceLocation(file: path)))
                outcome.results.append(.init(result: read, summary: XLIFFImport.check(read, expected: nil, sink: DiagnosticSink())))
                continue
            }
            if doc.sourceLanguage != config.source {
                fileSink.emit(Diagnostic(.error, rule: "xliff.language",
                                         "source language '\(doc.sourceLanguage)' is not the project's (\(config.source)); was this file exported from another project?",
                                         at: SourceLocation(file: path)))
            }
            // The works this file translates, built now as an export would build them.
            var works: [ProjectConfig.WorkConfig] = []
            for f in doc.files {
                let id = f.metadata(BilingualKeys.work)
                if let w = config.works.first(where: { $0.id == id || f.id.hasPrefix($0.id + "-") }), !works.contains(where: { $0.id == w.id }) {
                    works.append(w)
                }
            }
            var items: [String: DocumentJob] = [:]
            var want = BilingualDocument(sourceLanguage: config.source, targetLanguage: language)
            let present = Set(doc.files.map(\.id))
            for w in works {
                if workItems[w.id] == nil { workItems[w.id] = try Self.items(config, work: w, existingFor: nil, sink: DiagnosticSink()) }
                let built = workItems[w.id]!
                let key = "\(w.id)\u{0}\(language)"
                if expected[key] == nil {
                    expected[key] = try document(config, work: w, items: built, language: language, terms: nil, existing: false, prefill: nil)
                }
                for item in built { items[item.fileID] = item }
                want.files += expected[key]!.files.filter { present.contains($0.id) }
            }
            let summary = XLIFFImport.check(read, expected: want, sink: fileSink)
            if let checks {
                TranslationChecks(sourceLanguage: doc.sourceLanguage, targetLanguage: language, settings: checks).check(read, sink: fileSink)
            }
            outcome.results.append(.init(result: read, summary: summary))
            let structural = fileSink.diagnostics.filter {
                $0.severity == .error && $0.rule.hasPrefix("xliff.") && ![XLIFFReader.Rule.unitMissing, XLIFFReader.Rule.sourceChanged].contains($0.rule)
            }
            if !structural.isEmpty {
                for f in doc.files {
                    outcome.skipped.append(.init(fileID: f.id, reason: "\(URL(fileURLWithPath: path).lastPathComponent) has \(structural.count) error(s); fix them and import again"))
                }
                continue
            }
            let blocked = Dictionary(grouping: summary.missingUnits.map { ($0, "missing") } + summary.changedUnits.map { ($0, "changed") }) {
                String($0.0.split(separator: "/").first ?? "")
            }
            for var f in doc.files {
                guard let item = items[f.id] else { continue }   // reported as extra by the check
                if minimumState > .initial {
                    var below = 0
                    for ui in f.units.indices {
                        for si in f.units[ui].targets.indices {
                            if let t = f.units[ui].targets[si], t.state < minimumState {
                                f.units[ui].targets[si] = nil
                                below += 1
                            }
                        }
                    }
                    if below > 0 {
                        fileSink.emit(Diagnostic(.note, rule: "xliff.state",
                                                 "\(f.id): \(below) segment(s) not yet \(minimumState.rawValue) count as untranslated",
                                                 at: SourceLocation(file: path)))
                    }
                }
                if let problems = blocked[f.id] {
                    let ids = problems.map { "\($0.0.split(separator: "/").last ?? "") (\($0.1))" }
                    outcome.notStored(f.id, "units \(ids.joined(separator: ", ")); export again", file: path, sink: fileSink)
                    continue
                }
                guard let pattern = item.work.translations else {
                    fileSink.emit(Diagnostic(.error, rule: "xliff.no-destination",
                                             "work '\(item.work.id)' has no `translations:` pattern, so there is nowhere to store its \(language) translation; add one (e.g. novel/{lang}/{n:03}.txt)",
                                             at: item.work.location))
                    outcome.skipped.append(.init(fileID: f.id, reason: "no translations: pattern"))
                    continue
                }
                switch item.work.kind {
                case .novel:
                    guard let chapter = item.chapter else { continue }
                    let source = Work(id: item.work.id, kind: .novel, title: item.work.title, language: config.source, chapters: [chapter])
                    let (translated, gaps) = source.translated(by: BilingualDocument(sourceLanguage: config.source, targetLanguage: language, files: [f]))
                    if !gaps.isEmpty && !partial {
                        outcome.notStored(f.id, untranslatedReason(gaps), file: path, sink: fileSink)
                        continue
                    }
                    guard let target = translated.chapters.first else { continue }
                    if pattern.isNumbered {
                        let dest = pattern.path(number: item.number, language: language)
                        try store(target, to: dest, item: item, config: config, dryRun: dryRun, sink: fileSink, outcome: &outcome)
                    } else {
                        singleFile[item.work.id + "\u{0}" + language, default: [:]][item.number] = target
                    }
                case .drama:
                    guard let track = item.track else { continue }
                    let (translated, gaps) = track.translated(by: f, language: language)
                    if !gaps.isEmpty && !partial {
                        outcome.notStored(f.id, untranslatedReason(gaps), file: path, sink: fileSink)
                        continue
                    }
                    let dest = pattern.path(number: item.number, language: language)
                    guard let format = SubtitleFormat(path: dest) else {
                        throw ChuhaiError("cannot tell the subtitle format of \(dest)", at: item.work.location,
                                          hint: "end the work's translations: pattern in .srt, .vtt or .ttml")
                    }
                    let text = try Subtitles.write(translated, as: format)
                    try commit(Data(text.utf8), to: dest, config: config, dryRun: dryRun, outcome: &outcome)
                }
            }
        }
        for (key, chapters) in singleFile.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "\u{0}").map(String.init)
            guard let work = config.works.first(where: { $0.id == parts[0] }), let pattern = work.translations else { continue }
            try storeSingleFile(chapters, work: work, language: parts[1], pattern: pattern, config: config, expected: workItems[work.id] ?? [],
                                partial: partial, dryRun: dryRun, sink: sink, outcome: &outcome)
        }
        return outcome
    }

    static func untranslatedReason(_ gaps: [TranslationGap]) -> String {
        let ids = gaps.map { $0.unitID.isEmpty ? $0.reason : $0.unitID }
        let shown = ids.prefix(8).joined(separator: " ") + (ids.count > 8 ? " …" : "")
        return "\(gaps.count) unit(s) not translated (\(shown)); translate them, or import with --partial"
    }

    /// Writes one chapter file after checking that the chapter reader gives back exactly
    /// these paragraphs: a translation that would be read differently is refused, not stored.
    static func store(_ chapter: Chapter, to dest: String, item: DocumentJob, config: ProjectConfig, dryRun: Bool, sink: DiagnosticSink,
                      outcome: inout ImportOutcome) throws {
        guard let format = ChapterWriter.Format(path: dest) else {
            throw ChuhaiError("xliff import writes chapter translations as .txt or .md, not \(URL(fileURLWithPath: dest).pathExtension)",
                              at: item.work.location, hint: "point the work's translations: pattern at .txt or .md files")
        }
        let (text, dropped) = ChapterWriter.write(chapter, as: format)
        let path = config.url(dest).path
        if dropped {
            sink.emit(Diagnostic(.warning, rule: "xliff.styles-dropped",
                                 "\(dest): plain text cannot keep the italics and bold of \(item.fileID); use a .md translations pattern to keep them",
                                 at: SourceLocation(file: path)))
        }
        var ignored: [Diagnostic] = []
        let back = try NovelFiles.chapter(data: Data(text.utf8), path: path, number: item.number, work: item.work, diagnostics: &ignored)
        if let problem = difference(chapter, back) {
            sink.emit(Diagnostic(.error, rule: "xliff.store",
                                 "\(item.fileID) would be read back differently from \(dest) (\(problem)); not stored",
                                 at: SourceLocation(file: path)))
            outcome.skipped.append(.init(fileID: item.fileID, reason: "would read back differently: \(problem)"))
            return
        }
        try commit(Data(text.utf8), to: dest, config: config, dryRun: dryRun, outcome: &outcome)
    }

    static func storeSingleFile(_ imported: [Int: Chapter], work: ProjectConfig.WorkConfig, language: String, pattern: PathPattern,
                                config: ProjectConfig, expected: [DocumentJob], partial: Bool, dryRun: Bool, sink: DiagnosticSink,
                                outcome: inout ImportOutcome) throws {
        let dest = pattern.path(language: language)
        let path = config.url(dest).path
        // Chapters not in these files keep the translation already there.
        var current: [Chapter] = []
        if FileManager.default.fileExists(atPath: path) { current = try NovelFiles.chapters(path: path, work: work).chapters }
        var chapters: [Chapter] = []
        var missing: [Int] = []
        for item in expected {
            if let c = imported[item.number] {
                chapters.append(c)
            } else if current.count == expected.count {
                chapters.append(current[item.number - 1])
            } else if partial, let c = item.chapter {
                chapters.append(c)
            } else {
                missing.append(item.number)
            }
        }
        guard missing.isEmpty else {
            outcome.notStored(work.id, "\(dest) needs every chapter; chapters \(missing.map(String.init).joined(separator: ", ")) have no translation (import them too, or use --partial)",
                              file: path, sink: sink)
            return
        }
        guard let format = ChapterWriter.Format(path: dest) else {
            throw ChuhaiError("xliff import writes novel translations as .txt or .md, not \(URL(fileURLWithPath: dest).pathExtension)",
                              at: work.location, hint: "point the work's translations: pattern at a .txt or .md file")
        }
        let (text, _) = ChapterWriter.write(chapters, as: format)
        let back = try NovelFiles.chapters(data: Data(text.utf8), path: path, work: work).chapters
        if back.count != chapters.count {
            sink.emit(Diagnostic(.error, rule: "xliff.store",
                                 "\(dest) would be read back as \(back.count) chapters, not \(chapters.count): the translated headings are not recognised; set the work's heading-pattern or use .md; not stored",
                                 at: SourceLocation(file: path)))
            outcome.skipped.append(.init(fileID: work.id, reason: "headings not recognised in \(dest)"))
            return
        }
        for (c, b) in zip(chapters, back) {
            if let problem = difference(c, b) {
                sink.emit(Diagnostic(.error, rule: "xliff.store", "\(dest) would be read back differently (\(problem)); not stored",
                                     at: SourceLocation(file: path)))
                outcome.skipped.append(.init(fileID: work.id, reason: "would read back differently: \(problem)"))
                return
            }
        }
        try commit(Data(text.utf8), to: dest, config: config, dryRun: dryRun, outcome: &outcome)
    }

    /// The first way `b` (read back) differs from `a` (meant), or nil.
    static func difference(_ a: Chapter, _ b: Chapter) -> String? {
        func norm(_ s: String?) -> String { ChapterWriter.oneLine(s ?? "").trimmingCharacters(in: .whitespaces) }
        if norm(a.title) != norm(b.title) { return "title “\(norm(b.title))”" }
        if a.paragraphs.count != b.paragraphs.count { return "\(b.paragraphs.count) paragraphs instead of \(a.paragraphs.count)" }
        for (i, (p, q)) in zip(a.paragraphs, b.paragraphs).enumerated() where norm(p.text) != norm(q.text) {
            return "paragraph \(i + 1)"
        }
        return nil
    }

    /// Atomic write unless the file already holds these bytes.
    static func commit(_ data: Data, to dest: String, config: ProjectConfig, dryRun: Bool, outcome: inout ImportOutcome) throws {
        let url = config.url(dest)
        if let old = try? Data(contentsOf: url), old == data {
            outcome.unchanged.append(dest)
            return
        }
        if !dryRun {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url)
        }
        outcome.written.append(dest)
    }
}

extension DocumentJob {
    /// XLIFF `<file>` id of this chapter or episode.
    var fileID: String { ProjectHandoff.fileID(work: work, number: number) }
}
