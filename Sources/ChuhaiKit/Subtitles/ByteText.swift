import Foundation

/// Line-oriented access to decoded text as UTF-8 bytes.
///
/// Readers scan bytes rather than `Character`s: grapheme breaking on every
/// byte of a 100k-cue file costs more than the whole parse. Text is turned
/// into `String`s only for cue payloads and diagnostics.
struct ByteText {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Line start offsets; line i spans `starts[i] ..< end(i)` (excluding its `\n`).
    private(set) var starts: [Int] = []
    /// End of the last line (the text length without a final `\n`).
    private var textEnd: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        textEnd = bytes.count > 0 && bytes[bytes.count - 1] == 0x0A ? bytes.count - 1 : bytes.count
        starts.reserveCapacity(bytes.count / 16 + 1)
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            starts.append(0)
            return
        }
        var i = 0
        starts.append(0)
        while i < bytes.count {
            guard let p = memchr(base + i, 0x0A, bytes.count - i) else { break }
            i = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
            starts.append(i)
        }
        // A final `\n` does not open an empty last line.
        if starts.count > 1 && starts.last == bytes.count { starts.removeLast() }
    }

    var lineCount: Int { starts.count }

    func start(_ line: Int) -> Int { starts[line] }

    func end(_ line: Int) -> Int {
        line + 1 < starts.count ? starts[line + 1] - 1 : textEnd
    }

    func range(_ line: Int) -> Range<Int> { starts[line]..<end(line) }

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    func line(_ i: Int) -> String { string(range(i)) }

    /// Whether the line holds only spaces and tabs.
    func isBlank(_ line: Int) -> Bool {
        var i = starts[line]
        let e = end(line)
        while i < e {
            let b = bytes[i]
            if b != 0x20 && b != 0x09 { return false }
            i += 1
        }
        return true
    }

    /// Line range without leading/trailing spaces and tabs.
    func trimmed(_ line: Int) -> Range<Int> { trim(range(line)) }

    func trim(_ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
        while b > a && (bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09) { b -= 1 }
        return a..<b
    }

    /// 1-based column (in Unicode scalars) of byte `offset` on `line`.
    func column(line: Int, offset: Int) -> Int {
        var c = 1
        var i = starts[line]
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { c += 1 }
            i += 1
        }
        return c
    }

    /// Whether `r` holds `>` (`arrow`) and whether it holds `<` or `{` (`markup`), eight bytes at a time:
    /// SRT asks this of every line, and byte by byte it was the reader's biggest loop.
    func scanArrowAndMarkup(_ r: Range<Int>) -> (arrow: Bool, markup: Bool) {
        @inline(__always) func has(_ w: UInt64, _ c: UInt64) -> Bool {
            let x = w ^ (c &* 0x0101_0101_0101_0101)
            return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0  // exact: some byte of x is zero
        }
        var arrow = false, markup = false
        var i = r.lowerBound
        if let base = bytes.baseAddress {
            while i + 8 <= r.upperBound {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if has(w, 0x3E) { arrow = true }
                if has(w, 0x3C) || has(w, 0x7B) { markup = true }
                i += 8
            }
        }
        while i < r.upperBound {
            let c = bytes[i]
            if c == 0x3E { arrow = true }
            if c == 0x3C || c == 0x7B { markup = true }
            i += 1
        }
        return (arrow, markup)
    }

    func allDigits(_ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return false }
        for i in r where !(bytes[i] >= 0x30 && bytes[i] <= 0x39) { return false }
        return true
    }

    func contains(_ needle: StaticString, in r: Range<Int>) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard r.count >= n else { return false }
        let p = needle.utf8Start
        var i = r.lowerBound
        while i + n <= r.upperBound {
            if bytes[i] == p[0] {
                var k = 1
                while k < n && bytes[i + k] == p[k] { k += 1 }
                if k == n { return true }
            }
            i += 1
        }
        return false
    }
}

/// Emits reader diagnostics with file, line, column and the source line.
struct ReaderDiagnostics {
    let file: String
    let sink: DiagnosticSink

    func emit(_ severity: Severity, _ rule: String, _ message: String, text: ByteText, line: Int, offset: Int? = nil, cue: Int? = nil) {
        let col = text.column(line: line, offset: offset ?? text.start(line))
        sink.emit(Diagnostic(severity, rule: rule, message,
                             at: SourceLocation(file: file, line: line + 1, column: col, byteOffset: offset ?? text.start(line)),
                             item: cue, sourceLine: text.line(line)))
    }
}

/// Decoded subtitle text, with the encoding facts readers report.
struct SubtitleSource {
    /// The text when it had to be decoded (or was given as a `String`).
    private var string: String?
    /// UTF-8 bytes that are already what decoding would produce (valid, NFC, `\n` endings),
    /// read in place: `range` excludes the BOM.
    private var data: Data?
    private var range: Range<Int> = 0..<0
    var encoding: TextEncoding
    var hadBOM: Bool

    init(text: String, encoding: TextEncoding, hadBOM: Bool) {
        string = text
        self.encoding = encoding
        self.hadBOM = hadBOM
    }

    private init(stableUTF8 data: Data, range: Range<Int>, hadBOM: Bool) {
        self.data = data
        self.range = range
        encoding = .utf8
        self.hadBOM = hadBOM
    }

