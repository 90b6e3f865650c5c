/// Counting characters the way delivery specs count them.
///
/// Netflix counts spaces and punctuation; in CJK guides half-width characters count
/// 0.5; Thai tone marks and above/below vowels and Arabic diacritics are not counted
/// (`shared/specs/subtitle-delivery.md` §1–2). All of those marks are nonspacing
/// (Mn), so the rule is: count every scalar except nonspacing/enclosing marks and
/// format characters (direction marks, ZWJ), count a joined emoji or flag once, and
/// weigh non-wide characters by `halfWidth`.
public enum SubtitleCounting {
    public static func count(_ s: String, halfWidth: Double = 1) -> Double {
        var n = 0.0
        var afterJoiner = false
        var regionalPending = false
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                afterJoiner = false
                regionalPending = false
                if v >= 0x20 && v != 0x7F { n += halfWidth }
                continue
            }
            if afterJoiner {
                afterJoiner = false
                continue
            }
            // Common wide ranges first (no property lookup): CJK ideographs, kana, Hangul, full-width forms.
            // (Half-width forms U+FF61… are not in the range and count as half.)
            if (0x4E00...0x9FFF).contains(v) || (0x3041...0x3096).contains(v) || (0x30A0...0x30FF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0xFF01...0xFF60).contains(v) || (0x3000...0x3029).contains(v)
                || (0x3400...0x4DBF).contains(v)
            {
                n += 1
                continue
            }
            if v == 0x200D {
                afterJoiner = true
                continue
            }
            if (0x1F3FB...0x1F3FF).contains(v) { continue }  // emoji skin tone modifiers
            if (0x1F1E6...0x1F1FF).contains(v) {  // a flag is two regional indicators
                regionalPending.toggle()
                if !regionalPending { continue }
                n += 1
                continue
            }
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: continue
            default: break
            }
            n += (halfWidth != 1 && !isFullWidthInCJK(u)) ? halfWidth : 1
        }
        return n
    }

    /// East Asian Width Wide, Fullwidth or Ambiguous: in a CJK line, ambiguous characters
    /// (curly quotes “”, ……) are set full-width by CJK fonts (UAX #11), so they count 1.
    static func isFullWidthInCJK(_ u: Unicode.Scalar) -> Bool {
        switch ICU.eastAsianWidth(u) {
        case 1, 3, 5: true  // U_EA_AMBIGUOUS, U_EA_FULLWIDTH, U_EA_WIDE
        default: false
        }
    }

    /// Words separated by white space (for words-per-minute rates).
    public static func words(_ s: String) -> Int {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{3000}" }).count
    }

    /// Languages written right to left (ISO 639-1/-3 primary subtags).
    static let rightToLeft: Set<String> = ["ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr"]

    public static func isRightToLeft(language: String?) -> Bool {
        guard let language, let primary = language.split(separator: "-").first else { return false }
        return rightToLeft.contains(primary.lowercased())
    }

    /// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
    static func isStrongRTL(_ v: UInt32) -> Bool {
        (0x0590...0x08FF).contains(v) || (0xFB1D...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
    }
}
