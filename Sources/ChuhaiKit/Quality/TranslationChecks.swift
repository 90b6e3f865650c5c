import Foundation

/// Checks on translated segments: the mechanical mistakes a reviewer should not have to find.
///
/// Every rule has a stable id, a default severity, and can be switched off or re-graded
/// per project (`TranslationChecks.Settings`). Glossary rules live with the glossary
/// (`GlossaryApplier`); these cover everything else.
public struct TranslationChecks: Sendable {
    public enum Rule: String, Sendable, CaseIterable, Codable {
        /// Target empty where the source has text.
        case untranslated = "translation.untranslated"
        /// Target identical to a source that has letters (copied, not translated).
        case sameAsSource = "translation.same-as-source"
        /// Han characters left in a Latin-script target.
        case hanInTarget = "translation.han-in-target"
        /// A number of the source (digits, or Chinese numerals of 10 and more) missing from the target, or a target number the source lacks.
        case numberMismatch = "translation.number-mismatch"
        /// Inline markup (bold, links, line breaks) of the source missing or added in the target.
        case codeMismatch = "translation.code-mismatch"
        /// Full-width CJK punctuation (，。！？：；（）《》【】「」) in a Latin-script target.
        case cjkPunctuation = "translation.cjk-punctuation"
        case doubleSpace = "translation.double-space"
        /// Target much longer or shorter than the source normally translates to.
        case lengthRatio = "translation.length-ratio"
        /// French: (narrow) no-break space before ; : ! ? (and none missing).
        case frenchPunctuationSpace = "translation.fr-punctuation-space"
        /// Spanish: a question or exclamation without its opening ¿ or ¡.
        case spanishInvertedPunctuation = "translation.es-inverted-punctuation"

        public var defaultSeverity: Severity {
            switch self {
            case .untranslated, .hanInTarget, .codeMismatch: .error
            case .numberMismatch, .sameAsSource, .cjkPunctuation, .lengthRatio, .frenchPunctuationSpace, .spanishInvertedPunctuation: .warning
            case .doubleSpace: .note
            }
        }
    }

    public struct Settings: Sendable, Hashable {
        /// Rules switched off for the project.
        public var disabled: Set<Rule> = []
        /// Severity overrides.
        public var severities: [Rule: Severity] = [:]
        /// Allowed target/source length ratio (in characters); nil picks one by scripts:
        /// CJK → Latin 1.2…8 (a Han character carries a word's worth), else 0.4…2.5.
        public var lengthRatio: ClosedRange<Double>?
        /// Segments with fewer source characters are not ratio-checked (names, exclamations).
        public var lengthRatioMinimumSource = 6
        public init(disabled: Set<Rule> = [], severities: [Rule: Severity] = [:], lengthRatio: ClosedRange<Double>? = nil) {
            self.disabled = disabled
            self.severities = severities
            self.lengthRatio = lengthRatio
        }
    }

    /// A finding before it gets a location.
    public struct Finding: Sendable, Hashable {
        public var rule: Rule
        public var severity: Severity
        public var message: String
    }

    public let sourceLanguage: String
    public let targetLanguage: String
    public let settings: Settings
    let targetIsLatin: Bool
    let sourceIsCJK: Bool

