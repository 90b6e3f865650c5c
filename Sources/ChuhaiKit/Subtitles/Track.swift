/// Subtitle file formats chuhai reads (all) and writes (all but ASS).
public enum SubtitleFormat: String, Sendable, CaseIterable, Codable {
    case srt, vtt, ttml, ass

    /// From a file name's extension (`.srt`, `.vtt`/`.webvtt`, `.ttml`/`.xml`/`.dfxp`, `.ass`/`.ssa`).
    public init?(path: String) {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "srt": self = .srt
        case "vtt", "webvtt": self = .vtt
        case "ttml", "xml", "dfxp", "imsc", "ttml2": self = .ttml
        case "ass", "ssa": self = .ass
        default: return nil
        }
    }

    /// The extension chuhai gives written files.
    public var fileExtension: String { rawValue }
}

/// Inline emphasis a cue's text can carry in every format chuhai writes.
public struct SpanStyle: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let italic = SpanStyle(rawValue: 1)
    public static let bold = SpanStyle(rawValue: 2)
    public static let underline = SpanStyle(rawValue: 4)
}

/// A run of text with one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: SpanStyle
    /// A CSS colour as written in the source (`#ffff00`, `yellow`), lower-cased; nil = default.
    public var color: String?
    /// Ruby annotation over this run (WebVTT `<rt>`, TTML `tts:ruby`), kept so Japanese furigana survives.
    public var ruby: String?

    public init(_ text: String, style: SpanStyle = [], color: String? = nil, ruby: String? = nil) {
        self.text = text
        self.style = style
        self.color = color
        self.ruby = ruby
    }
}

/// One displayed line of a cue.
///
/// Most lines are one unstyled run; those keep just the string (no span array), which
/// matters when a 100k-cue file is read.
public struct CueLine: Sendable, Hashable, ExpressibleByStringLiteral {
    private var plain: String
    private var styled: [Span]?

    public init(_ spans: [Span]) {
        plain = ""
        styled = nil
        self.spans = spans
    }

    /// A line of unstyled text.
    public init(plain text: String) {
        plain = text
        styled = nil
    }

    /// A line of one run, stored without an array when the run is unstyled.
    init(_ span: Span) {
        if span.style.isEmpty && span.color == nil && span.ruby == nil {
            plain = span.text
            styled = nil
        } else {
            plain = ""
            styled = [span]
        }
    }

    public init(stringLiteral value: String) { self.init(plain: value) }

    public var spans: [Span] {
        get { styled ?? (plain.isEmpty ? [] : [Span(plain)]) }
        set {
            if newValue.isEmpty {
                plain = ""
                styled = nil
            } else if newValue.count == 1, newValue[0].style.isEmpty, newValue[0].color == nil, newValue[0].ruby == nil {
                plain = newValue[0].text
                styled = nil
            } else {
                plain = ""
                styled = newValue
            }
        }
    }

    /// The text when the line is a single unstyled run (writers take this fast path).
    public var plainText: String? { styled == nil ? plain : nil }

    public var isEmpty: Bool { styled == nil && plain.isEmpty }

    /// Whether any run is styled, coloured or annotated.
    public var isStyled: Bool { styled != nil }

    /// The text without markup.
    public var text: String {
        guard let styled else { return plain }
        if styled.count == 1 { return styled[0].text }
        var s = ""
        for span in styled { s += span.text }
        return s
    }

    /// Appends, merging with the previous span when the styling is identical.
    mutating func append(_ span: Span) {
        guard !span.text.isEmpty else { return }
        let plainSpan = span.style.isEmpty && span.color == nil && span.ruby == nil
        guard var list = styled else {
            if plainSpan {
                plain += span.text
            } else {
                styled = plain.isEmpty ? [span] : [Span(plain), span]
                plain = ""
            }
            return
        }
        if var last = list.last, last.style == span.style, last.color == span.color, last.ruby == nil, span.ruby == nil {
            last.text += span.text
            list[list.count - 1] = last
        } else {
            list.append(span)
        }
        styled = list
    }

    /// Appends a run without merging (ruby bases stay separate).
    mutating func appendUnmerged(_ span: Span) {
        var list = spans
        list.append(span)
        spans = list
    }
}

/// Where a cue sits on screen; delivery specs only distinguish top and bottom.
public enum VerticalPosition: String, Sendable, Hashable, Codable {
    case bottom, top
}

