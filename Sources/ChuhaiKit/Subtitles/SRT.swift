import Foundation

/// SubRip (`.srt`): read as tolerantly as real files demand, written canonically.
///
/// There is no formal SRT spec; the tolerated variants are the ones listed in
/// `shared/specs/subtitle-delivery.md` (Format facts §1). Every repair is a
/// diagnostic with file:line:col so a CI gate can insist on clean files.
public enum SRT {
    /// Reads an SRT file in any encoding the text engine detects (GB18030 and Big5 are common).
    ///
    /// - Throws: `ChuhaiError` when the bytes cannot be decoded.
    public static func read(_ data: Data, file: String, encoding: TextEncoding? = nil, sink: DiagnosticSink) throws -> Track {
        let source = try SubtitleSource.decode(data, file: file, encoding: encoding)
        return parse(source, file: file, sink: sink)
    }

    /// Parses already-decoded text (NFC, `\n` line endings).
    public static func parse(_ text: String, file: String, sink: DiagnosticSink) -> Track {
        parse(SubtitleSource(text: text, encoding: .utf8, hadBOM: false), file: file, sink: sink)
    }

    /// Files at least this large are parsed in two halves at once (both cores of a CI runner).
    static let parallelThreshold = 1 << 20

    static func parse(_ source: SubtitleSource, file: String, sink: DiagnosticSink, parallelThreshold: Int = parallelThreshold) -> Track {
        var track = Track(file: file, format: .srt, encoding: source.encoding, hadBOM: source.hadBOM)
        source.withUTF8 { buf in
            let text = ByteText(buf)
            if buf.count >= parallelThreshold, let split = cueBoundary(near: text.lineCount / 2, in: text) {
                track.cues = parseHalves(text, split: split, file: file, sink: sink)
            } else {
                var parser = SRTParser(text: text, diagnostics: ReaderDiagnostics(file: file, sink: sink))
                track.cues = parser.run()
            }
        }
        return track
    }

    /// A line at or after `line` where a cue starts cleanly: a blank line, a cue number, then a
    /// timing line. The sequential parser is in the same state there whatever came before,
    /// which is what makes parsing the two sides separately give the same result.
    static func cueBoundary(near line: Int, in text: ByteText) -> Int? {
        var l = max(1, line)
        let limit = min(text.lineCount - 1, l + 2000)
        while l < limit {
            if text.trimmed(l - 1).isEmpty, text.allDigits(text.trimmed(l)), !text.trimmed(l).isEmpty {
                let t = text.trimmed(l + 1)
                if !t.isEmpty, text.bytes[t.lowerBound] >= 0x30, text.bytes[t.lowerBound] <= 0x39, text.scanArrowAndMarkup(t).arrow {
                    return l
                }
            }
            l += 1
        }
        return nil
    }

    /// Both halves at once. The second half's messages name cues by number, and its first number
    /// is only known when the first half is done: a clean second half (the usual case) needs no
    /// numbers, while one with findings is parsed again with the right first number, so the
    /// diagnostics are exactly those of a sequential parse.
    static func parseHalves(_ text: ByteText, split: Int, file: String, sink: DiagnosticSink) -> [Cue] {
        final class Results: @unchecked Sendable {
            var cues: [[Cue]] = [[], []]
            var sinks = [DiagnosticSink(), DiagnosticSink()]
        }
        let r = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            var parser = SRTParser(text: text, diagnostics: ReaderDiagnostics(file: file, sink: r.sinks[half]),
                                   lines: half == 0 ? 0..<split : split..<text.lineCount)
            r.cues[half] = parser.run()
        }
        if !r.sinks[1].diagnostics.isEmpty {
            r.sinks[1] = DiagnosticSink()
            var parser = SRTParser(text: text, diagnostics: ReaderDiagnostics(file: file, sink: r.sinks[1]),
                                   lines: split..<text.lineCount, cueBase: r.cues[0].count)
            r.cues[1] = parser.run()
        }
        for s in r.sinks { s.diagnostics.forEach(sink.emit) }
        return r.cues[0] + r.cues[1]
    }

    /// Canonical SRT: UTF-8, numbered from 1, `HH:MM:SS,mmm`, `<i> <b> <u> <font color>` and `{\an8}` for top.
    public static func write(_ track: Track) -> String {
        var out = ""
        out.reserveCapacity(track.cues.count * 64)
        for (n, cue) in track.cues.enumerated() {
            out += String(n + 1)
            out += "\n"
            out += cue.start.clock(fractionSeparator: ",")
            out += " --> "
            out += cue.end.clock(fractionSeparator: ",")
            out += "\n"
            if cue.position == .top { out += "{\\an8}" }
            for k in 0..<cue.lineCount {
                let line = cue.line(k)
                if k > 0 { out += "\n" }
                if let p = line.plainText {
                    out += p
                } else {
                    for span in line.spans { appendSpan(span, to: &out) }
                }
            }
            out += "\n\n"
        }
        return out
    }

    static func appendSpan(_ span: Span, to out: inout String) {
        if span.style.isEmpty && span.color == nil {
            out += span.text
            return
        }
        if let color = span.color { out += "<font color=\"\(color)\">" }
        if span.style.contains(.bold) { out += "<b>" }
        if span.style.contains(.italic) { out += "<i>" }
        if span.style.contains(.underline) { out += "<u>" }
        out += span.text
        if span.style.contains(.underline) { out += "</u>" }
        if span.style.contains(.italic) { out += "</i>" }
        if span.style.contains(.bold) { out += "</b>" }
        if span.color != nil { out += "</font>" }
    }
}

