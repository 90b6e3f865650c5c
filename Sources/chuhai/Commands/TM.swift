import ArgumentParser
import ChuhaiKit
import Foundation

/// `chuhai tm`: translation memories in TMX 1.4b.
struct TMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tm",
        abstract: "Build, export and query translation memories (TMX 1.4b).",
        subcommands: [TMImport.self, TMExport.self, TMLookup.self])
}

struct TMImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add TMX files or translated XLIFF files to a memory (a TMX file, created if missing).",
        discussion: """
            Duplicate source/target pairs are kept once. Examples:
              chuhai tm import vendor.tmx --into memory.tmx
              chuhai tm import handoff/qingyun.en.xlf --into memory.tmx
            """)

    @Argument(help: "TMX or translated XLIFF files.")
    var files: [String]

    @Option(help: "The memory file to add to.")
    var into: String

    func run() throws {
        let sink = DiagnosticSink()
        var units = FileManager.default.fileExists(atPath: into) ? try TMX.read(path: into, sink: sink) : []
        let before = units.count
        var seen = Set(units.map { $0.source + "\u{0}" + $0.target + "\u{0}" + $0.targetLanguage })
        for u in try InterchangeJobs.memoryUnits(files, sink: sink) where seen.insert(u.source + "\u{0}" + u.target + "\u{0}" + u.targetLanguage).inserted {
            units.append(u)
        }
        for d in sink.diagnostics { Output.note(d.description) }
        let source = units.first?.sourceLanguage ?? "zh-Hans"
        try TMX.write(units, sourceLanguage: source, to: URL(fileURLWithPath: into))
        print("\(into): \(units.count) units (\(units.count - before) added)")
    }
}

struct TMExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the translated segments of XLIFF files (or a memory) as TMX 1.4b.",
        discussion: """
            Examples:
              chuhai tm export handoff/qingyun.en.xlf -o qingyun.en.tmx
              chuhai tm export memory.tmx --lang es -o memory.es.tmx
            """)

    @Argument(help: "Translated XLIFF files or TMX files.")
    var files: [String]

    @Option(help: "Only this target language.")
    var lang: String?

    @Option(name: .shortAndLong, help: "Output TMX file.")
    var output: String

    func run() throws {
        let sink = DiagnosticSink()
        var units = try InterchangeJobs.memoryUnits(files, sink: sink)
        if let lang { units = units.filter { $0.targetLanguage.caseInsensitiveCompare(lang) == .orderedSame } }
        for d in sink.diagnostics { Output.note(d.description) }
        try TMX.write(units, sourceLanguage: units.first?.sourceLanguage ?? "zh-Hans", to: URL(fileURLWithPath: output))
        print("\(output): \(units.count) units")
    }
}

struct TMLookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Show memory matches for a sentence: exact, in-context and fuzzy with scores.",
        discussion: """
            Examples:
              chuhai tm lookup 他终于筑基了。 --memory memory.tmx --lang en
              chuhai tm lookup 他终于筑基了。 --memory memory.tmx --lang en --threshold 60 --limit 5
            """)

    @Argument(help: "Source sentence.")
    var text: String

    @Option(help: "Memory (TMX) file.")
    var memory: String

    @Option(help: "Target language.")
    var lang: String

    @Option(help: "Source language.")
    var sourceLang = "zh-Hans"

    @Option(help: "Fuzzy threshold in percent.")
    var threshold = 75

    @Option(help: "Most matches to show.")
    var limit = 3

    func run() throws {
        let sink = DiagnosticSink()
        let tm = TranslationMemory(units: try TMX.read(path: memory, sink: sink), sourceLanguage: sourceLang, targetLanguage: lang)
        let matches = tm.lookup(text, threshold: threshold, limit: limit)
        for m in matches { print("\(m.score)%\t\(m.kind.rawValue)\t\(m.unit.source)\t\(m.unit.target)") }
        if matches.isEmpty { throw ExitCode(ExitStatus.findings) }
    }
}
