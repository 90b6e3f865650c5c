import ChuhaiKit
import ChuhaiTestSupport
import Testing

/// The definition of leftmost-longest, written the slow obvious way: at each
/// position from the cursor, the longest pattern whose folded scalars equal the
/// folded text there (and whose word edges are not glued to letters) wins.
func referenceMatches(_ patterns: [String], in text: String, options: TermMatcher.Options = .init()) -> [TermMatcher.Match] {
    let scalars = Array(text.unicodeScalars)
    var offsets = [0]
    for u in scalars { offsets.append(offsets.last! + String(u).utf8.count) }
    let folded = scalars.map { TermMatcher.fold($0, options: options) }
    let foldedPatterns = patterns.map { $0.unicodeScalars.map { TermMatcher.fold($0, options: options) } }
    var out: [TermMatcher.Match] = []
    var t = 0
    while t < folded.count {
        var best: (Int, Int)?  // (length, pattern)
        for (i, p) in foldedPatterns.enumerated() where !p.isEmpty && t + p.count <= folded.count && p[0] == folded[t] {
            guard folded[t..<(t + p.count)].elementsEqual(p) else { continue }
            if options.wordBoundaries {
                if TermMatcher.isWordCharacter(p.first!), t > 0, TermMatcher.isWordCharacter(folded[t - 1]) { continue }
                if TermMatcher.isWordCharacter(p.last!), t + p.count < folded.count, TermMatcher.isWordCharacter(folded[t + p.count]) { continue }
            }
            if best == nil || p.count > best!.0 { best = (p.count, i) }
        }
        if let (len, i) = best {
            out.append(.init(pattern: i, start: offsets[t], end: offsets[t + len]))
            t += len
        } else {
            t += 1
        }
    }
    return out
}

