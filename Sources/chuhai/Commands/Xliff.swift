import ArgumentParser
import ChuhaiKit
import Foundation

/// `chuhai xliff export|import`: hand work to CAT tools and take it back.
struct XliffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xliff",
        abstract: "Export XLIFF 2.1/1.2 for CAT tools and import the translated files.",
        subcommands: [XliffExport.self, XliffImport.self])
}

struct XliffExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one XLIFF file per work and language: a unit per paragraph or cue, a segment per sentence.",
        discussion: """
            Glossary terms are marked (<mrk type="term"> and the gls:glossary module in 2.1); memory
            matches prefill targets (exact: translated, fuzzy ≥ --threshold: initial, with the score).
            With --config, chapters and episodes are numbered as `chuhai run` numbers them (file ids
            qingyun-ch0001, flashmarriage-ep0001) and the project's parallel translations prefill
            the targets (--fresh leaves them empty).

            Examples:
              chuhai xliff export --config chuhai.yaml --lang en -o handoff/     # every work of a project
              chuhai xliff export --config chuhai.yaml --lang es --mt -o handoff/  # MT for post-editing
              chuhai xliff export --source novel/zh-Hans --lang en -o handoff/
              chuhai xliff export --source drama/zh-Hans/ep01.srt --lang es --version 1.2 -o handoff/
              chuhai xliff export --source novel/zh-Hans --lang en --glossary glossaries/xianxia.yaml --tm memory.tmx -o handoff/
            """)

    @Option(name: .customLong("source"), parsing: .upToNextOption, help: "Chapter or subtitle files, or folders of them.")
    var sources: [String] = []

    @Option(help: "Project file: export every work, with the project's source language and glossaries.")
    var config: String?

    @Option(help: "Target language (BCP 47).")
    var lang: String

    @Option(help: "Source language (BCP 47).")
    var sourceLang = "zh-Hans"

    @Option(help: "XLIFF version: 2.1 or 1.2.")
    var version: String = "2.1"

    @Option(help: "Work id (file names and <file> ids); default: the source folder's name.")
    var work: String?

    @Option(parsing: .singleValue, help: "Glossary whose terms are marked (repeatable).")
    var glossary: [String] = []

    @Option(parsing: .singleValue, help: "TMX memory for prefilled targets (repeatable).")
    var tm: [String] = []

    @Option(help: "Fuzzy match threshold in percent.")
    var threshold = 75

    @Flag(help: "With --config: leave targets empty instead of prefilling them from the project's parallel translations.")
    var fresh = false

    @Flag(help: "With --config: machine-translate the segments still empty with the project's `mt:` provider (for post-editing).")
    var mt = false

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String

    func run() async throws {
        guard let v = XLIFFVersion(rawValue: version) else { throw ValidationError("--version must be 2.1 or 1.2") }
        let sink = DiagnosticSink()
        if let config {
            let (project, _) = try ProjectConfig.load(path: config)
            let results = try await ProjectHandoff.export(config: project, language: lang, version: v, output: URL(fileURLWithPath: output),
                                                          memories: tm, threshold: threshold, prefillExisting: !fresh, machineTranslate: mt,
                                                          sink: sink)
            for d in sink.diagnostics { Output.note(d.description) }
            for r in results { print("\(r.file.path): \(r.units) units, \(r.segments) segments, \(r.prefilled) prefilled") }
            return
        }
        guard !sources.isEmpty else { throw ValidationError("pass --source FILES or --config chuhai.yaml") }
        if mt { throw ValidationError("--mt needs --config (the provider is configured in the project file)") }
        let r = try InterchangeJobs.export(.init(sources: sources, workID: work, sourceLanguage: sourceLang, targetLanguage: lang, version: v,
                                                 outputDirectory: URL(fileURLWithPath: output), glossaries: glossary, memories: tm,
                                                 threshold: threshold), sink: sink)
        for d in sink.diagnostics { Output.note(d.description) }
        print("\(r.file.path): \(r.document.files.count) files, \(r.units) units, \(r.segments) segments, \(r.prefilled) prefilled")
    }
}