/// One subtitle event.
public struct Cue: Sendable, Equatable {
    /// The source's identifier (SRT index, WebVTT cue id, TTML `xml:id`), as written.
    public var id: String?
    public var start: SubtitleTime
    public var end: SubtitleTime
    /// The displayed lines, top to bottom.
    ///
    /// Kept without an array when there is one line (most cues): reading a 100k-cue file then
    /// allocates and frees one block per cue fewer. Hot loops use `lineCount` and `line(_:)`,
    /// which never build the array.
    public var lines: [CueLine] {
        get { lineStorage.array }
        set { lineStorage = CueLines(newValue) }
    }
    var lineStorage: CueLines
    /// Speaker (WebVTT `<v>`, TTML `ttm:agent`, ASS Name) when the format has one.
    public var speaker: String?
    public var position: VerticalPosition
    /// WebVTT cue settings kept verbatim (valid ones only) so WebVTT→WebVTT keeps them.
    public var vttSettings: String?
    /// Where the cue was read from (its timing line); not part of equality.
    public var location: SourceLocation?

    public init(id: String? = nil, start: SubtitleTime, end: SubtitleTime, lines: [CueLine], speaker: String? = nil,
                position: VerticalPosition = .bottom, vttSettings: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.start = start
        self.end = end
        lineStorage = CueLines(lines)
        self.speaker = speaker
        self.position = position
        self.vttSettings = vttSettings
        self.location = location
    }

    /// A cue whose lines readers built without an array.
    init(id: String?, start: SubtitleTime, end: SubtitleTime, lines: CueLines, speaker: String? = nil,
         position: VerticalPosition = .bottom, vttSettings: String? = nil, location: SourceLocation?) {
        self.id = id
        self.start = start
        self.end = end
        lineStorage = lines
        self.speaker = speaker
        self.position = position
        self.vttSettings = vttSettings
        self.location = location
    }

    /// How many lines, without building `lines`.
    var lineCount: Int { lineStorage.count }

    /// Line `i`, without building `lines`.
    func line(_ i: Int) -> CueLine { lineStorage[i] }

    /// Text of all lines joined by `\n`, without markup.
    public var text: String {
        if case .one(let line) = lineStorage { return line.text }
        return lines.map(\.text).joined(separator: "\n")
    }

    public var duration: SubtitleTime { end - start }

    /// Equality compares content, not where the cue was read from.
    public static func == (a: Cue, b: Cue) -> Bool {
        a.id == b.id && a.start == b.start && a.end == b.end && a.lineStorage == b.lineStorage && a.speaker == b.speaker
            && a.position == b.position && a.vttSettings == b.vttSettings
    }
}

/// A cue's lines: none, one (no array), or several. Always in this canonical form, so the
/// synthesized equality is equality of the lines.
enum CueLines: Sendable, Hashable {
    case none
    case one(CueLine)
    case many([CueLine])

    init(_ lines: [CueLine]) {
        switch lines.count {
        case 0: self = .none
        case 1: self = .one(lines[0])
        default: self = .many(lines)
        }
    }

    var array: [CueLine] {
        switch self {
        case .none: []
        case .one(let line): [line]
        case .many(let lines): lines
        }
    }

    var count: Int {
        switch self {
        case .none: 0
        case .one: 1
        case .many(let lines): lines.count
        }
    }

    subscript(i: Int) -> CueLine {
        switch self {
        case .none: preconditionFailure("cue has no lines")
        case .one(let line):
            precondition(i == 0, "line index out of range")
            return line
        case .many(let lines): return lines[i]
        }
    }
}

/// A subtitle file's content in one language.
public struct Track: Sendable {
    public var file: String
    public var format: SubtitleFormat
    /// BCP 47 tag when the source says (TTML `xml:lang`, WebVTT `Language:` header).
    public var language: String?
    /// Set when the source is frame-based (TTML `ttp:frameRate`) or the user passed `--fps`.
    public var frameRate: FrameRate?
    public var cues: [Cue]
    /// Encoding the file was decoded from.
    public var encoding: TextEncoding
    public var hadBOM: Bool
    /// Whether the source carries direction markup (TTML `tts:direction`/`unicodeBidi`), so
    /// lines do not need RLM marks.
    public var hasDirectionMarkup: Bool

    public init(file: String, format: SubtitleFormat, language: String? = nil, frameRate: FrameRate? = nil,
                cues: [Cue] = [], encoding: TextEncoding = .utf8, hadBOM: Bool = false, hasDirectionMarkup: Bool = false) {
        self.file = file
        self.format = format
        self.language = language
        self.frameRate = frameRate
        self.cues = cues
        self.encoding = encoding
        self.hadBOM = hadBOM
        self.hasDirectionMarkup = hasDirectionMarkup
    }
}
