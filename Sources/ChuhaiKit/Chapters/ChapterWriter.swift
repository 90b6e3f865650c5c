/// Writes chapters back as the plain files translators and editors keep in git, in the
/// layout the chapter readers read: what `chuhai xliff import` stores so `chuhai run`
/// picks translations up exactly as it does hand-written parallel files.
public enum ChapterWriter {
    public enum Format: String, Sendable {
        /// Heading line, blank line, one paragraph per line (the demo's and most platforms' layout).
        case text
        /// `# heading`, paragraphs separated by blank lines, `*em*` / `**strong**` kept.
        case markdown

        /// The format for a translation path, or nil for formats chuhai reads but does not write.
        public init?(path: String) {
            let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
            switch ext {
            case "txt", "text": self = .text
            case "md", "markdown": self = .markdown
            default: return nil
            }
        }
    }

    /// One chapter file. Plain text cannot hold inline styles: `droppedStyles` tells the
    /// caller to warn (Markdown keeps them).
    public static func write(_ chapter: Chapter, as format: Format) -> (text: String, droppedStyles: Bool) {
        write([chapter], as: format)
    }

    /// Chapters one after another, for a novel kept in one file: the chapter readers split it
    /// again at the headings.
    public static func write(_ chapters: [Chapter], as format: Format) -> (text: String, droppedStyles: Bool) {
        switch format {
        case .text:
            var dropped = false
            let parts = chapters.map { c -> String in
                let r = text(c)
                dropped = dropped || r.droppedStyles
                return r.text
            }
            return (parts.joined(separator: "\n"), dropped)
        case .markdown:
            return (markdown(chapters), false)
        }
    }

    static func text(_ chapter: Chapter) -> (text: String, droppedStyles: Bool) {
        var out = ""
        if let t = chapter.title { out += oneLine(t) + "\n\n" }
        var dropped = false
        for p in chapter.paragraphs {
            out += oneLine(p.text) + "\n"
            dropped = dropped || p.spans.contains { $0.style != .lineBreak }
        }
        return (out, dropped)
    }

    /// A paragraph is one line in a text file: line breaks inside it become spaces.
    static func oneLine(_ s: String) -> String {
        s.contains("\n") ? s.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: " ") : s
    }

    static func markdown(_ chapters: [Chapter]) -> String {
        var blocks: [String] = []
        for c in chapters {
            if let t = c.title { blocks.append("# " + escape(oneLine(t), lineStart: false)) }
            for p in c.paragraphs {
                let body = inline(p)
                if let level = p.headingLevel {
                    blocks.append(String(repeating: "#", count: min(6, max(2, level))) + " " + body)
                } else {
                    blocks.append(body)
                }
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// Paragraph text with emphasis markers at its spans' boundaries and everything else escaped.
    static func inline(_ p: Paragraph) -> String {
        let bytes = Array(p.text.utf8)
        var opens: [Int: [String]] = [:], closes: [Int: [String]] = [:], breaks: Set<Int> = []
        for s in p.spans {
            let marker: String
            switch s.style {
            case .bold: marker = "**"
            case .italic: marker = "*"
            case .lineBreak:
                breaks.insert(s.start)
                continue
            default: continue
            }
            guard s.start < s.end, s.end <= bytes.count else { continue }
            opens[s.start, default: []].append(marker)
            // Closing in reverse order keeps `***a***` nesting balanced.
            closes[s.end, default: []].insert(marker, at: 0)
        }
        var out = ""
        var start = 0
        func flushText(_ end: Int) {
            guard start < end else { return }
            out += escape(String(decoding: bytes[start..<end], as: UTF8.self), lineStart: start == 0)
            start = end
        }
        let cuts = Set(opens.keys).union(closes.keys).union(breaks).sorted()
        for cut in cuts {
            flushText(cut)
            out += (closes[cut] ?? []).joined()
            if breaks.contains(cut) { out += "\\\n" }
            out += (opens[cut] ?? []).joined()
        }
        flushText(bytes.count)
        return out
    }

    /// Backslash-escapes what Markdown would read as markup (CommonMark's ASCII punctuation
    /// escapes); line-start markers (`#`, `>`, `-`, `1.`) only at the start.
    static func escape(_ s: String, lineStart: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for (i, ch) in s.enumerated() {
            switch ch {
            case "\\", "*", "_", "`", "[", "]", "<", "&": out += "\\" + String(ch)
            case "#", ">", "-", "+", "=":
                if i == 0 && lineStart { out += "\\" }
                out.append(ch)
            case "\n": out += " "
            default: out.append(ch)
            }
        }
        // `1. text` would start an ordered list.
        if lineStart, let dot = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), dot != out.startIndex,
           out[dot] == "." || out[dot] == ")" {
            out.insert("\\", at: dot)
        }
        return out
    }
}
