/// Inline markup as XLIFF inline codes, both ways.
///
/// Writing: spans nested inside one part (segment or ignorable) become paired codes
/// (`<pc>` in 2.1, `<g>` in 1.2), empty spans (line breaks) standalone codes (`<ph/>`,
/// `<x/>`), and spans crossing a segment boundary a start/end pair (`<sc/>`/`<ec/>`,
/// `<bx/>`/`<ex/>`). Code ids are the span's 1-based position in the unit's source, so a
/// target code is matched to its source code by id, as XLIFF requires.
enum InlineCodes {
    enum Dialect { case xliff2, xliff12 }

    /// XLIFF 2.1 `type`/`subType` (`xlf:` values are the spec's; others are chuhai's).
    static func xliff2Type(_ s: InlineSpan.Style) -> (type: String, subType: String?) {
        switch s {
        case .bold: ("fmt", "xlf:b")
        case .italic: ("fmt", "xlf:i")
        case .underline: ("fmt", "xlf:u")
        case .lineBreak: ("fmt", "xlf:lb")
        case .strikethrough: ("fmt", "chuhai:strikethrough")
        case .superscript: ("fmt", "chuhai:superscript")
        case .subscript: ("fmt", "chuhai:subscript")
        case .code: ("fmt", "chuhai:code")
        case .ruby: ("other", "chuhai:ruby")
        case .link: ("link", nil)
        }
    }

    static func style(xliff2Type type: String?, subType: String?) -> InlineSpan.Style? {
        switch subType {
        case "xlf:b": return .bold
        case "xlf:i": return .italic
        case "xlf:u": return .underline
        case "xlf:lb": return .lineBreak
        case let s? where s.hasPrefix("chuhai:"): return InlineSpan.Style(rawValue: String(s.dropFirst(7)))
        default: return type == "link" ? .link : nil
        }
    }

    /// XLIFF 1.2 `ctype` (predefined values, else `x-`).
    static func ctype(_ s: InlineSpan.Style) -> String {
        switch s {
        case .bold: "bold"
        case .italic: "italic"
        case .underline: "underlined"
        case .link: "link"
        case .lineBreak: "lb"
        default: "x-" + s.rawValue
        }
    }

    static func style(ctype: String?) -> InlineSpan.Style? {
        switch ctype {
        case "bold": .bold
        case "italic": .italic
        case "underlined": .underline
        case "link": .link
        case "lb": .lineBreak
        case let c? where c.hasPrefix("x-"): InlineSpan.Style(rawValue: String(c.dropFirst(2)))
        default: nil
        }
    }

    /// A term to mark, with the id its `mrk` gets.
    struct Mark {
        var range: Range<Int>
        var id: String
        var ref: String?
    }

    private enum NodeKind { case paired(Int), point(Int), open(Int), close(Int), mark(Int) }
    private struct Node {
        var start: Int
        var end: Int
        var kind: NodeKind
        var order: Int
    }