@Suite struct TermMatcherTests {
    func spans(_ m: TermMatcher, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return m.matches(in: text).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func leftmostLongestOnChinese() {
        let m = TermMatcher(patterns: ["筑基", "筑基期", "基期", "金丹", "丹田", "期"])
        // 筑基期 beats 筑基 (longest); 金丹 is leftmost, so 丹田 inside 金丹田 loses.
        #expect(spans(m, "他已是筑基期修士，金丹田里") == ["筑基期", "金丹"])
        let ms = m.matches(in: "筑基期")
        #expect(ms == [.init(pattern: 1, start: 0, end: 9)])
    }

    @Test func shorterMatchAfterALongerCandidateFails() {
        // "abcd" is a candidate at 0 but fails; "bc" at 1 is the leftmost real match.
        let m = TermMatcher(patterns: ["abcd", "bc", "xa", "abc"], options: .init(wordBoundaries: false))
        #expect(spans(m, "abcx") == ["abc"])
        #expect(spans(m, "xabc") == ["xa", "bc"])
        #expect(spans(m, "abcd") == ["abcd"])
    }

    @Test func wordBoundariesForAlphabeticTerms() {
        let m = TermMatcher(patterns: ["Lin Dong", "art", "Qi", "Q版"])
        #expect(spans(m, "Lin Dongfang met Lin Dong's master.") == ["Lin Dong"])
        #expect(spans(m, "start art, Qi-refining, qigong") == ["art", "Qi"])
        // Han on the right needs no boundary there; the Latin left edge does.
        #expect(spans(m, "Q版人物 XQ版") == ["Q版"])
    }

    @Test func caseAndWidthFoldingMapOffsetsBack() {
        let m = TermMatcher(patterns: ["foundation establishment", "QQ"])
        let text = "他到了ＦＯＵＮＤＡＴＩＯＮ Establishment。加ＱＱ"
        let ms = m.matches(in: text)
        #expect(ms.count == 2)
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[ms[0].start..<ms[0].end], as: UTF8.self) == "ＦＯＵＮＤＡＴＩＯＮ Establishment")
        #expect(String(decoding: bytes[ms[1].start..<ms[1].end], as: UTF8.self) == "ＱＱ")
        // Folding off: no match.
        #expect(TermMatcher(patterns: ["qq"], options: .init(caseFold: false, widthFold: false)).matches(in: "ＱＱ QQ").isEmpty)
    }

    @Test func foldAgreesWithNormalizerForOneToOneScalars() {
        for text in ["ＡＢＣａｂｃ１２３！", "ÀÉÎÕÜ ÇÑ", "ΣΑΣ", "ДОМ", "\u{3000}"] {
            let mine = String(String.UnicodeScalarView(text.unicodeScalars.map { TermMatcher.fold($0) }))
            #expect(mine == Normalizer.fold(text).text, "\(text)")
        }
    }

    @Test func astralScalarsAndEmoji() {
        let m = TermMatcher(patterns: ["𠀀𠀁", "😀"])
        #expect(spans(m, "前𠀀𠀁后😀") == ["𠀀𠀁", "😀"])
    }

    @Test func duplicateKeysReportTheFirstAndListEquivalents() {
        let m = TermMatcher(patterns: ["Qi", "qi", "QI", ""])
        #expect(m.matches(in: "qi") == [.init(pattern: 0, start: 0, end: 2)])
        #expect(m.equivalents(of: 0) == [0, 1, 2])
        #expect(TermMatcher(patterns: [""]).matches(in: "abc").isEmpty)
    }

    @Test func occurrencesIncludeOverlaps() {
        let m = TermMatcher(patterns: ["筑基", "基期", "筑基期"])
        #expect(m.occurrences(in: "筑基期").map(\.pattern).sorted() == [0, 1, 2])
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func equalsReferenceOnGeneratedText(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        // Small alphabets so patterns overlap a lot; mixed Han, Latin with case, spaces, full-width.
        let alphabet: [String] = ["筑", "基", "期", "金", "丹", "a", "b", "A", "B", "ａ", " ", "c", "。", "𠀀"]
        func word(_ len: Int) -> String { (0..<len).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined() }
        let patterns = (0..<40).map { _ in word(1 + Int(rng.next() % 5)) }
        let text = word(3000)
        let m = TermMatcher(patterns: patterns)
        let fast = m.matches(in: text)
        let slow = referenceMatches(patterns, in: text)
        // Same spans; pattern ids may differ only between patterns with the same folded form.
        #expect(fast.map { [$0.start, $0.end] } == slow.map { [$0.start, $0.end] })
        for (f, s) in zip(fast, slow) where f.pattern != s.pattern {
            #expect(m.equivalents(of: f.pattern).contains(s.pattern))
        }
        #expect(!fast.isEmpty)
    }

    /// Wide alphabets give nodes more than 8 children (binary search before the scan).
    @Test(arguments: [11, 12, 13])
    func equalsReferenceWithHighFanOut(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let alphabet = (0..<40).map { String(UnicodeScalar(0x4E00 + $0)!) } + ["x", "y", " "]
        func word(_ len: Int) -> String { (0..<len).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined() }
        let patterns = (0..<400).map { _ in word(1 + Int(rng.next() % 4)) }
        let text = word(3000)
        let fast = TermMatcher(patterns: patterns).matches(in: text)
        #expect(fast.map { [$0.start, $0.end] } == referenceMatches(patterns, in: text).map { [$0.start, $0.end] })
        #expect(fast.count > 200)
    }

    /// Many terms over a few hundred Han characters, as in a large glossary: most steps leave a
    /// root child through the pair bit set (clear bits, and set bits of other pairs sharing a
    /// slot), single-character terms end at root children, and full-width or upper-case forms
    /// reach them by folding.
    @Test(arguments: [21, 22])
    func equalsReferenceWithManyTermsOverFewCharacters(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let alphabet = (0..<300).map { String(UnicodeScalar(0x4E00 + $0)!) } + ["Q", "q", "Ｑ", "i", "Ｉ", " "]
        func word(_ len: Int) -> String { (0..<len).map { _ in alphabet[rng.below(alphabet.count)] }.joined() }
        var patterns = (0..<1500).map { _ in word(2 + rng.below(3)) }
        patterns += (0..<20).map { _ in alphabet[rng.below(300)] } + ["qi", "QＩ"]
        let head = word(4000) + "。"  // no term spans 。
        let text = head + "QI。" + word(200)
        let m = TermMatcher(patterns: patterns, options: .init(wordBoundaries: false))
        let fast = m.matches(in: text)
        let slow = referenceMatches(patterns, in: text, options: .init(wordBoundaries: false))
        #expect(fast.map { [$0.start, $0.end] } == slow.map { [$0.start, $0.end] })
        #expect(fast.count > 200)
        let qi = fast.first { $0.start == head.utf8.count }
        #expect(qi?.end == head.utf8.count + 2)
        #expect(qi.map { m.equivalents(of: $0.pattern).contains(patterns.count - 2) } == true)
        // Every occurrence, overlapping ones included, equals a count by brute force.
        let scalars = text.unicodeScalars.map { TermMatcher.fold($0).value }
        let keys = Set(patterns.map { $0.unicodeScalars.map { TermMatcher.fold($0).value } })
        var expected = 0
        for t in scalars.indices {
            for len in 1...4 where t + len <= scalars.count && keys.contains(Array(scalars[t..<(t + len)])) { expected += 1 }
        }
        let distinct = Set(m.occurrences(in: text).map { [$0.start, $0.end, m.equivalents(of: $0.pattern).min()!] })
        #expect(distinct.count == expected)
    }

    /// Texts over 64 KB run as two interleaved passes split after a newline; same result.
    @Test func longTextSplitPassesEqualReference() {
        var rng = SplitMix64(seed: 99)
        let alphabet: [String] = ["筑", "基", "期", "金", "丹", "a", "A", " ", "\n"]
        func word(_ len: Int) -> String { (0..<len).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined() }
        let patterns = (0..<30).map { _ in word(1 + Int(rng.next() % 4)).replacingOccurrences(of: "\n", with: "") }
        let text = word(40_000)
        #expect(text.utf8.count >= 1 << 16)
        let m = TermMatcher(patterns: patterns)
        let fast = m.matches(in: text)
        #expect(fast.map { [$0.start, $0.end] } == referenceMatches(patterns, in: text).map { [$0.start, $0.end] })
        var streamed: [TermMatcher.Match] = []
        var t = text
        t.withUTF8 { m.forEachMatch(utf8: $0) { streamed.append($0) } }
        #expect(streamed == fast)
        #expect(streamed == streamed.sorted())
    }
}