struct XliffImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read translated XLIFF back: check unit ids, inline codes and translations, and report by unit.",
        discussion: """
            With --config, each complete chapter or episode is stored in the file the work's
            `translations:` pattern names (novel/en/001.txt, drama/en/ep01.srt), where `chuhai run`
            picks it up; chapters with untranslated units are skipped (--partial stores them with the
            source text left in, for the run's QA to flag). Nothing is stored from a file with
            structural errors, nor for a chapter whose units are missing or whose source changed.

            With --source (the same inputs as the export) units missing from the file, extra units and
            units whose source changed are reported. Files re-saved by CAT tools are fine: unknown
            namespaces and extensions are ignored. Exit codes: 0 clean, 1 errors, 2 unreadable file.

            Examples:
              chuhai xliff import handoff/*.xlf --config chuhai.yaml        # store, then `chuhai run`
              chuhai xliff import handoff/*.xlf --config chuhai.yaml --dry-run
              chuhai xliff import handoff/*.xlf --config chuhai.yaml --min-state translated   # no unconfirmed MT
              chuhai xliff import handoff/qingyun.en.xlf
              chuhai xliff import handoff/*.xlf --source novel/zh-Hans --complete --format json
            """)

    @Option(help: "Project file: store translations where `chuhai run` reads them.")
    var config: String?

    @Flag(help: "With --config: also store chapters and episodes that are only partly translated.")
    var partial = false

    @Flag(help: "With --config: check and list what would be stored, write nothing.")
    var dryRun = false

    @Option(help: "With --config: targets in an earlier state count as untranslated: initial (default), translated, reviewed or final.")
    var minState = "initial"

    @Argument(help: "Translated XLIFF files.")
    var files: [String]

    @Option(name: .customLong("source"), parsing: .upToNextOption, help: "Source files the export was made from (enables missing/extra/changed checks).")
    var sources: [String] = []

    @Option(help: "Work id used at export (default: the source folder's name).")
    var work: String?

    @Flag(help: "Untranslated units are errors.")
    var complete = false

    @Option(parsing: .singleValue, help: "Switch off a translation check (e.g. translation.length-ratio); repeatable.")
    var disable: [String] = []

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Output format: text or json.")
    var format = "text"

    func run() throws {
        let sink = DiagnosticSink()
        var settings = TranslationChecks.Settings()
        for id in disable {
            guard let rule = TranslationChecks.Rule(rawValue: id) else {
                throw ValidationError("unknown check '\(id)'; one of: \(TranslationChecks.Rule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            settings.disabled.insert(rule)
        }
        var lines: [String] = []
        if let config {
            let (project, _) = try ProjectConfig.load(path: config)
            guard let state = TranslationState(rawValue: minState) else {
                throw ValidationError("--min-state must be initial, translated, reviewed or final")
            }
            let outcome = try ProjectHandoff.importFiles(files, config: project, partial: partial, dryRun: dryRun, minimumState: state,
                                                         checks: settings, sink: sink)
            lines = outcome.written.map { "\(dryRun ? "would write" : "wrote") \($0)" } + outcome.unchanged.map { "unchanged \($0)" }
        } else {
            var expected: BilingualDocument?
            if !sources.isEmpty {
                let first = try XLIFFReader.read(path: files[0], sink: DiagnosticSink()).document
                expected = try InterchangeJobs.document(.init(sources: sources, workID: work, sourceLanguage: first.sourceLanguage,
                                                              targetLanguage: first.targetLanguage, outputDirectory: URL(fileURLWithPath: ".")),
                                                        sink: DiagnosticSink()).document
            }
            let results = try InterchangeJobs.importFiles(files, expected: expected, checks: settings, requireComplete: complete, sink: sink)
            lines = results.map { r in
                let s = r.summary
                return "\(r.result.path): XLIFF \(r.result.version.rawValue), \(s.units) units, \(s.translatedSegments)/\(s.segments) segments translated"
                    + (s.missingUnits.isEmpty ? "" : ", missing: \(s.missingUnits.joined(separator: " "))")
                    + (s.extraUnits.isEmpty ? "" : ", extra: \(s.extraUnits.joined(separator: " "))")
                    + (s.changedUnits.isEmpty ? "" : ", changed: \(s.changedUnits.joined(separator: " "))")
            }
        }
        var report = DiagnosticReport(files: files, diagnostics: sink.diagnostics, tool: "chuhai xliff import")
        if strict { report = report.strict() }
        if format == "json" {
            print(report.renderJSON(), terminator: "")
        } else {
            print(report.renderText(), terminator: "")
            lines.forEach { print($0) }
        }
        if report.errorCount > 0 { throw ExitCode(ExitStatus.findings) }
    }
}
