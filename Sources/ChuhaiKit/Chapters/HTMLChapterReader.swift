import Foundation

/// HTML and XHTML chapters: paragraphs, headings, line breaks and emphasis.
///
/// Block elements (`p`, `div`, `li`, `h1`–`h6` …) make paragraphs; text directly
/// inside a `div` between blocks makes one too. Two `<br>` in a row end a
/// paragraph (scraped web-novel pages separate paragraphs that way); a single
/// `<br>` is a line break inside it. `script`, `style`, `head`, `nav`, `template`,
/// `noscript`, `svg` and `math` are skipped. Inline: `em i cite dfn var` → italic,
/// `strong b` → bold, `u ins` → underline, `s strike del` → strikethrough, `sup`,
/// `sub`, `code kbd samp tt` → code, `a href` → link, `ruby`/`rt` → ruby, and
/// inline `style="font-style: italic"` / `font-weight: bold`.
enum HTMLChapterReader {
    /// The parsed page: its blocks and `<title>`.
    struct Page {
        var blocks: [Block]
        var title: String?
        var language: String?
    }

    /// Walks a parsed (X)HTML tree into blocks; `file` goes into every location.
    static func page(_ root: XMLElement, file: String) -> Page {
        var walker = Walker(file: file)
        walker.walk(root)
        walker.flush(at: root.line)
        let title = root.firstElement(named: "head")?.firstElement(named: "title")
            .map { collapse($0.textContent) }.flatMap { $0.isEmpty ? nil : $0 }
        let language = root.xmlAttribute("lang") ?? root.attribute("lang")
        return Page(blocks: walker.blocks, title: title, language: language)
    }

    /// Parses HTML text, or XHTML as XML first so its namespaces and entities are exact. XHTML
    /// that is not well-formed is read with the forgiving HTML parser after a warning naming
    /// the first error.
    static func parse(_ text: String, file: String, xhtml: Bool, diagnostics: inout [Diagnostic]) throws -> XMLElement {
        guard xhtml else { return try XML.parseHTML(text, file: file).root }
        do {
            return try XML.parse(Data(declaringUTF8(text).utf8), file: file).root
        } catch let e as ChuhaiError where e.message.hasPrefix("malformed XML") && !e.message.contains("elements nest more than") {
            diagnostics.append(Diagnostic(
                .warning, rule: "ingest.xhtml",
                "\(e.message); read with the forgiving HTML parser instead, check the result",
                at: e.location ?? SourceLocation(file: file)))
            return try XML.parseHTML(text, file: file).root
        }
    }

    /// The encoding a file declares in its first 1024 bytes (XML declaration, `<meta charset>`
    /// or `http-equiv` content type), when chuhai knows it.
    static func declaredEncoding(_ data: Data) -> TextEncoding? {
        let head = String(decoding: data.prefix(1024), as: UTF8.self).lowercased()
        var after: Substring?
        if head.hasPrefix("<?xml"), let end = head.range(of: "?>"), let r = head[..<end.lowerBound].range(of: "encoding=") {
            after = head[r.upperBound...]
        } else if let r = head.range(of: "charset=") {
            after = head[r.upperBound...]
        }
        guard let after else { return nil }
        var name = ""
        for ch in after.drop(while: { $0 == "\"" || $0 == "'" || $0 == " " }) {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" { name.append(ch) } else { break }
        }
        return TextEncoding(name: name)
    }