/// A parsed SRT timing line.
struct SRTTiming {
    var start: Int64
    var end: Int64
    /// Repairs to report: (byte offset, severity, message).
    var repairs: [(Int, Severity, String)] = []
}

private struct SRTParser {
    let text: ByteText
    let diagnostics: ReaderDiagnostics
    /// The lines to read (all of them, or one half: see `SRT.parseHalves`).
    let range: Range<Int>
    /// Cues before `range`, for the cue numbers in messages.
    let cueBase: Int

    init(text: ByteText, diagnostics: ReaderDiagnostics, lines: Range<Int>? = nil, cueBase: Int = 0) {
        self.text = text
        self.diagnostics = diagnostics
        range = lines ?? 0..<text.lineCount
        self.cueBase = cueBase
    }

    private struct Pending {
        var timing: SRTTiming?
        var timingLine: Int
        var index: Range<Int>?
    }

    /// The current cue's text lines: (line number, trimmed range, preceded by a blank line,
    /// holds `<` or `{`). One buffer reused for every cue.
    private var lines: [(Int, Range<Int>, Bool, Bool)] = []

    mutating func run() -> [Cue] {
        var cues: [Cue] = []
        cues.reserveCapacity(range.count / 4)
        var current: Pending?
        var blankRun = 0
        var preamble: [Int] = []  // non-blank lines before the first cue
        for line in range {
            let r = text.trimmed(line)
            if r.isEmpty {
                blankRun += 1
                continue
            }
            // A timing line has an arrow; checking for `>` first keeps text lines cheap. The same pass
            // notes whether a text line could hold markup (`<` or `{`), so most lines skip that scan.
            let (hasArrow, mayHaveMarkup) = text.scanArrowAndMarkup(r)
            if hasArrow, let timingOrError = parseTiming(r, line: line) {
                var index: Range<Int>?
                if let cur = current {
                    if let last = lines.last, last.0 == line - 1, text.allDigits(last.1) {
                        index = last.1
                        lines.removeLast()
                        if !last.2 {
                            diagnostics.emit(.warning, "parse", "no blank line before cue \(cueBase + cues.count + 2); read as if there were one",
                                             text: text, line: last.0, cue: cueBase + cues.count + 2)
                        }
                    } else if blankRun == 0 {
                        diagnostics.emit(.warning, "parse", "no blank line between cues; a new cue starts here", text: text,
                                         line: line, cue: cueBase + cues.count + 2)
                    }
                    finish(cur, into: &cues)
                } else {
                    if let last = preamble.last, last == line - 1, text.allDigits(text.trimmed(last)) {
                        index = text.trimmed(last)
                        preamble.removeLast()
                    }
                    for p in preamble {
                        diagnostics.emit(.warning, "parse", "text before the first cue ignored", text: text, line: p)
                    }
                    preamble.removeAll()
                    if range.lowerBound == 0 && text.isBlank(0) {
                        diagnostics.emit(.note, "parse", "blank lines before the first cue skipped", text: text, line: 0)
                    }
                }
                switch timingOrError {
                case .success(let t):
                    current = Pending(timing: t, timingLine: line, index: index)
                case .failure(let e):
                    diagnostics.emit(.error, "parse", e.message, text: text, line: line, offset: e.offset, cue: cueBase + cues.count + 1)
                    current = Pending(timing: nil, timingLine: line, index: index)
                }
                blankRun = 0
                continue
            }
            if current == nil {
                preamble.append(line)
            } else {
                lines.append((line, r, blankRun > 0, mayHaveMarkup))
            }
            blankRun = 0
        }
        if let cur = current {
            finish(cur, into: &cues)
        } else {
            for p in preamble {
                diagnostics.emit(.warning, "parse", "text before the first cue ignored", text: text, line: p)
            }
        }
        return cues
    }

