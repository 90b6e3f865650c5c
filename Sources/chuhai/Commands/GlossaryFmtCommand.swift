import ArgumentParser
import ChuhaiKit
import Foundation

struct GlossaryFmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite glossaries in canonical order and formatting (pinyin order for Chinese).",
        discussion: """
            Concepts are sorted by ICU collation of their source term (zh@collation=pinyin), languages
            source first; a YAML file's leading comment block is kept, comments between concepts are not.
            With --check nothing is written: files that would change are listed and the exit code is 1.

            Examples:
              chuhai glossary fmt glossaries/xianxia.yaml
              chuhai glossary fmt --check glossaries/*.yaml
            """
    )

    @Argument(help: "Glossary files to format in place.")
    var files: [String]

    @Flag(help: "Only check; exit 1 when a file is not formatted.")
    var check = false

    func run() throws {
        var unformatted: [String] = []
        for file in files {
            let loaded = try GlossaryIO.read(path: file)
            if let e = loaded.diagnostics.first(where: { $0.severity == .error }) {
                throw ChuhaiError("\(e.message); not formatting a glossary with errors", at: e.location, hint: "run `chuhai glossary lint \(file)`")
            }
            let formatted = GlossaryFormatter.format(loaded)
            guard formatted != loaded.text else { continue }
            unformatted.append(file)
            if !check { try AtomicFile.write(Data(formatted.utf8), to: URL(fileURLWithPath: file)) }
        }
        if check {
            for f in unformatted { print("\(f): not formatted (run `chuhai glossary fmt \(f)`)") }
            if !unformatted.isEmpty { throw ExitCode(ExitStatus.findings) }
        }
    }
}
