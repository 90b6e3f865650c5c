import ArgumentParser
import ChuhaiKit
import Foundation

/// `chuhai convert`: SRT, WebVTT, TTML/IMSC/DFXP and ASS in; SRT, WebVTT or IMSC 1.1 out.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert subtitles between SRT, WebVTT and TTML (IMSC 1.1 Text Profile).",
        discussion: """
            Times stay exact: frame-based TTML converts each cue from its own frame number, so nothing drifts.
            Italics, bold, underline, colour, top position and speakers carry over where the target format has them.
            Output is written atomically; reruns give identical bytes.

            Examples:
              chuhai convert ep01.srt --to ttml -o ep01.ttml
              chuhai convert subs/*.srt --to vtt --out-dir web/
              chuhai convert ep01.xml --to srt --offset=-1.5s
              chuhai convert ep01.srt --to ttml --fps 30000/1001 -o ep01.ttml
            """)

    @Argument(help: "Input files (.srt .vtt .ttml .xml .dfxp .ass .ssa; - for standard input).")
    var inputs: [String]

    @Option(name: .customLong("to"), help: "Output format: srt, vtt or ttml.")
    var format: String

    @Option(name: .shortAndLong, help: "Output file (one input only). Default: standard output.")
    var output: String?

    @Option(name: .customLong("out-dir"), help: "Folder for outputs, named after the inputs.")
    var outDir: String?

    @Option(help: "Frame rate of the video (24, 25, 30000/1001, 29.97): TTML output uses frames when times fall on them.")
    var fps: String?

    @Option(parsing: .unconditional, help: "Shift all cues, e.g. +1.5s, -250ms, -00:00:01,200, 2f (with --fps).")
    var offset: String?

    @Option(help: "Input encoding when detection is not enough (e.g. gb18030, big5).")
    var encoding: String?

    @Option(help: "Language tag to record in the output (TTML xml:lang).")
    var lang: String?

    @Flag(help: "Write the output even when some cues could not be read.")
    var keepGoing = false

    func run() throws {
        guard let target = SubtitleFormat(rawValue: format == "webvtt" ? "vtt" : format), target != .ass else {
            throw ValidationError("--to must be srt, vtt or ttml")
        }
        if output != nil && inputs.count > 1 { throw ValidationError("-o takes one input; use --out-dir for several") }
        if output != nil && outDir != nil { throw ValidationError("use either -o or --out-dir") }
        if inputs.count > 1 && outDir == nil { throw ValidationError("several inputs need --out-dir") }
        let options = try SubtitleConversion.Options(format: target, fps: fps, offset: offset, encoding: encoding, language: lang)
        var failed = false
        for input in inputs {
            let sink = DiagnosticSink()
            let text = try SubtitleConversion.convert(path: input, options: options, sink: sink)
            let report = DiagnosticReport(files: [input], diagnostics: sink.diagnostics)
            if !report.diagnostics.isEmpty { Output.note(report.renderText().trimmingCharacters(in: .newlines)) }
            if report.errorCount > 0 && !keepGoing {
                Output.error("\(input): \(report.errorCount) error(s); nothing written (fix them, or pass --keep-going)")
                failed = true
                continue
            }
            if let out = output ?? outDir.map({ SubtitleConversion.outputPath(for: input, in: $0, format: target) }) {
                try Subtitles.writeAtomically(text, to: out)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
