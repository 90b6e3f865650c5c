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
        let utf16 = Array(text.utf16)
        let ranges = unit == .sentence ? sentenceRanges(utf16) : wordRanges(utf16)
        emit(utf16, ranges, body)
    }

    /// Sentence ranges (UTF-16 offsets) with paragraph numbers.
    func sentenceRanges(_ u: [UInt16]) -> [(Range<Int>, Int)] {
        var out: [(Range<Int>, Int)] = []
        var paragraph = 0
        var lineStart = 0
        var boundaries: [Int32] = []
        boundaries.reserveCapacity(64)
        let n = u.count
        u.withUnsafeBufferPointer { buf in
            while lineStart <= n {
                var lineEnd = lineStart
                while lineEnd < n && buf[lineEnd] != 0x0A && buf[lineEnd] != 0x2029 { lineEnd += 1 }
                paragraph += 1
                if lineEnd > lineStart {
                    let line = UnsafeBufferPointer(rebasing: buf[lineStart..<lineEnd])
                    boundaries.removeAll(keepingCapacity: true)
                    sentenceIterator.boundaries(line, into: &boundaries)
                    let cuts = tailor(line, boundaries)
                    var prev = 0
                    for cut in cuts {
                        appendTrimmed(line, prev..<cut, base: lineStart, paragraph: paragraph, into: &out)
                        prev = cut
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        return out
    }

    private func appendTrimmed(_ line: UnsafeBufferPointer<UInt16>, _ r: Range<Int>, base: Int, paragraph: Int,
                               into out: inout [(Range<Int>, Int)]) {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && Self.isSpace(line[lo]) { lo += 1 }
        while hi > lo && Self.isSpace(line[hi - 1]) { hi -= 1 }
        if lo < hi { out.append(((base + lo)..<(base + hi), paragraph)) }
    }

    static func isSpace(_ c: UInt16) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x3000 || c == 0xA0 || c == 0x0D || c == 0x0B || c == 0x0C || (0x2000...0x200A).contains(c)
    }

    /// Applies the fiction tailoring to ICU's boundaries within one line; returns the cut positions (last == count).
    private func tailor(_ s: UnsafeBufferPointer<UInt16>, _ icu: [Int32]) -> [Int] {
        let n = s.count
        var cuts: [Int] = []
        cuts.reserveCapacity(icu.count)
        switch family {
        case .cjk, .japanese:
            for b32 in icu {
                var b = Int(b32)
                if b >= n { break }
                // (a) Openers glued to the end of the previous sentence move to the next one.
                var k = b
                while k > 0 && (Self.isOpener(s[k - 1]) || Self.isSpace(s[k - 1])) { k -= 1 }
                if k < b && k > 0 && (Self.isTerminator(s[k - 1]) || Self.isCloser(s[k - 1])) {
                    b = k
                }
                // A boundary that does not follow a terminator (plus closers) is ICU being generous: skip.
                guard endsSentence(s, at: b) else { continue }
                // (b) No break while a 《 or 〈 title is open.
                if insideTitle(s, at: b) { continue }
                // (c) Japanese quotative: 」と / 」って continue the sentence.
                if family == .japanese && b < n && b > 0 && Self.isCloser(s[b - 1]) && Self.isQuotative(s, at: b) { continue }
                // Narrator tags: “……”他问。 stays one segment when configured.
                if options.mergeNarratorTags && b > 0 && Self.isQuoteCloser(s[b - 1]) && b < n && !Self.isOpener(s[b]) { continue }
                if let last = cuts.last, last >= b { continue }
                if b > 0 { cuts.append(b) }
            }
            // ICU misses breaks before an opener that directly follows a closing quote after a terminator
            // only in rare cases; handle the common “……。”“……” pattern explicitly.
            cuts = addQuoteToQuoteBreaks(s, cuts)
        case .latin:
            for b32 in icu {
                let b = Int(b32)
                if b >= n { break }
                if latinVeto(s, at: b) { continue }
                cuts.append(b)
            }
        case .thai:
            for b32 in icu where Int(b32) < n { cuts.append(Int(b32)) }
            cuts = thaiPhraseBreaks(s, cuts)
        case .other:
            for b32 in icu where Int(b32) < n { cuts.append(Int(b32)) }
        }
        cuts.append(n)
        return cuts
    }

    private func addQuoteToQuoteBreaks(_ s: UnsafeBufferPointer<UInt16>, _ cuts: [Int]) -> [Int] {
        var extra: [Int] = []
        var i = 1
        while i < s.count {
            if Self.isOpener(s[i]) && Self.isQuoteCloser(s[i - 1]) && i >= 2 && Self.isTerminatorRun(s, endingAt: i - 1)
                && !insideTitle(s, at: i)
            {
                extra.append(i)
            }
            i += 1
        }
        if extra.isEmpty { return cuts }
        return Array(Set(cuts + extra)).sorted()
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

    private static func isTerminatorRun(_ s: UnsafeBufferPointer<UInt16>, endingAt closerIndex: Int) -> Bool {
        var k = closerIndex
        while k > 0 && isCloser(s[k - 1]) { k -= 1 }
        return k > 0 && isTerminator(s[k - 1])
    }

    private func insideTitle(_ s: UnsafeBufferPointer<UInt16>, at b: Int) -> Bool {
        var depth = 0
        var i = b - 1
        // Scan back to the line start; titles are short, so bound the scan.
        var steps = 0
        while i >= 0 && steps < 200 {
            let c = s[i]
            if c == 0x300B || c == 0x3009 { depth -= 1 }  // 》 〉
            else if c == 0x300A || c == 0x3008 {  // 《 〈
                depth += 1
                if depth > 0 {
                    // Open title: only a veto if it closes later on this line.
                    var j = b
                    while j < s.count {
                        if s[j] == 0x300B || s[j] == 0x3009 { return true }
                        if s[j] == 0x300A || s[j] == 0x3008 { return false }
                        j += 1
                    }
                    return false
                }
            }
            i -= 1
            steps += 1
        }
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
            var w = k - 1
            while w > 0 && Self.isLetterASCII(s[w - 1]) { w -= 1 }
            if w < k - 1 {
                let word = String(decoding: s[w..<(k - 1)], as: UTF16.self)
                if Self.titleAbbreviations.contains(word) { return true }
            }
        }
        return false
    }

    /// Abbreviations that precede a capitalised name ("Dr. Smith", "Sr. García", "St. Louis").
    static let titleAbbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Sra", "Srta", "Jr", "St", "Sta", "Sto", "Gen", "Capt", "Lt", "Col",
        "Sgt", "Rev", "Hon", "Gov", "Pres", "Dra", "Profa", "Mme", "Mlle", "Hr", "Fr", "Bp", "Cpl", "Maj", "Adm",
    ]

    private func thaiPhraseBreaks(_ s: UnsafeBufferPointer<UInt16>, _ cuts: [Int]) -> [Int] {
        var out = cuts
        var phraseStart = 0
        var i = 0
        while i < s.count {
            if s[i] == 0x20 && i - phraseStart >= options.thaiMinimumPhrase {
                // Only between Thai letters (a space before digits or Latin words is not a sentence break).
                if i + 1 < s.count && (0x0E00...0x0E7F).contains(s[i + 1]) && i > 0 && (0x0E00...0x0E7F).contains(s[i - 1]) {
                    out.append(i + 1)
                    phraseStart = i + 1
                }
            }
            i += 1
        }
        return Array(Set(out)).sorted()
    }

    // MARK: Character classes (UTF-16 units; all of these are in the BMP)

    @inline(__always) static func isTerminator(_ c: UInt16) -> Bool {
        switch c {
        case 0x3002, 0xFF01, 0xFF1F, 0x0021, 0x003F, 0xFF61, 0x203C, 0x2047, 0x2048, 0x2049: return true  // 。！？!?｡‼⁇⁈⁉
        case 0x002E: return true  // . (half-width full stop in web novels)
        case 0xFF0E: return true  // ．
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

    @inline(__always) static func isUpperASCII(_ c: UInt16) -> Bool { c >= 0x41 && c <= 0x5A }
    @inline(__always) static func isLowerASCII(_ c: UInt16) -> Bool { c >= 0x61 && c <= 0x7A }
    @inline(__always) static func isLetterASCII(_ c: UInt16) -> Bool { isUpperASCII(c) || isLowerASCII(c) }

    /// Word ranges from ICU's dictionary-based word breaker (skipping spaces and punctuation).
    func wordRanges(_ u: [UInt16]) -> [(Range<Int>, Int)] {
        guard let it = wordIterator else { return [] }
        var out: [(Range<Int>, Int)] = []
        var boundaries: [Int32] = []
        var statuses: [Int32] = []
        u.withUnsafeBufferPointer { buf in
            it.boundaries(buf, into: &boundaries, statuses: &statuses)
        }
        var paragraph = 1
        var prev = 0
        for (i, b32) in boundaries.enumerated() {
            let b = Int(b32)
            // Rule status 0 (UBRK_WORD_NONE) = spaces and punctuation.
            if statuses[i] != 0 {
                out.append((prev..<b, paragraph))
            } else {
                for k in prev..<b where u[k] == 0x0A { paragraph += 1 }
            }
            prev = b
        }
        return out
    }

    /// Converts UTF-16 ranges to segments with UTF-8 offsets in one forward pass.
    private func emit(_ u: [UInt16], _ ranges: [(Range<Int>, Int)], _ body: (Segment) -> Void) {
        var utf16Pos = 0
        var utf8Pos = 0
        func advance(to target: Int) {
            while utf16Pos < target {
                let c = u[utf16Pos]
                if c < 0x80 { utf8Pos += 1; utf16Pos += 1 }
                else if c < 0x800 { utf8Pos += 2; utf16Pos += 1 }
                else if c >= 0xD800 && c < 0xDC00 { utf8Pos += 4; utf16Pos += 2 }
                else { utf8Pos += 3; utf16Pos += 1 }
            }
        }
        for (r, paragraph) in ranges {
            advance(to: r.lowerBound)
            let start = utf8Pos
            advance(to: r.upperBound)
            let text = String(decoding: u[r], as: UTF16.self)
            body(Segment(text: text, start: start, end: utf8Pos, paragraph: paragraph))
        }
    }
}
