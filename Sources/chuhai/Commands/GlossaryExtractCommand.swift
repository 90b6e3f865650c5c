import ArgumentParser
import ChuhaiKit
import Foundation

struct GlossaryExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Suggest candidate terms: frequent Chinese n-grams no glossary concept covers.",
        discussion: """
            Prints `count<TAB>candidate<TAB>file:line<TAB>example line`, best first.

            Examples:
              chuhai glossary extract ch*.txt --glossary glossaries/xianxia.yaml
              chuhai glossary extract novel/*.txt --min-count 5 --limit 100
            """
    )

    @Argument(help: "Source text files.")
    var files: [String]

    @Option(help: "Glossary whose terms are already covered.")
    var glossary: String?

    @Option(help: "Minimum occurrences.")
    var minCount = 2

    @Option(help: "How many candidates to print.")
    var limit = 50

    func run() throws {
        let index = try glossary.map { TermIndex(glossary: try GlossaryIO.load(path: $0)) }
        let texts = try files.map { (file: $0, text: try TextDecoder.read(path: $0).text) }
        let out = Output.Writer()
        for c in TermExtractor.candidates(texts, covered: index, minCount: minCount, limit: limit) {
            out.line("\(c.count)\t\(c.text)\t\(c.file):\(c.line)\t\(c.example)")
        }
        out.flush()
    }
}
