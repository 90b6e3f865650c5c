import Foundation

/// Writes the packages: `dist/<lang>/…` for every target language and
/// `dist/index.json`, built in a temporary folder and renamed into place so a
/// failed run leaves the previous output intact.
struct Publisher {
    let config: ProjectConfig
    let context: StageContext
    let output: URL
    let zip: Bool
    let shard: PipelineRunner.Shard?

    func publish(_ jobs: [DocumentJob], progress: @Sendable (PipelineRunner.Event) -> Void) throws {
        let summaries = jobs.compactMap(\.summary)
        var perLanguage: [String: (files: [OutputFile], diagnostics: [Diagnostic])] = [:]
        for language in config.targets {
            var ds = context.setupDiagnostics.compactMap(context.adjusted)
            var files: [OutputFile] = []
            for job in jobs {
                ds += job.diagnostics.compactMap(context.adjusted)
                ds += (job.languageDiagnostics[language] ?? []).compactMap(context.adjusted)
                files += job.outputs[language] ?? []
            }
            perLanguage[language] = (files, ds)
        }
        try publish(summaries: summaries, perLanguage: perLanguage, progress: progress)
    }

    /// Writes packages from per-document results (also what `manifest merge` calls with shard results).
    func publish(summaries: [DocumentSummary], perLanguage: [String: (files: [OutputFile], diagnostics: [Diagnostic])],
                 progress: @Sendable (PipelineRunner.Event) -> Void) throws {
        var languageFiles: [String: [OutputFile]] = [:]
        for language in config.targets {
            progress(.publishing(language: language))
            languageFiles[language] = try LanguagePackage(
                config: config, context: context, language: language, summaries: summaries,
                documentFiles: perLanguage[language]?.files ?? [], diagnostics: perLanguage[language]?.diagnostics ?? []).files()
        }
        try OutputFolder.replace(output) { tmp in
            var index: [(String, String)] = []
            for language in config.targets {
                let dir = tmp.appendingPathComponent(language)
                for f in languageFiles[language] ?? [] {
                    let url = dir.appendingPathComponent(f.path)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try f.data.write(to: url)
                }
                if let manifest = languageFiles[language]?.first(where: { $0.path == "manifest.json" }) {
                    index.append((language, Hashing.sha256(manifest.data)))
                }
            }
            let indexJSON = Index(formatVersion: 1, project: config.name, languages: index.map { .init(language: $0.0, manifest: "\($0.0)/manifest.json", sha256: $0.1) })
            try Data((JSON.encode(indexJSON) + "\n").utf8).write(to: tmp.appendingPathComponent("index.json"))
            if let shard {
                // What `chuhai manifest merge` needs to rebuild the full packages from shard outputs.
                let record = ShardRecord(shard: shard.description, summaries: summaries.sorted { ($0.work, $0.number) < ($1.work, $1.number) },
                                         diagnostics: perLanguage.mapValues { LanguagePackage.canonical($0.diagnostics) })
                try Data((JSON.encode(record) + "\n").utf8).write(to: tmp.appendingPathComponent(ShardRecord.fileName))
            }
        }
    }

    /// Per-shard results beside a shard's packages.
    struct ShardRecord: Codable {
        static let fileName = "shard.json"
        var shard: String
        var summaries: [DocumentSummary]
        var diagnostics: [String: [Diagnostic]]
    }

    struct Index: Codable {
        struct Language: Codable { var language: String; var manifest: String; var sha256: String }
        var formatVersion: Int
        var project: String
        var languages: [Language]
    }
}

/// Replaces a whole folder atomically: build into a sibling temporary folder, then swap.
public enum OutputFolder {
    public static func replace(_ target: URL, build: (URL) throws -> Void) throws {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let tmp = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        do {
            try build(tmp)
        } catch {
            try? fm.removeItem(at: tmp)
            throw error
        }
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
        if fm.fileExists(atPath: target.path) {
            try? fm.removeItem(at: old)
            try fm.moveItem(at: target, to: old)
        }
        do {
            try fm.moveItem(at: tmp, to: target)
        } catch {
            if fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: target) }
            throw error
        }
        try? fm.removeItem(at: old)
    }
}
