import Foundation

/// XLIFF hand-off for a whole project: one file per work and language, built from the
/// project's own sources and glossaries with the same writer `chuhai xliff export` uses.
public enum ProjectHandoff {
    public static func export(config: ProjectConfig, language: String, version: XLIFFVersion, output: URL,
                              memories: [String] = [], threshold: Int = 75, sink: DiagnosticSink) throws -> [InterchangeJobs.ExportResult] {
        guard config.targets.contains(language) else {
            throw ChuhaiError("\(language) is not a target of \(config.name) (targets: \(config.targets.joined(separator: ", ")))",
                              at: SourceLocation(file: config.file), hint: "pass one of the project's targets with --lang")
        }
        return try config.works.map { work in
            let sources = work.source.isNumbered ? work.source.files(in: config.root).map(\.path) : [config.url(work.source.text).path]
            return try InterchangeJobs.export(
                .init(sources: sources, workID: work.id, sourceLanguage: config.source, targetLanguage: language, version: version,
                      outputDirectory: output, glossaries: config.glossaries.map { config.url($0).path }, memories: memories,
                      threshold: threshold),
                sink: sink)
        }
    }
}