    public init(sourceLanguage: String, targetLanguage: String, settings: Settings = Settings()) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.settings = settings
        let latin: Set<String> = ["en", "es", "fr", "de", "pt", "it", "id", "ms", "vi", "nl", "tr", "pl", "sv", "da", "nb", "no", "fi", "ro", "cs", "hu", "tl", "fil"]
        targetIsLatin = latin.contains(primaryLanguage(targetLanguage))
        sourceIsCJK = ["zh", "ja", "ko", "yue", "wuu", "lzh"].contains(primaryLanguage(sourceLanguage))
    }

    /// Findings for one source/target pair.
    public func check(source: InlineText, target: InlineText) -> [Finding] {
        var out: [Finding] = []
        func report(_ rule: Rule, _ message: String) {
            guard !settings.disabled.contains(rule) else { return }
            out.append(Finding(rule: rule, severity: settings.severities[rule] ?? rule.defaultSeverity, message: message))
        }
        let src = Self.trimmed(source.text)
        let tgt = Self.trimmed(target.text)
        if src.isEmpty { return out }
        if tgt.isEmpty {
            report(.untranslated, "target is empty")
            return out
        }
        if tgt == src && src.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
            report(.sameAsSource, "target is the same as the source")
        }
        if targetIsLatin {
            let han = tgt.unicodeScalars.filter { TextMetrics.isCJK($0) && $0.properties.isIdeographic }
            if !han.isEmpty { report(.hanInTarget, "Han characters left in the \(targetLanguage) target: \(String(String.UnicodeScalarView(han.prefix(8))))") }
            let punct = tgt.unicodeScalars.filter { Self.cjkPunctuation.contains($0) }
            if !punct.isEmpty {
                report(.cjkPunctuation, "full-width punctuation in the \(targetLanguage) target: \(String(String.UnicodeScalarView(punct.prefix(8)))); use , . ! ? : ; ( )")
            }
        }
        checkNumbers(src, tgt, report)
        checkCodes(source, target, report)
        if target.text.contains("  ") { report(.doubleSpace, "double space in the target") }
        if tgt != src { checkLength(src, tgt, report) }
        switch primaryLanguage(targetLanguage) {
        case "fr": checkFrench(tgt, report)
        case "es": checkSpanish(tgt, report)
        default: break
        }
        return out
    }

    /// Findings for every translated segment of a document, located at the unit's line.
    public func check(_ result: XLIFFReader.Result, sink: DiagnosticSink) {
        for f in result.document.files {
            for u in f.units {
                let at = SourceLocation(file: result.path, line: result.lines[f.id]?[u.id])
                func emit(_ findings: [Finding], segment: Int?) {
                    for finding in findings {
                        sink.emit(Diagnostic(finding.severity, rule: finding.rule.rawValue,
                                             "\(f.id)/\(u.id)\(segment.map { " s\($0)" } ?? ""): \(finding.message)", at: at, item: segment))
                    }
                }
                // Segments merged by the translator (the text in one, the others confirmed empty)
                // are checked as one: per segment, the numbers would sit in the wrong one.
                if u.targets.contains(where: { $0 != nil && $0!.text.text.isEmpty && $0!.state != .initial }),
                   u.isTranslated, let joined = u.joinedTarget(language: targetLanguage) {
                    emit(check(source: u.source, target: joined), segment: nil)
                    continue
                }
                for (i, t) in u.targets.enumerated() {
                    guard let t, !(t.text.text.isEmpty && t.state == .initial) else { continue }
                    emit(check(source: u.sourceSegment(i), target: t.text), segment: i + 1)
                }
            }
        }
    }

    /// Without leading and trailing white space (Unicode White_Space, as Foundation's
    /// `.whitespacesAndNewlines`), and without a copy when there is none: this runs per segment.
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return s }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return s }
        guard let a = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let b = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(s[a...b])
    }

    static let cjkPunctuation: Set<Unicode.Scalar> = Set("，。、；：！？（）《》〈〉【】「」『』〔〕～\u{3000}".unicodeScalars)

    // MARK: numbers

    private func checkNumbers(_ src: String, _ tgt: String, _ report: (Rule, String) -> Void) {
        var sourceNumbers = NumberExtraction.digits(in: src)
        if sourceIsCJK {
            sourceNumbers += NumberExtraction.chineseNumerals(in: src).filter { $0 >= 10 }
        }
        var targetNumbers = NumberExtraction.digits(in: tgt)
        if primaryLanguage(targetLanguage) == "en" { targetNumbers += NumberExtraction.englishNumbers(in: tgt) }
        var remaining = targetNumbers
        var missing: [Double] = []
        for n in sourceNumbers {
            if let i = remaining.firstIndex(of: n) { remaining.remove(at: i) } else { missing.append(n) }
        }
        if !missing.isEmpty { report(.numberMismatch, "number(s) \(missing.map(Self.format).joined(separator: ", ")) of the source not in the target") }
        // Extra target digits only count when the source has no number words to explain them.
        let extra = remaining.filter { n in NumberExtraction.digits(in: tgt).contains(n) && !(sourceIsCJK && NumberExtraction.chineseNumerals(in: src).contains(n)) }
        if !extra.isEmpty { report(.numberMismatch, "number(s) \(extra.map(Self.format).joined(separator: ", ")) in the target but not in the source") }
    }

    static func format(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d) }

    // MARK: codes

    private func checkCodes(_ source: InlineText, _ target: InlineText, _ report: (Rule, String) -> Void) {
        // Line breaks are each language's own layout (subtitle lines), not markup to carry over.
        func names(_ t: InlineText) -> [String] {
            t.spans.filter { $0.style != .lineBreak }.map { $0.style.rawValue + ($0.value.map { "(\($0))" } ?? "") }.sorted()
        }
        var tgt = names(target)
        var missing: [String] = []
        for n in names(source) {
            if let i = tgt.firstIndex(of: n) { tgt.remove(at: i) } else { missing.append(n) }
        }
        if !missing.isEmpty { report(.codeMismatch, "inline markup missing in the target: \(missing.joined(separator: ", "))") }
        if !tgt.isEmpty { report(.codeMismatch, "inline markup in the target that the source lacks: \(tgt.joined(separator: ", "))") }
    }

    // MARK: length

    private func checkLength(_ src: String, _ tgt: String, _ report: (Rule, String) -> Void) {
        let s = src.count, t = tgt.count
        guard s >= settings.lengthRatioMinimumSource else { return }
        let range = settings.lengthRatio ?? (sourceIsCJK && targetIsLatin ? 1.2...8 : 0.4...2.5)
        let ratio = Double(t) / Double(s)
        if !range.contains(ratio) {
            report(.lengthRatio, String(format: "target is %.1f× the source length (expected %.1f–%.1f×)", ratio, range.lowerBound, range.upperBound))
        }
    }

    // MARK: per-language punctuation

    /// French typography puts a no-break space (U+00A0, or narrow U+202F) before ; : ! ? and after « / before ».
    private func checkFrench(_ tgt: String, _ report: (Rule, String) -> Void) {
        let s = Array(tgt.unicodeScalars)
        var bad: [String] = []
        for (i, c) in s.enumerated() where ";:!?".unicodeScalars.contains(c) && i > 0 {
            let before = s[i - 1]
            if before == "\u{00A0}" || before == "\u{202F}" { continue }
            // Runs like "?!" need the space only before the first mark; URLs and times (12:30) are not prose.
            if ";:!?".unicodeScalars.contains(before) || (c == ":" && i + 1 < s.count && s[i + 1].properties.numericType != nil) { continue }
            bad.append(before == " " ? "ordinary space before \(c)" : "no space before \(c)")
        }
        if !bad.isEmpty { report(.frenchPunctuationSpace, Array(Set(bad)).sorted().joined(separator: "; ") + " (use a no-break space U+00A0 or U+202F)") }
    }

    /// Spanish opens questions and exclamations with ¿ and ¡ in the same sentence.
    private func checkSpanish(_ tgt: String, _ report: (Rule, String) -> Void) {
        var sentenceStart = tgt.startIndex
        var missing: Set<Character> = []
        var i = tgt.startIndex
        while i < tgt.endIndex {
            let c = tgt[i]
            if c == "?" || c == "!" {
                let opener: Character = c == "?" ? "¿" : "¡"
                if !tgt[sentenceStart..<i].contains(opener) { missing.insert(opener) }
                sentenceStart = tgt.index(after: i)
            } else if c == "." || c == "…" {
                sentenceStart = tgt.index(after: i)
            }
            i = tgt.index(after: i)
        }
        if !missing.isEmpty { report(.spanishInvertedPunctuation, "question or exclamation without its opening \(missing.sorted().map(String.init).joined(separator: " "))") }
    }
}

