import Foundation

/// XHTML5 (XML serialization) for chapters, the form EPUB 3 content documents and
/// the per-chapter files in `dist/<lang>/` share.
///
/// Inline spans are UTF-8 byte ranges (see `InlineSpan`); the renderer never trusts
/// them blindly: ranges are clamped to the text and snapped to scalar boundaries, and
/// a span that crosses its parent's end is cut at that end, so damaged input gives
/// well-formed output instead of a crash or U+FFFD.
public enum XHTML {
    /// `XML.escape` minus U+FFFE and U+FFFF, which XML forbids too (EPUBCheck would reject the file).
    public static func escape(_ s: String, attribute: Bool = false) -> String {
        // U+FFFE/U+FFFF are EF BF BE/BF in UTF-8: look at scalars only when an EF byte is there.
        let clean = s.utf8.contains(0xEF) && s.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF }
            ? String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value != 0xFFFE && $0.value != 0xFFFF })) : s
        return XML.escape(clean, attribute: attribute)
    }

    /// A whole XHTML5 document with `xml:lang` and `lang` on the root (EPUBCheck HTM_017–021).
    ///
    /// - Parameters:
    ///   - title: `<title>`; must not be empty in EPUB content documents.
    ///   - language: BCP 47 tag of the text.
    ///   - stylesheet: relative href of a CSS file, or nil.
    ///   - body: already-escaped markup for `<body>`.
    public static func document(title: String, language: String, stylesheet: String? = nil, bodyClass: String? = nil,
                                body: String) -> String {
        let lang = XHTML.escape(language, attribute: true)
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="\(lang)" lang="\(lang)">
            <head>
            <meta charset="UTF-8"/>
            <title>\(XHTML.escape(title))</title>

            """
        if let stylesheet {
            s += "<link rel=\"stylesheet\" type=\"text/css\" href=\"\(XHTML.escape(stylesheet, attribute: true))\"/>\n"
        }
        s += "</head>\n"
        s += bodyClass.map { "<body class=\"\(XHTML.escape($0, attribute: true))\">\n" } ?? "<body>\n"
        s += body
        s += "</body>\n</html>\n"
        return s
    }

    /// One chapter as a document: a `<section>` with the title as `<h1>` and one
    /// element per paragraph (`<p>`, or `<h2>`…`<h6>` for headings inside the chapter).
    ///
    /// - Parameters:
    ///   - language: the language of the chapter text (the target language for a translation).
    ///   - labels: supplies a heading when the chapter has no title.
    ///   - stylesheet: relative href of the stylesheet, or nil for a bare file.
    public static func chapter(_ chapter: Chapter, language: String, labels: PackageLabels? = nil,
                               stylesheet: String? = nil) -> String {
        let title = chapterTitle(chapter, labels: labels ?? PackageLabels(language: language))
        var body = "<section epub:type=\"chapter\" id=\"\(XHTML.escape(anchor(chapter.id), attribute: true))\">\n"
        body += "<h1>\(XHTML.escape(title))</h1>\n"
        for p in chapter.paragraphs {
            // Inside a chapter the title holds h1, so in-text headings start at h2.
            let tag = p.headingLevel.map { "h\(min(6, max(2, $0 + 1)))" } ?? "p"
            body += "<\(tag)>\(inline(p))</\(tag)>\n"
        }
        body += "</section>\n"
        return document(title: title, language: language, stylesheet: stylesheet, body: body)
    }

    /// The chapter's title, or the localized "Chapter N" when the source had none.
    public static func chapterTitle(_ chapter: Chapter, labels: PackageLabels) -> String {
        if let t = chapter.title?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty { return t }
        return labels.chapter(chapter.number)
    }

    /// A paragraph's text with its spans as inline XHTML elements, escaped.
    public static func inline(_ paragraph: Paragraph) -> String {
        let bytes = Array(paragraph.text.utf8)
        var spans: [InlineSpan] = []
        for var s in paragraph.spans {
            s.start = snap(s.start, in: bytes)
            s.end = snap(s.end, in: bytes)
            if s.end < s.start { swap(&s.start, &s.end) }
            if s.style == .lineBreak { s.end = s.start } else if s.start == s.end { continue }
            spans.append(s)
        }
        // Outer spans first: by start, then longest; the sort is stable for equal ranges.
        let ordered = spans.enumerated().sorted {
            ($0.element.start, -$0.element.end, $0.offset) < ($1.element.start, -$1.element.end, $1.offset)
        }.map(\.element)
        var out = ""
        render(bytes, from: 0, to: bytes.count, spans: ordered[...], inside: [], into: &out)
        return out
    }

    private static func render(_ bytes: [UInt8], from: Int, to: Int, spans: ArraySlice<InlineSpan>,
                               inside: Set<InlineSpan.Style>, into out: inout String) {
        var pos = from
        var rest = spans
        while let s = rest.first {
            rest = rest.dropFirst()
            let end = min(s.end, to)
            // Children: spans starting before this one ends.
            var children: [InlineSpan] = []
            while let c = rest.first, c.start < end {
                children.append(c)
                rest = rest.dropFirst()
            }
            out += text(bytes, pos, s.start)
            let (open, close) = tags(for: s, inside: inside)
            out += open
            var deeper = inside
            deeper.insert(s.style)
            render(bytes, from: s.start, to: end, spans: children[...], inside: deeper, into: &out)
            out += close
            pos = max(pos, end)
        }
        out += text(bytes, pos, to)
    }

    private static func tags(for s: InlineSpan, inside: Set<InlineSpan.Style>) -> (String, String) {
        switch s.style {
        case .italic: return ("<em>", "</em>")
        case .bold: return ("<strong>", "</strong>")
        case .underline: return ("<u>", "</u>")
        case .strikethrough: return ("<s>", "</s>")
        case .superscript: return ("<sup>", "</sup>")
        case .subscript: return ("<sub>", "</sub>")
        case .code: return ("<code>", "</code>")
        case .lineBreak: return ("<br/>", "")
        case .ruby:
            // Ruby cannot nest; an inner one keeps its base text only.
            guard !inside.contains(.ruby), let reading = s.value, !reading.isEmpty else { return ("", "") }
            return ("<ruby>", "<rt>\(XHTML.escape(reading))</rt></ruby>")
        case .link:
            // Links cannot nest, and only web and mail targets are kept: a relative link
            // would point at a file the package does not have (EPUBCheck RSC_007).
            guard !inside.contains(.link), let target = s.value, isExternalLink(target) else { return ("", "") }
            return ("<a href=\"\(XHTML.escape(target, attribute: true))\">", "</a>")
        }
    }

    static func isExternalLink(_ target: String) -> Bool {
        let lower = target.lowercased()
        let schemeOK = lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:")
        return schemeOK && !target.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" }
    }

    private static func text(_ bytes: [UInt8], _ a: Int, _ b: Int) -> String {
        guard a < b else { return "" }
        return XHTML.escape(String(decoding: bytes[a..<b], as: UTF8.self))
    }

    /// Clamps a byte offset into the text and moves it off UTF-8 continuation bytes.
    private static func snap(_ offset: Int, in bytes: [UInt8]) -> Int {
        var i = min(max(0, offset), bytes.count)
        while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
        return i
    }

    /// An XML id from a chapter id (ids must not start with a digit).
    static func anchor(_ id: String) -> String {
        let cleaned = String(id.unicodeScalars.map { isNameScalar($0) ? Character($0) : "-" })
        guard let first = cleaned.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return "c-" + cleaned }
        return cleaned
    }

    static func isNameScalar(_ u: Unicode.Scalar) -> Bool {
        u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "-" || u == "_")
    }
}
