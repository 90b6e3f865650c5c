import Foundation

/// One step of the pipeline over one source document (a chapter or an episode).
///
/// ```
///  source file ─▶ ingest ─▶ segment ─▶ glossary.annotate ─▶ translations.merge
///        ─▶ glossary.enforce ─▶ quality ─▶ render ─▶ (per language) package ─▶ manifest
/// ```
/// Every stage reads and updates the shared `DocumentJob` and reports
/// diagnostics with source locations into it. Stages are values with no
/// mutable state, so the runner runs documents concurrently; anything
/// expensive to build (term automata, profiles) lives in `StageContext`,
/// built once per run. Expects / sends back is in each stage's doc comment.
public protocol Stage: Sendable {
    /// Stable id used in `chuhai stages`, the project file's `stages.skip` and diagnostics.
    static var id: String { get }
    /// One line for `chuhai stages`.
    static var summary: String { get }
    func process(_ job: inout DocumentJob, context: StageContext) throws
}

/// The state of one source document as it moves through the stages.
public struct DocumentJob: Sendable {
    public var work: ProjectConfig.WorkConfig
    /// 1-based chapter or episode number.
    public var number: Int
    public var sourcePath: String
    /// Novels: the ingested chapter. Dramas: nil.
    public var chapter: Chapter?
    /// Dramas: the source subtitle track. Novels: nil.
    public var track: Track?
    /// Sentences per paragraph id (novels) or per cue index as a string (dramas).
    public var segments: [String: [Segment]] = [:]
    /// Source term occurrences per paragraph id / cue index.
    public var terms: [String: [TermIndex.Occurrence]] = [:]
    /// Translations by target language (missing languages are untranslated).
    public var translations: [String: Translation] = [:]
    /// Findings about the source document (they go into every language's report).
    public var diagnostics: [Diagnostic] = []
    /// Findings about one translation.
    public var languageDiagnostics: [String: [Diagnostic]] = [:]
    /// Files to publish, by target language.
    public var outputs: [String: [OutputFile]] = [:]
    /// What publishing needs about the document once the stages are done (and what the cache keeps).
    public var summary: DocumentSummary?

    public init(work: ProjectConfig.WorkConfig, number: Int, sourcePath: String) {
        self.work = work
        self.number = number
        self.sourcePath = sourcePath
    }

    /// Paragraph/cue units of the source, in order, with a key shared with translations.
    public var sourceUnits: [(key: String, text: String, location: SourceLocation?)] { textUnits(chapter, track) }
}

/// The facts about a processed document that packages and manifests need.
public struct DocumentSummary: Sendable, Codable, Hashable {
    public var work: String
    public var number: Int
    /// Source file, relative to the project folder.
    public var source: String
    /// Source title (chapter heading).
    public var title: String?
    /// Source characters (graphemes).
    public var characters: Int
    public var cues: Int
    /// Episode runtime in milliseconds (end of the last cue).
    public var runtimeMilliseconds: Int
    /// Glossary concepts that occur in the source, sorted.
    public var concepts: [String]
    /// What each translation looks like, by language.
    public var translations: [String: TranslatedSummary]

    public struct TranslatedSummary: Sendable, Codable, Hashable {
        /// The translation file, relative to the project folder.
        public var source: String
        public var title: String?
        /// Graphemes of translated text, and words by ICU word segmentation.
        public var characters: Int
        public var words: Int
        /// Package files rendered from it, relative to the language folder.
        public var files: [String]
    }
}

extension DocumentJob {
    /// Builds `summary` from the stages' results (per document, so it runs in parallel).
    mutating func summarize(root: URL) {
        let rootPath = root.standardizedFileURL.path + "/"
        func relative(_ path: String) -> String {
            let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
            return standardized.hasPrefix(rootPath) ? String(standardized.dropFirst(rootPath.count)) : standardized
        }
        var translated: [String: DocumentSummary.TranslatedSummary] = [:]
        for (language, t) in translations {
            let texts = t.units.map(\.text)
            let segmenter = try? Segmenter(language: language)
            var words = 0
            for text in texts { segmenter?.spans(text, unit: .word) { _ in words += 1 } }
            translated[language] = .init(source: relative(t.sourcePath), title: t.chapter?.title,
                                         characters: texts.reduce(0) { $0 + $1.count }, words: words,
                                         files: (outputs[language] ?? []).map(\.path).sorted())
        }
        let lastEnd = track?.cues.map(\.end.milliseconds).max() ?? 0
        summary = DocumentSummary(
            work: work.id, number: number, source: relative(sourcePath), title: chapter?.title,
            characters: sourceUnits.reduce(0) { $0 + $1.text.count }, cues: track?.cues.count ?? 0,
            runtimeMilliseconds: Int(lastEnd), concepts: Set(terms.values.flatMap { $0.map(\.conceptID) }).sorted(),
            translations: translated)
    }
}

