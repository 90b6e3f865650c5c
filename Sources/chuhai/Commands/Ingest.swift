import ArgumentParser
import ChuhaiKit
import Foundation

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how chapter files will be split into chapters and paragraphs.",
        discussion: """
            Reads TXT (any encoding chuhai detects), Markdown, HTML/XHTML, DOCX and EPUB and prints \
            each chapter with its id, title and size, to check how a file will be split before it \
            goes into a project. Files count as one work: chapter ids run on across them in the order \
            given.

            TXT splits at heading lines: 第一章 / 第1章 / 第一百二十三章 / 第十回 / 第3节 / 第二卷, \
            Chapter 12 / CHAPTER XII, 序章 / 楔子 / 番外 / 尾声 / 后记, plus any --heading-pattern \
            (an ICU regular expression matched against the whole trimmed line). Markdown, HTML and \
            DOCX split at their shallowest heading level; EPUB at spine documents (and headings in \
            them). Text before the first heading becomes an untitled chapter.

            An unreadable file is reported and the others are still read (exit 2 at the end); \
            --fail-fast stops at the first. Warnings (repaired markup, chapter numbers that skip or \
            repeat) go to standard error.

            Examples:
              chuhai ingest novel.txt
              chuhai ingest --paragraphs fixtures/demo/novel/zh-Hans/001.txt
              chuhai ingest --heading-pattern '^卷[一二三四五六七八九十]+.*$' book.txt
              chuhai ingest --format json book.epub > chapters.json
            """
    )

    @Argument(help: "Chapter files: .txt .md .html .xhtml .docx .epub.")
    var files: [String]

    @Option(help: "Output: text or json (the chapters with paragraphs, inline spans and source locations).")
    var format: DetectFormat = .text

    @Option(help: "Extra chapter-heading pattern (ICU regex over a whole trimmed line); repeatable.")
    var headingPattern: [String] = []

    @Flag(help: "Use only --heading-pattern, not the built-in heading forms.")
    var noBuiltInHeadings = false

    @Option(help: "Split Markdown/HTML/DOCX/EPUB at this heading level (1-6) instead of the shallowest one.")
    var splitLevel: Int?

    @Flag(help: "Drop text before the first heading instead of keeping it as an untitled chapter.")
    var dropFrontMatter = false

    @Flag(help: "Per-chapter TXT files: the first line is the title whatever its form; never split.")
    var firstLineTitle = false

    @Option(help: "Input encoding for TXT/Markdown/HTML (skips detection).")
    var encoding: String?

    @Flag(help: "List every paragraph under its chapter.")
    var paragraphs = false

    @Flag(help: "Stop at the first file that cannot be read.")
    var failFast = false

    func validate() throws {
        if let splitLevel, !(1...6).contains(splitLevel) { throw ValidationError("--split-level must be 1 to 6, not \(splitLevel)") }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("unknown encoding '\(encoding)'; use one of: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let options = ChapterOptions(
            encoding: encoding.flatMap(TextEncoding.init(name:)), headingPatterns: headingPattern,
            builtInHeadings: !noBuiltInHeadings, frontMatter: dropFrontMatter ? .drop : .chapter, splitLevel: splitLevel,
            firstLineIsTitle: firstLineTitle)
        let ingest = try ChapterReader.readWork(files: files, workID: "ingest", language: "und", options: options, failFast: failFast)
        switch format {
        case .json:
            struct Out: Encodable {
                var documents: [ChapterDocument]
                var diagnostics: [Diagnostic]
                var failed: [String]
            }
            print(JSON.encode(Out(documents: ingest.documents, diagnostics: ingest.diagnostics, failed: ingest.failed)))
        case .text:
            let out = Output.Writer()
            for doc in ingest.documents { IngestText.write(doc, paragraphs: paragraphs, to: out) }
            out.flush()
        }
        if !ingest.diagnostics.isEmpty {
            Output.note(String(DiagnosticReport(files: files, diagnostics: ingest.diagnostics).renderText().dropLast()))
        }
        if ingest.hasErrors { throw ExitCode(ExitStatus.unreadable) }
    }
}

/// The human-readable listing: one line per file, one per chapter, optionally one per paragraph.
enum IngestText {
    static func write(_ doc: ChapterDocument, paragraphs: Bool, to out: Output.Writer) {
        var head = "\(doc.file): \(doc.format.rawValue)"
        if let e = doc.encoding { head += " (\(e.rawValue))" }
        head += ", \(count(doc.chapters.count, "chapter")), \(count(doc.paragraphCount, "paragraph"))"
        if let t = doc.title { head += ", title “\(t)”" }
        if let a = doc.author { head += ", author \(a)" }
        out.line(head)
        for c in doc.chapters {
            let characters = c.paragraphs.reduce(0) { $0 + $1.text.count }
            var line = "\(c.id) \(c.title ?? "(untitled)") — \(count(c.paragraphs.count, "paragraph")), \(count(characters, "character"))"
            if let l = c.source.line { line += " (line \(l))" }
            out.line(line)
            guard paragraphs else { continue }
            for p in c.paragraphs {
                let mark = p.headingLevel.map { "h\($0) " } ?? ""
                out.line("  \(p.id) \(mark)\(preview(p))")
            }
        }
    }

    /// The paragraph with emphasis as `*italic*`/`**bold**` and line breaks as `↵`, to check markup at a glance.
    static func preview(_ p: Paragraph) -> String {
        var inserts: [(offset: Int, rank: Int, mark: String)] = []
        for s in p.spans {
            switch s.style {
            case .italic: inserts += [(s.start, 1, "*"), (s.end, 0, "*")]
            case .bold: inserts += [(s.start, 1, "**"), (s.end, 0, "**")]
            case .lineBreak: inserts.append((s.start, 0, "↵"))
            default: break
            }
        }
        guard !inserts.isEmpty else { return p.text }
        inserts.sort { ($0.offset, $0.rank) < ($1.offset, $1.rank) }
        let bytes = Array(p.text.utf8)
        var out = ""
        var last = 0
        for i in inserts {
            out += String(decoding: bytes[last..<i.offset], as: UTF8.self) + i.mark
            last = i.offset
        }
        return out + String(decoding: bytes[last...], as: UTF8.self)
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