    /// Renders `text[range]` with its codes.
    /// - Parameters:
    ///   - ids: code id per span of `text` (nil: leave the span out).
    ///   - isLast: the part ends the unit (empty spans at the very end belong to it).
    static func render(_ content: InlineText, range: Range<Int>, ids: [String?], marks: [Mark] = [], isLast: Bool,
                       dialect: Dialect) -> String {
        let bytes = Array(content.text.utf8)
        let lo = range.lowerBound, hi = range.upperBound
        var nodes: [Node] = []
        var order = 0
        // Spans that nest improperly with each other are written as start/end pairs.
        let crossing = improperlyNested(content.spans)
        for (i, sp) in content.spans.enumerated() where ids.indices.contains(i) && ids[i] != nil {
            order += 1
            if sp.start == sp.end {
                if (lo..<hi).contains(sp.start) || (sp.start == hi && isLast) || (lo == hi && sp.start == lo) {
                    nodes.append(Node(start: sp.start, end: sp.start, kind: .point(i), order: order))
                }
            } else if sp.start >= lo && sp.end <= hi && !crossing.contains(i) {
                nodes.append(Node(start: sp.start, end: sp.end, kind: .paired(i), order: order))
            } else {
                if sp.start >= lo && sp.start < hi { nodes.append(Node(start: sp.start, end: sp.start, kind: .open(i), order: order)) }
                if sp.end > lo && sp.end <= hi { nodes.append(Node(start: sp.end, end: sp.end, kind: .close(i), order: order)) }
            }
        }
        let paired = nodes.filter { if case .paired = $0.kind { true } else { false } }
        for (mi, m) in marks.enumerated() where m.range.lowerBound >= lo && m.range.upperBound <= hi && !m.range.isEmpty {
            // A term must nest with the paired codes, else it is left unmarked.
            let clashes = paired.contains { p in
                (p.start < m.range.lowerBound && p.end > m.range.lowerBound && p.end < m.range.upperBound)
                    || (p.start > m.range.lowerBound && p.start < m.range.upperBound && p.end > m.range.upperBound)
            }
            if !clashes {
                order += 1
                nodes.append(Node(start: m.range.lowerBound, end: m.range.upperBound, kind: .mark(mi), order: order))
            }
        }
        // Outer before inner; closes before opens at the same offset; codes outside terms.
        nodes.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            let az = a.start == a.end, bz = b.start == b.end
            if az != bz { return az }  // points (incl. closes) first, then paired opens
            if a.end != b.end { return a.end > b.end }
            return a.order < b.order
        }
        var out = ""
        var pos = lo
        var stack: [(end: Int, close: String)] = []
        func flush(to p: Int) {
            if p > pos { out += XML.escape(String(decoding: bytes[pos..<p], as: UTF8.self)) }
            pos = max(pos, p)
        }
        func unwind(upTo p: Int) {
            while let top = stack.last, top.end <= p {
                flush(to: top.end)
                out += top.close
                stack.removeLast()
            }
        }
        for n in nodes {
            unwind(upTo: n.start)
            flush(to: n.start)
            switch n.kind {
            case .point(let i):
                out += dialect == .xliff2
                    ? "<ph id=\"\(ids[i]!)\"\(typeAttributes(content.spans[i].style))/>"
                    : "<x id=\"\(ids[i]!)\" ctype=\"\(ctype(content.spans[i].style))\"/>"
            case .open(let i):
                out += dialect == .xliff2
                    ? "<sc id=\"\(ids[i]!)\"\(typeAttributes(content.spans[i].style))/>"
                    : "<bx id=\"\(ids[i]!)\" rid=\"\(ids[i]!)\" ctype=\"\(ctype(content.spans[i].style))\"/>"
            case .close(let i):
                out += dialect == .xliff2 ? "<ec startRef=\"\(ids[i]!)\"/>" : "<ex id=\"\(ids[i]!)e\" rid=\"\(ids[i]!)\"/>"
            case .paired(let i):
                out += dialect == .xliff2
                    ? "<pc id=\"\(ids[i]!)\"\(typeAttributes(content.spans[i].style))>"
                    : "<g id=\"\(ids[i]!)\" ctype=\"\(ctype(content.spans[i].style))\">"
                stack.append((n.end, dialect == .xliff2 ? "</pc>" : "</g>"))
            case .mark(let mi):
                let m = marks[mi]
                if dialect == .xliff2 {
                    out += "<mrk id=\"\(m.id)\" type=\"term\"" + (m.ref.map { " ref=\"\(XML.escape($0, attribute: true))\"" } ?? "") + ">"
                } else {
                    out += "<mrk mtype=\"term\" mid=\"\(m.id)\">"
                }
                stack.append((n.end, "</mrk>"))
            }
        }
        unwind(upTo: hi)
        flush(to: hi)
        return out
    }

    private static func typeAttributes(_ s: InlineSpan.Style) -> String {
        let (t, st) = xliff2Type(s)
        return " type=\"\(t)\"" + (st.map { " subType=\"\($0)\"" } ?? "")
    }

    /// Indices of non-empty spans that overlap another span without nesting.
    static func improperlyNested(_ spans: [InlineSpan]) -> Set<Int> {
        var bad = Set<Int>()
        let idx = spans.indices.filter { spans[$0].start < spans[$0].end }
        for a in idx {
            for b in idx where b > a {
                let x = spans[a], y = spans[b]
                if (x.start < y.start && y.start < x.end && x.end < y.end) || (y.start < x.start && x.start < y.end && y.end < x.end) {
                    bad.insert(b)
                }
            }
        }
        return bad
    }

    /// Maps each target span to a source code id: the first unused source span with the same
    /// style and value (nil when the source has none, and the span is written as plain text).
    static func targetIDs(_ target: InlineText, source: InlineText) -> [String?] {
        var used = Set<Int>()
        var added = 0
        return target.spans.map { t in
            if let i = source.spans.indices.first(where: { !used.contains($0) && source.spans[$0].style == t.style && source.spans[$0].value == t.value }) {
                used.insert(i)
                return String(i + 1)
            }
            // Line breaks are the target's own layout (a subtitle's two English lines where the
            // Chinese cue had one): they get target-only ids rather than being dropped.
            if t.style == .lineBreak {
                added += 1
                return "lb\(added)"
            }
            return nil
        }
    }
}

