import Foundation

/// WebVTT, read with the W3C parsing algorithm (w3c/webvtt `index.bs`) and written canonically.
///
/// Blocks a browser skips are skipped here too, each with a diagnostic, so what
/// chuhai reports as "the cues" is what a player shows. Facts and edge cases:
/// `shared/specs/subtitle-delivery.md`, Format facts §2.
public enum WebVTT {
    /// The default colour classes every WebVTT renderer knows (`<c.yellow>`).
    static let colorClasses: Set<String> = ["white", "lime", "cyan", "red", "yellow", "magenta", "blue", "black"]

    /// Reads a WebVTT file (UTF-8 only, optional BOM, as the spec requires).
    ///
    /// - Throws: `ChuhaiError` when the bytes are not UTF-8.
    public static func read(_ data: Data, file: String, sink: DiagnosticSink) throws -> Track {
        let source = try SubtitleSource.decode(data, file: file, encoding: .utf8)
        return parse(source, file: file, sink: sink)
    }

    public static func parse(_ text: String, file: String, sink: DiagnosticSink) -> Track {
        parse(SubtitleSource(text: text, encoding: .utf8, hadBOM: false), file: file, sink: sink)
    }

    static func parse(_ source: SubtitleSource, file: String, sink: DiagnosticSink) -> Track {
        var track = Track(file: file, format: .vtt, encoding: source.encoding, hadBOM: source.hadBOM)
        source.withUTF8 { buf in
            var parser = WebVTTParser(text: ByteText(buf), diagnostics: ReaderDiagnostics(file: file, sink: sink))
            track.cues = parser.run()
            track.language = parser.language
        }
        return track
    }

    /// Canonical WebVTT: `WEBVTT`, a STYLE block for colours outside the default classes,
    /// `HH:MM:SS.mmm`, `<i> <b> <u> <c.colour> <v> <ruby>`, `line:0` for top cues.
    public static func write(_ track: Track) -> String {
        var out = "WEBVTT\n\n"
        var custom = Set<String>()
        for cue in track.cues {
            for k in 0..<cue.lineCount where cue.line(k).isStyled {
                for span in cue.line(k).spans {
                    if let c = span.color, !colorClasses.contains(c) { custom.insert(c) }
                }
            }
        }
        if !custom.isEmpty {
            out += "STYLE\n"
            for c in custom.sorted() { out += "::cue(.\(className(c))) { color: \(c); }\n" }
            out += "\n"
        }
        for cue in track.cues {
            if let id = cue.id, !id.isEmpty, !id.contains("-->"), !id.contains("\n") {
                out += id
                out += "\n"
            }
            out += cue.start.clock(fractionSeparator: ".")
            out += " --> "
            out += cue.end.clock(fractionSeparator: ".")
            if let settings = cue.vttSettings, !settings.isEmpty {
                out += " " + settings
                if cue.position == .top && !settings.split(separator: " ").contains(where: { $0.hasPrefix("line:") }) { out += " line:0" }
            } else if cue.position == .top {
                out += " line:0"
            }
            out += "\n"
            var first = true
            for k in 0..<cue.lineCount where !cue.line(k).isEmpty {
                let line = cue.line(k)
                if !first { out += "\n" }
                if first, let speaker = cue.speaker { out += "<v \(escape(speaker))>" }
                first = false
                if let p = line.plainText {
                    out += escape(p)
                } else {
                    for span in line.spans { appendSpan(span, to: &out) }
                }
            }
            if first, let speaker = cue.speaker { out += "<v \(escape(speaker))></v>" }
            out += "\n\n"
        }
        return out
    }

    static func className(_ color: String) -> String {
        colorClasses.contains(color) ? color : "color-" + color.filter { $0.isLetter || $0.isNumber }
    }