    /// Text already decoded must not be decoded again by libxml2 as the GBK its declaration names.
    static func declaringUTF8(_ text: String) -> String {
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>"),
              let r = text[..<end.lowerBound].range(of: #"encoding\s*=\s*["'][^"']*["']"#, options: .regularExpression) else { return text }
        return text.replacingCharacters(in: r, with: "encoding=\"UTF-8\"")
    }

    static func collapse(_ s: String) -> String {
        var b = InlineBuilder(collapse: true)
        b.append(s)
        return b.finish(source: nil)?.text ?? ""
    }

    private struct Walker {
        let file: String
        var blocks: [Block] = []
        var builder = InlineBuilder(collapse: true)
        /// Line of the element that holds the text being built.
        var line: Int?
        var preDepth = 0

        init(file: String) { self.file = file }

        static let skipped: Set<String> = ["head", "script", "style", "nav", "template", "noscript", "svg", "math", "rp",
                                           "iframe", "object", "select", "textarea", "button", "img", "video", "audio"]
        static let blockElements: Set<String> = [
            "html", "body", "p", "div", "section", "article", "aside", "main", "header", "footer", "blockquote", "li", "ul",
            "ol", "dl", "dt", "dd", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
            "pre", "address", "details", "summary", "center", "hgroup", "form", "fieldset", "hr",
        ]

        mutating func flush(at line: Int?, heading: Int? = nil) {
            let source = SourceLocation(file: file, line: self.line ?? line)
            if let b = builder.finish(headingLevel: heading, source: source) { blocks.append(b) }
            builder = InlineBuilder(collapse: preDepth == 0)
            builder.keepsIndentation = preDepth > 0
            self.line = nil
        }

        mutating func walk(_ e: XMLElement) {
            let name = e.name.lowercased()
            if Self.skipped.contains(name) { return }
            if name.count == 2, name.first == "h", let level = Int(String(name.last!)), (1...6).contains(level) {
                flush(at: e.line)
                line = e.line
                children(of: e)
                flush(at: e.line, heading: level)
                return
            }
            if name == "br" {
                if line == nil { line = e.line }
                if builder.breaksSinceText >= 1 && !builder.isEmpty {
                    flush(at: e.line)
                } else {
                    builder.lineBreak()
                }
                return
            }
            if Self.blockElements.contains(name) {
                flush(at: e.line)
                if name == "pre" { preDepth += 1; builder.collapse = false; builder.keepsIndentation = true }
                line = e.line
                children(of: e)
                flush(at: e.line)
                if name == "pre" { preDepth -= 1; builder.collapse = preDepth == 0; builder.keepsIndentation = preDepth > 0 }
                return
            }
            if name == "ruby" {
                let reading = e.elements(named: "rt").map { collapse($0.textContent) }.joined()
                builder.push(.ruby, value: reading.isEmpty ? nil : reading)
                for child in e.children {
                    switch child {
                    case .text(let t): append(t, line: e.line)
                    case .element(let c) where c.name.lowercased() != "rt": walk(c)
                    case .element: break
                    }
                }
                builder.pop()
                return
            }
            let styles = Self.styles(of: e, name: name)
            for s in styles { builder.push(s.0, value: s.1) }
            children(of: e)
            for _ in styles { builder.pop() }
        }

        private func collapse(_ s: String) -> String { HTMLChapterReader.collapse(s) }

        mutating func children(of e: XMLElement) {
            for child in e.children {
                switch child {
                case .text(let t): append(t, line: e.line)
                case .element(let c): walk(c)
                }
            }
        }

        mutating func append(_ t: String, line: Int) {
            if preDepth > 0 {
                for (i, part) in t.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if i > 0 { builder.lineBreak() }
                    builder.append(part)
                }
            } else {
                builder.append(t)
            }
            if self.line == nil && !builder.isEmpty { self.line = line }
        }

        static func styles(of e: XMLElement, name: String) -> [(InlineSpan.Style, String?)] {
            var out: [(InlineSpan.Style, String?)] = []
            switch name {
            case "em", "i", "cite", "dfn", "var": out.append((.italic, nil))
            case "strong", "b": out.append((.bold, nil))
            case "u", "ins": out.append((.underline, nil))
            case "s", "strike", "del": out.append((.strikethrough, nil))
            case "sup": out.append((.superscript, nil))
            case "sub": out.append((.subscript, nil))
            case "code", "kbd", "samp", "tt": out.append((.code, nil))
            case "a":
                if let href = e.attribute("href"), !href.isEmpty { out.append((.link, href)) }
            default: break
            }
            if let style = e.attribute("style")?.lowercased().replacingOccurrences(of: " ", with: "") {
                if style.contains("font-style:italic") || style.contains("font-style:oblique"), !out.contains(where: { $0.0 == .italic }) {
                    out.append((.italic, nil))
                }
                if style.contains("font-weight:bold") || style.contains("font-weight:700") || style.contains("font-weight:800")
                    || style.contains("font-weight:900"), !out.contains(where: { $0.0 == .bold }) {
                    out.append((.bold, nil))
                }
            }
            return out
        }
    }
}
