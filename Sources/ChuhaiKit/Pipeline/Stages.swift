import Foundation

/// Reads the source document: a chapter file (any format the chapter readers know) or an episode's subtitle track.
///
/// Expects: `sourcePath`. Sends back: `chapter` or `track`; read problems as diagnostics.
public struct IngestStage: Stage {
    public static let id = "ingest"
    public static let summary = "Read the source chapter or episode (TXT in any encoding, Markdown, HTML, DOCX, EPUB; SRT, WebVTT, TTML)."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws { try Self.read(&job) }

    /// The stage without a run around it (`xliff export` reads sources the same way).
    static func read(_ job: inout DocumentJob) throws {
        switch job.work.kind {
        case .novel:
            // Chapters of a single-file novel arrive already split (PipelineRunner.documents).
            if job.chapter == nil {
                job.chapter = try NovelFiles.chapter(path: job.sourcePath, number: job.number, work: job.work, diagnostics: &job.diagnostics)
            }
        case .drama:
            let sink = DiagnosticSink()
            job.track = try Subtitles.read(path: job.sourcePath, sink: sink)
            job.diagnostics += sink.diagnostics
        }
    }
}

/// Splits every paragraph or cue into sentences with the fiction-tailored segmenter.
///
/// Expects: `chapter` or `track`. Sends back: `segments`.
public struct SegmentStage: Stage {
    public static let id = "segment"
    public static let summary = "Split paragraphs and cues into sentences (ICU, tailored for fiction)."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        let segmenter = try Segmenter(language: context.config.source,
                                      options: .init(mergeNarratorTags: context.config.mergeNarratorTags))
        for unit in job.sourceUnits {
            job.segments[unit.key] = segmenter.segment(unit.text)
        }
    }
}

/// Finds every glossary term in the source.
///
/// Expects: `chapter` or `track`. Sends back: `terms`.
public struct AnnotateTermsStage: Stage {
    public static let id = "glossary.annotate"
    public static let summary = "Mark every glossary term occurrence in the source (concept id and range)."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        guard let applier = context.appliers.values.first else { return }
        for unit in job.sourceUnits {
            let found = applier.annotate(unit.text)
            if !found.isEmpty { job.terms[unit.key] = found }
        }
    }
}

/// Reads translations from the parallel files named by the work's `translations:` pattern.
///
/// Expects: the source. Sends back: `translations` for every language that has a file;
/// an `alignment` warning when paragraph or cue counts differ from the source.
public struct MergeTranslationsStage: Stage {
    public static let id = "translations.merge"
    public static let summary = "Read translations from parallel files (novel/{lang}/{n}.txt, drama/{lang}/ep{n}.srt)."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        for language in context.config.targets where job.translations[language] == nil {
            guard let t = try Self.read(&job, language: language, config: context.config) else { continue }
            let sourceCount = job.sourceUnits.count, targetCount = t.units.count
            if sourceCount != targetCount {
                let what = job.work.kind == .novel ? "paragraphs" : "cues"
                job.languageDiagnostics[language, default: []].append(Diagnostic(
                    .warning, rule: "alignment",
                    "\(language) translation has \(targetCount) \(what), the source \(sourceCount); units are paired in order, so later ones may be misaligned",
                    at: SourceLocation(file: t.sourcePath)))
            }
            job.translations[language] = t
        }
    }

    /// The parallel file of `language` for the job's chapter or episode, or nil when there is none;
    /// its read findings go to `job.languageDiagnostics`.
    static func read(_ job: inout DocumentJob, language: String, config: ProjectConfig) throws -> Translation? {
        guard let pattern = job.work.translations else { return nil }
        let path = config.url(pattern.path(number: job.number, language: language)).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var t = Translation(language: language, sourcePath: path)
        switch job.work.kind {
        case .novel:
            t.chapter = try NovelFiles.chapter(path: path, number: job.number, work: job.work,
                                               diagnostics: &job.languageDiagnostics[language, default: []])
        case .drama:
            let sink = DiagnosticSink()
            t.track = try Subtitles.read(path: path, sink: sink)
            job.languageDiagnostics[language, default: []] += sink.diagnostics
        }
        return t
    }
}

/// Fills every language that has no translation with pseudo-localized source text (accented,
/// ~35% longer, bracketed), so layouts, packages and QA can be tried before translators deliver.
/// Optional: a project adds it with `stages: {add: [translations.pseudo]}`.
///
/// Expects: the source. Sends back: `translations` for the missing languages.
public struct PseudoTranslationStage: Stage {
    public static let id = "translations.pseudo"
    public static let summary = "Optional: fill missing translations with pseudo-localized source (layout and pipeline testing)."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        let pseudo = PseudoProvider()
        for language in context.config.targets where job.translations[language] == nil {
            var t = Translation(language: language, sourcePath: job.sourcePath)
            if var chapter = job.chapter {
                chapter.title = chapter.title.map(pseudo.pseudo)
                chapter.paragraphs = chapter.paragraphs.map { p in
                    Paragraph(id: p.id, text: pseudo.pseudo(p.text), headingLevel: p.headingLevel, source: p.source)
                }
                t.chapter = chapter
            } else if var track = job.track {
                for i in track.cues.indices {
                    track.cues[i].lines = track.cues[i].lines.map { CueLine([Span(pseudo.pseudo($0.text))]) }
                }
                t.track = track
            } else {
                continue
            }
            job.translations[language] = t
        }
    }
}

