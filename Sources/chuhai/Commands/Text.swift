import ArgumentParser
import ChuhaiKit
import Foundation

struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Inspect and transform text: detect encodings, romanize names, convert Chinese scripts.",
        subcommands: [Detect.self, Romanize.self, Convert.self]
    )

    struct Detect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Detect encoding, script and language of text files.",
            discussion: """
                Examples:
                  chuhai text detect chapter1.txt
                  chuhai text detect --format json fixtures/demo/novel/zh-Hans/*.txt
                """
        )
        @Argument(help: "Files to inspect (`-` for standard input).") var files: [String]
        @Option(help: "Output: text or json.") var format: DetectFormat = .text

        func run() throws {
            var reports: [TextReport] = []
            var unreadable = false
            for file in files {
                do {
                    reports.append(try TextReport.inspect(path: file))
                } catch let e as ChuhaiError {
                    Output.error(e.description)
                    unreadable = true
                }
            }
            switch format {
            case .text:
                for r in reports {
                    print("\(r.file): \(r.encoding) (confidence \(r.confidence)%), script \(r.script), language \(r.language)\(r.bom ? ", BOM" : ""), \(r.lineEnding) line endings")
                }
            case .json:
                print(JSON.encode(reports))
            }
            if unreadable { throw ExitCode(2) }
        }
    }

    struct Romanize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Romanize Chinese names (or terms) to pinyin.",
            discussion: """
                Examples:
                  chuhai text romanize 林青檀 慕容雪      # Lin Qingtan, Murong Xue
                  chuhai text romanize --tones 解长风     # Xiè Chángfēng
                  chuhai text romanize --term 丹田        # Dan Tian
                """
        )
        @Argument(help: "Names to romanize.") var names: [String]
        @Flag(help: "Keep tone marks.") var tones = false
        @Flag(help: "Not a personal name: one word per syllable, no surname rules.") var term = false

        func run() {
            for name in names {
                print(Romanizer.shared.romanize(name, options: .init(toneMarks: tones, personalName: !term)))
            }
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert between Simplified and Traditional Chinese.",
            discussion: """
                Examples:
                  chuhai text convert chapter1.txt --to zh-Hant > chapter1.hant.txt
                  chuhai text convert big5-file.txt --to zh-Hans -o out.txt
                """
        )
        @Argument(help: "Input file (any supported encoding; `-` for standard input).") var file: String
        @Option(help: "Target script: zh-Hans or zh-Hant.") var to: String
        @Option(name: .shortAndLong, help: "Write UTF-8 here (atomically) instead of standard output.") var output: String?

        func run() throws {
            guard let script = ChineseScript(rawValue: to) else {
                throw ValidationError("--to must be zh-Hans or zh-Hant, not '\(to)'")
            }
            let text = try script.convert(TextDecoder.read(path: file).text)
            if let output {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

enum DetectFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
