/// A paragraph or heading as a reader found it, before it is placed in a chapter.
struct Block: Sendable {
    var text: String
    var spans: [InlineSpan]
    /// Structural heading level (HTML h1–h6, Markdown #, DOCX heading style), nil for body text.
    var headingLevel: Int?
    var source: SourceLocation?
    /// Set by readers that decide chapter starts line by line (TXT).
    var isChapterHeading = false

    /// The text as a one-line title: a line break (`第一章<br/>山门`) becomes a space.
    var titleText: String {
        let breaks = spans.filter { $0.style == .lineBreak }.map(\.start)
        guard !breaks.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for offset in breaks.reversed() { bytes.insert(0x20, at: offset) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Accumulates a paragraph's text and its inline markup from readers that walk
/// markup (HTML, Markdown, DOCX), so every format yields spans the same way.
///
/// Indentation (full-width `　　`, no-break spaces) and surrounding whitespace are
/// dropped at the start and end of the paragraph and around line breaks, since
/// Chinese sources indent with characters where other languages use CSS.
struct InlineBuilder {
    private(set) var text = ""
    private var spans: [InlineSpan] = []
    private var open: [(style: InlineSpan.Style, value: String?, start: Int)] = []
    /// Collapse whitespace runs to one space (HTML, Markdown) instead of keeping them (DOCX, `<pre>`).
    var collapse: Bool
    /// Keep spaces at the start of lines (code, `<pre>`) instead of dropping them as indentation.
    var keepsIndentation = false
    private var pendingSpace = false
    private var pendingNewline = false
    private var lastScalar: Unicode.Scalar?
    /// True at the start of the paragraph and right after a line break.
    private var atLineStart = true
    private(set) var breaksSinceText = 0

    init(collapse: Bool) { self.collapse = collapse }

    var isEmpty: Bool { text.isEmpty }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{0C}"
    }

    /// Indentation and padding dropped at line edges: any Unicode space, plus zero-width ones.
    static func isEdgeSpace(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace || s == "\u{200B}" || s == "\u{FEFF}" || s == "\u{3000}"
    }

    /// Wide characters other than Hangul (Korean separates words with spaces).
    static func joinsWithoutSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return false
        default: return TextMetrics.isWide(s)
        }
    }

    mutating func append(_ s: some StringProtocol) {
        for scalar in s.unicodeScalars { append(scalar) }
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        if collapse && Self.isSpace(scalar) {
            pendingSpace = true
            if scalar == "\n" { pendingNewline = true }
            return
        }
        if atLineStart && !keepsIndentation && Self.isEdgeSpace(scalar) { return }
        if pendingSpace {
            // CSS Text 3 segment-break rule: a source line break between two CJK characters vanishes.
            let joinsCJK = pendingNewline && lastScalar.map(Self.joinsWithoutSpace) == true && Self.joinsWithoutSpace(scalar)
            if !atLineStart && !joinsCJK && !(collapse && lastScalar == " ") { text.unicodeScalars.append(" ") }
            pendingSpace = false
            pendingNewline = false
        }
        text.unicodeScalars.append(scalar)
        lastScalar = scalar
        atLineStart = false
        breaksSinceText = 0
    }

    mutating func push(_ style: InlineSpan.Style, value: String? = nil) {
        flushPendingSpaceBeforeSpan()
        open.append((style, value, text.utf8.count))
    }

    /// A space pending before `a <em>b</em>` belongs before the span, not inside it.
    private mutating func flushPendingSpaceBeforeSpan() {
        guard collapse, pendingSpace, !atLineStart else { return }
        text.unicodeScalars.append(" ")
        lastScalar = " "
        pendingSpace = false
        pendingNewline = false
    }

    mutating func pop() {
        guard let o = open.popLast() else { return }
        let end = text.utf8.count
        if end > o.start { spans.append(InlineSpan(start: o.start, end: end, style: o.style, value: o.value)) }
    }