    /// The decoded text as a `String` (readers use `withUTF8`).
    var text: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// The decoded text as UTF-8 bytes (valid, NFC, `\n` line ends), without copying the file.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let data {
            return try data.withUnsafeBytes { raw in
                try body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[range]))
            }
        }
        var s = string ?? ""
        return try s.withUTF8(body)
    }

    /// Decodes with the text engine (BOM, UTF-16, GB18030, Big5, … detection; NFC; `\n`).
    ///
    /// UTF-8 files whose characters cannot change under NFC (ASCII, CJK, kana, Hangul
    /// syllables, precomposed Latin/Cyrillic, emoji) and that use `\n` line ends are read
    /// as they are, in place: that covers nearly every subtitle file and skips both a
    /// UTF-16 round trip and a copy of the whole file into a `String`.
    static func decode(_ data: Data, file: String, encoding: TextEncoding?) throws -> SubtitleSource {
        if encoding == nil || encoding == .utf8 {
            let stable: (Range<Int>, Bool)? = data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
                let body = UnsafeBufferPointer(rebasing: bytes[(bom ? 3 : 0)...])
                guard isStableUTF8(body) else { return nil }
                return ((bom ? 3 : 0)..<bytes.count, bom)
            }
            if let (range, bom) = stable {
                // `range` counts from the first byte, as `withUnsafeBytes` does for any slice.
                return SubtitleSource(stableUTF8: data, range: range, hadBOM: bom)
            }
        }
        let d = try TextDecoder.decode(data, file: file, encoding: encoding)
        return SubtitleSource(text: d.text, encoding: d.encoding, hadBOM: d.hadBOM)
    }

    /// Valid UTF-8, no CR, and only scalars that are NFC-stable with canonical combining class 0.
    static func isStableUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        guard let base = b.baseAddress else { return true }
        while i < n {
            // Eight ASCII bytes without CR at a time (the timing lines, Latin text).
            if i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 {
                    // A byte equal to 0x0D: the classic "has zero byte" test on w ^ 0x0D…0D.
                    let x = w ^ 0x0D0D_0D0D_0D0D_0D0D
                    if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
            }
            let c = b[i]
            if c < 0x80 {
                if c == 0x0D { return false }
                i += 1
                continue
            }
            // CJK ideographs U+4E00…U+9FFF (E4 B8 80 … E9 BF BF): stable, the commonest case in zh/ja text.
            if ((c >= 0xE5 && c <= 0xE9) || (c == 0xE4 && i + 1 < n && b[i + 1] >= 0xB8)) && i + 2 < n
                && b[i + 1] & 0xC0 == 0x80 && b[i + 2] & 0xC0 == 0x80
            {
                i += 3
                continue
            }
            var v: UInt32
            if c >= 0xC2 && c <= 0xDF {
                guard i + 1 < n, b[i + 1] & 0xC0 == 0x80 else { return false }
                v = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                i += 2
            } else if c >= 0xE0 && c <= 0xEF {
                guard i + 2 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80 else { return false }
                if c == 0xE0 && b[i + 1] < 0xA0 { return false }
                if c == 0xED && b[i + 1] >= 0xA0 { return false }
                v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                i += 3
            } else if c >= 0xF0 && c <= 0xF4 {
                guard i + 3 < n, b[i + 1] & 0xC0 == 0x80, b[i + 2] & 0xC0 == 0x80, b[i + 3] & 0xC0 == 0x80 else { return false }
                if c == 0xF0 && b[i + 1] < 0x90 { return false }
                if c == 0xF4 && b[i + 1] >= 0x90 { return false }
                v = UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F)
                i += 4
            } else {
                return false
            }
            guard isStableScalar(v) else { return false }
        }
        return true
    }

    /// Scalars with NFC_Quick_Check=Yes and combining class 0 (UCD), in the blocks subtitles use.
    /// Anything else (combining marks, Thai/Arabic vowel signs, compatibility ideographs, …) takes
    /// the full normalization path.
    @inline(__always)
    static func isStableScalar(_ v: UInt32) -> Bool {
        // CJK punctuation and full-width forms (`，。：`) first: the commonest after ideographs.
        if (v >= 0x3000 && v <= 0x3029) || (v >= 0xFF01 && v <= 0xFFEF) { return true }
        switch v {
        case 0x00A0...0x02FF,  // Latin-1, Latin Extended A/B, IPA, spacing modifiers
             0x0400...0x0482, 0x048A...0x052F,  // Cyrillic without combining marks
             0x1E00...0x1EFF,  // Latin Extended Additional (Vietnamese)
             0x2002...0x206F,  // General Punctuation (U+2000/2001 have decompositions)
             0x2070...0x20CF, 0x2100...0x2125, 0x2127...0x2129, 0x212C...0x21FF,  // letterlike (not Ω Å K), arrows
             0x2200...0x2328, 0x232B...0x23FF, 0x2460...0x27FF,  // math, technical, enclosed, dingbats
             0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF,  // CJK symbols, kana (not the combining sound marks)
             0x3100...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,  // bopomofo, CJK ideographs
             0xAC00...0xD7A3,  // Hangul syllables
             0xFF01...0xFFEF,  // half-width and full-width forms
             0x1F000...0x1FAFF:  // emoji and symbols
            return true
        default:
            return false
        }
    }
}
