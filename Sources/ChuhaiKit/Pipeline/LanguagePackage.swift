import Foundation

/// Everything published for one target language: rendered documents, reports and the manifest.
///
/// Built only from per-document results (summaries, rendered files, findings), so a
/// single run and `chuhai manifest merge` over shard outputs produce the same bytes.
struct LanguagePackage {
    let config: ProjectConfig
    let context: StageContext
    let language: String
    /// Every processed document, in any order.
    let summaries: [DocumentSummary]
    /// The documents' rendered files for this language.
    let documentFiles: [OutputFile]
    /// This language's findings (setup, sources, its translations), already adjusted by `qa.rules`.
    let diagnostics: [Diagnostic]

    /// Canonical order: file, line, column, rule, message — independent of how work was scheduled or sharded.
    static func canonical(_ ds: [Diagnostic]) -> [Diagnostic] {
        Array(Set(ds)).sorted { a, b in
            (a.location.file, a.location.line ?? 0, a.location.column ?? 0, a.rule, a.message, a.severity.rawValue)
                < (b.location.file, b.location.line ?? 0, b.location.column ?? 0, b.rule, b.message, b.severity.rawValue)
        }
    }

    func files() throws -> [OutputFile] {
        var files = documentFiles
        let qa = Self.canonical(diagnostics)
        let report = DiagnosticReport(files: Array(Set(summaries.map(\.source))).sorted(), diagnostics: qa, tool: "chuhai run")
        files.append(OutputFile(path: "qa.json", data: Data(report.renderJSON().utf8), mediaType: "application/json"))
        files.append(OutputFile(path: "glossary.json", data: Data((JSON.encode(glossaryEntries()) + "\n").utf8), mediaType: "application/json"))
        files.sort { $0.path < $1.path }
        files.append(OutputFile(path: "manifest.json", data: Data((JSON.encode(manifest(files: files, qa: qa)) + "\n").utf8),
                                mediaType: "application/json"))
        return files
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

    /// Terms that occur, per work, with this language's preferred rendering.
    func glossaryEntries() -> [GlossaryWork] {
        let byID = Dictionary(context.glossary.concepts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return config.works.map { work in
            let ids = Set(summaries.filter { $0.work == work.id }.flatMap(\.concepts))
            let terms = ids.sorted().compactMap { id -> GlossaryTerm? in
                guard let c = byID[id] else { return nil }
                return GlossaryTerm(concept: id, source: c.preferred(context.glossary.sourceLanguage)?.text ?? "",
                                    target: c.preferred(language)?.text, strategy: c.strategy(language)?.rawValue, note: c.note)
            }
            return GlossaryWork(work: work.id, terms: terms)
        }
    }

    struct Manifest: Codable {
        struct File: Codable { var path: String; var bytes: Int; var mediaType: String; var sha256: String }
        struct Document: Codable {
            var number: Int
            var source: String
            var title: String?
            var translated: Bool
            var characters: Int
            var cues: Int?
            var runtimeMilliseconds: Int?
        }
        struct WorkEntry: Codable {
            var id: String
            var kind: String
            var title: String
            var documents: [Document]
            var untranslated: [Int]
        }
        struct QA: Codable { var errors: Int; var warnings: Int; var notes: Int; var rules: [String: Int] }
        struct GlossaryRef: Codable { var id: String; var path: String; var sha256: String }
        var formatVersion: Int
        var packageID: String
        var tool: String
        var toolVersion: String
        var created: String
        var language: String
        var works: [WorkEntry]
        var files: [File]
        var qa: QA
        var glossaries: [GlossaryRef]
    }

    func manifest(files: [OutputFile], qa: [Diagnostic]) -> Manifest {
        let works = config.works.map { work -> Manifest.WorkEntry in
            let docs = summaries.filter { $0.work == work.id }.sorted { $0.number < $1.number }
            return Manifest.WorkEntry(
                id: work.id, kind: work.kind.rawValue, title: work.titles[language] ?? work.title,
                documents: docs.map {
                    Manifest.Document(number: $0.number, source: $0.source, title: $0.titles[language] ?? $0.title,
                                      translated: $0.translated.contains(language), characters: $0.characters,
                                      cues: work.kind == .drama ? $0.cues : nil,
                                      runtimeMilliseconds: work.kind == .drama ? $0.runtimeMilliseconds : nil)
                },
                untranslated: docs.filter { !$0.translated.contains(language) }.map(\.number))
        }
        var rules: [String: Int] = [:]
        for d in qa { rules[d.rule, default: 0] += 1 }
        return Manifest(
            formatVersion: 1, packageID: "\(config.name)-\(language)", tool: "chuhai", toolVersion: ChuhaiKit.version,
            created: Timestamp.created(), language: language, works: works,
            files: files.map { .init(path: $0.path, bytes: $0.data.count, mediaType: $0.mediaType, sha256: Hashing.sha256($0.data)) },
            qa: .init(errors: qa.count { $0.severity == .error }, warnings: qa.count { $0.severity == .warning },
                      notes: qa.count { $0.severity == .note }, rules: rules),
            glossaries: context.glossaryFiles.map { .init(id: $0.id, path: $0.path, sha256: $0.sha256) })
    }
}

/// Creation times that honour `SOURCE_DATE_EPOCH`, so rebuilds are byte-identical.
public enum Timestamp {
    /// ISO 8601 UTC: `SOURCE_DATE_EPOCH` when set, else the start of 2026-01-01 (a fixed value:
    /// output depends on input only; pass SOURCE_DATE_EPOCH=$(date +%s) for a real date).
    public static func created() -> String {
        let env = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int($0) }
        let seconds = env ?? 1_767_225_600
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
