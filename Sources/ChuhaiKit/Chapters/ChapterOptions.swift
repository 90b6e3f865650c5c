import Foundation

/// The chapter source formats chuhai reads.
public enum ChapterFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case text, markdown, html, xhtml, docx, epub

    /// The format a file name implies, or nil when the extension says nothing.
    ///
    /// - Throws: `ChuhaiError` for formats chuhai recognises but cannot read (PDF, .doc, MOBI…),
    ///   saying what to convert them to.
    public static func forExtension(_ ext: String, file: String) throws -> ChapterFormat? {
        switch ext.lowercased() {
        case "txt", "text": return .text
        case "md", "markdown", "mdown", "mkd": return .markdown
        case "html", "htm": return .html
        case "xhtml", "xht": return .xhtml
        case "docx": return .docx
        case "epub": return .epub
        case "pdf", "doc", "rtf", "odt", "wps", "mobi", "azw", "azw3", "kfx", "fb2", "djvu", "pages":
            throw ChuhaiError(
                "unsupported format .\(ext.lowercased())", at: SourceLocation(file: file),
                hint: "convert it to .txt, .md, .html, .docx or .epub, for example with LibreOffice or Calibre")
        case "srt", "vtt", "ass", "ssa", "ttml", "dfxp", "sbv", "sub":
            throw ChuhaiError(
                "a subtitle file (.\(ext.lowercased())), not chapter text", at: SourceLocation(file: file),
                hint: "put it under a drama work in the project, or check it with `chuhai validate`")
        default: return nil
        }
    }
}

/// How chapter readers split and clean text; the project file sets these per work.
public struct ChapterOptions: Sendable, Hashable {
    /// What to do with text before the first chapter heading of a single-file novel.
    public enum FrontMatter: String, Sendable, Hashable {
        /// Keep it as an untitled first chapter, so nothing is dropped silently.
        case chapter
        /// Drop it (title pages, author's notes, site boilerplate) and say so in a note.
        case drop
    }

    /// Read the file as this format instead of going by its extension.
    public var format: ChapterFormat?
    /// Decode TXT/Markdown/HTML as this encoding instead of detecting it.
    public var encoding: TextEncoding?
    /// Extra chapter-heading patterns (ICU regular expressions matched against a whole trimmed
    /// line), for headings the built-in forms miss, e.g. `^卷[一二三四五六七八九十]+$`.
    public var headingPatterns: [String]
    /// Use the built-in heading forms (第一章, Chapter 12, 序章 …) as well as `headingPatterns`.
    public var builtInHeadings: Bool
    /// Lines longer than this (in characters) are never headings: they are prose that happens
    /// to begin with 第三章 or "Chapter".
    public var maxHeadingLength: Int
    public var frontMatter: FrontMatter
    /// Split Markdown, HTML and DOCX at structural headings of this level (1–6). Nil: the
    /// shallowest level the file uses; when it uses none, TXT heading forms are looked for in
    /// its paragraphs.
    public var splitLevel: Int?
    /// Per-chapter TXT files (`novel/{lang}/{n}.txt`): the first non-empty line is the title
    /// whatever its form, and the file is never split.
    public var firstLineIsTitle: Bool

    public init(
        format: ChapterFormat? = nil, encoding: TextEncoding? = nil, headingPatterns: [String] = [],
        builtInHeadings: Bool = true, maxHeadingLength: Int = 80, frontMatter: FrontMatter = .chapter,
        splitLevel: Int? = nil, firstLineIsTitle: Bool = false
    ) {
        self.format = format
        self.encoding = encoding
        self.headingPatterns = headingPatterns
        self.builtInHeadings = builtInHeadings
        self.maxHeadingLength = maxHeadingLength
        self.frontMatter = frontMatter
        self.splitLevel = splitLevel
        self.firstLineIsTitle = firstLineIsTitle
    }
}

/// Everything read from one source file.
public struct ChapterDocument: Sendable, Hashable, Codable {
    public var file: String
    public var format: ChapterFormat
    /// Chapters numbered from the `firstNumber` the reader was given.
    public var chapters: [Chapter]
    /// Book metadata when the format carries it (EPUB OPF, DOCX core properties, HTML `<title>`).
    public var title: String?
    public var author: String?
    public var language: String?
    /// The detected or given encoding of text formats.
    public var encoding: TextEncoding?
    /// Warnings and notes about things the reader repaired or skipped.
    public var diagnostics: [Diagnostic]

    public init(file: String, format: ChapterFormat, chapters: [Chapter], title: String? = nil, author: String? = nil,
                language: String? = nil, encoding: TextEncoding? = nil, diagnostics: [Diagnostic] = []) {
        self.file = file
        self.format = format
        self.chapters = chapters
        self.title = title
        self.author = author
        self.language = language
        self.encoding = encoding
        self.diagnostics = diagnostics
    }

    public var paragraphCount: Int { chapters.reduce(0) { $0 + $1.paragraphs.count } }
}
