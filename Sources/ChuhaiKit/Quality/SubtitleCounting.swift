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
        scan(s, halfWidth: halfWidth).count
    }

    /// What the validator needs to know about one line, found in one pass over its UTF-8.
    struct LineFacts {
        /// `count(_:halfWidth:)`.
        var count = 0.0
        /// Some byte other than space, tab or line feed.
        var hasText = false
        /// Any scalar outside ASCII.
        var hasNonASCII = false
        /// Which of the ASCII marks punctuation checks look for occur.
        var marks: PunctuationChecks.Marks = []
    }

    /// Counts by decoding the UTF-8 directly: per-scalar iteration through `unicodeScalars`
    /// costs more than the rest of validating a 100k-cue track. The per-scalar rules are
    /// those of the type comment, in the same order, so the sums are identical.
    static func scan(_ s: String, halfWidth: Double) -> LineFacts {
        var s = s
        return s.withUTF8 { scan($0, halfWidth: halfWidth) }
    }

    static func scan(_ b: UnsafeBufferPointer<UInt8>, halfWidth: Double) -> LineFacts {
        var facts = LineFacts()
        var n = 0.0
        var afterJoiner = false
        var regionalPending = false
        var i = 0
        let end = b.count
        while i < end {
            let c = b[i]
            if c < 0x80 {
                afterJoiner = false
                regionalPending = false
                if c >= 0x20 && c != 0x7F { n += halfWidth }
                if c != 0x20 && c != 0x09 && c != 0x0A { facts.hasText = true }
                switch c {
                case 0x2C: facts.marks.insert(.comma)
                case 0x2E: facts.marks.insert(.period)
                case 0x3F: facts.marks.insert(.question)
                case 0x21: facts.marks.insert(.exclamation)
                case 0x3A: facts.marks.insert(.colon)
                case 0x3B: facts.marks.insert(.semicolon)
                default: break
                }
                i += 1
                continue
            }
            facts.hasText = true
            facts.hasNonASCII = true
            // `b` is valid UTF-8 (it comes from a String).
            let v: UInt32
            if c < 0xE0 {
                v = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                i += 2
            } else if c < 0xF0 {
                v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                i += 3
            } else {
                v = UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F)
                i += 4
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
            let u = Unicode.Scalar(v)!
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: continue
            default: break
            }
            n += (halfWidth != 1 && !isFullWidthInCJK(u)) ? halfWidth : 1
        }
        facts.count = n
        return facts
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