    mutating func lineBreak() {
        trimTrailing()
        if !text.isEmpty { spans.append(InlineSpan(start: text.utf8.count, end: text.utf8.count, style: .lineBreak)) }
        atLineStart = true
        pendingSpace = false
        pendingNewline = false
        breaksSinceText += 1
    }

    /// Removes trailing spaces and indentation, keeping spans inside the text.
    private mutating func trimTrailing() {
        guard let last = text.unicodeScalars.last, Self.isEdgeSpace(last) else { return }
        while let last = text.unicodeScalars.last, Self.isEdgeSpace(last) { text.unicodeScalars.removeLast() }
        let n = text.utf8.count
        // Only spans closed after the trimmed spaces were appended reach past the new end, and
        // they are the last ones recorded.
        var i = spans.count - 1
        while i >= 0 && spans[i].end > n {
            spans[i].start = min(spans[i].start, n)
            spans[i].end = n
            i -= 1
        }
        for i in open.indices { open[i].start = min(open[i].start, n) }
    }

    /// The finished paragraph, or nil when it holds no text. Open spans are closed.
    mutating func finish(headingLevel: Int? = nil, source: SourceLocation?) -> Block? {
        while !open.isEmpty { pop() }
        trimTrailing()
        let length = text.utf8.count
        guard length > 0 else { return nil }
        let kept = spans.filter { span in
            span.style == .lineBreak ? (span.start > 0 && span.start < length) : span.end > span.start
        }
        return Block(text: text, spans: InlineSpans.normalized(kept), headingLevel: headingLevel, source: source)
    }
}

enum InlineSpans {
    /// Merges touching spans of the same style and splits overlapping ones, so spans nest
    /// properly and sort by start (outer first), as `Paragraph.spans` promises.
    static func normalized(_ input: [InlineSpan]) -> [InlineSpan] {
        guard input.count > 1 else { return input }
        var spans = input.sorted(by: order)
        // Merge touching or overlapping spans of the same style and value (DOCX splits runs freely).
        // The latest span of a style and value has the furthest end of its kind, so it is the only
        // one a later span can touch.
        var merged: [InlineSpan] = []
        var latest: [String: Int] = [:]
        for s in spans {
            let key = "\(s.style.rawValue)\u{0}\(s.value ?? "")"
            if s.style != .lineBreak, let i = latest[key], merged[i].end >= s.start {
                merged[i].end = max(merged[i].end, s.end)
            } else {
                latest[key] = merged.count
                merged.append(s)
            }
        }
        spans = merged.sorted(by: order)
        // Split any span that crosses the end of the span enclosing it.
        // Split-off remainders wait in `pending` (sorted, usually tiny) and are merged with the
        // sorted input as it is consumed, so a paragraph of many crossing runs stays near-linear.
        var out: [InlineSpan] = []
        var stack: [InlineSpan] = []
        var pending: [InlineSpan] = []
        var i = 0
        while i < spans.count || !pending.isEmpty {
            var s: InlineSpan
            if let p = pending.first, i == spans.count || order(p, spans[i]) {
                s = pending.removeFirst()
            } else {
                s = spans[i]
                i += 1
            }
            while let top = stack.last, top.end <= s.start { stack.removeLast() }
            if let top = stack.last, s.end > top.end {
                let rest = InlineSpan(start: top.end, end: s.end, style: s.style, value: s.value)
                s.end = top.end
                pending.insert(rest, at: pending.firstIndex { order(rest, $0) } ?? pending.count)
            }
            out.append(s)
            if s.end > s.start { stack.append(s) }
        }
        return out
    }

    private static func order(_ a: InlineSpan, _ b: InlineSpan) -> Bool {
        if a.start != b.start { return a.start < b.start }
        if a.end != b.end { return a.end > b.end }
        return a.style.rawValue < b.style.rawValue
    }
}
