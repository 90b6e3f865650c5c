/// Guesses a text's language from its scripts, for defaults like
/// `segment --lang` (authors rarely tag plain text files).
public enum LanguageGuess {
    public struct Result: Sendable, Equatable {
        /// Dominant ISO 15924 script ("Hani", "Latn", "Thai"…).
        public var script: String
        /// BCP 47 tag: zh-Hans / zh-Hant, ja, ko, th, ar, en (Latin defaults to English), …
        public var language: String
    }

    public static func guess(_ text: some StringProtocol) -> Result {
        var counts: [String: Int] = [:]
        var kana = 0, hangul = 0, scanned = 0
        var traditionalOnly = 0, simplifiedOnly = 0
        for scalar in text.unicodeScalars {
            if scanned > 20_000 { break }
            guard scalar.properties.isAlphabetic else { continue }
            scanned += 1
            let v = scalar.value
            if (0x3040...0x30FF).contains(v) { kana += 1 }
            if (0xAC00...0xD7AF).contains(v) { hangul += 1 }
            let sc = TextMetrics.script(scalar)
            counts[sc, default: 0] += 1
            if sc == "Hani" {
                if HanVariants.traditionalOnly.contains(scalar) { traditionalOnly += 1 }
                if HanVariants.simplifiedOnly.contains(scalar) { simplifiedOnly += 1 }
            }
        }
        let script = counts.max { a, b in a.value == b.value ? a.key > b.key : a.value < b.value }?.key ?? "Zyyy"
        let language: String
        if kana > 0 && kana * 10 >= scanned { language = "ja" }
        else if hangul > 0 && hangul * 2 >= scanned { language = "ko" }
        else {
            switch script {
            case "Hani": language = traditionalOnly > simplifiedOnly ? "zh-Hant" : "zh-Hans"
            case "Hira", "Kana": language = "ja"
            case "Hang": language = "ko"
            case "Thai": language = "th"
            case "Arab": language = "ar"
            case "Cyrl": language = "ru"
            case "Hebr": language = "he"
            case "Latn": language = "en"
            default: language = "und"
            }
        }
        return Result(script: script, language: language)
    }
}

/// Characters that only occur in one of the two Chinese orthographies, for telling them apart.
enum HanVariants {
    static let simplifiedOnly: Set<Unicode.Scalar> = Set("这说们来个时为国过还对经发进种见现实问关点长开么后头样门间无东电车马鸟龙书买卖听读话语师乐传转让请认识谁调达远运连选钱铁银长阳阴陈隐难风飞饭馆鱼鲜黄齐龟灵炼宝剑阵气剑".unicodeScalars)
    static let traditionalOnly: Set<Unicode.Scalar> = Set("這說們來個時為國過還對經發進種見現實問關點長開麼後頭樣門間無東電車馬鳥龍書買賣聽讀話語師樂傳轉讓請認識誰調達遠運連選錢鐵銀陽陰陳隱難風飛飯館魚鮮黃齊龜靈煉寶劍陣氣".unicodeScalars)
}
