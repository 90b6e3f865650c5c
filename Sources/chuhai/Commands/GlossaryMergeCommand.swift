import ArgumentParser
import ChuhaiKit
import Foundation

struct GlossaryMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge glossaries by concept id; every conflict is reported, none dropped silently.",
        discussion: """
            The first file wins a conflict; the losing value is printed as an error with its location
            and the exit code is 1 (the merged file is still written).

            Examples:
              chuhai glossary merge glossaries/xianxia.yaml team-additions.csv -o merged.yaml
              chuhai glossary merge a.tbx b.tbx -o merged.tbx --format json
            """
    )

    @Argument(help: "Glossaries to merge, highest priority first.")
    var files: [String]

    @Option(name: .shortAndLong, help: "Output file; its extension picks the format.")
    var output: String

    @Option(help: "Conflict report: text or json.")
    var format: GlossaryReportFormat = .text

    func run() throws {
        guard files.count >= 2 else { throw ValidationError("give at least two glossaries to merge") }
        let inputs = try files.map { try GlossaryIO.load(path: $0) }
        let (merged, conflicts) = GlossaryMerger.merge(inputs)
        try GlossaryIO.write(merged, to: output)
        let report = DiagnosticReport(files: files, diagnostics: conflicts, tool: "chuhai glossary merge")
        let text = format == .json ? report.renderJSON() : report.renderText()
        if format == .json { print(text, terminator: "") } else if !text.isEmpty { Output.note(text) }
        if report.errorCount > 0 { throw ExitCode(ExitStatus.findings) }
    }
}
