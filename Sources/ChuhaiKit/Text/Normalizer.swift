/// Text normalization: NFC and `\n` line endings for everything chuhai stores,
/// and a matching-only folding that keeps a map back to the original.
public enum Normalizer {
    /// `\r\n` and `\r` become `\n`, then NFC. Everything downstream (offsets,
    /// hashes, matching) sees this form.
    public static func normalize(_ text: String) -> String {
        // Most text is already NFC with \n endings: keep the String (no rebuild) when it is.
        var text = text
        text.makeContiguousUTF8()
        var ascii = true, hasCR = false
        for b in text.utf8 {
            if b >= 0x80 { ascii = false } else if b == 0x0D { hasCR = true; break }
        }
        if !hasCR {
            if ascii { return text }
            let units = UTF16Text(text).units
            if ICU.isNormalized(units, .nfc) { return text }
            return String(decoding: ICU.normalize(units, .nfc), as: UTF16.self)
        }
        return normalize(UTF16Text(text).units)
    }

    static func normalize(_ utf16: [UInt16]) -> String {
        var u = utf16
        if u.contains(0x0D) {
            var out: [UInt16] = []
            out.reserveCapacity(u.count)
            var i = 0
            while i < u.count {
                if u[i] == 0x0D {
                    out.append(0x0A)
                    if i + 1 < u.count && u[i + 1] == 0x0A { i += 1 }
                } else {
                    out.append(u[i])
                }
                i += 1
            }
            u = out
        }
        return String(decoding: ICU.normalize(u, .nfc), as: UTF16.self)
    }

    /// Options for `fold`.
    public struct FoldOptions: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Full-width ASCII (ＡＢＣ１２３！) and the ideographic space to half-width.
        public static let width = FoldOptions(rawValue: 1)
        /// Unicode default case folding.
        public static let caseFold = FoldOptions(rawValue: 2)
        public static let all: FoldOptions = [.width, .caseFold]
    }

    /// Text folded for matching, with each folded UTF-8 byte mapped to the UTF-8 offset
    /// of the original character it came from.
    public struct Folded: Sendable {
        public var text: String
        /// `origin[i]` = original UTF-8 offset of the character that produced folded byte i;
        /// one extra entry at the end holds the original length.
        public var origin: [Int]

        /// Maps a folded UTF-8 range back to the original text's UTF-8 range.
        public func originalRange(_ r: Range<Int>) -> Range<Int> {
            let lo = origin[r.lowerBound]
            var hi = origin[r.upperBound]
            // A range ending inside a character's expansion ends after that character.
            if r.upperBound > 0 && r.upperBound < origin.count - 1 && origin[r.upperBound] == origin[r.upperBound - 1] {
                var j = r.upperBound
                while j < origin.count - 1 && origin[j] == origin[r.upperBound - 1] { j += 1 }
                hi = origin[j]
            }
            return lo..<hi
        }
    }

    /// Folds per character (so offsets map back exactly): full-width to half-width, case folding.
    public static func fold(_ text: String, options: FoldOptions = .all) -> Folded {
        var out = String.UnicodeScalarView()
        var origin: [Int] = []
        origin.reserveCapacity(text.utf8.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            var folded: [Unicode.Scalar] = [scalar]
            if options.contains(.width) {
                if (0xFF01...0xFF5E).contains(scalar.value) {
                    folded = [Unicode.Scalar(scalar.value - 0xFEE0)!]
                } else if scalar.value == 0x3000 {
                    folded = [" "]
                }
            }
            if options.contains(.caseFold), folded.count == 1, folded[0].properties.changesWhenCaseFolded {
                let s = String(String.UnicodeScalarView(folded))
                folded = Array(String(decoding: ICU.foldCase(Array(s.utf16)), as: UTF16.self).unicodeScalars)
            }
            for f in folded {
                out.append(f)
                for _ in 0..<UTF8.width(f) { origin.append(offset) }
            }
            offset += width
        }
        origin.append(offset)
        return Folded(text: String(out), origin: origin)
    }
}