@Suite struct TermMatcherConcurrencyTests {
    @Test func oneMatcherSharedAcrossThreadsGivesTheSameAnswers() async {
        let terms = ["筑基", "筑基期", "金丹", "Qi", "Foundation Establishment"]
        let matcher = TermMatcher(patterns: terms)
        let texts = (0..<32).map { i in String(repeating: "他在\(i)年筑基期后结成金丹，Qi flowed; foundation establishment. ", count: 50 + i) }
        let expected = texts.map { matcher.matches(in: $0) }
        let results = await withTaskGroup(of: (Int, [TermMatcher.Match]).self) { group in
            for (i, t) in texts.enumerated() { group.addTask { (i, matcher.matches(in: t)) } }
            var out = [[TermMatcher.Match]](repeating: [], count: texts.count)
            for await (i, m) in group { out[i] = m }
            return out
        }
        #expect(results == expected)
        #expect(expected.allSatisfy { $0.count > 100 })
    }
}

@Suite struct TermMatcherRealTextTests {
    /// Every language of every shipped glossary against the demo chapters, fast vs reference.
    @Test func shippedTermsOnDemoChaptersEqualReference() throws {
        for path in GlossaryCodecTests.shipped {
            let g = try GlossaryIO.load(path: Fixtures.url(path).path)
            for lang in ["zh-Hans", "en", "es"] {
                let terms = g.concepts.flatMap { $0.terms(lang).map(\.text) }
                let m = TermMatcher(patterns: terms)
                for file in ["\(lang)/003.txt"] {
                    let text = try TextDecoder.read(path: Fixtures.url("fixtures/demo/novel/\(file)").path).text
                    let fast = m.matches(in: text).map { [$0.start, $0.end] }
                    let slow = referenceMatches(terms, in: text).map { [$0.start, $0.end] }
                    #expect(fast == slow, "\(path) \(lang) \(file)")
                }
            }
        }
    }
}
