import Foundation

/// The part of Markdown (CommonMark) novels are written in, read without a dependency.
///
/// Blocks: ATX (`# 第一章`) and setext headings, paragraphs separated by blank
/// lines, block quotes and list items (their text becomes paragraphs), fenced
/// code (kept verbatim as code), thematic breaks (dropped), and a leading YAML
/// front-matter block (`title:`/`author:` read, the rest skipped). Inline:
/// `*em*`/`_em_`, `**strong**`/`__strong__`, `` `code` ``, `[text](url)`,
/// backslash escapes, numeric and common named character references (`&amp;`,
/// `&#x6751;`), and hard line breaks (two trailing spaces or `\`). Emphasis
/// follows CommonMark's delimiter rules, except that CJK characters count as
/// punctuation when deciding whether `**` opens or closes, so `**“重要”**的`
/// works as Chinese writers expect. Raw HTML, images, reference links and
/// tables are left as text.
enum MarkdownChapterReader {
    struct Result {
        var blocks: [Block]
        var title: String?
        var author: String?
    }

    static func read(_ text: String, file: String) -> Result {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result = Result(blocks: [])
        var lineOffset = 0
        // YAML front matter.
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
           let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" || $0 == "..." }) {
            for l in lines[1..<end] {
                let parts = l.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let key = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
                let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if key == "title" { result.title = value }
                if key == "author" { result.author = value }
            }
            lineOffset = end + 1
            lines = Array(lines[(end + 1)...])
        }
        var paragraph: [(String, Int)] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            if let b = inline(paragraph, headingLevel: nil, file: file) { result.blocks.append(b) }
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let number = i + 1 + lineOffset
            var line = lines[i]
            i += 1
            // Block quote markers: their content is ordinary paragraphs here.
            while let stripped = stripQuote(line) { line = stripped }
            let indent = line.prefix { $0 == " " }.count
            let body = indent < 4 ? String(line.dropFirst(indent)) : line
            let trimmed = body.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flush(); continue }
            if let fence = fenceMarker(body) {
                flush()
                var b = InlineBuilder(collapse: false)
                b.keepsIndentation = true
                b.push(.code)
                var first = true
                while i < lines.count {
                    let l = lines[i]
                    i += 1
                    if l.trimmingCharacters(in: .whitespaces).hasPrefix(fence) { break }
                    if !first { b.lineBreak() }
                    b.append(l)
                    first = false
                }
                if let block = b.finish(source: SourceLocation(file: file, line: number)) { result.blocks.append(block) }
                continue
            }
            if let (level, content) = atxHeading(body) {
                flush()
                if let b = inline([(content, number)], headingLevel: level, file: file) { result.blocks.append(b) }
                continue
            }
            if !paragraph.isEmpty, indent < 4, let level = setextLevel(trimmed) {
                let lines = paragraph
                paragraph = []
                if let b = inline(lines, headingLevel: level, file: file) { result.blocks.append(b) }
                continue
            }
            if indent < 4, isThematicBreak(trimmed) { flush(); continue }
            if indent < 4, let item = listItemContent(body) {
                flush()
                paragraph.append((item, number))
                continue
            }
            paragraph.append((line, number))
        }
        flush()
        return result
    }

    private static func stripQuote(_ line: String) -> String? {
        let t = line.drop { $0 == " " }
        guard line.count - t.count < 4, t.first == ">" else { return nil }
        var rest = t.dropFirst()
        if rest.first == " " { rest = rest.dropFirst() }
        return String(rest)
    }

    private static func fenceMarker(_ s: String) -> String? {
        for f in ["```", "~~~"] where s.hasPrefix(f) { return String(s.prefix { $0 == f.first! }) }
        return nil
    }

    private static func atxHeading(_ s: String) -> (Int, String)? {
        let hashes = s.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = s.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var content = rest.trimmingCharacters(in: .whitespaces)
        // Optional closing sequence: `## Title ##`.
        if let r = content.range(of: "\\s+#+$", options: .regularExpression) {
            content = String(content[..<r.lowerBound])
        } else if content.allSatisfy({ $0 == "#" }) {
            content = ""
        }
        return (hashes, content)
    }

    private static func setextLevel(_ t: String) -> Int? {
        if t.allSatisfy({ $0 == "=" }) { return 1 }
        if t.allSatisfy({ $0 == "-" }) { return 2 }
        return nil
    }

    private static func isThematicBreak(_ t: String) -> Bool {
        let chars = t.filter { $0 != " " && $0 != "\t" }
        guard chars.count >= 3, let c = chars.first, "*-_".contains(c) else { return false }
        return chars.allSatisfy { $0 == c }
    }

    private static func listItemContent(_ s: String) -> String? {
        if let c = s.first, "-*+".contains(c), s.dropFirst().first == " " {
            return String(s.dropFirst(2))
        }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count) else { return nil }
        let rest = s.dropFirst(digits.count)
        guard let d = rest.first, d == "." || d == ")", rest.dropFirst().first == " " else { return nil }
        return String(rest.dropFirst(2))
    }

    // MARK: Inline

    private enum Token {
        case text(String)
        case delimiter(Delimiter)
        case code(String)
        case softBreak, hardBreak
        case linkStart(String), linkEnd
    }

    private struct Delimiter {
        var char: Character
        var count: Int
        let original: Int
        let canOpen: Bool
        let canClose: Bool
        var opens: [InlineSpan.Style] = []
        var closes: [InlineSpan.Style] = []
    }

    /// Parses a paragraph's lines (text and line number) into a block.
    static func inline(_ lines: [(String, Int)], headingLevel: Int?, file: String) -> Block? {
        var tokens = tokenize(lines)
        processEmphasis(&tokens)
        var b = InlineBuilder(collapse: true)
        for t in tokens {
            switch t {
            case .text(let s): b.append(s)
            case .softBreak: b.append("\n")
            case .hardBreak: b.lineBreak()
            case .code(let s):
                b.push(.code)
                b.collapse = false
                b.append(s)
                b.collapse = true
                b.pop()
            case .linkStart(let url): b.push(.link, value: url)
            case .linkEnd: b.pop()
            case .delimiter(let d):
                for _ in d.closes { b.pop() }
                if d.count > 0 { b.append(String(repeating: d.char, count: d.count)) }
                for s in d.opens.reversed() { b.push(s) }
            }
        }
        let column = lines[0].0.prefix { $0 == " " || $0 == "\u{3000}" }.unicodeScalars.count + 1
        return b.finish(headingLevel: headingLevel, source: SourceLocation(file: file, line: lines[0].1, column: column))
    }

    private static func isPunctuationLike(_ c: Character?) -> Bool {
        guard let s = c?.unicodeScalars.first else { return false }
        if TextMetrics.isCJK(s) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func isWhitespace(_ c: Character?) -> Bool { c == nil || c!.isWhitespace }

    private static func tokenize(_ lines: [(String, Int)]) -> [Token] {
        var tokens: [Token] = []
        var text = ""
        func flushText() {
            if !text.isEmpty { tokens.append(.text(text)); text = "" }
        }
        var openLinks: [Int] = []  // token index of each unmatched `[`
        for (lineIndex, (rawLine, _)) in lines.enumerated() {
            var line = Array(rawLine.drop { $0 == " " })
            let isLast = lineIndex == lines.count - 1
            var hardBreak = false
            if !isLast {
                let trailing = line.reversed().prefix { $0 == " " }.count
                if trailing >= 2 { hardBreak = true }
                line.removeLast(trailing)
                if line.last == "\\" { hardBreak = true; line.removeLast() }
            }
            var i = 0
            while i < line.count {
                let c = line[i]
                if c == "\\", i + 1 < line.count, line[i + 1].isASCII, line[i + 1].isPunctuation || line[i + 1].isSymbol {
                    text.append(line[i + 1])
                    i += 2
                    continue
                }
                if c == "&", let (scalar, length) = entity(line, at: i) {
                    text.unicodeScalars.append(scalar)
                    i += length
                    continue
                }
                if c == "`" {
                    let run = line[i...].prefix { $0 == "`" }.count
                    var j = i + run
                    var found: Int?
                    while j < line.count {
                        if line[j] == "`" {
                            let r = line[j...].prefix { $0 == "`" }.count
                            if r == run { found = j; break }
                            j += r
                        } else {
                            j += 1
                        }
                    }
                    if let end = found {
                        flushText()
                        var content = String(line[(i + run)..<end])
                        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
                            content = String(content.dropFirst().dropLast())
                        }
                        tokens.append(.code(content))
                        i = end + run
                    } else {
                        text.append(String(repeating: "`", count: run))
                        i += run
                    }
                    continue
                }
                if c == "*" || c == "_" {
                    let run = line[i...].prefix { $0 == c }.count
                    let before: Character? = i > 0 ? line[i - 1] : (tokens.isEmpty && text.isEmpty ? nil : " ")
                    let after: Character? = i + run < line.count ? line[i + run] : nil
                    let left = !isWhitespace(after) && (!isPunctuationLike(after) || isWhitespace(before) || isPunctuationLike(before))
                    let right = !isWhitespace(before) && (!isPunctuationLike(before) || isWhitespace(after) || isPunctuationLike(after))
                    let canOpen = c == "*" ? left : left && (!right || isPunctuationLike(before))
                    let canClose = c == "*" ? right : right && (!left || isPunctuationLike(after))
                    flushText()
                    tokens.append(.delimiter(Delimiter(char: c, count: run, original: run, canOpen: canOpen, canClose: canClose)))
                    i += run
                    continue
                }
                if c == "[" {
                    flushText()
                    openLinks.append(tokens.count)
                    tokens.append(.text("["))
                    i += 1
                    continue
                }
                if c == "]", let open = openLinks.last, i + 1 < line.count, line[i + 1] == "(",
                   let close = line[(i + 2)...].firstIndex(of: ")") {
                    openLinks.removeLast()
                    var url = String(line[(i + 2)..<close]).trimmingCharacters(in: .whitespaces)
                    if url.hasPrefix("<"), let end = url.firstIndex(of: ">") {
                        url = String(url[url.index(after: url.startIndex)..<end])
                    } else if let space = url.firstIndex(of: " ") {
                        url = String(url[..<space])  // drop a link title: [x](url "title")
                    }
                    flushText()
                    tokens[open] = .linkStart(url)
                    tokens.append(.linkEnd)
                    i = close + 1
                    continue
                }
                text.append(c)
                i += 1
            }
            if !isLast {
                flushText()
                tokens.append(hardBreak ? .hardBreak : .softBreak)
            }
        }
        flushText()
        return tokens
    }

    static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "hellip": "…", "mdash": "—",
        "ndash": "–", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "middot": "·", "emsp": "\u{2003}",
    ]

    /// `&amp;`, `&#26449;`, `&#x6751;` at `i`: the character and how many characters it spans.
    private static func entity(_ line: [Character], at i: Int) -> (Unicode.Scalar, Int)? {
        guard let semicolon = line[i...].prefix(12).firstIndex(of: ";"), semicolon > i + 1 else { return nil }
        let body = String(line[(i + 1)..<semicolon])
        let length = semicolon - i + 1
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            guard let v = UInt32(body.dropFirst(2), radix: 16), v != 0, let s = Unicode.Scalar(v) else { return nil }
            return (s, length)
        }
        if body.hasPrefix("#") {
            guard let v = UInt32(body.dropFirst()), v != 0, let s = Unicode.Scalar(v) else { return nil }
            return (s, length)
        }
        return namedEntities[body].map { ($0, length) }
    }

    /// CommonMark's "process emphasis": match closers to the nearest compatible opener.
    ///
    /// Linear in practice: `stack` holds only delimiters still in play, and `bottom` remembers,
    /// per kind of closer, below which token no opener can match (CommonMark's openers_bottom),
    /// so `a* a* a* …` does not rescan the paragraph for every closer.
    private static func processEmphasis(_ tokens: inout [Token]) {
        func delimiter(_ i: Int) -> Delimiter? {
            if case .delimiter(let d) = tokens[i] { return d }
            return nil
        }
        var stack = tokens.indices.filter { delimiter($0) != nil }
        var bottom: [String: Int] = [:]
        var pos = 0
        while pos < stack.count {
            let ci = stack[pos]
            var closer = delimiter(ci)!
            guard closer.canClose, closer.count > 0 else { pos += 1; continue }
            let key = "\(closer.char)\(closer.canOpen)\(closer.original % 3)"
            let floor = bottom[key] ?? -1
            var p = pos - 1
            var found: Int?
            while p >= 0 && stack[p] > floor {
                let opener = delimiter(stack[p])!
                if opener.char == closer.char, opener.canOpen, opener.count > 0 {
                    let oddMatch = (opener.canClose || closer.canOpen) && (opener.original + closer.original) % 3 == 0
                        && !(opener.original % 3 == 0 && closer.original % 3 == 0)
                    if !oddMatch { found = p; break }
                }
                p -= 1
            }
            guard let p = found else {
                bottom[key] = ci - 1
                if closer.canOpen { pos += 1 } else { stack.remove(at: pos) }
                continue
            }
            var opener = delimiter(stack[p])!
            let use = opener.count >= 2 && closer.count >= 2 ? 2 : 1
            let style: InlineSpan.Style = use == 2 ? .bold : .italic
            opener.count -= use
            closer.count -= use
            opener.opens.append(style)
            closer.closes.append(style)
            tokens[stack[p]] = .delimiter(opener)
            tokens[ci] = .delimiter(closer)
            // Delimiters between opener and closer can no longer match: they stay literal text.
            stack.removeSubrange((p + 1)..<pos)
            pos = p + 1
            if opener.count == 0 {
                stack.remove(at: p)
                pos -= 1
            }
            if closer.count == 0 { stack.remove(at: pos) }
        }
    }
}
