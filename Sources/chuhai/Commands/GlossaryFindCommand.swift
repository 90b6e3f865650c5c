import ArgumentParser
import ChuhaiKit
import Foundation

struct GlossaryFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Show every glossary term in texts, in context, then which concepts occur how often.",
        discussion: """
            Matching is leftmost-longest, case- and width-insensitive, substring for Chinese and
            whole-word for alphabetic terms. jsonl lines carry concept, term, start, end (UTF-8 byte
            offsets in the decoded text) and line; the last line is {"coverage": …}.

            Examples:
              chuhai glossary find glossaries/xianxia.yaml chapter1.txt
              chuhai glossary find glossaries/xianxia.yaml ch*.txt --format jsonl
              chuhai glossary find glossaries/xianxia.yaml en/ch1.txt --lang en
            """
    )

    @Argument(help: "The glossary.")
    var glossary: String

    @Argument(help: "Text files (`-` for standard input).")
    var files: [String]

    @Option(help: "Output: text or jsonl.")
    var format: GlossaryFindFormat = .text

    @Option(help: "Which language's terms to look for (default: the glossary's source language).")
    var lang: String?

    func run() throws {
        let g = try GlossaryIO.load(path: glossary)
        let index = TermIndex(glossary: g, language: lang)
        let result = try files.map { file -> (String, String, [TermIndex.Occurrence]) in
            let text = try TextDecoder.read(path: file).text
            return (file, text, index.occurrences(in: text))
        }
        let out = Output.Writer()
        out.write(GlossaryFindReport.render(result, glossary: g, jsonl: format == .jsonl))
        out.flush()
    }
}

enum GlossaryFindFormat: String, ExpressibleByArgument, CaseIterable { case text, jsonl }
