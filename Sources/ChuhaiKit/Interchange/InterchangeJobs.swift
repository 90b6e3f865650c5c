import Foundation

/// The `chuhai xliff` and `chuhai tm` jobs on explicit inputs (no project file), so the CLI
/// stays a thin shell and tests call the same code. The pipeline builds its
/// `BilingualDocument`s from the project instead and calls the same writers and readers.
public enum InterchangeJobs {
    public struct ExportOptions: Sendable {
        /// Chapter files (TXT, Markdown, HTML, DOCX, EPUB) or subtitle files, or folders of them.
        public var sources: [String]
        /// File and `<file>` id stem; default: the first source folder's name.
        public var workID: String?
        public var sourceLanguage: String
        public var targetLanguage: String
        public var version: XLIFFVersion
        public var outputDirectory: URL
        /// Glossaries (YAML, CSV, TBX) whose terms are marked in the source.
        public var glossaries: [String]
        /// TMX memories for prefilled targets.
        public var memories: [String]
        /// Fuzzy threshold in percent.
        public var threshold: Int

        public init(sources: [String], workID: String? = nil, sourceLanguage: String = "zh-Hans", targetLanguage: String,
                    version: XLIFFVersion = .v2_1, outputDirectory: URL, glossaries: [String] = [], memories: [String] = [],
                    threshold: Int = 75) {
            self.sources = sources
            self.workID = workID
            self.sourceLanguage = sourceLanguage
            self.targetLanguage = targetLanguage
            self.version = version
            self.outputDirectory = outputDirectory
            self.glossaries = glossaries
            self.memories = memories
            self.threshold = threshold
        }
    }

    /// What an export wrote.
    public struct ExportResult: Sendable {
        public var file: URL
        public var document: BilingualDocument
        public var units: Int { document.files.reduce(0) { $0 + $1.units.count } }
        public var segments: Int { document.files.reduce(0) { $0 + $1.units.reduce(0) { $0 + $1.segments.count } } }
        public var prefilled: Int { document.files.reduce(0) { $0 + $1.units.reduce(0) { $0 + $1.targets.count { $0 != nil } } } }
    }

    /// Builds the document an export would write (also what import compares against).
    ///
    /// - Throws: `ChuhaiError` when a source, glossary or memory cannot be read.
    public static func document(_ o: ExportOptions, sink: DiagnosticSink) throws -> (workID: String, document: BilingualDocument) {
        let files = try expand(o.sources)
        guard !files.isEmpty else { throw ChuhaiError("no source files found in \(o.sources.joined(separator: ", "))", hint: "pass chapter or subtitle files, or folders of them") }
        let first = URL(fileURLWithPath: o.sources[0]).standardizedFileURL
        var folder = isDirectory(o.sources[0]) ? first : first.deletingLastPathComponent()
        // novel/zh-Hans/ → `novel`: a folder named after the language is not the work.
        if sameLanguage(folder.lastPathComponent, o.sourceLanguage) { folder.deleteLastPathComponent() }
        let workID = o.workID ?? slug(folder.lastPathComponent)
        let segmenter = try Segmenter(language: o.sourceLanguage)
        let terms = try termAnnotator(glossaries: o.glossaries, targetLanguage: o.targetLanguage)
        let prefill = try memoryPrefill(memories: o.memories, sourceLanguage: o.sourceLanguage, targetLanguage: o.targetLanguage,
                                        threshold: o.threshold, sink: sink)
        let subtitles = files.filter { SubtitleFormat(path: $0) != nil }
        let chapters = files.filter { SubtitleFormat(path: $0) == nil }
        var doc = BilingualDocument(sourceLanguage: o.sourceLanguage, targetLanguage: o.targetLanguage)
        if !chapters.isEmpty {
            let ingest = try ChapterReader.readWork(files: chapters, workID: workID, language: o.sourceLanguage)
            ingest.diagnostics.forEach(sink.emit)
            doc.files += BilingualDocument(work: ingest.work, targetLanguage: o.targetLanguage, segmenter: segmenter, terms: terms, prefill: prefill).files
        }
        for path in subtitles {
            let track = try Subtitles.read(path: path, sink: sink)
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            doc.files.append(BilingualFile(episode: "\(workID)-\(slug(stem))", track: track, segmenter: segmenter, terms: terms, prefill: prefill))
        }
        return (workID, doc)
    }