    private mutating func finish(_ p: Pending, into cues: inout [Cue]) {
        defer { lines.removeAll(keepingCapacity: true) }
        guard let timing = p.timing else { return }  // malformed timing: reported, cue skipped
        let n = cueBase + cues.count + 1
        for (offset, severity, message) in timing.repairs {
            diagnostics.emit(severity, "parse", message, text: text, line: p.timingLine, offset: offset, cue: n)
        }
        var markup = InlineMarkup()
        var cueLines: [CueLine] = []
        var single: CueLine?
        for (k, (line, r, afterBlank, mayHaveMarkup)) in lines.enumerated() {
            if afterBlank && k > 0 {
                diagnostics.emit(.warning, "parse", "blank line inside cue \(n) text; kept in the same cue", text: text,
                                 line: line - 1, cue: n)
            }
            let parsed = markup.parseLine(text, line: line, range: r, diagnostics: diagnostics, cue: n, mayHaveMarkup: mayHaveMarkup)
            if lines.count == 1 {
                single = parsed
            } else {
                cueLines.reserveCapacity(lines.count)
                cueLines.append(parsed)
            }
        }
        markup.finish(text: text, diagnostics: diagnostics, cue: n)
        let loc = SourceLocation(file: diagnostics.file, line: p.timingLine + 1, column: 1, byteOffset: text.start(p.timingLine))
        cues.append(Cue(id: p.index.map { text.string($0) }, start: .milliseconds(timing.start), end: .milliseconds(timing.end),
                        lines: single.map { .one($0) } ?? CueLines(cueLines), position: markup.position ?? .bottom, location: loc))
    }

    struct TimingError: Error {
        var offset: Int
        var message: String
    }

    /// nil: not a timing line (plain text). `.failure`: looks like one (has an arrow) but is malformed.
    private func parseTiming(_ r: Range<Int>, line: Int) -> Result<SRTTiming, TimingError>? {
        let b = text.bytes
        var i = r.lowerBound
        var repairs: [(Int, Severity, String)] = []
        // Find the arrow: one or more `-` then `>`.
        var arrowStart = -1, arrowEnd = -1
        var k = r.lowerBound
        while k < r.upperBound {
            if b[k] == 0x2D {
                var j = k
                while j < r.upperBound && b[j] == 0x2D { j += 1 }
                if j < r.upperBound && b[j] == 0x3E {
                    arrowStart = k
                    arrowEnd = j + 1
                    break
                }
                k = j
            } else {
                k += 1
            }
        }
        guard arrowStart >= 0 else { return nil }
        // Text that merely contains an arrow is still text when it does not start with a digit.
        guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
        if arrowEnd - arrowStart != 3 {
            repairs.append((arrowStart, .warning, "arrow `\(text.string(arrowStart..<arrowEnd))` read as `-->`"))
        }
        guard let start = parseTime(&i, limit: arrowStart, repairs: &repairs) else {
            return .failure(TimingError(offset: r.lowerBound, message: "malformed start time `\(text.string(text.trim(r.lowerBound..<arrowStart)))`; cue skipped (expected HH:MM:SS,mmm)"))
        }
        while i < arrowStart && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        if i != arrowStart {
            return .failure(TimingError(offset: i, message: "unexpected text before `-->`; cue skipped"))
        }
        i = arrowEnd
        while i < r.upperBound && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        let endStart = i
        guard let end = parseTime(&i, limit: r.upperBound, repairs: &repairs) else {
            return .failure(TimingError(offset: endStart, message: "malformed end time; cue skipped (expected HH:MM:SS,mmm)"))
        }
        while i < r.upperBound && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        if i < r.upperBound {
            let rest = text.string(i..<r.upperBound)
            if rest.uppercased().hasPrefix("X1") || rest.uppercased().hasPrefix("Y1") {
                repairs.append((i, .note, "position coordinates `\(rest)` ignored"))
            } else {
                repairs.append((i, .warning, "text after the end time ignored: `\(rest)`"))
            }
        }
        return .success(SRTTiming(start: start, end: end, repairs: repairs))
    }

