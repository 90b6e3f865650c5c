import ArgumentParser
import ChuhaiKit

struct GlossaryLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check glossaries for duplicate concepts, conflicting translations, bad terms and missing languages.",
        discussion: """
            Prints `file:line:col: severity[rule]: message` (or JSON with --format json) and exits 1 when
            any error is found, 2 when a file cannot be read.

            Examples:
              chuhai glossary lint glossaries/xianxia.yaml
              chuhai glossary lint glossaries/*.yaml --require en,es,pt-BR --format json
              chuhai glossary lint team.csv vendor.tbx --strict
            """
    )

    @Argument(help: "Glossary files (.yaml, .csv, .tbx).")
    var files: [String]

    @Option(help: "Output: text or json.")
    var format: GlossaryReportFormat = .text

    @Option(help: "Comma-separated languages every concept must have (e.g. en,es).")
    var require: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let required = require.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        var report = try GlossaryLint.lint(paths: files, options: .init(requiredLanguages: required))
        if strict { report = report.strict() }
        let out = Output.Writer()
        switch format {
        case .text:
            out.write(report.renderText())
            if report.diagnostics.isEmpty { Output.note("\(files.count) glossar\(files.count == 1 ? "y" : "ies") clean") }
        case .json: out.write(report.renderJSON())
        }
        out.flush()
        if report.errorCount > 0 { throw ExitCode(ExitStatus.findings) }
    }
}

enum GlossaryReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
