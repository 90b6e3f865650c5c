import Foundation

/// Per-document results, as the publisher needs them: what a single run, the cache
/// and shard records all provide, so every path publishes the same bytes.
struct DocumentResult: Sendable, Codable {
    var summary: DocumentSummary
    /// Rendered files by language (paths relative to the language folder).
    var files: [String: [OutputFile]]
    /// Findings by language (source findings repeated in each), already adjusted by `qa.rules`.
    var diagnostics: [String: [Diagnostic]]
    /// Novels: the translated chapter by language, for the work's EPUB.
    var chapters: [String: Chapter]
}

/// Writes the packages: `dist/<lang>/…` for every target language and
/// `dist/index.json`, built in a temporary folder and renamed into place so a
/// failed run leaves the previous output intact.
struct Publisher {
    let config: ProjectConfig
    let context: StageContext
    let output: URL
    let zip: Bool
    let shard: PipelineRunner.Shard?

    static func result(of job: DocumentJob, context: StageContext) -> DocumentResult? {
        guard let summary = job.summary else { return nil }
        var files: [String: [OutputFile]] = [:], diagnostics: [String: [Diagnostic]] = [:], chapters: [String: Chapter] = [:]
        for language in context.config.targets {
            files[language] = job.outputs[language] ?? []
            diagnostics[language] = (job.diagnostics + (job.languageDiagnostics[language] ?? [])).compactMap(context.adjusted)
            if let c = job.translations[language]?.chapter { chapters[language] = c }
        }
        return DocumentResult(summary: summary, files: files, diagnostics: diagnostics, chapters: chapters)
    }

    func publish(_ results: [DocumentResult], progress: @Sendable (PipelineRunner.Event) -> Void) throws {
        let time = try BuildTime.fromEnvironment()
        let ordered = results.sorted { ($0.summary.work, $0.summary.number) < ($1.summary.work, $1.summary.number) }
        try AtomicFolder.replace(output) { tmp in
            for language in config.targets {
                progress(.publishing(language: language))
                let dir = tmp.appendingPathComponent(language)
                try LanguagePackage(config: config, context: context, language: language, results: ordered, time: time).write(to: dir)
                if zip { try PackageFolder.archive(dir, project: config.name, language: language, time: time) }
            }
            try PackageFolder.writeIndex(dist: tmp, project: config.name, languages: config.targets)
            if let shard {
                // What `chuhai manifest merge` needs to rebuild the full packages from shard outputs.
                let record = ShardRecord(shard: shard.description, results: ordered)
                try Data((JSON.encode(record, pretty: false) + "\n").utf8).write(to: tmp.appendingPathComponent(ShardRecord.fileName))
            }
        }
    }

    /// Per-shard results beside a shard's packages.
    struct ShardRecord: Codable {
        static let fileName = "shard.json"
        var shard: String
        var results: [DocumentResult]
    }
}
