import ArgumentParser
import ChuhaiKit
import Foundation

extension ManifestCommand {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the outputs of `chuhai run --shard K/N` into the packages one run would write.",
            discussion: """
                Each shard run writes its packages and a shard.json with its documents' results; merge
                unions them and packages everything again, byte for byte what a single `chuhai run` writes.

                Examples (three CI matrix jobs, then one merge job):
                  chuhai run --shard 1/3 --out shard1     # job 1 (2/3 and 3/3 likewise)
                  chuhai manifest merge shard1 shard2 shard3 -o dist
                """
        )

        @Option(help: "Project file.") var config = "chuhai.yaml"
        @Argument(help: "The --out folders of every shard run.") var shards: [String]
        @Option(name: .shortAndLong, help: "Output folder for the merged packages.") var output: String

        func run() throws {
            let (project, _) = try ProjectConfig.load(path: config)
            let result = try ShardMerge.merge(config: project, shards: shards.map { URL(fileURLWithPath: $0) },
                                              output: URL(fileURLWithPath: output))
            print("merged \(result.shards.count) shards (\(result.shards.joined(separator: ", "))): \(result.documents) documents → \(output)")
        }
    }
}
