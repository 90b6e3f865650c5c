/// How natural a byte stream looks in a legacy encoding.
///
/// Every CJK legacy encoding orders its repertoire so that the characters of
/// everyday text sit in a known lead-byte band (GB2312 level-1 hanzi B0–D7,
/// Big5 common hanzi A4–C6, KS X 1001 hangul B0–C8, Shift_JIS kana 82–83 and
/// level-1 kanji 88–98; symbols and full-width punctuation at A1–A3 / 81).
/// Text in the right encoding keeps almost all double-byte pairs in the band;
/// mis-read text scatters over the whole table. This separates short GBK
/// prose from Big5 and EUC-KR where ICU's statistical detector guesses wrong.
/// windows-1252 is natural when high bytes stand next to ASCII (accented
/// letters in words), not in long runs (which is what CJK bytes look like).
enum Plausibility {
    static func score(_ bytes: UnsafeRawBufferPointer, for encoding: TextEncoding) -> Double {
        let b = bytes.bindMemory(to: UInt8.self)
        let n = b.count
        var total = 0, good = 0
        switch encoding {
        case .windows1252:
            for i in 0..<n where b[i] >= 0x80 {
                total += 1
                let prevASCII = i > 0 && b[i - 1] < 0x80 && b[i - 1] > 0x20
                let nextASCII = i + 1 < n && b[i + 1] < 0x80 && b[i + 1] > 0x20
                if prevASCII || nextASCII { good += 1 }
            }
        case .gb18030, .big5, .eucKR, .shiftJIS:
            var i = 0
            while i < n {
                let lead = b[i]
                let isLead = encoding == .shiftJIS ? ((0x81...0x9F).contains(lead) || (0xE0...0xFC).contains(lead)) : lead >= 0x81
                guard isLead, i + 1 < n else {
                    // Half-width katakana (A1–DF) are single bytes in Shift_JIS: rare in prose.
                    if encoding == .shiftJIS && (0xA1...0xDF).contains(lead) { total += 1 }
                    i += 1
                    continue
                }
                total += 1
                if inBand(lead, encoding) { good += 1 }
                i += 2
            }
        case .utf8, .utf16LE, .utf16BE:
            return 1
        }
        return total == 0 ? 0 : Double(good) / Double(total)
    }

    private static func inBand(_ lead: UInt8, _ e: TextEncoding) -> Bool {
        switch e {
        case .gb18030: (0xB0...0xD7).contains(lead) || (0xA1...0xA3).contains(lead)
        case .big5: (0xA4...0xC6).contains(lead) || (0xA1...0xA3).contains(lead)
        case .eucKR: (0xB0...0xC8).contains(lead) || (0xA1...0xA3).contains(lead)
        case .shiftJIS: (0x81...0x83).contains(lead) || (0x88...0x98).contains(lead)
        default: false
        }
    }
}
