import ArgumentParser
import ChuhaiKit
import Foundation

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split text into sentences or words, tailored for fiction.",
        discussion: """
            Files may be in any encoding chuhai detects (UTF-8/16, GB18030, Big5, Shift_JIS, EUC-KR,
            windows-1252); `-` reads standard input. The language defaults to the one the file's
            script suggests.

            Examples:
              chuhai segment chapter1.txt
              chuhai segment --lang ja --format jsonl scene.txt
              echo '他站在山顶。“你来了？”' | chuhai segment -
              chuhai segment --unit word --lang th story.txt
            """
    )

    @Argument(help: "Text files to segment (`-` for standard input).")
    var files: [String]

    @Option(help: "Language (BCP 47): zh, zh-Hant, ja, en, th, …; default: guessed from the text.")
    var lang: String?

    @Option(help: "Output: text (one segment a line) or jsonl (text, start, end, paragraph; UTF-8 byte offsets).")
    var format: SegmentFormat = .text

    @Option(help: "Unit: sentence or word.")
    var unit: SegmentUnitOption = .sentence

    @Option(help: "Input encoding (skips detection).")
    var encoding: String?

    @Flag(help: "Keep a quotation and its narrator tag (“……”他说。) in one segment.")
    var mergeNarratorTags = false

    @Flag(help: "Print a per-file summary (segments, characters, language) instead of the segments.")
    var summary = false

    func run() throws {
        let forced = try encoding.map { name -> TextEncoding in
            guard let e = TextEncoding(name: name) else {
                throw ValidationError("unknown encoding '\(name)'; use one of: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return e
        }
        let out = Output.Writer()
        for file in files {
            let decoded = try TextDecoder.read(path: file, encoding: forced)
            let language = lang ?? LanguageGuess.guess(decoded.text).language
            let segmenter = try Segmenter(language: language, options: .init(mergeNarratorTags: mergeNarratorTags))
            var count = 0
            segmenter.segment(decoded.text, unit: unit.value) { seg in
                count += 1
                guard !summary else { return }
                switch format {
                case .text: out.line(seg.text)
                case .jsonl: out.line(SegmentJSON(seg, file: files.count > 1 ? file : nil).json)
                }
            }
            if summary {
                out.line("\(file): \(count) \(unit.rawValue)s, \(decoded.text.count) characters, \(language), \(decoded.encoding.rawValue)")
            }
        }
        out.flush()
    }
}

enum SegmentFormat: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

enum SegmentUnitOption: String, ExpressibleByArgument, CaseIterable {
    case sentence, word
    var value: SegmentUnit { self == .sentence ? .sentence : .word }
}

/// One JSONL line; hand-built so keys keep a fixed order and output stays fast.
private struct SegmentJSON {
    let json: String
    init(_ s: ChuhaiKit.Segment, file: String?) {
        var j = "{"
        if let file { j += "\"file\":\(JSONString.quote(file))," }
        j += "\"text\":\(JSONString.quote(s.text)),\"start\":\(s.start),\"end\":\(s.end),\"paragraph\":\(s.paragraph)}"
        json = j
    }
}