/// Checks translations against the glossary and fixes deprecated terms.
///
/// Expects: `translations`. Sends back: translations with deprecated or forbidden target terms
/// replaced by the preferred term (each fix reported), `term-missing` warnings, and
/// transliteration suggestions for concepts with no target term.
public struct EnforceGlossaryStage: Stage {
    public static let id = "glossary.enforce"
    public static let summary = "Replace deprecated terms in translations, report missing ones, suggest transliterations."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        let source = Dictionary(job.sourceUnits.map { ($0.key, $0.text) }, uniquingKeysWith: { a, _ in a })
        for (language, translation) in job.translations.sorted(by: { $0.key < $1.key }) {
            guard let applier = context.appliers[language] else { continue }
            var t = translation
            for unit in translation.units {
                guard let sourceText = source[unit.key] else { continue }
                let findings = applier.check(source: sourceText, translation: unit.text)
                let location = unit.location ?? SourceLocation(file: translation.sourcePath)
                let fixes = findings.compactMap(\.fix)
                for f in findings {
                    var d = f.diagnostic(at: location)
                    if f.fix != nil { d.message = "fixed: " + d.message }
                    job.languageDiagnostics[language, default: []].append(d)
                }
                if !fixes.isEmpty { t.apply(fixes, toUnit: unit.key) }
            }
            job.translations[language] = t
        }
    }
}

/// Reports untranslated chapters and episodes (the manifest lists them too).
///
/// Expects: `translations`. Sends back: an `untranslated` note per missing language.
public struct TranslationQualityStage: Stage {
    public static let id = "quality.translation"
    public static let summary = "Check translations: untranslated documents and segments, numbers, punctuation, inline codes."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        for language in context.config.targets where job.translations[language] == nil {
            job.languageDiagnostics[language, default: []].append(Diagnostic(
                .warning, rule: "untranslated", "no \(language) translation of \(job.work.id) #\(job.number) (looked for \(job.work.translations?.path(number: job.number, language: language) ?? "nothing: no translations pattern"))",
                at: SourceLocation(file: job.sourcePath)))
        }
        for (language, translation) in job.translations.sorted(by: { $0.key < $1.key }) {
            let sourceUnits = job.sourceUnits
            for (s, t) in zip(sourceUnits, translation.units) where TranslationQualityStage.isUntranslated(source: s.text, target: t.text, language: language) {
                job.languageDiagnostics[language, default: []].append(Diagnostic(.warning, rule: "untranslated-segment",
                                                  "\(language) text is empty or still the source: \(t.text.prefix(40))",
                                                  at: t.location ?? SourceLocation(file: translation.sourcePath)))
            }
        }
    }

    static func isUntranslated(source: String, target: String, language: String) -> Bool {
        func trimmed(_ s: String) -> Substring {
            let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
            guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else { return "" }
            return s[first...last]
        }
        let t = trimmed(target)
        if t.isEmpty { return !trimmed(source).isEmpty }
        // Equal to the source only counts when the source is CJK (names and numbers may stay as they are).
        return t.utf8.count == source.utf8.count && t == trimmed(source) && source.unicodeScalars.contains(where: TextMetrics.isCJK)
    }
}

/// Validates each translated subtitle track against the delivery profile of every platform the work targets.
///
/// Expects: dramas' `translations`. Sends back: the validator's diagnostics (rule ids as `chuhai validate`).
public struct SubtitleQualityStage: Stage {
    public static let id = "quality.subtitles"
    public static let summary = "Validate translated subtitles against each platform's delivery profile (reading speed, line length, timing)."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        guard job.work.kind == .drama else { return }
        for (language, translation) in job.translations.sorted(by: { $0.key < $1.key }) {
            guard let track = translation.track else { continue }
            var seen = Set<Diagnostic>()
            for platform in job.work.platforms {
                guard let profile = context.profiles[platform] else { continue }
                for d in try SubtitleValidation.validate(track: track, profile: profile, language: language) where seen.insert(d).inserted {
                    var d = d
                    d.message += " [\(profile.name)]"
                    job.languageDiagnostics[language, default: []].append(d)
                }
            }
        }
    }
}

/// Renders every translation: an XHTML file per chapter, subtitle files per platform.
///
/// Expects: `translations`. Sends back: `outputs`.
public struct RenderStage: Stage {
    public static let id = "render"
    public static let summary = "Render translations: XHTML per chapter; SRT, WebVTT or IMSC 1.1 TTML per platform."
    public init() {}

