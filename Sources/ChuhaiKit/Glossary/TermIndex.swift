/// The terms of one language of a glossary, ready to find in text.
///
/// Built once (one `TermMatcher`), immutable and `Sendable`, so a pipeline shares
/// it across every chapter and thread.
public struct TermIndex: Sendable {
    public let glossary: Glossary
    public let language: String
    public let matcher: TermMatcher
    /// For each matcher pattern: the concept and term index it came from.
    let owners: [(concept: Int, term: Int)]

    /// One term found in a text.
    public struct Occurrence: Sendable, Hashable {
        public var conceptIndex: Int
        public var conceptID: String
        /// The glossary's form of the term (the text may differ in case or width).
        public var term: String
        public var status: TermStatus
        /// UTF-8 byte offsets into the text.
        public var start: Int
        public var end: Int
    }

    /// - Parameters:
    ///   - language: which terms to index (default: the glossary's source language).
    ///   - statuses: which terms to index (default: all, so deprecated forms are found too).
    ///   - inflections: also find inflected forms of Latin-script terms (`spirit stones`,
    ///     `Elder's`, `piedras espirituales`), reported as the glossary's term. Translations
    ///     inflect terms; glossaries list lemmas.
    public init(glossary: Glossary, language: String? = nil, statuses: Set<TermStatus> = Set(TermStatus.allCases),
                options: TermMatcher.Options = .init(), inflections: Bool = false) {
        self.glossary = glossary
        let language = language ?? glossary.sourceLanguage
        self.language = language
        var patterns: [String] = []
        var owners: [(Int, Int)] = []
        for (ci, c) in glossary.concepts.enumerated() {
            for (ti, t) in c.terms(language).enumerated() where statuses.contains(t.status) && !t.text.isEmpty {
                patterns.append(t.text)
                owners.append((ci, ti))
                if inflections {
                    for form in Inflections.forms(of: t.text, language: language) {
                        patterns.append(form)
                        owners.append((ci, ti))
                    }
                }
            }
        }
        self.owners = owners
        matcher = TermMatcher(patterns: patterns, options: options)
    }

    func occurrence(_ m: TermMatcher.Match) -> Occurrence {
        let (ci, ti) = owners[m.pattern]
        let c = glossary.concepts[ci]
        let t = c.terms(language)[ti]
        return Occurrence(conceptIndex: ci, conceptID: c.id, term: t.text, status: t.status, start: m.start, end: m.end)
    }

    /// Leftmost-longest, non-overlapping term occurrences: what `glossary find` prints and
    /// what the pipeline annotates source segments with.
    public func occurrences(in text: String) -> [Occurrence] {
        matcher.matches(in: text).map(occurrence)
    }

    /// Every occurrence, overlapping ones included.
    public func allOccurrences(in text: String) -> [Occurrence] {
        matcher.occurrences(in: text).map(occurrence)
    }
}

/// Line and column (Unicode scalars, 1-based) of UTF-8 offsets, by binary search over line starts.
public struct LineIndex: Sendable {
    private let starts: [Int]
    private let bytes: [UInt8]

    public init(_ text: String) {
        bytes = Array(text.utf8)
        var s = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { s.append(i + 1) }
        starts = s
    }

