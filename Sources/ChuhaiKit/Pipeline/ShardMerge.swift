import Foundation

/// Joins the outputs of `chuhai run --shard K/N` runs into the packages a single run writes.
///
/// Each shard leaves its packages and a `shard.json` with its documents' results
/// (summaries, rendered files, findings, translated chapters). Merging unions the
/// results and runs the same packaging code as a single run, so the output is
/// byte-identical to an unsharded run.
public enum ShardMerge {
    public struct Result: Sendable {
        public var documents: Int
        public var shards: [String]
    }

    public static func merge(config: ProjectConfig, shards: [URL], output: URL) throws -> Result {
        let context = try PipelineRunner.makeContext(config)
        var results: [String: DocumentResult] = [:]
        var names: [String] = []
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
            for r in record.results { results["\(r.summary.work)#\(r.summary.number)"] = r }
        }
        let counts = Set(names.compactMap { $0.split(separator: "/").last.flatMap { Int($0) } })
        if counts.count > 1 {
            throw ChuhaiError("the shard outputs come from different splits (\(names.sorted().joined(separator: ", ")))")
        }
        if let n = counts.first, Set(names).count != n {
            throw ChuhaiError("got \(Set(names).count) of \(n) shards (\(names.sorted().joined(separator: ", ")))",
                              hint: "pass every shard's output folder")
        }
        try Publisher(config: config, context: context, output: output, zip: false, shard: nil).publish(Array(results.values), progress: { _ in })
        return Result(documents: results.count, shards: names.sorted())
    }
}