/// Numbers in text: digits (with thousands separators), Chinese numerals, English number words.
public enum NumberExtraction {
    /// Digit numbers (ASCII or full-width), `1,500`, `1.500`, `1 500` and `3.5` read as values.
    public static func digits(in s: String) -> [Double] {
        var out: [Double] = []
        let scalars = Array(s.unicodeScalars.map { TermMatcher.fold($0) })
        var i = 0
        func isDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 0x30 && u.value <= 0x39 }
        while i < scalars.count {
            guard isDigit(scalars[i]) else { i += 1; continue }
            var groups = [String]()
            var current = ""
            var separators: [Unicode.Scalar] = []
            while i < scalars.count {
                if isDigit(scalars[i]) {
                    current.unicodeScalars.append(scalars[i])
                    i += 1
                } else if [",", ".", " ", "\u{00A0}", "\u{202F}", "'"].contains(scalars[i]), i + 1 < scalars.count, isDigit(scalars[i + 1]) {
                    groups.append(current)
                    separators.append(scalars[i])
                    current = ""
                    i += 1
                } else {
                    break
                }
            }
            groups.append(current)
            // Thousands grouping: every group after the first has three digits; a final
            // "." or "," group of another length is a decimal part.
            var integer = groups[0]
            var fraction: String?
            for (g, sep) in zip(groups.dropFirst(), separators) {
                if g.count == 3 && fraction == nil {
                    integer += g
                } else if (sep == "." || sep == ",") && fraction == nil {
                    fraction = g
                } else {
                    out.append(Double(integer) ?? 0)
                    integer = g
                }
            }
            let value = Double(integer + (fraction.map { "." + $0 } ?? "")) ?? 0
            let (scale, next) = scaleWord(scalars, at: i)
            out.append(value * scale)
            i = next
        }
        return out
    }

    /// A scale right after a number: `500万`, `3亿`, `5 million`, `1.5 billion` (the way Chinese
    /// and English both write large amounts), so 五百万 and "5 million" compare as equal.
    static func scaleWord(_ scalars: [Unicode.Scalar], at i: Int) -> (Double, Int) {
        guard i < scalars.count else { return (1, i) }
        switch scalars[i] {
        case "万", "萬": return (10_000, i + 1)
        case "亿", "億": return (100_000_000, i + 1)
        default: break
        }
        var j = i
        if scalars[j] == " " || scalars[j] == "\u{00A0}" { j += 1 }
        var word = ""
        while j < scalars.count, scalars[j].properties.isAlphabetic, word.unicodeScalars.count < 9 {
            word.unicodeScalars.append(scalars[j])
            j += 1
        }
        if j < scalars.count && scalars[j].properties.isAlphabetic { return (1, i) }
        switch word.lowercased() {
        case "thousand": return (1_000, j)
        case "million": return (1_000_000, j)
        case "billion": return (1_000_000_000, j)
        default: return (1, i)
        }
    }

    static let chineseDigits: [Character: Int] = ["零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
                                                  "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3,
                                                  "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9]
    static let chineseUnits: [Character: Int] = ["十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000]
    static let chineseBig: [Character: Int] = ["万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000]

    /// Values of the runs of Chinese numerals in `s` (三百 → 300, 一千五百 → 1500, 两 → 2, 一百二 → 120, 二〇二五 → 2025).
    public static func chineseNumerals(in s: String) -> [Double] {
        var out: [Double] = []
        var run: [Character] = []
        func flush() {
            if !run.isEmpty, let v = parseChinese(run) { out.append(Double(v)) }
            run.removeAll()
        }
        // Scalars, not Characters: numerals are single scalars, and this runs on every segment.
        for u in s.unicodeScalars {
            if numeralScalars.contains(u.value) {
                // 万/亿 only continue a run; on their own they are words (万一, 亿万).
                if run.isEmpty && bigScalars.contains(u.value) { continue }
                run.append(Character(u))
            } else if !run.isEmpty {
                flush()
            }
        }
        flush()
        return out
    }

    static let numeralScalars: Set<UInt32> = Set((Array(chineseDigits.keys) + Array(chineseUnits.keys) + Array(chineseBig.keys))
        .flatMap { $0.unicodeScalars.map(\.value) })
    static let bigScalars: Set<UInt32> = Set(chineseBig.keys.flatMap { $0.unicodeScalars.map(\.value) })

    /// A Chinese numeral digit or unit (一, 两, 〇, 十, 百, 万 …).
    public static func isChineseNumeral(_ c: Character) -> Bool {
        chineseDigits[c] != nil || chineseUnits[c] != nil || chineseBig[c] != nil
    }

    /// One numeral run's value, or nil when it is not a well-formed number.
    public static func parseChinese(_ chars: [Character]) -> Int? {
        guard !chars.isEmpty else { return nil }
        // Digit by digit, as in years: 二〇二五.
        if chars.count >= 2 && chars.allSatisfy({ chineseDigits[$0] != nil }) {
            return chars.reduce(0) { $0 * 10 + chineseDigits[$1]! }
        }
        var total = 0, section = 0
        var digit: Int?
        var lastUnit = 0, afterUnit = false
        for (i, c) in chars.enumerated() {
            if let d = chineseDigits[c] {
                if i == chars.count - 1 && afterUnit && lastUnit >= 10 {
                    // Shorthand: 一百二 = 120, 两万三 = 23000; but a final 两 after a unit is
                    // the measure word (两千两 = 2000 taels).
                    if c != "两" { section += d * (lastUnit / 10) }
                } else {
                    digit = d
                }
                afterUnit = false
            } else if let u = chineseUnits[c] {
                section += (digit ?? 1) * u
                digit = nil
                lastUnit = u
                afterUnit = true
            } else if let b = chineseBig[c] {
                section += digit ?? 0
                total += max(section, 1) * b
                section = 0
                digit = nil
                lastUnit = b
                afterUnit = true
            }
        }
        return total + section + (digit ?? 0)
    }

    static let englishSmall: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let englishScale: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000]

    /// Spelled English numbers (`three hundred`, `fifteen hundred`, `twenty-five thousand`).
    public static func englishNumbers(in s: String) -> [Double] {
        var out: [Double] = []
        var total = 0, current = 0, inNumber = false
        func flush() {
            if inNumber { out.append(Double(total + current)) }
            total = 0; current = 0; inNumber = false
        }
        // Words are runs of letters, lower-cased; only ASCII ones of at most 9 letters can be
        // number words, so nothing else is hashed (this runs on every translated segment).
        var w = ""
        var foreign = false
        func take() {
            defer { w.removeAll(keepingCapacity: true); foreign = false }
            if w.isEmpty && !foreign { return }
            if foreign || w.utf8.count > 9 { flush(); return }
            if let v = englishSmall[w] {
                current += v
                inNumber = true
            } else if let sc = englishScale[w], inNumber || w == "hundred" || w == "thousand" {
                if sc == 100 { current = max(current, 1) * 100 } else { total += max(current, 1) * sc; current = 0 }
                inNumber = true
            } else if w == "and" && inNumber {
                return
            } else {
                flush()
            }
        }
        for u in s.unicodeScalars {
            let v = u.value
            if v >= 0x61 && v <= 0x7A {
                w.unicodeScalars.append(u)
            } else if v >= 0x41 && v <= 0x5A {
                w.unicodeScalars.append(Unicode.Scalar(v + 0x20)!)
            } else if v >= 0x80 && u.properties.isAlphabetic {
                foreign = true
            } else {
                take()
            }
        }
        take()
        flush()
        return out
    }
}
