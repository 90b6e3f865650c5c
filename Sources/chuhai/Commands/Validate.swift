import ArgumentParser
import ChuhaiKit
import Foundation

/// `chuhai validate`: the delivery CI gate for subtitle files.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check subtitle files against a delivery profile (timing, reading speed, line length, formatting).",
        discussion: """
            Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read at all or bad usage.
            Profiles: \(DeliveryProfile.shippedNames.joined(separator: ", ")) (built in), or a YAML file that may `extends:` one.
            The language comes from --lang, the file (TTML xml:lang, WebVTT Language:), its name (ep01.ko.srt) or its text.

            Examples:
              chuhai validate ep*.srt --profile netflix --lang zh-Hans
              chuhai validate subs/ --profile vertical --format github
              chuhai validate ep01.ja.ttml --profile netflix --fps 23.976 --format sarif > results.sarif
              chuhai validate ep01.srt --profile netflix --fix -o ep01.fixed.srt
              chuhai validate ep01.srt --profile netflix --fix --in-place
            """)

    @Argument(help: "Subtitle files (.srt .vtt .ttml .xml .dfxp .ass .ssa), or folders to search for them.")
    var files: [String]

    @Option(help: "Profile name (netflix, youtube, vertical, generic) or YAML file.")
    var profile = "generic"

    @Option(help: "BCP 47 language of the files (zh-Hans, ja, ko, th, ar, en, es-419, pt-BR, …).")
    var lang: String?

    @Option(help: "Video frame rate (24, 25, 29.97, 30000/1001): frame-based limits and the frame-rate check use it.")
    var fps: String?

    @Option(help: "Input encoding when detection is not enough (e.g. gb18030, big5).")
    var encoding: String?

    @Option(help: "Output format: text, json, junit, sarif or github.")
    var format: String = "text"

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Apply safe fixes (sort, renumber, trim overlaps, extend short cues, normalize timestamps).")
    var fix = false

    @Option(name: .shortAndLong, help: "With --fix: where to write the fixed file (one input).")
    var output: String?

    @Flag(help: "With --fix: rewrite the input file itself (atomically).")
    var inPlace = false

    func run() throws {
        guard let format = DiagnosticFormat(rawValue: format) else { throw ValidationError("--format must be text, json, junit, sarif or github") }
        if (output != nil || inPlace) && !fix { throw ValidationError("-o and --in-place go with --fix") }
        if fix && output == nil && !inPlace { throw ValidationError("--fix needs -o OUT or --in-place (the input is never rewritten otherwise)") }
        if fix && output != nil && files.count != 1 { throw ValidationError("--fix -o takes exactly one input") }
        let options = try SubtitleValidation.Options(
            profile: DeliveryProfile.load(profile), language: lang,
            frameRate: try fps.map { s in guard let r = FrameRate(s) else { throw ValidationError("--fps \(s) is not a frame rate") }; return r },
            encoding: try encoding.map { s in guard let e = TextEncoding(name: s) else { throw ValidationError("unknown encoding \(s)") }; return e })
        let paths = try SubtitleValidation.expand(files)
        var diagnostics: [Diagnostic] = []
        var unreadable = false
        for path in paths {
            do {
                let result = try SubtitleValidation.validate(path: path, options: options)
                diagnostics += result.diagnostics
                if fix, let track = result.track, let settings = result.settings {
                    let (fixed, notes) = SubtitleValidation.fix(track, settings: settings, frameRate: options.frameRate)
                    let target = inPlace ? path : output!
                    let outFormat = inPlace ? track.format : (SubtitleFormat(path: target) ?? track.format)
                    try Subtitles.writeAtomically(try Subtitles.write(fixed, as: outFormat), to: target)
                    // Report what was fixed, then what is still wrong in the fixed file.
                    diagnostics.removeAll { $0.location.file == path && $0.rule != "parse" }
                    diagnostics += notes
                    let recheck = DiagnosticSink()
                    SubtitleRules.check(fixed, settings: settings, frameRate: options.frameRate, sink: recheck)
                    diagnostics += recheck.diagnostics
                }
            } catch let e as ChuhaiError {
                Output.error(e.description)
                unreadable = true
            }
        }
        var report = DiagnosticReport(files: paths, diagnostics: diagnostics, tool: "chuhai validate")
        if strict { report = report.strict() }
        let writer = Output.Writer()
        writer.write(report.render(format))
        if format == .text && !report.diagnostics.isEmpty {
            writer.line("\(paths.count) file(s): \(report.errorCount) error(s), \(report.warningCount) warning(s)")
        }
        writer.flush()
        if unreadable { throw ExitCode(ExitStatus.unreadable) }
        if report.errorCount > 0 { throw ExitCode(ExitStatus.findings) }
    }
}
