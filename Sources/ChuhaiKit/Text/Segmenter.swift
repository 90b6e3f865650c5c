/// A span of text found by segmentation.
public struct Segment: Sendable, Hashable {
    public var text: String
    /// UTF-8 byte offsets in the (decoded, normalized) text.
    public var start: Int
    public var end: Int
    /// 1-based paragraph number (a line break ends a paragraph).
    public var paragraph: Int
}

/// Which unit to segment into.
public enum SegmentUnit: String, Sendable, CaseIterable {
    case sentence, word
}

/// Sentence and word segmentation tailored for fiction.
///
/// Sentences: ICU's rule-based sentence breaker per language, then a post-pass
/// for what UAX #29 gets wrong in Chinese and Japanese fiction
/// (`../shared/specs/localization-standards.md`, segmentation §4):
/// an opening quote or bracket after a terminator starts the next sentence,
/// closers stay with the sentence they close, nothing breaks inside 《…》, and
/// Japanese `」と`/`」って` continues the quote's sentence. Latin languages use
/// ICU's abbreviation suppression (`ss=standard`) plus vetoes for initials,
/// numbers, URLs and mid-sentence ellipses. A line break always ends a paragraph.
///
/// Thai has no sentence punctuation: ICU's Thai sentence rules split only at
/// line breaks and the rare terminators, so Thai paragraphs come back whole
/// unless they contain spaces between phrases; we then split at spaces
/// following a phrase of at least `thaiMinimumPhrase` characters (the spaces
/// Thai writers use as sentence separators). Word segmentation uses ICU's
/// dictionaries for Chinese, Japanese and Thai.
///
/// A `Segmenter` holds ICU iterators and is not thread-safe: make one per task.
public final class Segmenter {
    public struct Options: Sendable, Hashable {
        /// Keep `“你来了？”他问。` as one segment (true: better MT context) or split the
        /// quote from the narrator tag (false, the default: better translation-memory reuse,
        /// and what CAT tools expect).
        public var mergeNarratorTags: Bool = false
        /// Thai: minimum phrase length (in characters) before a space counts as a sentence break.
        public var thaiMinimumPhrase: Int = 12
        public init(mergeNarratorTags: Bool = false) { self.mergeNarratorTags = mergeNarratorTags }
    }

    public let language: String
    public let options: Options
    private let family: Family
    private let sentenceIterator: ICU.BreakIterator
    private lazy var wordIterator: ICU.BreakIterator? = try? ICU.BreakIterator(kind: .word, locale: Self.icuLocale(language, ss: false))

    enum Family { case cjk, japanese, latin, thai, other }

    /// - Parameter language: BCP 47 tag (`zh-Hans`, `ja`, `en`, `th`…).
    public init(language: String, options: Options = Options()) throws {
        self.language = language
        self.options = options
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? language
        switch primary {
        case "zh", "yue", "wuu", "lzh": family = .cjk
        case "ja": family = .japanese
        case "th", "lo", "km", "my": family = .thai
        case "en", "es", "pt", "fr", "de", "it", "id", "ms", "vi", "nl", "tr", "pl", "sv", "da", "nb", "fi", "ro", "cs", "hu":
            family = .latin
        default: family = .other
        }
        sentenceIterator = try ICU.BreakIterator(kind: .sentence, locale: Self.icuLocale(language, ss: family == .latin))
    }

    /// ICU locale id; `ss=standard` turns on abbreviation suppression ("Mr.", "e.g.").
    private static func icuLocale(_ language: String, ss: Bool) -> String {
        let base = language.replacingOccurrences(of: "-", with: "_")
        return ss ? base + "@ss=standard" : base
    }

    /// Splits `text` into segments. Whitespace between sentences is not part of
    /// either; empty lines yield nothing.
    public func segment(_ text: String, unit: SegmentUnit = .sentence) -> [Segment] {
        var segments: [Segment] = []
        segment(text, unit: unit) { segments.append($0) }
        return segments
    }

