import Foundation

/// Turns bytes of unknown encoding into normalized text, or says exactly
/// which byte is wrong.
///
/// Detection order: BOM, then strict UTF-8, then UTF-16 without BOM (NUL
/// pattern), then every legacy candidate that decodes without error, ranked
/// by how natural the result reads (share of common characters of the
/// encoding's language) and by ICU's detector. Plain ICU detection alone
/// often calls short GBK prose Big5 or EUC-KR; the naturalness score fixes that.
public enum TextDecoder {
    public struct Guess: Sendable, Equatable {
        public var encoding: TextEncoding
        public var confidence: Int
    }

    /// Decodes and normalizes (NFC, `\n`).
    ///
    /// - Parameters:
    ///   - file: named in errors.
    ///   - encoding: skip detection.
    ///   - lossy: replace invalid bytes with U+FFFD (and record where) instead of failing.
    /// - Throws: `ChuhaiError` naming the byte offset (and line) of the first invalid sequence.
    public static func decode(_ data: Data, file: String, encoding: TextEncoding? = nil, lossy: Bool = false) throws -> DecodedText {
        let bom = detectBOM(data)
        let guess: Guess
        if let encoding {
            guess = Guess(encoding: encoding, confidence: 100)
        } else if let bom {
            guess = Guess(encoding: bom.0, confidence: 100)
        } else {
            guess = detect(data).first ?? Guess(encoding: .utf8, confidence: 0)
        }
        let skip = (bom != nil && bom!.0 == guess.encoding) ? bom!.1 : 0
        let body = data.dropFirst(skip)
        var replacements: [Int] = []
        var utf16: [UInt16]
        if guess.encoding == .utf8 && !lossy {
            guard let s = String(validatingUTF8Data: body) else {
                let offset = firstInvalidUTF8(body) + skip
                throw invalid(data, offset: offset, encoding: guess.encoding, file: file)
            }
            // UTF-8 stays UTF-8: no round trip through UTF-16 unless normalization has work to do.
            let lineEnding = s.utf8.contains(0x0D) ? detectLineEnding(UTF16Text(String(s.prefix(4096))).units) : "\n"
            return DecodedText(text: Normalizer.normalize(s), encoding: .utf8, confidence: guess.confidence, hadBOM: skip > 0,
                               lineEnding: lineEnding, replacements: [])
        } else {
            let result = body.withUnsafeBytes { ICU.decode($0, charset: guess.encoding.icuName, lossy: lossy) }
            switch result {
            case .ok(let u): utf16 = u
            case .invalid(let offset, _): throw invalid(data, offset: offset + skip, encoding: guess.encoding, file: file)
            case .failure(let name): throw ChuhaiError("cannot decode as \(guess.encoding.rawValue): \(name)", at: SourceLocation(file: file))
            }
            if lossy {
                // Record where replacement characters came from so callers can warn.
                for (i, u) in utf16.enumerated() where u == 0xFFFD { replacements.append(i) }
            }
        }
        let lineEnding = detectLineEnding(utf16)
        let text = Normalizer.normalize(utf16)
        return DecodedText(text: text, encoding: guess.encoding, confidence: guess.confidence, hadBOM: skip > 0,
                           lineEnding: lineEnding, replacements: replacements)
    }

