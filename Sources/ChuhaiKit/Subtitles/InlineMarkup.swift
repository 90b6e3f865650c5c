/// The HTML-ish tags and ASS override blocks found inside SRT (and ASS) text.
///
/// Known: `<i> <b> <u> <font color=…>` and `{\an1..9} {\i1} {\b1} {\u1} {\c&HBBGGRR&}`.
/// Unknown tags are dropped with a `tags` warning so they never show on screen.
struct InlineMarkup {
    var italic = 0, bold = 0, underline = 0
    var colors: [String?] = []
    var assItalic = false, assBold = false, assUnderline = false
    var assColor: String?
    var position: VerticalPosition?
    /// Open tags in order, for the unclosed-tag check.
    var open: [(name: String, line: Int, offset: Int)] = []

    var style: SpanStyle {
        var s: SpanStyle = []
        if italic > 0 || assItalic { s.insert(.italic) }
        if bold > 0 || assBold { s.insert(.bold) }
        if underline > 0 || assUnderline { s.insert(.underline) }
        return s
    }

    var color: String? { assColor ?? colors.last ?? nil }

    var isPlain: Bool { style.isEmpty && color == nil }

    /// Parses one source line into a `CueLine`, carrying style state across lines.
    mutating func parseLine(_ text: ByteText, line: Int, range r: Range<Int>, diagnostics: ReaderDiagnostics, cue: Int,
                            assSyntax: Bool = false, mayHaveMarkup: Bool = true) -> CueLine {
        let b = text.bytes
        // Fast path: nothing that could be markup (`mayHaveMarkup` false: the caller's scan found no `<` or `{`).
        var hasMarkup = false
        if mayHaveMarkup {
            for i in r where b[i] == 0x3C || b[i] == 0x7B || (assSyntax && b[i] == 0x5C) {
                hasMarkup = true
                break
            }
        }
        if !hasMarkup {
            if r.isEmpty { return CueLine([]) }
            return CueLine(Span(text.string(r), style: style, color: color))
        }
        var out = CueLine([])
        var runStart = r.lowerBound
        var pending = ""
        func flush(_ upTo: Int) {
            if upTo > runStart { pending += text.string(runStart..<upTo) }
        }
        func emitPending(_ out: inout CueLine, style: SpanStyle, color: String?) {
            if !pending.isEmpty { out.append(Span(pending, style: style, color: color)) }
            pending = ""
        }
        var i = r.lowerBound
        while i < r.upperBound {
            let c = b[i]
            if c == 0x3C, !assSyntax, let close = tagEnd(b, i, r.upperBound) {
                // `<` followed by a letter or `/letter`.
                var nameStart = i + 1
                let closing = b[nameStart] == 0x2F
                if closing { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < close && Self.isLetter(b[nameEnd]) { nameEnd += 1 }
                if nameEnd > nameStart {
                    let name = text.string(nameStart..<nameEnd).lowercased()
                    let before = (style, color)
                    flush(i)
                    emitPending(&out, style: before.0, color: before.1)
                    applyTag(name, closing: closing, attributes: text.string(nameEnd..<close), text: text, line: line, offset: i,
                             diagnostics: diagnostics, cue: cue)
                    i = close + 1
                    runStart = i
                    continue
                }
            } else if c == 0x7B, i + 1 < r.upperBound, b[i + 1] == 0x5C, let close = braceEnd(b, i, r.upperBound) {
                let before = (style, color)
                flush(i)
                emitPending(&out, style: before.0, color: before.1)
                applyOverrides(text.string(i + 1..<close), text: text, line: line, offset: i, diagnostics: diagnostics, cue: cue)
                i = close + 1
                runStart = i
                continue
            } else if assSyntax, c == 0x5C, i + 1 < r.upperBound, b[i + 1] == 0x68 {  // \h hard space
                flush(i)
                pending += "\u{00A0}"
                i += 2
                runStart = i
                continue
            }
            i += 1
        }
        flush(r.upperBound)
        emitPending(&out, style: style, color: color)
        return out
    }

    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    private func tagEnd(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        let n = b[i + 1] == 0x2F ? i + 2 : i + 1
        guard n < end, Self.isLetter(b[n]) else { return nil }
        var j = n
        while j < end {
            if b[j] == 0x3E { return j }
            if b[j] == 0x3C { return nil }
            j += 1
        }
        return nil
    }

    private func braceEnd(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        var j = i + 1
        while j < end {
            if b[j] == 0x7D { return j }
            j += 1
        }
        return nil
    }

    private mutating func applyTag(_ name: String, closing: Bool, attributes: String, text: ByteText, line: Int, offset: Int,
                                   diagnostics: ReaderDiagnostics, cue: Int) {
        let known = ["i", "b", "u", "font", "s"]
        guard known.contains(name) else {
            diagnostics.emit(.warning, "tags", "unknown tag <\(closing ? "/" : "")\(name)> dropped", text: text, line: line,
                             offset: offset, cue: cue)
            return
        }
        if closing {
            guard let k = open.lastIndex(where: { $0.name == name }) else {
                diagnostics.emit(.warning, "tags", "closing </\(name)> has no opening tag", text: text, line: line, offset: offset,
                                 cue: cue)
                return
            }
            open.remove(at: k)
            switch name {
            case "i": italic = max(0, italic - 1)
            case "b": bold = max(0, bold - 1)
            case "u": underline = max(0, underline - 1)
            case "font": if !colors.isEmpty { colors.removeLast() }
            default: break
            }
            return
        }
        open.append((name, line, offset))
        switch name {
        case "i": italic += 1
        case "b": bold += 1
        case "u": underline += 1
        case "font": colors.append(Self.fontColor(attributes))
        default: break
        }
    }

    /// `color="#FF0000"`, `color=red`, `color='#ff0'` → lower-cased value.
    static func fontColor(_ attributes: String) -> String? {
        guard let r = attributes.range(of: "color", options: .caseInsensitive) else { return nil }
        var rest = attributes[r.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        let quote = rest.first == "\"" || rest.first == "'" ? rest.first : nil
        if quote != nil { rest = rest.dropFirst() }
        let value = rest.prefix { c in quote.map { c != $0 } ?? (c != " " && c != ">") }
        return value.isEmpty ? nil : value.lowercased()
    }

    private mutating func applyOverrides(_ block: String, text: ByteText, line: Int, offset: Int, diagnostics: ReaderDiagnostics,
                                         cue: Int) {
        for tag in block.split(separator: "\\") where !tag.isEmpty {
            let t = Self.trimmed(tag)
            if t.hasPrefix("an"), let n = Int(t.dropFirst(2)), (1...9).contains(n) {
                position = n >= 7 ? .top : .bottom
            } else if t.hasPrefix("a"), let n = Int(t.dropFirst(1)), (1...11).contains(n) {
                // SSA legacy alignment: 5–7 top.
                position = (5...7).contains(n) ? .top : .bottom
            } else if t == "i1" { assItalic = true } else if t == "i0" { assItalic = false }
            else if t == "b1" || t == "b700" { assBold = true } else if t == "b0" { assBold = false }
            else if t == "u1" { assUnderline = true } else if t == "u0" { assUnderline = false }
            else if t.hasPrefix("c&H") || t.hasPrefix("1c&H") {
                assColor = Self.assColor(String(t.drop { $0 != "&" }))
            } else if t == "r" {
                assItalic = false; assBold = false; assUnderline = false; assColor = nil
            } else {
                diagnostics.emit(.note, "tags", "override {\\\(t)} has no equivalent and was dropped", text: text, line: line,
                                 offset: offset, cue: cue)
            }
        }
    }

    /// `trimmingCharacters(in: .whitespaces)` without Foundation for ASCII tags (`an8`, `i1`),
    /// where the only such characters are space and tab; one `{\an8}` per top cue adds up.
    static func trimmed(_ tag: Substring) -> String {
        guard tag.utf8.allSatisfy({ $0 < 0x80 }) else { return tag.trimmingCharacters(in: .whitespaces) }
        var u = tag.utf8[...]
        while let f = u.first, f == 0x20 || f == 0x09 { u = u.dropFirst() }
        while let l = u.last, l == 0x20 || l == 0x09 { u = u.dropLast() }
        return String(Substring(u))
    }

    /// `&HBBGGRR&` (optionally with alpha `&HAABBGGRR&`) → `#rrggbb`.
    static func assColor(_ s: String) -> String? {
        var hex = s.replacingOccurrences(of: "&", with: "").replacingOccurrences(of: "H", with: "")
            .replacingOccurrences(of: "h", with: "")
        guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit), hex.count <= 8 else { return nil }
        while hex.count < 6 { hex = "0" + hex }
        let bgr = Array(hex.suffix(6).lowercased())
        return "#" + String(bgr[4...5]) + String(bgr[2...3]) + String(bgr[0...1])
    }

    /// Warns about tags still open at the end of a cue.
    mutating func finish(text: ByteText, diagnostics: ReaderDiagnostics, cue: Int) {
        for o in open {
            diagnostics.emit(.warning, "tags", "<\(o.name)> is never closed", text: text, line: o.line, offset: o.offset, cue: cue)
        }
        open.removeAll()
    }
}