/// A document's translation into one language.
public struct Translation: Sendable {
    public var language: String
    public var sourcePath: String
    public var chapter: Chapter?
    public var track: Track?

    public init(language: String, sourcePath: String, chapter: Chapter? = nil, track: Track? = nil) {
        self.language = language
        self.sourcePath = sourcePath
        self.chapter = chapter
        self.track = track
    }

    /// Units keyed like `DocumentJob.sourceUnits`.
    public var units: [(key: String, text: String, location: SourceLocation?)] { textUnits(chapter, track) }
}

/// A file the pipeline publishes, relative to the language folder.
public struct OutputFile: Sendable, Hashable, Codable {
    public var path: String
    public var data: Data
    public var mediaType: String

    public init(path: String, data: Data, mediaType: String) {
        self.path = path
        self.data = data
        self.mediaType = mediaType
    }
}

/// What every stage may read: built once per run, shared by all documents.
public struct StageContext: Sendable {
    public var config: ProjectConfig
    /// All project glossaries merged (concept ids stay unique per file).
    public var glossary: Glossary
    /// Glossary ids and SHA-256 of their files, for manifests.
    public var glossaryFiles: [(id: String, path: String, sha256: String)]
    public var appliers: [String: GlossaryApplier]
    /// Delivery profiles by platform name.
    public var profiles: [String: DeliveryProfile]
    /// Findings from setting up the run (glossary merge conflicts, glossary errors).
    public var setupDiagnostics: [Diagnostic] = []

    public init(config: ProjectConfig, glossary: Glossary, glossaryFiles: [(id: String, path: String, sha256: String)],
                appliers: [String: GlossaryApplier], profiles: [String: DeliveryProfile]) {
        self.config = config
        self.glossary = glossary
        self.glossaryFiles = glossaryFiles
        self.appliers = appliers
        self.profiles = profiles
    }

    /// Applies the project's `qa.rules` overrides; nil when the rule is switched off.
    public func adjusted(_ d: Diagnostic) -> Diagnostic? { config.adjusted(d) }
}

/// Every stage, in pipeline order (`chuhai stages`).
public enum StageRegistry {
    public struct Entry: Sendable {
        public var id: String
        public var summary: String
        /// Document stages run per chapter/episode; the others once per language.
        public var perDocument: Bool
        public var skippable: Bool
        /// Not part of the default pipeline: a project adds it with `stages: {add: [id]}`.
        public var optional: Bool = false
        let stage: (any Stage)?
    }

    public static let all: [Entry] = [
        entry(IngestStage()), entry(SegmentStage()), entry(AnnotateTermsStage()), entry(MergeTranslationsStage()),
        entry(PseudoTranslationStage(), optional: true),
        entry(EnforceGlossaryStage()), entry(TranslationQualityStage()), entry(SubtitleQualityStage()), entry(RenderStage()),
        Entry(id: "package", summary: "Build each work's EPUB or subtitle set per language.", perDocument: false, skippable: false, stage: nil),
        Entry(id: "manifest", summary: "Write glossary.json, qa.json, qa.html, manifest.json and index.json.", perDocument: false,
              skippable: false, stage: nil),
    ]

    private static func entry<S: Stage>(_ s: S, optional: Bool = false) -> Entry {
        Entry(id: S.id, summary: S.summary, perDocument: true, skippable: S.id != IngestStage.id, optional: optional, stage: s)
    }

    public static func stage(id: String) -> Entry? { all.first { $0.id == id } }

    /// The document stages a project runs, in order.
    static func documentStages(skipping skip: [String], adding add: [String] = []) -> [any Stage] {
        all.filter { $0.perDocument && !($0.skippable && skip.contains($0.id)) && (!$0.optional || add.contains($0.id)) }
            .compactMap(\.stage)
    }
}

/// The text units of a chapter (`title`, then paragraphs by id) or a track (cues by 1-based
/// position): the keys that pair a source with its translations.
func textUnits(_ chapter: Chapter?, _ track: Track?) -> [(key: String, text: String, location: SourceLocation?)] {
    if let chapter {
        var units: [(String, String, SourceLocation?)] = []
        if let title = chapter.title { units.append(("title", title, chapter.source)) }
        units += chapter.paragraphs.map { ($0.id, $0.text, $0.source) }
        return units
    }
    if let track {
        return track.cues.enumerated().map { (String($0.offset + 1), $0.element.text, $0.element.location) }
    }
    return []
}