    /// Convenience: read a file (or standard input for `-`) and decode it.
    public static func read(path: String, encoding: TextEncoding? = nil, lossy: Bool = false) throws -> DecodedText {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = try readFile(path)
        }
        return try decode(data, file: path == "-" ? "<stdin>" : path, encoding: encoding, lossy: lossy)
    }

    /// Reads a whole file, with errors that say what is wrong in plain words.
    public static func readFile(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ChuhaiError("no such file", at: SourceLocation(file: path), hint: "check the path")
        }
        if isDirectory.boolValue {
            throw ChuhaiError("is a folder, not a file", at: SourceLocation(file: path), hint: "name the files inside it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ChuhaiError("cannot read file", at: SourceLocation(file: path), hint: "check its permissions")
        }
        return data
    }

    /// Ranked guesses, best first.
    public static func detect(_ data: Data) -> [Guess] {
        if let bom = detectBOM(data) { return [Guess(encoding: bom.0, confidence: 100)] }
        let sample = data.prefix(64 * 1024)
        // NULs are valid UTF-8 but never occur in text: check UTF-16 first.
        if let u16 = detectUTF16WithoutBOM(sample) { return [Guess(encoding: u16, confidence: 80)] }
        let truncated = sample.count < data.count
        if String(validatingUTF8Data: truncated ? trimPartialUTF8(sample) : sample) != nil {
            let ascii = !sample.contains { $0 >= 0x80 }
            return [Guess(encoding: .utf8, confidence: ascii ? 60 : 100)]
        }
        // Mostly valid UTF-8 with a stray bad byte is a damaged UTF-8 file, not windows-1252:
        // decoding it as UTF-8 then names the bad byte instead of producing mojibake.
        let (validMultibyte, invalid) = utf8Stats(sample)
        if validMultibyte >= 8 && invalid * 20 <= validMultibyte { return [Guess(encoding: .utf8, confidence: 70)] }
        let icu = sample.withUnsafeBytes { ICU.detectCharsets($0) }
        var scored: [(TextEncoding, Double, Int)] = []
        for enc in [TextEncoding.gb18030, .big5, .shiftJIS, .eucKR, .windows1252] {
            // A cut multi-byte character at the end of the sample is not an error.
            let probe = truncated ? sample.dropLast(4) : sample
            guard case .ok = probe.withUnsafeBytes({ ICU.decode($0, charset: enc.icuName, lossy: false) }) else { continue }
            let naturalness = probe.withUnsafeBytes { Plausibility.score($0, for: enc) }
            let icuConfidence = icu.first { TextEncoding(name: $0.name) == enc }?.confidence ?? 0
            scored.append((enc, naturalness, icuConfidence))
        }
        scored.sort { a, b in
            if abs(a.1 - b.1) > 0.05 { return a.1 > b.1 }
            if a.2 != b.2 { return a.2 > b.2 }
            return a.0.rawValue < b.0.rawValue
        }
        return scored.map { Guess(encoding: $0.0, confidence: min(100, Int(($0.1 * 70).rounded()) + $0.2 * 30 / 100)) }
    }

    /// Counts well-formed multi-byte UTF-8 sequences and runs of invalid bytes (one damaged
    /// character leaves a lead byte and orphan continuation bytes: one run).
    static func utf8Stats(_ d: Data) -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0
        var inBadRun = false
        d.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 { i += 1; inBadRun = false; continue }
                let need = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : 0
                var ok = need > 0 && i + need < b.count
                if ok { for k in 1...need where b[i + k] & 0xC0 != 0x80 { ok = false } }
                if ok {
                    valid += 1
                    i += need + 1
                    inBadRun = false
                } else {
                    if !inBadRun { invalid += 1 }
                    inBadRun = true
                    i += 1
                }
            }
        }
        return (valid, invalid)
    }

    static func detectBOM(_ data: Data) -> (TextEncoding, Int)? {
        let b = Array(data.prefix(3))
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { return (.utf8, 3) }
        if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { return (.utf16LE, 2) }
        if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    private static func detectUTF16WithoutBOM(_ sample: Data) -> TextEncoding? {
        guard sample.count >= 4, sample.count % 2 == 0 else { return nil }
        var evenZero = 0, oddZero = 0
        for (i, byte) in sample.enumerated() where byte == 0 {
            if i % 2 == 0 { evenZero += 1 } else { oddZero += 1 }
        }
        let half = sample.count / 2
        if oddZero > half / 3 && evenZero == 0 { return .utf16LE }
        if evenZero > half / 3 && oddZero == 0 { return .utf16BE }
        return nil
    }

    /// Drops an incomplete trailing sequence (a sample cut mid-character).
    private static func trimPartialUTF8(_ d: Data) -> Data {
        var lead = d.endIndex
        var continuation = 0
        while lead > d.startIndex && continuation < 4 && d[lead - 1] & 0xC0 == 0x80 { lead -= 1; continuation += 1 }
        guard lead > d.startIndex else { return d }
        let byte = d[lead - 1]
        guard byte >= 0xC0 else { return d }
        let need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        return continuation + 1 < need ? d[d.startIndex..<(lead - 1)] : d
    }

    static func firstInvalidUTF8(_ d: Data) -> Int {
        var it = d.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let s): offset += s.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    private static func invalid(_ data: Data, offset: Int, encoding: TextEncoding, file: String) -> ChuhaiError {
        let prefix = data.prefix(offset)
        let line = prefix.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let hex = data.dropFirst(offset).prefix(4).map { String(format: "%02X", $0) }.joined(separator: " ")
        return ChuhaiError(
            "invalid \(encoding.rawValue) byte sequence at byte \(offset) (line \(line)): \(hex)",
            at: SourceLocation(file: file, line: line, byteOffset: offset),
            hint: "if the file is not damaged, pass --encoding with its real encoding")
    }

    private static func detectLineEnding(_ u: [UInt16]) -> String {
        guard let i = u.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return "\n" }
        if u[i] == 0x0A { return "\n" }
        return i + 1 < u.count && u[i + 1] == 0x0A ? "\r\n" : "\r"
    }
}

extension String {
    /// Strict UTF-8 validation without Foundation's lenient fallbacks.
    init?(validatingUTF8Data data: some Collection<UInt8>) {
        guard let s = String(validating: data, as: UTF8.self) else { return nil }
        self = s
    }
}