    /// Marks glossary terms in unit sources; the first glossary wins where terms of two overlap.
    static func termAnnotator(glossaries: [String], targetLanguage: String) throws -> ((InlineText) -> [TermAnnotation])? {
        var indexes: [TermIndex] = []
        for g in glossaries { indexes.append(TermIndex(glossary: try GlossaryIO.load(path: g))) }
        guard !indexes.isEmpty else { return nil }
        return { text in
            var out: [TermAnnotation] = []
            for index in indexes {
                for a in TermAnnotation.annotations(in: text.text, index: index, targetLanguage: targetLanguage)
                where !out.contains(where: { $0.range.overlaps(a.range) }) { out.append(a) }
            }
            return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
        }
    }

    /// Memory matches for empty segments, from TMX files (nil without memories).
    static func memoryPrefill(memories: [String], sourceLanguage: String, targetLanguage: String, threshold: Int,
                              sink: DiagnosticSink) throws -> TargetPrefill? {
        var units: [TMUnit] = []
        for m in memories { units += try TMX.read(path: m, sink: sink) }
        guard !units.isEmpty else { return nil }
        return TranslationMemory(units: units, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage).prefill(threshold: threshold)
    }

    /// Writes `<work>.<lang>.xlf` into the output folder.
    public static func export(_ o: ExportOptions, sink: DiagnosticSink) throws -> ExportResult {
        let (workID, doc) = try document(o, sink: sink)
        let url = o.outputDirectory.appendingPathComponent("\(workID).\(o.targetLanguage).xlf")
        try XLIFFWriter.write(doc, version: o.version, to: url)
        return ExportResult(file: url, document: doc)
    }

    /// One imported file: what it held and what was wrong with it.
    public struct ImportResult: Sendable {
        public var result: XLIFFReader.Result
        public var summary: XLIFFImport.Summary
    }

    /// Reads translated XLIFF files, checks ids and codes (and, given `expected`, missing,
    /// extra and changed units), and runs the translation checks on the targets.
    public static func importFiles(_ paths: [String], expected: BilingualDocument?, checks: TranslationChecks.Settings? = .init(),
                                   requireComplete: Bool = false, sink: DiagnosticSink) throws -> [ImportResult] {
        try paths.map { path in
            let r = try XLIFFReader.read(path: path, sink: sink)
            let s = XLIFFImport.check(r, expected: expected, requireComplete: requireComplete, sink: sink)
            if let checks {
                TranslationChecks(sourceLanguage: r.document.sourceLanguage, targetLanguage: r.document.targetLanguage, settings: checks)
                    .check(r, sink: sink)
            }
            return ImportResult(result: r, summary: s)
        }
    }

    /// Memory units from TMX or translated XLIFF files.
    public static func memoryUnits(_ paths: [String], sink: DiagnosticSink) throws -> [TMUnit] {
        var units: [TMUnit] = []
        for p in paths {
            if p.lowercased().hasSuffix(".tmx") {
                units += try TMX.read(path: p, sink: sink)
            } else {
                units += TMX.units(from: try XLIFFReader.read(path: p, sink: sink).document)
            }
        }
        return units
    }

    static func expand(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for p in paths {
            if isDirectory(p) {
                let items = try FileManager.default.contentsOfDirectory(atPath: p).filter { !$0.hasPrefix(".") }.sorted()
                out += items.map { (p as NSString).appendingPathComponent($0) }.filter { !isDirectory($0) }
            } else if FileManager.default.fileExists(atPath: p) {
                out.append(p)
            } else {
                throw ChuhaiError("no such file", at: SourceLocation(file: p), hint: "check the path")
            }
        }
        return out
    }

    static func isDirectory(_ p: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &d) && d.boolValue
    }

    /// ASCII id from a name (`zh-Hans` → `zh-hans`); `work` when nothing is left.
    static func slug(_ s: String) -> String {
        let out = String(s.lowercased().unicodeScalars.map { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) ? Character($0) : "-" })
            .split(separator: "-").joined(separator: "-")
        return out.isEmpty ? "work" : out
    }
}
