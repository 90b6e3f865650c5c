/// Chinese names and terms to pinyin, the way English-language readers of
/// translated web novels expect them: "林青檀" → "Lin Qingtan", "慕容复" → "Murong Fu".
///
/// Readings come from ICU's `Han-Latin` transliterator, precomputed once for
/// the CJK Unified Ideographs block into a flat table (so romanizing is table
/// lookups, thread-safe and fast); characters outside the block fall back to
/// ICU per call. Surname characters whose surname reading differs from their
/// common reading (解 Xie, 仇 Qiu, 单 Shan, 曾 Zeng …) are read as surnames
/// in the surname position; compound surnames (慕容, 欧阳, 司马 …) stay one word.
public final class Romanizer: Sendable {
    public struct Options: Sendable, Hashable {
        /// "Lín Qīngtán" instead of "Lin Qingtan".
        public var toneMarks: Bool = false
        /// Treat the input as a personal name (surname first, then the given name as one word).
        /// When false, every syllable is a word: "筑基" → "Zhu Ji".
        public var personalName: Bool = true
        public init(toneMarks: Bool = false, personalName: Bool = true) {
            self.toneMarks = toneMarks
            self.personalName = personalName
        }
    }

    /// The shared instance; building it transliterates ~21k characters once (tens of ms).
    public static let shared = Romanizer()

    private static let firstHan: UInt32 = 0x4E00
    private static let lastHan: UInt32 = 0x9FFF
    /// Toned syllable per character of U+4E00…U+9FFF ("" when ICU has none).
    private let toned: [String]
    private let fallback: ICU.Transliterator?
    private let stripTones: ICU.Transliterator?

    public init() {
        let han = try? ICU.Transliterator("Han-Latin")
        fallback = han
        stripTones = try? ICU.Transliterator("Latin-ASCII")
        var table = [String](repeating: "", count: Int(Self.lastHan - Self.firstHan + 1))
        if let han {
            // One ICU call over the whole block, one character per line.
            var source = String.UnicodeScalarView()
            for v in Self.firstHan...Self.lastHan {
                source.append(Unicode.Scalar(v)!)
                source.append("\n")
            }
            let lines = han.apply(String(source)).split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count >= table.count {
                for i in 0..<table.count { table[i] = lines[i].trimmingSpaces() }
            }
        }
        toned = table
    }

    /// Romanizes a name or term.
    public func romanize(_ text: String, options: Options = Options()) -> String {
        var words: [[String]] = []  // words of syllables
        var pendingOther = ""
        var scalars = Array(text.unicodeScalars)
        var i = 0
        // Surname handling applies at the start of a personal name.
        if options.personalName, let first = scalars.first, isHan(first) {
            if scalars.count >= 3, let compound = Self.compoundSurnames[String(String.UnicodeScalarView(scalars[0..<2]))] {
                words.append(compound.map { $0 })
                i = 2
            } else if scalars.count >= 2 {
                let s = Self.surnameReadings[first] ?? syllable(first)
                words.append([s])
                i = 1
            }
            words.append([])
        } else {
            words.append([])
        }
        while i < scalars.count {
            let c = scalars[i]
            if isHan(c) {
                if !pendingOther.isEmpty { words.append([pendingOther]); pendingOther = ""; words.append([]) }
                let s = options.personalName ? (Self.givenNameReadings[c] ?? syllable(c)) : syllable(c)
                if options.personalName {
                    words[words.count - 1].append(s)
                } else {
                    if !(words.last?.isEmpty ?? true) { words.append([]) }
                    words[words.count - 1].append(s)
                }
            } else if c == " " || c == "\u{3000}" || c == "·" || c == "・" {
                if !pendingOther.isEmpty { words.append([pendingOther]); pendingOther = "" }
                words.append([])
            } else {
                pendingOther.unicodeScalars.append(c)
            }
            i += 1
        }
        if !pendingOther.isEmpty { words.append([pendingOther]) }
        scalars.removeAll()
        let rendered = words.filter { !$0.isEmpty }.map { syllables -> String in
            var word = ""
            for (k, s) in syllables.enumerated() {
                var syl = options.toneMarks ? s : stripped(s)
                // Xi'an: a syllable starting with a, o or e after another syllable gets an apostrophe.
                if k > 0, let f = syl.unicodeScalars.first, Self.apostropheInitials.contains(f) { syl = "'" + syl }
                word += syl
            }
            return capitalized(word)
        }
        return rendered.joined(separator: " ")
    }

    private func isHan(_ c: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(c.value) || (0x20000...0x3FFFF).contains(c.value) || (0xF900...0xFAFF).contains(c.value)
    }

    /// The toned syllable for one character.
    private func syllable(_ c: Unicode.Scalar) -> String {
        if c.value >= Self.firstHan && c.value <= Self.lastHan {
            let s = toned[Int(c.value - Self.firstHan)]
            if !s.isEmpty { return s }
        }
        return fallback?.apply(String(c)).trimmingSpaces() ?? String(c)
    }

