import Foundation

/// Word documents: paragraphs, italics/bold/underline/strike and line breaks from
/// `word/document.xml`, headings from paragraph styles.
///
/// A paragraph is a heading when its style (looked up in `word/styles.xml`) is
/// named `heading N` or `标题 N`, has the id `HeadingN`/`标题N`, or sets an outline
/// level. Tables, content controls, hyperlinks, tracked insertions and field
/// results are read; tracked deletions, text boxes, drawings, footnotes and
/// comments are not.
enum DOCXChapterReader {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    struct Result {
        var blocks: [Block]
        var title: String?
        var author: String?
        var language: String?
    }

    static func read(_ data: Data, file: String) throws -> Result {
        let zip = try ZipContainer(data: data, file: file, kind: "DOCX")
        let part = "word/document.xml"
        guard zip.contains(part) else {
            throw ChuhaiError("not a Word document: word/document.xml is missing from the archive", at: SourceLocation(file: file),
                              hint: "save it again from Word or LibreOffice as .docx")
        }
        let doc = try zip.xml(part, what: "the document part")
        guard let body = doc.root.elements.first(where: { $0.name == "body" && $0.namespace == w }) else {
            throw ChuhaiError("word/document.xml has no w:body", at: zip.location(part, line: doc.root.line),
                              hint: "save it again from Word or LibreOffice as .docx")
        }
        let headingStyles = zip.contains("word/styles.xml") ? try styleLevels(zip.xml("word/styles.xml", what: "the styles part")) : [:]
        let links = zip.contains("word/_rels/document.xml.rels") ? try hyperlinks(zip.xml("word/_rels/document.xml.rels", what: "relationships")) : [:]
        var reader = Reader(location: { zip.location(part, line: $0) }, headingStyles: headingStyles, links: links)
        reader.container(body)
        var result = Result(blocks: reader.blocks)
        if zip.contains("docProps/core.xml"), let core = try? zip.xml("docProps/core.xml", what: "core properties") {
            result.title = core.root.firstElement(named: "title")?.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            result.author = core.root.firstElement(named: "creator")?.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            result.language = core.root.firstElement(named: "language")?.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            if result.title?.isEmpty == true { result.title = nil }
            if result.author?.isEmpty == true { result.author = nil }
            if result.language?.isEmpty == true { result.language = nil }
        }
        return result
    }

    /// Heading level of each paragraph style id that is a heading.
    static func styleLevels(_ styles: XMLDocument) -> [String: Int] {
        var levels: [String: Int] = [:]
        for style in styles.root.elements(named: "style") where style.attribute("type", namespace: w) == "paragraph" {
            guard let id = style.attribute("styleId", namespace: w) else { continue }
            let name = style.firstElement(named: "name")?.attribute("val", namespace: w)
            if let level = headingLevel(name: name ?? "") ?? headingLevel(name: id) {
                levels[id] = level
            } else if let outline = style.firstElement(named: "pPr")?.firstElement(named: "outlineLvl")?.attribute("val", namespace: w),
                      let n = Int(outline), (0...5).contains(n) {
                levels[id] = n + 1
            }
        }
        return levels
    }

    /// `heading 1`, `Heading1`, `标题 1`, `标题1` → 1.
    static func headingLevel(name: String) -> Int? {
        let lower = name.lowercased().replacingOccurrences(of: " ", with: "")
        for prefix in ["heading", "标题", "標題"] where lower.hasPrefix(prefix) {
            if let n = Int(lower.dropFirst(prefix.count)), (1...6).contains(n) { return n }
        }
        return nil
    }

    static func hyperlinks(_ rels: XMLDocument) -> [String: String] {
        var out: [String: String] = [:]
        for r in rels.root.elements(named: "Relationship") where r.attribute("Type")?.hasSuffix("/hyperlink") == true {
            if let id = r.attribute("Id"), let target = r.attribute("Target") { out[id] = target }
        }
        return out
    }

    private struct Reader {
        let location: (Int) -> SourceLocation
        let headingStyles: [String: Int]
        let links: [String: String]
        var blocks: [Block] = []
        static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

        /// Body, table cells, content controls: anything holding paragraphs.
        mutating func container(_ e: XMLElement) {
            for child in e.elements where child.namespace == w {
                switch child.name {
                case "p": paragraph(child)
                case "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "smartTag": container(child)
                default: break
                }
            }
        }

        mutating func paragraph(_ p: XMLElement) {
            let pPr = p.firstElement(named: "pPr")
            var level: Int?
            if let style = pPr?.firstElement(named: "pStyle")?.attribute("val", namespace: w) {
                level = headingStyles[style] ?? headingLevel(name: style)
            }
            if level == nil, let outline = pPr?.firstElement(named: "outlineLvl")?.attribute("val", namespace: w),
               let n = Int(outline), (0...5).contains(n) {
                level = n + 1
            }
            var b = InlineBuilder(collapse: false)
            inline(p, into: &b)
            if let block = b.finish(headingLevel: level, source: location(p.line)) { blocks.append(block) }
        }

        func inline(_ e: XMLElement, into b: inout InlineBuilder) {
            for child in e.elements where child.namespace == w {
                switch child.name {
                case "r": run(child, into: &b)
                case "hyperlink":
                    let target = child.attribute("id", namespace: Self.relNS).flatMap { links[$0] }
                        ?? child.attribute("anchor", namespace: w).map { "#" + $0 }
                    if let target { b.push(.link, value: target) }
                    inline(child, into: &b)
                    if target != nil { b.pop() }
                case "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "dir", "bdo": inline(child, into: &b)
                default: break  // pPr, del, bookmarks, proofErr, comments…
                }
            }
        }

        func run(_ r: XMLElement, into b: inout InlineBuilder) {
            let styles = runStyles(r.firstElement(named: "rPr"))
            for s in styles { b.push(s) }
            for c in r.elements where c.namespace == w {
                switch c.name {
                case "t": b.append(c.textContent)
                case "tab", "ptab": b.append(" ")
                case "br":
                    // Page and column breaks separate layout, not lines of text.
                    let type = c.attribute("type", namespace: w)
                    if type == nil || type == "textWrapping" { b.lineBreak() }
                case "cr": b.lineBreak()
                case "noBreakHyphen": b.append("\u{2011}")
                case "softHyphen": break
                default: break
                }
            }
            for _ in styles { b.pop() }
        }

        /// `w:i`, `w:b`… are on unless `w:val` is `0`/`false`/`none`.
        func runStyles(_ rPr: XMLElement?) -> [InlineSpan.Style] {
            guard let rPr else { return [] }
            func on(_ name: String) -> Bool {
                guard let e = rPr.firstElement(named: name) else { return false }
                let v = e.attribute("val", namespace: w)?.lowercased()
                return !(v == "0" || v == "false" || v == "off" || v == "none")
            }
            var out: [InlineSpan.Style] = []
            if on("i") { out.append(.italic) }
            if on("b") { out.append(.bold) }
            if on("u") { out.append(.underline) }
            if on("strike") || on("dstrike") { out.append(.strikethrough) }
            switch rPr.firstElement(named: "vertAlign")?.attribute("val", namespace: w) {
            case "superscript": out.append(.superscript)
            case "subscript": out.append(.subscript)
            default: break
            }
            return out
        }
    }
}
