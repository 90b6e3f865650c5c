/// Counting the way readers and delivery specs see text.
public enum TextMetrics {
    /// User-perceived characters (extended grapheme clusters, UAX #29).
    public static func graphemes(_ s: some StringProtocol) -> Int { s.count }

    /// Terminal/monospace columns: East Asian Wide and Fullwidth count 2,
    /// combining marks and zero-width characters 0, the rest 1 (UAX #11).
    /// Used to pad carets under CJK source lines and for CJK line lengths.
    public static func displayWidth(_ s: some StringProtocol) -> Int {
        var width = 0
        for character in s {
            width += displayWidth(character)
        }
        return width
    }

    public static func displayWidth(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark
            || first.properties.generalCategory == .format
        {
            return 0
        }
        if first.properties.isEmojiPresentation || c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isWide(first) ? 2 : 1
    }

    /// East Asian Width W or F.
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x1100 { return false }
        let w = ICU.eastAsianWidth(scalar)
        return w == 3 || w == 5  // U_EA_FULLWIDTH, U_EA_WIDE
    }

    /// Han, Hiragana, Katakana or Hangul (the scripts where lines are measured in full-width units).
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x2E80...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFF00...0xFFEF,
             0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// ISO 15924 code of a scalar's script ("Hani", "Latn", "Thai", "Zyyy" for common).
    public static func script(_ scalar: Unicode.Scalar) -> String { ICU.scriptName(ICU.script(scalar)) }
}
