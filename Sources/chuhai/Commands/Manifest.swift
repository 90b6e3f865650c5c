import ArgumentParser
import ChuhaiKit
import Foundation

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Check package manifests and print their schema.",
        subcommands: [Verify.self, Merge.self, Schema.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every file's size and SHA-256 and check the manifest against its schema.",
            discussion: """
                DIR is one language package (dist/en, holding manifest.json) or a whole dist
                folder (holding index.json: every listed manifest is checked too).
                Exit 0 when everything matches, 1 on any mismatch, missing or unlisted file,
                2 when DIR or a manifest cannot be read.

                Examples:
                  chuhai manifest verify dist/en
                  chuhai manifest verify dist --format json
                """
        )
        @Argument(help: "Package or dist folder.") var dir: String
        @Option(help: "Findings as text or json.") var format: VerifyFormat = .text

        func run() throws {
            let result = try ManifestVerifier.verify(URL(fileURLWithPath: dir), displayPath: dir)
            let report = DiagnosticReport(files: [dir], diagnostics: result.diagnostics, tool: "chuhai manifest verify")
            switch format {
            case .text:
                if !result.diagnostics.isEmpty { FileHandle.standardError.write(Data(report.renderText().utf8)) }
                print("\(dir): \(result.packages) package\(result.packages == 1 ? "" : "s"), \(result.filesChecked) files checked, \(report.errorCount) error\(report.errorCount == 1 ? "" : "s")")
            case .json:
                print(report.renderJSON(), terminator: "")
            }
            if result.hasErrors { throw ExitCode(1) }
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema (draft 2020-12) of manifest.json, or of dist/index.json.",
            discussion: """
                The repository's schemas/manifest.schema.json and schemas/index.schema.json are this output.

                Examples:
                  chuhai manifest schema > schemas/manifest.schema.json
                  chuhai manifest schema --index > schemas/index.schema.json
                """
        )
        @Flag(help: "The schema of dist/index.json instead.") var index = false

        func run() {
            print(index ? ManifestSchema.indexText : ManifestSchema.text, terminator: "")
        }
    }
}

enum VerifyFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
