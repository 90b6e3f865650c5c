/// The document model every stage reads and writes.
///
/// A `Work` is a novel (chapters of paragraphs) or a drama (episodes of subtitle
/// tracks). Text is kept with its inline markup as spans over the paragraph's
/// text, so readers (TXT, Markdown, HTML, DOCX, EPUB), interchange (XLIFF inline
/// codes) and writers (XHTML, EPUB) agree on one representation, as Okapi keeps
/// text units apart from the skeleton.
public struct Work: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case novel, drama }

    /// Stable ASCII id from the project file (`qingyun`), used in file names and manifests.
    public var id: String
    public var kind: Kind
    public var title: String
    public var author: String?
    /// BCP 47 tag of the source text.
    public var language: String
    public var chapters: [Chapter]

    public init(id: String, kind: Kind, title: String, author: String? = nil, language: String, chapters: [Chapter] = []) {
        self.id = id
        self.kind = kind
        self.title = title
        self.author = author
        self.language = language
        self.chapters = chapters
    }
}

/// One chapter (or episode script) of a work.
public struct Chapter: Sendable, Hashable, Codable {
    /// Stable ASCII id (`ch0001`), also the XHTML file name inside packages.
    public var id: String
    /// 1-based position in the work.
    public var number: Int
    /// The heading as written (`第一章 山门试炼`), or nil when the source had none.
    public var title: String?
    public var paragraphs: [Paragraph]
    /// Where the chapter came from (file, and line of its heading for single-file novels).
    public var source: SourceLocation

    public init(id: String, number: Int, title: String?, paragraphs: [Paragraph], source: SourceLocation) {
        self.id = id
        self.number = number
        self.title = title
        self.paragraphs = paragraphs
        self.source = source
    }

    /// Chapter id for a 1-based number: `ch0001`.
    public static func id(for number: Int) -> String {
        let digits = String(number)
        return "ch" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A paragraph: plain text plus inline markup spans over it.
public struct Paragraph: Sendable, Hashable, Codable {
    /// Stable within its chapter (`p1`, `p2`…): translations and XLIFF units refer to it.
    public var id: String
    public var text: String
    /// Inline markup, as UTF-8 byte ranges of `text`; properly nested, sorted by start.
    public var spans: [InlineSpan]
    /// A heading inside the chapter (level 1–6) rather than body text.
    public var headingLevel: Int?
    public var source: SourceLocation?

    public init(id: String, text: String, spans: [InlineSpan] = [], headingLevel: Int? = nil, source: SourceLocation? = nil) {
        self.id = id
        self.text = text
        self.spans = spans
        self.headingLevel = headingLevel
        self.source = source
    }
}

/// Inline markup over a paragraph's text.
public struct InlineSpan: Sendable, Hashable, Codable {
    public enum Style: String, Sendable, Hashable, Codable {
        case italic, bold, underline, strikethrough, superscript, `subscript`, code
        /// A hyperlink; `value` holds the target.
        case link
        /// Ruby annotation; `value` holds the reading (rt).
        case ruby
        /// A line break inside the paragraph (`<br>`); the range is empty.
        case lineBreak
    }

    /// UTF-8 byte offsets in the paragraph text.
    public var start: Int
    public var end: Int
    public var style: Style
    public var value: String?

    public init(start: Int, end: Int, style: Style, value: String? = nil) {
        self.start = start
        self.end = end
        self.style = style
        self.value = value
    }
}

extension Work {
    /// Characters of source text (graphemes), for manifests and reports.
    public var characterCount: Int {
        chapters.reduce(0) { $0 + ($1.title?.count ?? 0) + $1.paragraphs.reduce(0) { $0 + $1.text.count } }
    }
}