    private func stripped(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x80 { out.unicodeScalars.append(scalar); continue }
            if let plain = Self.toneless[scalar] { out.unicodeScalars.append(plain); continue }
            out += stripTones?.apply(String(scalar)) ?? String(scalar)
        }
        return out
    }

    private func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    private static let apostropheInitials: Set<Unicode.Scalar> = Set("aoeāáǎàōóǒòēéěè".unicodeScalars)

    /// Toned vowels → plain vowels, the only non-ASCII letters in pinyin (ü stays "u" as in names: Lü → Lu? no: Lv is
    /// wrong; English publishing writes "Lü" as "Lu", which is what Latin-ASCII gives).
    private static let toneless: [Unicode.Scalar: Unicode.Scalar] = {
        var m: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (plain, toned) in [("a", "āáǎà"), ("e", "ēéěè"), ("i", "īíǐì"), ("o", "ōóǒò"), ("u", "ūúǔù"), ("u", "üǖǘǚǜ"), ("m", "ḿ"), ("n", "ńňǹ")] {
            for t in toned.unicodeScalars { m[t] = plain.unicodeScalars.first! }
        }
        return m
    }()

    /// Compound (two-character) surnames, with their toned readings.
    static let compoundSurnames: [String: [String]] = [
        "慕容": ["mù", "róng"], "欧阳": ["ōu", "yáng"], "司马": ["sī", "mǎ"], "诸葛": ["zhū", "gě"],
        "上官": ["shàng", "guān"], "东方": ["dōng", "fāng"], "令狐": ["líng", "hú"], "独孤": ["dú", "gū"],
        "南宫": ["nán", "gōng"], "西门": ["xī", "mén"], "公孙": ["gōng", "sūn"], "皇甫": ["huáng", "fǔ"],
        "长孙": ["zhǎng", "sūn"], "宇文": ["yǔ", "wén"], "尉迟": ["yù", "chí"], "轩辕": ["xuān", "yuán"],
        "夏侯": ["xià", "hóu"], "司徒": ["sī", "tú"], "端木": ["duān", "mù"], "百里": ["bǎi", "lǐ"],
        "呼延": ["hū", "yán"], "万俟": ["mò", "qí"], "澹台": ["tán", "tái"], "公冶": ["gōng", "yě"],
        "太史": ["tài", "shǐ"], "申屠": ["shēn", "tú"], "钟离": ["zhōng", "lí"], "闻人": ["wén", "rén"],
        "赫连": ["hè", "lián"], "拓跋": ["tuò", "bá"], "司空": ["sī", "kōng"], "第五": ["dì", "wǔ"],
        "歐陽": ["ōu", "yáng"], "司馬": ["sī", "mǎ"], "諸葛": ["zhū", "gě"], "東方": ["dōng", "fāng"],
        "獨孤": ["dú", "gū"], "南宮": ["nán", "gōng"], "西門": ["xī", "mén"], "公孫": ["gōng", "sūn"],
        "長孫": ["zhǎng", "sūn"], "尉遲": ["yù", "chí"], "軒轅": ["xuān", "yuán"], "鍾離": ["zhōng", "lí"],
    ]

    /// Readings that dominate in given names where ICU picks another (长风 Changfeng, 朝阳 Zhaoyang).
    static let givenNameReadings: [Unicode.Scalar: String] = [
        "长": "cháng", "長": "cháng", "行": "xíng", "朝": "zhāo", "传": "chuán", "傳": "chuán", "和": "hé",
        "觉": "jué", "覺": "jué", "藏": "cáng", "乐": "lè", "樂": "lè",
    ]

    /// Characters read differently as surnames than in ordinary words.
    static let surnameReadings: [Unicode.Scalar: String] = [
        "解": "xiè", "仇": "qiú", "单": "shàn", "單": "shàn", "曾": "zēng", "区": "ōu", "區": "ōu", "查": "zhā",
        "朴": "piáo", "盖": "gě", "蓋": "gě", "乐": "yuè", "樂": "yuè", "覃": "qín", "缪": "miào", "繆": "miào",
        "种": "chóng", "種": "chóng", "黑": "hè", "华": "huà", "華": "huà", "任": "rén", "纪": "jǐ", "紀": "jǐ",
        "翟": "zhái", "员": "yùn", "員": "yùn", "宿": "sù", "沈": "shěn", "瀋": "shěn", "尉": "yù", "秘": "bì",
        "晟": "chéng", "召": "shào", "折": "shé", "祭": "zhài", "藏": "zàng", "长": "cháng", "長": "cháng",
        "重": "chóng", "柏": "bǎi", "薄": "bó", "都": "dū", "葛": "gě", "过": "guō", "過": "guō", "贲": "bēn",
        "句": "gōu", "能": "nài", "繁": "pó", "冼": "xiǎn", "隗": "wěi", "车": "chē", "車": "chē", "殷": "yīn",
    ]
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String { self[...].trimmingSpaces() }
}