    /// Streams segments to `body` (avoids building an array for large inputs).
    public func segment(_ text: String, unit: SegmentUnit = .sentence, _ body: (Segment) -> Void) {
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable { bytes in
            spans(text, unit: unit) { span in
                body(Segment(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self),
                             start: span.start, end: span.end, paragraph: span.paragraph))
            }
        }
    }

    /// A segment's position without its text: what indexers and the benchmarks need.
    public struct Span: Sendable, Hashable {
        /// UTF-8 byte offsets (or UTF-16 offsets when asked for with `OffsetUnit.utf16`).
        public var start: Int
        public var end: Int
        public var paragraph: Int
    }

    /// What span offsets count.
    public enum OffsetUnit: Sendable {
        /// UTF-8 bytes: what files, JSON output and Swift's `utf8` view use.
        case utf8
        /// UTF-16 code units: what ICU (and raw ICU benchmarks) produce, with no conversion cost.
        case utf16
    }

    /// Segment positions only, with no string per segment.
    public func spans(_ text: String, unit: SegmentUnit = .sentence, offsets: OffsetUnit = .utf8, _ body: (Span) -> Void) {
        let t = UTF16Text(text)
        t.units.withUnsafeBufferPointer { u in
            if unit == .sentence { sentenceSpans(u, t, utf8: offsets == .utf8, body) } else { emitWords(u, body) }
        }
    }

    /// One ICU pass over the whole text, then the tailoring applied at each ICU
    /// boundary, splitting at the line breaks the transcoder noted. UTF-8
    /// offsets advance with a branch-free (vectorized) sum, so tailoring adds
    /// no per-character work beyond what the transcoder already does.
    private func sentenceSpans(_ s: UnsafeBufferPointer<UInt16>, _ t: UTF16Text, utf8: Bool, _ body: (Span) -> Void) {
        let n = s.count
        // Thai adds phrase breaks to ICU's; everything else streams ICU's boundaries.
        var thaiCandidates: [Int32] = []
        if family == .thai {
            sentenceIterator.boundaries(s, into: &thaiCandidates)
            thaiCandidates = thaiPhraseBreaks(s, thaiCandidates)
        } else {
            sentenceIterator.start(s)
        }
        var thaiIndex = 0
        let openers = t.titleOpeners
        var cursor = SpanCursor(s: s, lineBreaks: t.lineBreaks, utf8: utf8)
        var nextOpener = 0
        // The title (《…》 closing on its line) most recently opened before the current position.
        var titleStart = -1, titleEnd = -1

        while true {
            var b: Int
            if family == .thai {
                guard thaiIndex < thaiCandidates.count else { break }
                b = Int(thaiCandidates[thaiIndex])
                thaiIndex += 1
            } else {
                b = sentenceIterator.next()
            }
            if b < 0 || b >= n { break }
            cursor.lines(before: b, body)
            if b <= cursor.pieceStart { continue }
            switch family {
            case .cjk, .japanese:
                // (a) Openers glued to the end of the previous sentence move to the next one.
                var k = b
                while k > cursor.pieceStart && (Self.isOpener(s[k - 1]) || Self.isSpace(s[k - 1])) { k -= 1 }
                if k < b && k > 0 && (Self.isTerminator(s[k - 1]) || Self.isCloser(s[k - 1])) { b = k }
                // A boundary that does not follow a terminator (plus closers) is ICU being generous.
                guard endsSentence(s, at: b) else { continue }
                // (b) No break inside a title.
                while nextOpener < openers.count && Int(openers[nextOpener]) < b {
                    let open = Int(openers[nextOpener])
                    let close = Self.titleClose(s, from: open)
                    if close > 0 { titleStart = open; titleEnd = close }
                    nextOpener += 1
                }
                if titleStart < b && b < titleEnd { continue }
                // (c) Japanese quotative: 」と / 」って continue the sentence.
                if family == .japanese && Self.isCloser(s[b - 1]) && Self.isQuotative(s, at: b) { continue }
                // Narrator tags: “……”他问。 stays one segment when configured.
                if options.mergeNarratorTags && Self.isQuoteCloser(s[b - 1]) && !Self.isOpener(s[b]) { continue }
            case .latin:
                if latinVeto(s, at: b) { continue }
            case .thai, .other:
                break
            }
            cursor.advance(to: b)
            cursor.emitPiece(body)
        }
        cursor.lines(before: n, body)
        cursor.advance(to: n)
        cursor.emitPiece(body)
    }

    /// Walks the text forward, turning cut positions into trimmed spans with UTF-8 offsets.
    /// A struct with mutating methods (not nested closures over locals) so the hot loop has
    /// no boxed captures or dynamic exclusivity checks.
    private struct SpanCursor {
        let s: UnsafeBufferPointer<UInt16>
        let lineBreaks: [Int32]
        /// Count offsets in UTF-8 bytes (else UTF-16 units, and `pos8` just follows `pos`).
        let utf8: Bool
        var pos = 0, pos8 = 0, paragraph = 1
        var pieceStart = 0, pieceStart8 = 0
        var nextLine = 0

        init(s: UnsafeBufferPointer<UInt16>, lineBreaks: [Int32], utf8: Bool) {
            self.s = s
            self.lineBreaks = lineBreaks
            self.utf8 = utf8
        }

        @inline(__always) func width(_ c: UInt16) -> Int {
            utf8 ? 1 &+ (c >= 0x80 ? 1 : 0) &+ (c >= 0x800 && (c & 0xF800) != 0xD800 ? 1 : 0) : 1
        }

        @inline(__always) mutating func advance(to target: Int) {
            guard utf8 else {
                pos8 = target
                pos = target
                return
            }
            // Branch-free per unit: 1 byte below 0x80, 2 below 0x800 and per surrogate half, else 3.
            var total = 0
            var i = pos
            while i < target {
                let c = s[i]
                total &+= c < 0x80 ? 1 : (c < 0x800 || (c & 0xF800) == 0xD800) ? 2 : 3
                i &+= 1
            }
            pos8 &+= total
            pos = target
        }

        mutating func emitPiece(_ body: (Span) -> Void) {
            var lo = pieceStart, lo8 = pieceStart8, hi = pos, hi8 = pos8
            while lo < hi && Segmenter.isSpace(s[lo]) { lo8 += width(s[lo]); lo += 1 }
            while hi > lo && Segmenter.isSpace(s[hi - 1]) { hi8 -= width(s[hi - 1]); hi -= 1 }
            if lo < hi { body(Span(start: lo8, end: hi8, paragraph: paragraph)) }
            pieceStart = pos
            pieceStart8 = pos8
        }

        /// Emits every line that ends before `limit`.
        mutating func lines(before limit: Int, _ body: (Span) -> Void) {
            while nextLine < lineBreaks.count && Int(lineBreaks[nextLine]) < limit {
                let p = Int(lineBreaks[nextLine])
                advance(to: p)
                emitPiece(body)
                pos8 += utf8 && s[p] != 0x0A ? 3 : 1
                pos = p + 1
                pieceStart = pos
                pieceStart8 = pos8
                paragraph += 1
                nextLine += 1
            }
        }
    }

    /// Index of the 》/〉 closing the title opened at `open` on the same line, or -1.
    private static func titleClose(_ s: UnsafeBufferPointer<UInt16>, from open: Int) -> Int {
        let opener = s[open]
        let closer: UInt16 = opener == 0x300A ? 0x300B : 0x3009
        var depth = 1
        var j = open + 1
        while j < s.count && s[j] != 0x0A {
            if s[j] == opener { depth += 1 } else if s[j] == closer { depth -= 1; if depth == 0 { return j + 1 } }
            j += 1
        }
        return -1
    }

    /// True when position `b` follows a sentence terminator (optionally followed by closers/spaces).
    private func endsSentence(_ s: UnsafeBufferPointer<UInt16>, at b: Int) -> Bool {
        var k = b
        while k > 0 && Self.isSpace(s[k - 1]) { k -= 1 }
        while k > 0 && Self.isCloser(s[k - 1]) { k -= 1 }
        guard k > 0 else { return false }
        let c = s[k - 1]
        if c == 0x2E {
            // ASCII "..." is an ellipsis in web-novel raw text, and 3.14 is a number: neither ends a sentence.
            if k >= 2 && (s[k - 2] == 0x2E || (0x30...0x39).contains(s[k - 2])) { return false }
            if k < s.count && s[k] == 0x2E { return false }
        }
        if Self.isTerminator(c) { return true }
        // ICU treats a lone … or —— as no terminator; so do we (they do not end sentences mid-run).
        return false
    }

    private static func isQuotative(_ s: UnsafeBufferPointer<UInt16>, at b: Int) -> Bool {
        guard b < s.count else { return false }
        if s[b] == 0x3068 { return true }  // と
        if s[b] == 0x3063 && b + 1 < s.count && s[b + 1] == 0x3066 { return true }  // って
        return false
    }

    private func latinVeto(_ s: UnsafeBufferPointer<UInt16>, at b: Int) -> Bool {
        // Find the character before the break (skipping spaces).
        var k = b
        while k > 0 && Self.isSpace(s[k - 1]) { k -= 1 }
        guard k > 0 else { return true }
        let before = s[k - 1]
        let after = b < s.count ? s[b] : 0
        // Initials: "J. K. Rowling" — a single capital letter before the period.
        if before == 0x2E && k >= 2 && Self.isUpperASCII(s[k - 2]) && (k < 3 || !Self.isLetterASCII(s[k - 3])) {
            return true
        }
        // Mid-sentence ellipsis: "Wait... what" — continues when the next word is lower-case.
        if (before == 0x2026 || (before == 0x2E && k >= 3 && s[k - 2] == 0x2E && s[k - 3] == 0x2E)) && Self.isLowerASCII(after) {
            return true
        }
        // Numbers and URLs/e-mails: a period directly followed by a non-space is never a break.
        if b == k && before == 0x2E { return true }
        // A lower-case word after a terminator continues the sentence ("You came?" he asked.).
        if Self.isLowerASCII(after) { return true }
        // Titles and common abbreviations ICU's lists miss (at text start, or in other languages).
        if before == 0x2E && Self.isUpperASCII(after) {
            // Pack the (at most 5) letters before the period into an integer: no allocation per boundary.
            var w = k - 1
            var key: UInt64 = 0
            var length = 0
            while w > 0 && Self.isLetterASCII(s[w - 1]) && length <= 5 {
                w -= 1
                length += 1
            }
            if length > 0 && length <= 5 && (w == 0 || !Self.isLetterASCII(s[w - 1])) {
                for q in w..<(k - 1) { key = key << 8 | UInt64(s[q]) }
                if Self.titleAbbreviationKeys.contains(key) { return true }
            }
        }
        return false
    }

    private static let titleAbbreviationKeys: Set<UInt64> = Set(titleAbbreviations.map { word in
        word.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    })

    /// Abbreviations that precede a capitalised name ("Dr. Smith", "Sr. García", "St. Louis").
    static let titleAbbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Sra", "Srta", "Jr", "St", "Sta", "Sto", "Gen", "Capt", "Lt", "Col",
        "Sgt", "Rev", "Hon", "Gov", "Pres", "Dra", "Profa", "Mme", "Mlle", "Hr", "Fr", "Bp", "Cpl", "Maj", "Adm",
    ]

    private func thaiPhraseBreaks(_ s: UnsafeBufferPointer<UInt16>, _ cuts: [Int32]) -> [Int32] {
        var out = cuts
        var phraseStart = 0
        for i in 0..<s.count where s[i] == 0x20 || s[i] == 0x0A {
            if s[i] == 0x0A { phraseStart = i + 1; continue }
            // Only between Thai letters (a space before digits or Latin words is not a sentence break).
            if i - phraseStart >= options.thaiMinimumPhrase && i + 1 < s.count && i > 0
                && (0x0E00...0x0E7F).contains(s[i + 1]) && (0x0E00...0x0E7F).contains(s[i - 1])
            {
                out.append(Int32(i + 1))
                phraseStart = i + 1
            }
        }
        return Array(Set(out)).sorted()
    }

    // MARK: Character classes (UTF-16 units; all of these are in the BMP)

    @inline(__always) static func isTerminator(_ c: UInt16) -> Bool {
        switch c {
        case 0x3002, 0xFF01, 0xFF1F, 0x0021, 0x003F, 0xFF61, 0x203C, 0x2047, 0x2048, 0x2049: return true  // 。！？!?｡‼⁇⁈⁉
        case 0x002E, 0xFF0E: return true  // . ． (half- and full-width full stops in web novels)
        default: return false
        }
    }

    @inline(__always) static func isOpener(_ c: UInt16) -> Bool {
        switch c {
        case 0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x300A, 0x3010, 0x3014, 0x3008, 0x0028, 0xFF3B: return true
        default: return false
        }
    }

    @inline(__always) static func isCloser(_ c: UInt16) -> Bool {
        switch c {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x300B, 0x3011, 0x3015, 0x3009, 0x0029, 0x0022, 0x0027, 0xFF3D: return true
        default: return false
        }
    }

    @inline(__always) static func isQuoteCloser(_ c: UInt16) -> Bool {
        c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0x0022
    }

    @inline(__always) static func isSpace(_ c: UInt16) -> Bool {
        // Most characters in CJK prose are above U+3000: one comparison rejects them.
        if c > 0x3000 { return false }
        if c <= 0x20 { return c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C }
        return c == 0x3000 || c == 0xA0 || (c >= 0x2000 && c <= 0x200A)
    }

    @inline(__always) static func isUpperASCII(_ c: UInt16) -> Bool { c >= 0x41 && c <= 0x5A }
    @inline(__always) static func isLowerASCII(_ c: UInt16) -> Bool { c >= 0x61 && c <= 0x7A }
    @inline(__always) static func isLetterASCII(_ c: UInt16) -> Bool { isUpperASCII(c) || isLowerASCII(c) }

    /// Words from ICU's dictionary-based word breaker (spaces and punctuation skipped).
    private func emitWords(_ u: UnsafeBufferPointer<UInt16>, _ body: (Span) -> Void) {
        guard let it = wordIterator else { return }
        var boundaries: [Int32] = []
        var statuses: [Int32] = []
        it.boundaries(u, into: &boundaries, statuses: &statuses)
        var paragraph = 1
        var prev = 0
        var utf8Pos = 0
        for (i, b32) in boundaries.enumerated() {
            let b = Int(b32)
            let start8 = utf8Pos
            var k = prev
            while k < b {
                let c = u[k]
                if c == 0x0A { paragraph += 1 }
                if c < 0x80 { utf8Pos += 1; k += 1 }
                else if c < 0x800 { utf8Pos += 2; k += 1 }
                else if c >= 0xD800 && c < 0xDC00 { utf8Pos += 4; k += 2 }
                else { utf8Pos += 3; k += 1 }
            }
            // Rule status 0 (UBRK_WORD_NONE) = spaces and punctuation.
            if statuses[i] != 0 { body(Span(start: start8, end: utf8Pos, paragraph: paragraph)) }
            prev = b
        }
    }
}

extension Segmenter {
    /// Untailored ICU sentence breaking over the whole text (UTF-16 conversion
    /// included): the baseline the tailored segmenter is benchmarked against.
    public static func icuBaselineSentenceCount(_ text: String, language: String) throws -> Int {
        let it = try ICU.BreakIterator(kind: .sentence, locale: language.replacingOccurrences(of: "-", with: "_"))
        let utf16 = UTF16Text(text).units
        var boundaries: [Int32] = []
        boundaries.reserveCapacity(utf16.count / 16)
        utf16.withUnsafeBufferPointer { it.boundaries($0, into: &boundaries) }
        return boundaries.count
    }
}