    static func appendSpan(_ span: Span, to out: inout String) {
        if let c = span.color { out += "<c.\(className(c))>" }
        if span.style.contains(.bold) { out += "<b>" }
        if span.style.contains(.italic) { out += "<i>" }
        if span.style.contains(.underline) { out += "<u>" }
        if let ruby = span.ruby {
            out += "<ruby>" + escape(span.text) + "<rt>" + escape(ruby) + "</rt></ruby>"
        } else {
            out += escape(span.text)
        }
        if span.style.contains(.underline) { out += "</u>" }
        if span.style.contains(.italic) { out += "</i>" }
        if span.style.contains(.bold) { out += "</b>" }
        if span.color != nil { out += "</c>" }
    }

    /// `&`, `<`, `>` as character references (this also keeps `-->` out of payloads).
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return s }
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The HTML character references subtitle files use; others are reported and kept literally.
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "nbsp": "\u{00A0}", "lrm": "\u{200E}", "rlm": "\u{200F}", "quot": "\"",
        "apos": "'", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "iexcl": "¡", "iquest": "¿", "copy": "©", "reg": "®", "trade": "™", "middot": "·",
        "deg": "°", "zwj": "\u{200D}", "zwnj": "\u{200C}", "shy": "\u{00AD}", "bull": "•", "times": "×", "eacute": "é",
        "aacute": "á", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ", "ccedil": "ç", "agrave": "à",
        "egrave": "è", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "euro": "€", "pound": "£", "yen": "¥",
    ]
}

private struct WebVTTParser {
    let text: ByteText
    let diagnostics: ReaderDiagnostics
    var language: String?
    var seenCue = false
    /// The current block's lines (one buffer reused for every block).
    var buffer: [Int] = []
    /// Class → colour from `::cue(.name) { color: … }` rules in STYLE blocks.
    var classColors: [String: String] = [:]
    /// Region id → where the region sits on screen, from REGION blocks (all before the first cue).
    var regions: [String: VerticalPosition] = [:]

    init(text: ByteText, diagnostics: ReaderDiagnostics) {
        self.text = text
        self.diagnostics = diagnostics
    }

    private func emit(_ severity: Severity, _ message: String, line: Int, offset: Int? = nil, cue: Int? = nil,
                      rule: String = "parse") {
        diagnostics.emit(severity, rule, message, text: text, line: line, offset: offset, cue: cue)
    }

    mutating func run() -> [Cue] {
        var cues: [Cue] = []
        let b = text.bytes
        // Signature: "WEBVTT" then end of file, space, tab or line feed; anything else aborts.
        let first = text.range(0)
        let sig: [UInt8] = Array("WEBVTT".utf8)
        var ok = first.count >= 6
        if ok { for k in 0..<6 where b[first.lowerBound + k] != sig[k] { ok = false } }
        if ok && first.count > 6 { ok = b[first.lowerBound + 6] == 0x20 || b[first.lowerBound + 6] == 0x09 }
        guard ok else {
            emit(.error, "not a WebVTT file: the first line must be `WEBVTT`, optionally followed by a space or tab and text; nothing read",
                 line: 0)
            return []
        }
        var idx = 1
        // Header block (metadata lines until a blank line; an arrow line ends it and starts a cue).
        if idx < text.lineCount && !text.range(idx).isEmpty {
            _ = collectBlock(&idx, inHeader: true, cues: &cues)
        }
        while idx < text.lineCount && text.range(idx).isEmpty { idx += 1 }
        while idx < text.lineCount {
            collectBlockAndAdd(&idx, cues: &cues)
            while idx < text.lineCount && text.range(idx).isEmpty { idx += 1 }
        }
        return cues
    }

    private mutating func collectBlockAndAdd(_ idx: inout Int, cues: inout [Cue]) {
        _ = collectBlock(&idx, inHeader: false, cues: &cues)
    }

    private func lineHasArrow(_ r: Range<Int>) -> Bool { text.contains("-->", in: r) }