    /// `[H…:]MM:SS[,.]f{1,3}` with full-width `：，．` tolerated. Returns milliseconds.
    private func parseTime(_ i: inout Int, limit: Int, repairs: inout [(Int, Severity, String)]) -> Int64? {
        let b = text.bytes
        let begin = i
        // Up to three `:`-separated groups (hours, minutes, seconds), kept without an array.
        var groups: (Int64, Int64, Int64) = (0, 0, 0)
        var groupCount = 0
        func append(_ v: Int64) {
            switch groupCount {
            case 0: groups.0 = v
            case 1: groups.1 = v
            default: groups.2 = v
            }
            groupCount += 1
        }
        var fraction: (value: Int64, digits: Int)?
        var fullWidth = false
        var fractionSeparator: UInt8 = 0x2C
        while i < limit {
            var v: Int64 = 0, n = 0
            while i < limit && b[i] >= 0x30 && b[i] <= 0x39 && n < 12 {
                v = v * 10 + Int64(b[i] - 0x30)
                n += 1
                i += 1
            }
            if n == 0 { return nil }
            if fraction == nil && groupCount < 3 && sepColon(b, &i, limit, &fullWidth) {
                append(v)
                continue
            }
            if groupCount >= 1 && fraction == nil, let sep = sepFraction(b, &i, limit, &fullWidth) {
                append(v)
                fractionSeparator = sep
                var f: Int64 = 0, fd = 0
                while i < limit && b[i] >= 0x30 && b[i] <= 0x39 {
                    if fd < 3 { f = f * 10 + Int64(b[i] - 0x30) }
                    fd += 1
                    i += 1
                }
                if fd == 0 { return nil }
                fraction = (f, fd)
                break
            }
            append(v)
            break
        }
        guard groupCount == 2 || groupCount == 3 else { return nil }
        let h: Int64 = groupCount == 3 ? groups.0 : 0
        let m = groupCount == 3 ? groups.1 : groups.0, s = groupCount == 3 ? groups.2 : groups.1
        guard m < 60, s < 60 else { return nil }
        var ms: Int64 = 0
        if let f = fraction {
            switch f.digits {
            case 1:
                ms = f.value * 100
                repairs.append((begin, .warning, "`\(text.string(begin..<i))` has 1 millisecond digit: read as \(SubtitleTime.milliseconds(h * 3_600_000 + m * 60_000 + s * 1000 + ms).clock(fractionSeparator: ",")) (ambiguous: could mean \(f.value) ms)"))
            case 2:
                ms = f.value * 10
                repairs.append((begin, .warning, "`\(text.string(begin..<i))` has 2 millisecond digits: read as \(ms) ms"))
            case 3: ms = f.value
            default:
                ms = f.value
                repairs.append((begin, .warning, "`\(text.string(begin..<i))` has \(f.digits) fraction digits: truncated to milliseconds"))
            }
            if fractionSeparator == 0x2E {
                repairs.append((begin, .note, "`.` before milliseconds read as `,`"))
            }
        } else {
            repairs.append((begin, .warning, "`\(text.string(begin..<i))` has no milliseconds: read as ,000"))
        }
        if groupCount == 2 {
            repairs.append((begin, .warning, "`\(text.string(begin..<i))` has no hours: read as 00:\(text.string(begin..<i)) (minutes:seconds)"))
        }
        if fullWidth {
            repairs.append((begin, .warning, "full-width `：` or `，` in timestamp read as ASCII"))
        }
        return h * 3_600_000 + m * 60_000 + s * 1000 + ms
    }

    /// `:` or full-width `：` (EF BC 9A).
    private func sepColon(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ limit: Int, _ fullWidth: inout Bool) -> Bool {
        guard i < limit else { return false }
        if b[i] == 0x3A {
            i += 1
            return true
        }
        if i + 2 < limit, b[i] == 0xEF, b[i + 1] == 0xBC, b[i + 2] == 0x9A {
            i += 3
            fullWidth = true
            return true
        }
        return false
    }

    /// `,` `.` or full-width `，` (EF BC 8C) `．` (EF BC 8E); returns the ASCII equivalent.
    private func sepFraction(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ limit: Int, _ fullWidth: inout Bool) -> UInt8? {
        guard i < limit else { return nil }
        if b[i] == 0x2C || b[i] == 0x2E {
            i += 1
            return b[i - 1]
        }
        if i + 2 < limit, b[i] == 0xEF, b[i + 1] == 0xBC, b[i + 2] == 0x8C || b[i + 2] == 0x8E {
            i += 3
            fullWidth = true
            return b[i - 1] == 0x8C ? 0x2C : 0x2E
        }
        return nil
    }
}
