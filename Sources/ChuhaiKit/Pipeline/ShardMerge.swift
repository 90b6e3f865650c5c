import Foundation

/// Joins the outputs of `chuhai run --shard K/N` runs into the packages a single run writes.
///
/// Each shard leaves its documents' rendered files and a `shard.json` (document
/// summaries and findings). Merging unions them and runs the same packaging code
/// as a single run, so the result is byte-identical to an unsharded run.
public enum ShardMerge {
    public struct Result: Sendable {
        public var documents: Int
        public var shards: [String]
    }

    public static func merge(config: ProjectConfig, shards: [URL], output: URL) throws -> Result {
        let context = try PipelineRunner.makeContext(config)
        var summaries: [String: DocumentSummary] = [:]
        var perLanguage: [String: (files: [OutputFile], diagnostics: [Diagnostic])] = [:]
        var names: [String] = []
        var seenFiles: [String: Set<String>] = [:]
        for dir in shards {
            let recordURL = dir.appendingPathComponent(Publisher.ShardRecord.fileName)
            guard let data = FileManager.default.contents(atPath: recordURL.path) else {
                throw ChuhaiError("no \(Publisher.ShardRecord.fileName) here: not the output of `chuhai run --shard K/N`",
                                  at: SourceLocation(file: dir.path), hint: "pass the --out folders of the shard runs")
            }
            let record: Publisher.ShardRecord
            do { record = try JSONDecoder().decode(Publisher.ShardRecord.self, from: data) } catch {
                throw ChuhaiError("unreadable shard record: \(error)", at: SourceLocation(file: recordURL.path))
            }
            names.append(record.shard)
            for s in record.summaries { summaries["\(s.work)#\(s.number)"] = s }
            for language in config.targets {
                var entry = perLanguage[language] ?? ([], [])
                entry.diagnostics += record.diagnostics[language] ?? []
                for work in config.works {
                    let workDir = dir.appendingPathComponent(language).appendingPathComponent(work.id)
                    for file in try documentFiles(in: workDir, prefix: work.id)
                    where seenFiles[language, default: []].insert(file.path).inserted {
                        entry.files.append(file)
                    }
                }
                perLanguage[language] = entry
            }
        }
        if let shardCount = names.first.flatMap({ $0.split(separator: "/").last }).flatMap({ Int($0) }), shardCount != names.count {
            throw ChuhaiError("got \(names.count) shard outputs (\(names.joined(separator: ", "))) but the shards were of \(shardCount)",
                              hint: "pass every shard's output folder")
        }
        try Publisher(config: config, context: context, output: output, zip: false, shard: nil)
            .publish(summaries: Array(summaries.values), perLanguage: perLanguage, progress: { _ in })
        return Result(documents: summaries.count, shards: names.sorted())
    }

    /// Rendered document files under `dir`, with paths relative to the language folder.
    static func documentFiles(in dir: URL, prefix: String) throws -> [OutputFile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return try names.sorted().map { name in
            let url = dir.appendingPathComponent(name)
            let data = try TextDecoder.readFile(url.path)
            return OutputFile(path: "\(prefix)/\(name)", data: data, mediaType: mediaType(forExtension: url.pathExtension))
        }
    }

    static func mediaType(forExtension ext: String) -> String {
        if ext == "xhtml" { return "application/xhtml+xml" }
        if let f = SubtitleFormat(path: "x.\(ext)") { return f.mediaType }
        return "application/octet-stream"
    }
}