    /// 1-based line of a byte offset.
    public func line(_ offset: Int) -> Int {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// 1-based column in Unicode scalars.
    public func column(_ offset: Int) -> Int {
        let start = starts[line(offset) - 1]
        return bytes[start..<min(offset, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// UTF-8 start and end (before the newline) of a 1-based line.
    public func bounds(ofLine n: Int) -> (Int, Int) {
        let s = starts[n - 1]
        return (s, max(s, n < starts.count ? starts[n] - 1 : bytes.count))
    }

    /// The text of a 1-based line, without its newline.
    public func text(ofLine n: Int) -> String {
        let (s, e) = bounds(ofLine: n)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}

/// Finding candidate terms editors have not entered yet.
public enum TermExtractor {
    public struct Candidate: Sendable, Hashable {
        public var text: String
        public var count: Int
        public var file: String
        public var line: Int
        public var example: String
    }

    /// Characters that rarely start or end a term (particles, pronouns, common verbs).
    static let functionCharacters: Set<Unicode.Scalar> = Set("的了是在我你他她它们这那不一有也就都而着过吗呢吧啊么说道和与之个上下来去到把被让给又还很没什".unicodeScalars)

    /// Chinese numerals, and the measure words and time units that follow them (三百, 九层, 三年
    /// are amounts, not terms; 五行 and 三灵根 are terms and stay).
    static let numerals: Set<Unicode.Scalar> = Set("零〇一二三四五六七八九十百千万亿两几数半".unicodeScalars)
    static let measures: Set<Unicode.Scalar> = Set("年月日天层级块个次位名岁丈里尺寸斤两分秒时辰刻遍回招步人枚瓶颗张把座间件道声眼口".unicodeScalars)

    /// Frequent Han n-grams (2–4 characters) not inside any glossary term, ranked by
    /// count × length. A shorter n-gram that mostly occurs inside a longer candidate is
    /// folded into it (裂天 inside 裂天剑诀); a longer one that is a candidate plus a stray
    /// character (慕容雪站, 比林青檀) is dropped. Titles in 《》 always count as candidates, and
    /// words ICU's dictionary already knows (声音, 终于) rank below names and coined terms,
    /// which it does not (林青檀, 血煞宗): those are what a glossary is missing.
    ///
    /// - Parameters:
    ///   - texts: (file, decoded text) pairs.
    ///   - covered: terms already in the glossary; their occurrences are masked out first.
    public static func candidates(_ texts: [(file: String, text: String)], covered: TermIndex?, minCount: Int = 2,
                                  limit: Int = 50) -> [Candidate] {
        var counts: [String: Int] = [:]
        var examples: [String: (String, Int, Int)] = [:]  // file, line, byte offset
        var lineIndexes: [String: LineIndex] = [:]
        for (file, text) in texts {
            var masked = Set<Int>()
            if let covered {
                for o in covered.matcher.occurrences(in: text) { for b in o.start..<o.end { masked.insert(b) } }
            }
            var run: [(Unicode.Scalar, Int)] = []
            func flush() {
                if run.count >= 2 {
                    for n in 2...4 where run.count >= n {
                        for i in 0...(run.count - n) {
                            let gram = run[i..<(i + n)]
                            if functionCharacters.contains(gram.first!.0) || functionCharacters.contains(gram.last!.0) { continue }
                            let s = String(String.UnicodeScalarView(gram.map(\.0)))
                            counts[s, default: 0] += 1
                            if examples[s] == nil { examples[s] = (file, 0, gram.first!.1) }
                        }
                    }
                }
                run.removeAll(keepingCapacity: true)
            }
            var offset = 0
            for u in text.unicodeScalars {
                if !masked.contains(offset) && u.properties.isIdeographic { run.append((u, offset)) } else { flush() }
                offset += UTF8.width(u)
            }
            flush()
            lineIndexes[file] = LineIndex(text)
        }
        // 《青云剑诀》: a title once is enough to be a candidate.
        var titles: Set<String> = []
        for (file, text) in texts {
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "《"), let close = rest[open...].firstIndex(of: "》") {
                let t = String(rest[rest.index(after: open)..<close])
                if (2...12).contains(t.count), t.unicodeScalars.allSatisfy({ $0.properties.isIdeographic || $0 == "·" }) {
                    titles.insert(t)
                    if counts[t] == nil || t.unicodeScalars.count > 4 {
                        counts[t, default: 0] += 1
                        if examples[t] == nil { examples[t] = (file, 0, text.utf8.distance(from: text.startIndex, to: open)) }
                    }
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        var frequent = counts.filter { g, c in
            if titles.contains(g) { return true }
            guard c >= minCount else { return false }
            let s = Array(g.unicodeScalars)
            if s.allSatisfy(numerals.contains) || s.contains("了") || s.contains("的") { return false }
            // 三年, 三千多名, 九层: numerals (with 多/余/来) and then a measure word.
            if numerals.contains(s[0]), let next = s.first(where: { !numerals.contains($0) && !"多余来".unicodeScalars.contains($0) }),
               measures.contains(next) { return false }
            return true
        }
        // Closed n-grams: drop one that occurs mostly inside a longer frequent one.
        for (g, c) in frequent.sorted(by: { $0.key.unicodeScalars.count > $1.key.unicodeScalars.count }) {
            let len = g.unicodeScalars.count
            guard len > 2 else { continue }
            let s = Array(g.unicodeScalars)
            for sub in [String(String.UnicodeScalarView(s.dropLast())), String(String.UnicodeScalarView(s.dropFirst()))] {
                if let sc = frequent[sub], Double(c) >= 0.7 * Double(sc) { frequent[sub] = nil }
            }
        }
        // A candidate plus one stray character: 慕容雪站 (4) next to 慕容雪 (20).
        for (g, c) in frequent where g.unicodeScalars.count >= 3 && !titles.contains(g) {
            let s = Array(g.unicodeScalars)
            for sub in [String(String.UnicodeScalarView(s.dropLast())), String(String.UnicodeScalarView(s.dropFirst()))] {
                if let sc = frequent[sub], sc >= 4 * c { frequent[g] = nil; break }
            }
        }
        let words = try? Segmenter(language: "zh-Hans")
        func isDictionaryWord(_ g: String) -> Bool {
            guard let words else { return false }
            var n = 0
            words.spans(g, unit: .word) { _ in n += 1 }
            return n == 1
        }
        var score: [String: Int] = [:]
        for (g, c) in frequent {
            var k = c * g.unicodeScalars.count * 4
            if titles.contains(g) { k *= 2 } else if isDictionaryWord(g) { k /= 4 }
            score[g] = k
        }
        let ranked = frequent.sorted { a, b in
            let ka = score[a.key]!, kb = score[b.key]!
            return ka != kb ? ka > kb : a.key < b.key
        }
        return ranked.prefix(limit).map { g, c in
            let (file, _, offset) = examples[g]!
            let li = lineIndexes[file]!
            let line = li.line(offset)
            return Candidate(text: g, count: c, file: file, line: line, example: li.text(ofLine: line))
        }
    }
}

/// Regular inflected forms of Latin-script glossary terms, so `spirit stone` is found in
/// "three hundred spirit stones" and `anciano` in "los ancianos". Deliberately simple
/// (suffix rules, no dictionary): a missed irregular form is a `term-missing` warning a
/// reviewer can dismiss, while plain lemmas flagged every plural made the check useless.
enum Inflections {
    /// Forms other than `term` itself; empty for terms in scripts without inflection by suffix.
    static func forms(of term: String, language: String) -> [String] {
        guard term.unicodeScalars.allSatisfy({ $0.value < 0x250 }), term.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return [] }
        let primary = language.split(separator: "-").first.map(String.init) ?? language
        let words = term.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count <= 4 else { return [] }
        var out: Set<String> = []
        switch primary {
        case "en":
            // English inflects the head (last) word: plural, possessive, verb forms.
            let head = words.last!
            var heads = [head + "s", head + "'s", head + "\u{2019}s", head + "s'", head + "ed", head + "ing"]
            if head.hasSuffix("y"), head.count > 2 { heads += [String(head.dropLast()) + "ies", String(head.dropLast()) + "ied"] }
            if head.hasSuffix("e") { heads += [head + "d", String(head.dropLast()) + "ing"] }
            if ["s", "x", "z", "ch", "sh"].contains(where: head.hasSuffix) { heads.append(head + "es") }
            for h in heads { out.insert((words.dropLast() + [h]).joined(separator: " ")) }
        case "es", "pt", "fr", "it", "ca":
            // Romance plurals inflect every word of the phrase (piedra espiritual → piedras espirituales).
            func plural(_ w: String) -> String {
                guard let last = w.last, w.count > 2 else { return w }
                if "aeiouáéíóú".contains(last) { return w + "s" }
                if primary == "pt" && w.hasSuffix("l") { return String(w.dropLast()) + "is" }
                if primary == "pt" && w.hasSuffix("m") { return String(w.dropLast()) + "ns" }
                if w.hasSuffix("z") && primary == "es" { return String(w.dropLast()) + "ces" }
                return w + (primary == "fr" ? "s" : "es")
            }
            let connectors: Set<String> = ["de", "del", "da", "do", "das", "dos", "du", "des", "la", "el", "los", "las", "o", "a", "e", "y"]
            var inflected = words
            var i = 0
            while i < words.count {
                if connectors.contains(words[i].lowercased()) { break }  // "piedra de alma": only before the preposition
                inflected[i] = plural(words[i])
                i += 1
            }
            out.insert(inflected.joined(separator: " "))
        case "id", "ms":
            // Indonesian/Malay plural by reduplication of the head word (murid → murid-murid).
            if let first = words.first { out.insert(([first + "-" + first] + words.dropFirst()).joined(separator: " ")) }
        default:
            // Other Latin languages: plural -s as a minimal, common rule.
            out.insert((words.dropLast() + [words.last! + "s"]).joined(separator: " "))
        }
        out.remove(term)
        return out.sorted()
    }
}