    public func process(_ job: inout DocumentJob, context: StageContext) throws {
        for (language, translation) in job.translations.sorted(by: { $0.key < $1.key }) {
            var files: [OutputFile] = []
            switch job.work.kind {
            case .novel:
                guard let chapter = translation.chapter else { continue }
                // The same file name and markup the work's EPUB uses (EPUBWriter.chapterFileNames).
                files.append(OutputFile(path: "\(job.work.id)/\(chapter.id).xhtml",
                                        data: Data(XHTML.chapter(chapter, language: language).utf8),
                                        mediaType: "application/xhtml+xml"))
            case .drama:
                guard var track = translation.track else { continue }
                track.language = language
                for platform in job.work.platforms {
                    guard let format = ProjectConfig.platformFormats[platform] else { continue }
                    let name = DramaNaming.fileName(work: job.work, episode: job.number, language: language, format: format)
                    files.append(OutputFile(path: "\(job.work.id)/\(name)", data: Data(try Subtitles.write(track, as: format).utf8),
                                            mediaType: format.mediaType))
                }
            }
            job.outputs[language, default: []] += files
        }
    }
}

/// `<series>_S01E03.<lang>.<ext>`, as platforms' bulk uploaders expect.
public enum DramaNaming {
    public static func fileName(work: ProjectConfig.WorkConfig, episode: Int, language: String, format: SubtitleFormat) -> String {
        let series = work.series ?? work.id
        return "\(series)_S\(pad(work.season))E\(pad(episode)).\(language).\(format.fileExtension)"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension SubtitleFormat {
    /// IANA media type for manifests.
    public var mediaType: String {
        switch self {
        case .srt: "application/x-subrip"
        case .vtt: "text/vtt"
        case .ttml: "application/ttml+xml"
        case .ass: "text/x-ssa"
        }
    }
}

extension SubtitleValidation {
    /// Validates an in-memory track (after pipeline fixes) against a profile for a language.
    public static func validate(track: Track, profile: DeliveryProfile, language: String) throws -> [Diagnostic] {
        let settings = try profile.resolve(language: language)
        let sink = DiagnosticSink()
        SubtitleRules.check(track, settings: settings, frameRate: track.frameRate, sink: sink)
        return sorted(sink.diagnostics)
    }
}

extension Translation {
    /// Applies glossary fixes (UTF-8 ranges in the unit's text) to one unit, keeping inline spans in place.
    mutating func apply(_ fixes: [GlossaryApplier.Finding.Fix], toUnit key: String) {
        let ordered = fixes.sorted { $0.range.lowerBound > $1.range.lowerBound }  // back to front: ranges stay valid
        if var chapter {
            if key == "title", let title = chapter.title {
                chapter.title = TextEdit.replacing(title, ordered).text
            } else if let i = chapter.paragraphs.firstIndex(where: { $0.id == key }) {
                var p = chapter.paragraphs[i]
                let edit = TextEdit.replacing(p.text, ordered)
                p.text = edit.text
                p.spans = p.spans.map { edit.shift($0) }
                chapter.paragraphs[i] = p
            }
            self.chapter = chapter
        } else if var track, let n = Int(key), n >= 1, n <= track.cues.count {
            // Cue text is the lines joined by "\n"; fix inside single-span lines only, where offsets map exactly.
            var cue = track.cues[n - 1]
            var lineStart = 0
            for li in cue.lines.indices {
                let lineText = cue.lines[li].text
                let lineEnd = lineStart + lineText.utf8.count
                let inLine = ordered.filter { $0.range.lowerBound >= lineStart && $0.range.upperBound <= lineEnd }
                    .map { GlossaryApplier.Finding.Fix(range: ($0.range.lowerBound - lineStart)..<($0.range.upperBound - lineStart), replacement: $0.replacement) }
                if !inLine.isEmpty && cue.lines[li].spans.count == 1 {
                    cue.lines[li].spans[0].text = TextEdit.replacing(lineText, inLine).text
                }
                lineStart = lineEnd + 1
            }
            track.cues[n - 1] = cue
            self.track = track
        }
    }
}

/// Replacements in UTF-8 ranges of a string, with a map for shifting later offsets.
struct TextEdit {
    var text: String
    /// (original offset, delta) for each replacement, in original order.
    var deltas: [(at: Int, end: Int, delta: Int)]

    /// `fixes` must be sorted back to front and not overlap.
    static func replacing(_ s: String, _ fixes: [GlossaryApplier.Finding.Fix]) -> TextEdit {
        var bytes = Array(s.utf8)
        var deltas: [(Int, Int, Int)] = []
        for f in fixes where f.range.upperBound <= bytes.count {
            let replacement = Array(f.replacement.utf8)
            bytes.replaceSubrange(f.range, with: replacement)
            deltas.append((f.range.lowerBound, f.range.upperBound, replacement.count - f.range.count))
        }
        return TextEdit(text: String(decoding: bytes, as: UTF8.self), deltas: deltas.reversed())
    }

    func shift(_ offset: Int) -> Int {
        var o = offset
        for d in deltas where offset >= d.end { o += d.delta }
        return o
    }

    func shift(_ span: InlineSpan) -> InlineSpan {
        var s = span
        s.start = shift(span.start)
        s.end = shift(span.end)
        return s
    }
}
