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
        starts.reserveCapacity(bytes.count / 24 + 1)
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
    var text: String
    var encoding: TextEncoding
    var hadBOM: Bool

    /// Decodes with the text engine (BOM, UTF-16, GB18030, Big5, … detection; NFC; `\n`).
    static func decode(_ data: Data, file: String, encoding: TextEncoding?) throws -> SubtitleSource {
        let d = try TextDecoder.decode(data, file: file, encoding: encoding)
        return SubtitleSource(text: d.text, encoding: d.encoding, hadBOM: d.hadBOM)
    }
}