/// Inline content read back from an XLIFF element.
struct ParsedInline {
    enum CodeKind { case paired, point, open, close }
    struct Code {
        var id: String
        var kind: CodeKind
        var start: Int
        var end: Int
        var style: InlineSpan.Style?
        var line: Int
    }
    struct Mark {
        var id: String?
        var range: Range<Int>
        var ref: String?
        var isTerm: Bool
    }
    var bytes: [UInt8] = []
    var codes: [Code] = []
    var marks: [Mark] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends the content of `element` (a `source`, `target`, segment `mrk`…).
    mutating func read(_ element: XMLElement, dialect: InlineCodes.Dialect) {
        for child in element.children {
            switch child {
            case .text(let t): bytes += t.utf8
            case .element(let e): readCode(e, dialect: dialect)
            }
        }
    }

    mutating func readCode(_ e: XMLElement, dialect: InlineCodes.Dialect) {
        let start = bytes.count
        switch (dialect, e.name) {
        case (.xliff2, "pc"), (.xliff12, "g"):
            read(e, dialect: dialect)
            let style = dialect == .xliff2 ? InlineCodes.style(xliff2Type: e.attribute("type"), subType: e.attribute("subType"))
                : InlineCodes.style(ctype: e.attribute("ctype"))
            codes.append(Code(id: e.attribute("id") ?? "", kind: .paired, start: start, end: bytes.count, style: style, line: e.line))
        case (.xliff2, "ph"), (.xliff12, "x"):
            let style = dialect == .xliff2 ? InlineCodes.style(xliff2Type: e.attribute("type"), subType: e.attribute("subType"))
                : InlineCodes.style(ctype: e.attribute("ctype"))
            codes.append(Code(id: e.attribute("id") ?? "", kind: .point, start: start, end: start, style: style, line: e.line))
        case (.xliff2, "sc"), (.xliff12, "bx"):
            let style = dialect == .xliff2 ? InlineCodes.style(xliff2Type: e.attribute("type"), subType: e.attribute("subType"))
                : InlineCodes.style(ctype: e.attribute("ctype"))
            let id = dialect == .xliff2 ? e.attribute("id") : (e.attribute("rid") ?? e.attribute("id"))
            codes.append(Code(id: id ?? "", kind: .open, start: start, end: start, style: style, line: e.line))
        case (.xliff2, "ec"), (.xliff12, "ex"):
            let id = dialect == .xliff2 ? (e.attribute("startRef") ?? e.attribute("id")) : (e.attribute("rid") ?? e.attribute("id"))
            codes.append(Code(id: id ?? "", kind: .close, start: start, end: start, style: nil, line: e.line))
        case (.xliff2, "mrk"), (.xliff12, "mrk"):
            read(e, dialect: dialect)
            let isTerm = dialect == .xliff2 ? e.attribute("type") == "term" : e.attribute("mtype") == "term"
            marks.append(Mark(id: e.attribute(dialect == .xliff2 ? "id" : "mid"), range: start..<bytes.count, ref: e.attribute("ref"), isTerm: isTerm))
        case (.xliff2, "cp"):
            if let hex = e.attribute("hex"), let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { bytes += String(s).utf8 }
        case (.xliff12, "ph"), (.xliff12, "bpt"), (.xliff12, "ept"), (.xliff12, "it"), (.xliff2, "sm"), (.xliff2, "em"):
            // Native code data (1.2) and marker boundaries carry no translatable text.
            break
        default:
            // Foreign-namespace elements are tool annotations (comments, history): skipped.
            // Unknown elements of XLIFF itself keep their text.
            if e.namespace == XLIFFWriter.xliff2Namespace || e.namespace == XLIFFWriter.xliff12Namespace { read(e, dialect: dialect) }
        }
    }

    /// Spans for this content, styled from `styles` (source code id → style and value).
    /// Start/end codes are paired by id; one left open runs to the end of the content.
    func spans(styles: [String: (InlineSpan.Style, String?)]) -> [InlineSpan] {
        var out: [InlineSpan] = []
        var open: [String: Int] = [:]
        for c in codes {
            guard let (style, value) = styles[c.id] ?? c.style.map({ ($0, nil) }) else { continue }
            switch c.kind {
            case .paired, .point: out.append(InlineSpan(start: c.start, end: c.end, style: style, value: value))
            case .open: open[c.id] = c.start
            case .close:
                out.append(InlineSpan(start: open.removeValue(forKey: c.id) ?? 0, end: c.start, style: style, value: value))
            }
        }
        for (id, s) in open { if let (style, value) = styles[id] { out.append(InlineSpan(start: s, end: bytes.count, style: style, value: value)) } }
        out.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        return out
    }
}
