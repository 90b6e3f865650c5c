import ArgumentParser
import ChuhaiKit
import Foundation

struct GlossaryConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a glossary between YAML, CSV and TBX without losing data.",
        discussion: """
            Refuses input with errors (run `chuhai glossary lint` first); exits 2 then.

            Examples:
              chuhai glossary convert glossaries/xianxia.yaml --to tbx -o xianxia.tbx
              chuhai glossary convert vendor.tbx --to csv > vendor.csv
              chuhai glossary convert weblate-export.tbx --to yaml -o glossary.yaml
            """
    )

    @Argument(help: "Input glossary (.yaml, .csv, .tbx).")
    var input: String

    @Option(help: "Output format: yaml, csv or tbx.")
    var to: GlossaryFormat

    @Option(name: .shortAndLong, help: "Write here (atomically) instead of standard output.")
    var output: String?

    func run() throws {
        let g = try GlossaryIO.load(path: input)
        let text = GlossaryIO.encode(g, as: to)
        if let output {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
        } else {
            let out = Output.Writer()
            out.write(text)
            out.flush()
        }
    }
}

extension GlossaryFormat: ExpressibleByArgument {}