    /// The spec's "collect a WebVTT block"; appends a cue when the block is one.
    private mutating func collectBlock(_ idx: inout Int, inHeader: Bool, cues: inout [Cue]) -> Bool {
        var lineCount = 0
        buffer.removeAll(keepingCapacity: true)
        var seenArrow = false
        var timing: (start: Int64, end: Int64, settings: String?, position: VerticalPosition)?
        var timingLine = -1
        var timingFailed = false
        var isStyle = false, isRegion = false, reported = false
        let blockStart = idx
        while idx < text.lineCount {
            let line = idx
            let r = text.range(line)
            lineCount += 1
            idx += 1
            if lineHasArrow(r) {
                if !inHeader && (lineCount == 1 || (lineCount == 2 && !seenArrow)) {
                    seenArrow = true
                    timingLine = line
                    if let t = parseTimingLine(r, line: line, cue: cues.count + 1) {
                        timing = t
                        seenCue = true
                    } else {
                        timingFailed = true
                    }
                    if lineCount == 2 { buffer.removeSubrange(1...) } else { buffer.removeAll(keepingCapacity: true) }
                    continue
                }
                if timing != nil && lineCount > 2 {
                    emit(.warning, "a line containing `-->` ends cue \(cues.count + 1); it is read as the next cue's timing",
                         line: line, cue: cues.count + 1)
                }
                idx -= 1
                break
            }
            if r.isEmpty { break }
            if !inHeader && lineCount == 2 && !seenArrow, let f = buffer.first {
                let head = text.string(text.range(f))
                if !seenCue && Self.matchesKeyword(head, "STYLE") {
                    isStyle = true
                } else if !seenCue && Self.matchesKeyword(head, "REGION") {
                    isRegion = true
                } else if seenCue && (Self.matchesKeyword(head, "STYLE") || Self.matchesKeyword(head, "REGION")) {
                    emit(.warning, "\(head.trimmingCharacters(in: .whitespaces)) block after the first cue is ignored (browsers ignore it)",
                         line: f)
                    reported = true
                }
            }
            buffer.append(line)
            if inHeader, language == nil {
                let s = text.string(r)
                if s.lowercased().hasPrefix("language:") {
                    language = s.dropFirst("language:".count).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        if inHeader { return false }
        if let t = timing {
            let idLine = timingLine > blockStart ? blockStart : nil
            // Payload lines follow the timing line without gaps (a blank line ends the block).
            let payload = (timingLine + 1)..<(timingLine + 1 + buffer.count - (idLine == nil ? 0 : 1))
            let cue = makeCue(id: idLine.map { text.string(text.range($0)) }, timing: t, timingLine: timingLine, payload: payload,
                              number: cues.count + 1)
            cues.append(cue)
            return true
        }
        if timingFailed { return false }
        if isStyle {
            parseStyle(buffer.dropFirst())
            return false
        }
        if isRegion {
            parseRegion(buffer)
            return false
        }
        if let f = buffer.first {
            let head = text.string(text.range(f))
            if !reported && !(head == "NOTE" || head.hasPrefix("NOTE ") || head.hasPrefix("NOTE\t")) {
                emit(.warning, "block without a timing line ignored (a browser skips it)", line: f)
            }
        }
        return false
    }

    /// The spec's "collect WebVTT region settings" over the block after its `REGION` line: a
    /// setting a browser would skip is skipped with a warning. Only the id and the viewport
    /// anchor matter once read: the anchor's y places the region's cues at the top or bottom.
    private mutating func parseRegion(_ block: [Int]) {
        var id = ""
        // Defaults when the block does not say (W3C WebVTT, "WebVTT region"): viewport anchor 0%,100%.
        var viewportY = 100.0
        for line in block.dropFirst() {
            forEachSetting(text.range(line), line: line, kind: "region setting", cue: nil) { name, value, token, s in
                let valid: Bool
                switch name {
                case "id":
                    valid = !value.contains("-->")
                    if valid { id = value }
                case "width": valid = Self.percentage(value) != nil
                case "lines": valid = value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                case "regionanchor": valid = Self.anchor(value) != nil
                case "viewportanchor":
                    let anchor = Self.anchor(value)
                    valid = anchor != nil
                    if let anchor { viewportY = anchor.y }
                case "scroll": valid = value == "up"
                default:
                    emit(.warning, "unknown region setting `\(name)` ignored (a browser skips it)", line: line, offset: s)
                    return
                }
                if !valid {
                    emit(.warning, "invalid value in region setting `\(token)`; ignored (a browser skips it)", line: line, offset: s)
                }
            }
        }
        guard let first = block.first else { return }
        if id.isEmpty {
            emit(.warning, "REGION block without an `id:` setting; no cue can refer to it", line: first)
            return
        }
        if regions[id] != nil {
            emit(.warning, "REGION id `\(id)` is defined again; this later block replaces the earlier one (as in a browser)", line: first)
        }
        regions[id] = viewportY < 50 ? .top : .bottom
    }

    /// `x%,y%`, each a WebVTT percentage (region `regionanchor` and `viewportanchor`).
    static func anchor(_ s: String) -> (x: Double, y: Double)? {
        guard let comma = s.firstIndex(of: ","), let x = percentage(String(s[..<comma])),
              let y = percentage(String(s[s.index(after: comma)...]))
        else { return nil }
        return (x, y)
    }

    static func matchesKeyword(_ line: String, _ keyword: String) -> Bool {
        guard line.hasPrefix(keyword) else { return false }
        return line.dropFirst(keyword.count).allSatisfy { $0 == " " || $0 == "\t" }
    }

    private mutating func parseStyle(_ lines: ArraySlice<Int>) {
        let css = lines.map { text.string(text.range($0)) }.joined(separator: "\n")
        // `::cue(.name) { … color: X … }` is all a subtitle converter can carry over.
        var rest = Substring(css)
        while let r = rest.range(of: "::cue(.") {
            rest = rest[r.upperBound...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") else { break }
            let body = rest[rest.index(after: open)..<close]
            for decl in body.split(separator: ";") {
                let kv = decl.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if kv.count == 2 && kv[0] == "color" { classColors[String(name)] = kv[1].lowercased() }
            }
            rest = rest[close...]
        }
    }

    // MARK: timings and settings

    private func parseTimingLine(_ r: Range<Int>, line: Int, cue: Int) -> (start: Int64, end: Int64, settings: String?, position: VerticalPosition)? {
        let b = text.bytes
        var i = r.lowerBound
        func skipWS() { while i < r.upperBound && (b[i] == 0x20 || b[i] == 0x09) { i += 1 } }
        skipWS()
        let startAt = i
        guard let start = timestamp(&i, r.upperBound) else {
            emit(.error, "invalid cue start time: WebVTT needs [hh:]mm:ss.ttt with `.` and exactly 3 digits; cue skipped (a browser drops it)",
                 line: line, offset: startAt, cue: cue)
            return nil
        }
        skipWS()
        guard i + 3 <= r.upperBound, b[i] == 0x2D, b[i + 1] == 0x2D, b[i + 2] == 0x3E else {
            emit(.error, "expected `-->` after the start time; cue skipped", line: line, offset: i, cue: cue)
            return nil
        }
        i += 3
        skipWS()
        let endAt = i
        guard let end = timestamp(&i, r.upperBound) else {
            emit(.error, "invalid cue end time: WebVTT needs [hh:]mm:ss.ttt with `.` and exactly 3 digits; cue skipped (a browser drops it)",
                 line: line, offset: endAt, cue: cue)
            return nil
        }
        if i < r.upperBound && b[i] != 0x20 && b[i] != 0x09 {
            emit(.error, "unexpected text right after the end time; cue skipped", line: line, offset: i, cue: cue)
            return nil
        }
        let (settings, position) = parseSettings(i..<r.upperBound, line: line, cue: cue)
        return (start, end, settings, position)
    }

    /// The spec's "collect a WebVTT timestamp", in milliseconds.
    private func timestamp(_ i: inout Int, _ end: Int) -> Int64? {
        let b = text.bytes
        func digits(_ i: inout Int) -> (Int64, Int) {
            var v: Int64 = 0, n = 0
            while i < end && b[i] >= 0x30 && b[i] <= 0x39 {
                if n < 15 { v = v * 10 + Int64(b[i] - 0x30) }
                n += 1
                i += 1
            }
            return (v, n)
        }
        var hoursMostSignificant = false
        let (v1, n1) = digits(&i)
        if n1 == 0 { return nil }
        if n1 != 2 || v1 > 59 { hoursMostSignificant = true }
        guard i < end, b[i] == 0x3A else { return nil }
        i += 1
        var (v2, n2) = digits(&i)
        if n2 != 2 { return nil }
        var h: Int64 = 0, m: Int64 = 0, s: Int64 = 0
        if hoursMostSignificant || (i < end && b[i] == 0x3A) {
            guard i < end, b[i] == 0x3A else { return nil }
            i += 1
            let (v3, n3) = digits(&i)
            if n3 != 2 { return nil }
            h = v1
            m = v2
            s = v3
        } else {
            m = v1
            s = v2
        }
        guard i < end, b[i] == 0x2E else { return nil }
        i += 1
        (v2, n2) = digits(&i)
        if n2 != 3 { return nil }
        if m > 59 || s > 59 { return nil }
        return h * 3_600_000 + m * 60_000 + s * 1000 + v2
    }

    /// Keeps valid settings verbatim, warns about the ones a browser would silently skip.
    /// Settings are `name:value` tokens separated by spaces and tabs (cue and region settings
    /// alike); a token that is not one is reported and skipped. `body` gets name, value, token, offset.
    private func forEachSetting(_ r: Range<Int>, line: Int, kind: String, cue: Int?, _ body: (String, String, String, Int) -> Void) {
        let b = text.bytes
        var i = r.lowerBound
        while i < r.upperBound {
            while i < r.upperBound && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
            let s = i
            while i < r.upperBound && b[i] != 0x20 && b[i] != 0x09 { i += 1 }
            guard i > s else { break }
            let token = text.string(s..<i)
            guard let colon = token.firstIndex(of: ":"), colon != token.startIndex, colon != token.index(before: token.endIndex)
            else {
                emit(.warning, "\(kind) `\(token)` is not name:value; ignored", line: line, offset: s, cue: cue)
                continue
            }
            body(String(token[..<colon]), String(token[token.index(after: colon)...]), token, s)
        }
    }

    /// Keeps valid settings verbatim, warns about the ones a browser would silently skip.
    private func parseSettings(_ r: Range<Int>, line: Int, cue: Int) -> (String?, VerticalPosition) {
        var kept: [String] = []
        var linePosition: VerticalPosition?, regionPosition: VerticalPosition?
        forEachSetting(r, line: line, kind: "cue setting", cue: cue) { name, value, token, s in
            var valid = false
            switch name {
            case "vertical": valid = value == "rl" || value == "lr"
            case "line":
                let parts = value.split(separator: ",", omittingEmptySubsequences: false)
                if parts.count <= 2, let v = Self.lineValue(String(parts[0])),
                   parts.count == 1 || ["start", "center", "end"].contains(String(parts[1]))
                {
                    valid = true
                    linePosition = v.percent ? (v.value < 50 ? .top : .bottom) : (v.value >= 0 ? .top : .bottom)
                }
            case "position":
                let parts = value.split(separator: ",", omittingEmptySubsequences: false)
                valid = parts.count <= 2 && Self.percentage(String(parts[0])) != nil
                    && (parts.count == 1 || ["line-left", "center", "line-right"].contains(String(parts[1])))
            case "size": valid = Self.percentage(value) != nil
            case "align": valid = ["start", "center", "end", "left", "right"].contains(value)
            case "region":
                valid = !value.contains("-->")
                if valid {
                    regionPosition = regions[value]
                    if regionPosition == nil {
                        emit(.warning, "cue setting `\(token)` names no REGION block's id; the cue is placed without it (a browser ignores it)",
                             line: line, offset: s, cue: cue)
                    }
                }
            default:
                emit(.warning, "unknown cue setting `\(name)` ignored (a browser skips it)", line: line, offset: s, cue: cue)
                return
            }
            // REGION blocks are not written back, so a kept `region:` would name nothing; the
            // cue's position (top/bottom) carries what the region meant.
            if valid {
                if name != "region" { kept.append(token) }
            } else {
                emit(.warning, "invalid value in cue setting `\(token)`; ignored (a browser skips it)", line: line, offset: s, cue: cue)
            }
        }
        // `line` places the cue itself; otherwise its region does.
        return (kept.isEmpty ? nil : kept.joined(separator: " "), linePosition ?? regionPosition ?? .bottom)
    }

    static func percentage(_ s: String) -> Double? {
        guard s.hasSuffix("%"), let v = number(String(s.dropLast()), allowSign: false), v >= 0, v <= 100 else { return nil }
        return v
    }

    static func lineValue(_ s: String) -> (value: Double, percent: Bool)? {
        if s.hasSuffix("%") { return percentage(s).map { ($0, true) } }
        return number(s, allowSign: true).map { ($0, false) }
    }

    static func number(_ s: String, allowSign: Bool) -> Double? {
        var t = Substring(s)
        var negative = false
        if allowSign, t.first == "-" {
            negative = true
            t = t.dropFirst()
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), t.first != ".", t.last != ".",
              t.filter({ $0 == "." }).count <= 1, let v = Double(t)
        else { return nil }
        return negative ? -v : v
    }

    // MARK: cue text

    private func makeCue(id: String?, timing: (start: Int64, end: Int64, settings: String?, position: VerticalPosition),
                         timingLine: Int, payload: Range<Int>, number: Int) -> Cue {
        var state = CueTextState()
        var lines: [CueLine] = []
        var single: CueLine?
        for line in payload {
            let parsed = parseCueText(text.range(line), line: line, state: &state, cue: number)
            if payload.count == 1 {
                single = parsed
            } else {
                lines.reserveCapacity(payload.count)
                lines.append(parsed)
            }
        }
        let loc = SourceLocation(file: diagnostics.file, line: timingLine + 1, column: 1, byteOffset: text.start(timingLine))
        return Cue(id: id, start: .milliseconds(timing.start), end: .milliseconds(timing.end),
                   lines: single.map { .one($0) } ?? CueLines(lines), speaker: state.speaker,
                   position: timing.position, vttSettings: timing.settings, location: loc)
    }

    struct CueTextState {
        var stack: [(name: String, color: String?)] = []
        var speaker: String?
        var rubyBase = ""
        var rubyText: String?

        var style: SpanStyle {
            var s: SpanStyle = []
            for e in stack {
                switch e.name {
                case "i": s.insert(.italic)
                case "b": s.insert(.bold)
                case "u": s.insert(.underline)
                default: break
                }
            }
            return s
        }

        var color: String? { stack.last { $0.color != nil }?.color }
        var inRuby: Bool { stack.contains { $0.name == "ruby" } }
        var inRT: Bool { stack.contains { $0.name == "rt" } }
    }

    /// The spec's cue text tokenizer and tree builder, flattened to styled spans per line.
    private func parseCueText(_ r: Range<Int>, line: Int, state: inout CueTextState, cue: Int) -> CueLine {
        let b = text.bytes
        var hasMarkup = false
        for i in r where b[i] == 0x3C || b[i] == 0x26 {
            hasMarkup = true
            break
        }
        if !hasMarkup && !state.inRuby {
            return r.isEmpty ? CueLine([]) : CueLine(Span(text.string(r), style: state.style, color: state.color))
        }
        var out = CueLine([])
        var pending = ""
        func flush(_ state: inout CueTextState, _ out: inout CueLine) {
            guard !pending.isEmpty else { return }
            if state.inRT {
                state.rubyText = (state.rubyText ?? "") + pending
            } else if state.inRuby {
                state.rubyBase += pending
            } else {
                out.append(Span(pending, style: state.style, color: state.color))
            }
            pending = ""
        }
        var i = r.lowerBound
        var runStart = i
        while i < r.upperBound {
            let c = b[i]
            if c == 0x26 {  // character reference
                var j = i + 1
                while j < r.upperBound && j - i < 40 && b[j] != 0x3B && b[j] != 0x26 && b[j] != 0x3C && b[j] != 0x20 { j += 1 }
                if j < r.upperBound && b[j] == 0x3B {
                    let name = text.string(i + 1..<j)
                    if let v = Self.reference(name) {
                        pending += text.string(runStart..<i)
                        pending += v
                        i = j + 1
                        runStart = i
                        continue
                    }
                    emit(.warning, "unknown character reference `&\(name);` kept as text", line: line, offset: i, cue: cue, rule: "tags")
                }
                i += 1
                continue
            }
            if c == 0x3C {
                var j = i + 1
                while j < r.upperBound && b[j] != 0x3E { j += 1 }
                pending += text.string(runStart..<i)
                let tag = text.string(i + 1..<min(j, r.upperBound))
                let tagStart = i
                i = min(j + 1, r.upperBound)
                runStart = i
                flush(&state, &out)
                applyTag(tag, state: &state, out: &out, line: line, offset: tagStart, cue: cue)
                continue
            }
            i += 1
        }
        pending += text.string(runStart..<r.upperBound)
        flush(&state, &out)
        return out
    }

    private func applyTag(_ tag: String, state: inout CueTextState, out: inout CueLine, line: Int, offset: Int, cue: Int) {
        if tag.hasPrefix("/") {
            let name = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            guard let k = state.stack.lastIndex(where: { $0.name == name }) else {
                if !["v", "lang", "c", "i", "b", "u", "ruby", "rt"].contains(name) {
                    emit(.warning, "unknown end tag </\(name)> ignored", line: line, offset: offset, cue: cue, rule: "tags")
                }
                return
            }
            if name == "rt" || (name == "ruby" && state.inRT) {
                // Annotation complete: the base collected so far carries it.
                if let rt = state.rubyText {
                    out.append(Span(state.rubyBase, style: state.style, color: state.color, ruby: rt))
                    state.rubyBase = ""
                    state.rubyText = nil
                }
            }
            if name == "ruby" && !state.rubyBase.isEmpty {
                out.append(Span(state.rubyBase, style: state.style, color: state.color))
                state.rubyBase = ""
            }
            state.stack.removeSubrange(k...)
            return
        }
        if let first = tag.unicodeScalars.first, first.properties.numericType != nil, first.isASCII {
            return  // inner timestamp (karaoke); the cue keeps its own timing
        }
        // Name, classes, annotation: `c.yellow.bg`, `v.loud Esme`, `lang en`.
        let head = tag.prefix { $0 != " " && $0 != "\t" }
        let annotation = tag.dropFirst(head.count).trimmingCharacters(in: .whitespaces)
        let parts = head.split(separator: ".", omittingEmptySubsequences: false)
        let name = String(parts.first ?? "")
        let classes = parts.dropFirst().map(String.init)
        var color: String?
        for cls in classes {
            if let c = classColors[cls] { color = c } else if WebVTT.colorClasses.contains(cls) { color = cls }
        }
        switch name {
        case "c", "i", "b", "u", "lang", "ruby":
            state.stack.append((name, color))
        case "rt":
            if state.inRuby { state.stack.append((name, color)) }
        case "v":
            if state.speaker == nil && !annotation.isEmpty { state.speaker = annotation }
            state.stack.append((name, color))
        default:
            emit(.warning, "unknown tag <\(name)> ignored", line: line, offset: offset, cue: cue, rule: "tags")
        }
    }

    static func reference(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let body = name.dropFirst()
            let v = body.first == "x" || body.first == "X" ? UInt32(body.dropFirst(), radix: 16) : UInt32(body)
            guard let v, v != 0, let s = Unicode.Scalar(v) else { return nil }
            return String(Character(s))
        }
        return WebVTT.entities[name]
    }
}
