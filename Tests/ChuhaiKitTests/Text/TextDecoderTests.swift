import Foundation
import Testing
@testable import ChuhaiKit

@Suite struct TextDecoderTests {
    static let zhProse = "　　林青檀站在青云宗的山门前，抬头望去，只见云雾缭绕。他深吸一口气，心中暗道：“这一次，我一定要通过试炼。”\n　　师姐慕容雪走了过来，笑着说：“别紧张，你的灵根很好。”\n"
    static let zhTraditional = "　　林青檀站在青雲宗的山門前，抬頭望去，只見雲霧繚繞。他深吸一口氣，心中暗道：「這一次，我一定要通過試煉。」\n　　師姐慕容雪走了過來，笑著說：「別緊張，你的靈根很好。」\n"
    static let jaProse = "　彼は山の頂上に立っていた。「お前が来たのか？」と師匠は静かに言った。風が強く吹いていて、とても寒かった。\n"
    static let koProse = "그는 산 정상에 서 있었다. \"네가 왔구나?\" 스승이 조용히 말했다. 바람이 세게 불고 있었고 아주 추웠다.\n"
    static let esProse = "El joven cultivador subió la montaña. «¿Quién eres?», preguntó el anciano. Él sonrió: “Soy Lin, el discípulo.”\n"

    static func encoded(_ s: String, _ e: TextEncoding) -> Data {
        Data(ICU.encode(Array(s.utf16), charset: e.icuName, lossy: false)!)
    }

    @Test(arguments: [
        (zhProse, TextEncoding.gb18030), (zhTraditional, .big5), (jaProse, .shiftJIS), (koProse, .eucKR), (esProse, .windows1252),
    ])
    func detectsAndDecodesLegacyEncodings(_ text: String, _ encoding: TextEncoding) throws {
        let data = Self.encoded(text, encoding)
        #expect(TextDecoder.detect(data).first?.encoding == encoding)
        let decoded = try TextDecoder.decode(data, file: "x.txt")
        #expect(decoded.encoding == encoding)
        #expect(decoded.text == text)
    }

    @Test(arguments: TextEncoding.allCases)
    func explicitEncodingRoundTrips(_ encoding: TextEncoding) throws {
        let sample: String
        switch encoding {
        case .gb18030, .utf8, .utf16BE, .utf16LE: sample = Self.zhProse + "𠀀 emoji 😀 é"
        case .big5: sample = Self.zhTraditional
        case .shiftJIS: sample = Self.jaProse
        case .eucKR: sample = Self.koProse
        case .windows1252: sample = Self.esProse
        }
        let data = Self.encoded(sample, encoding)
        #expect(try TextDecoder.decode(data, file: "x", encoding: encoding).text == sample)
    }

    @Test func shortGBKChineseIsNotMistakenForOtherEncodings() throws {
        for s in ["第一章 穿越\n", "他笑了。", "筑基丹三颗，灵石五百。\n"] {
            let data = Self.encoded(s, .gb18030)
            #expect(try TextDecoder.decode(data, file: "short.txt").text == s, "\(s)")
        }
    }

    @Test func byteOrderMarks() throws {
        let text = "你好\n"
        let utf8 = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        let d8 = try TextDecoder.decode(utf8, file: "a")
        #expect(d8.text == text && d8.hadBOM && d8.encoding == .utf8)
        let le = Data([0xFF, 0xFE]) + Self.encoded(text, .utf16LE)
        #expect(try TextDecoder.decode(le, file: "a").encoding == .utf16LE)
        #expect(try TextDecoder.decode(le, file: "a").text == text)
        let be = Data([0xFE, 0xFF]) + Self.encoded(text, .utf16BE)
        #expect(try TextDecoder.decode(be, file: "a").text == text)
        // UTF-16 without a BOM is recognised by its NUL pattern.
        #expect(TextDecoder.detect(Self.encoded("Hello, world\n", .utf16LE)).first?.encoding == .utf16LE)
    }

    @Test func lineEndingsBecomeLineFeedsAndTextIsNFC() throws {
        let d = try TextDecoder.decode(Data("a\r\nb\rc\ne\u{301}".utf8), file: "a")
        #expect(d.text == "a\nb\nc\n\u{E9}")
        #expect(d.lineEnding == "\r\n")
    }

    @Test func invalidUTF8NamesTheByteOffsetAndLine() {
        var bytes = Data("第一行\n第二行".utf8)
        bytes.insert(0xFF, at: 10)  // after "第一行\n" (9 + 1 bytes)
        #expect {
            try TextDecoder.decode(bytes, file: "bad.txt", encoding: .utf8)
        } throws: { error in
            let e = error as! ChuhaiError
            return e.location?.byteOffset == 10 && e.location?.line == 2 && e.message.contains("byte 10") && e.hint != nil
        }
    }

    @Test func damagedUTF8IsReportedNotReadAsWindows1252() {
        var bytes = Data(Self.zhProse.utf8)
        bytes[20] = 0xFF
        #expect(TextDecoder.detect(bytes).first?.encoding == .utf8)
        #expect {
            try TextDecoder.decode(bytes, file: "damaged.txt")
        } throws: { error in
            (error as! ChuhaiError).location?.byteOffset == 18  // the damaged character starts at byte 18
        }
    }

    @Test func invalidGB18030IsAnErrorUnlessLossy() throws {
        var bytes = Self.encoded("灵石", .gb18030)
        bytes.append(contentsOf: [0x81, 0x20])  // a lead byte followed by an invalid trail byte
        #expect(throws: ChuhaiError.self) { try TextDecoder.decode(bytes, file: "x", encoding: .gb18030) }
        let lossy = try TextDecoder.decode(bytes, file: "x", encoding: .gb18030, lossy: true)
        #expect(lossy.text.hasPrefix("灵石"))
        #expect(!lossy.replacements.isEmpty)
    }

    @Test func encodingNamesAcceptCommonAliases() {
        #expect(TextEncoding(name: "GBK") == .gb18030)
        #expect(TextEncoding(name: "cp932") == .shiftJIS)
        #expect(TextEncoding(name: "latin1") == .windows1252)
        #expect(TextEncoding(name: "klingon") == nil)
    }

    @Test func foldingMapsOffsetsBack() {
        let original = "ＡＢＣ林Ｑｉ　Dong"
        let f = Normalizer.fold(original)
        #expect(f.text == "abc林qi dong")
        let r = f.text.utf8.firstRange(of: "qi".utf8)!
        let lo = f.text.utf8.distance(from: f.text.utf8.startIndex, to: r.lowerBound)
        let hi = f.text.utf8.distance(from: f.text.utf8.startIndex, to: r.upperBound)
        let back = f.originalRange(lo..<hi)
        let bytes = Array(original.utf8)
        #expect(String(decoding: bytes[back], as: UTF8.self) == "Ｑｉ")
    }

    @Test func languageGuess() {
        #expect(LanguageGuess.guess(Self.zhProse).language == "zh-Hans")
        #expect(LanguageGuess.guess(Self.zhTraditional).language == "zh-Hant")
        #expect(LanguageGuess.guess(Self.jaProse).language == "ja")
        #expect(LanguageGuess.guess(Self.koProse).language == "ko")
        #expect(LanguageGuess.guess("ภาษาไทยง่ายนิดเดียว").language == "th")
        #expect(LanguageGuess.guess("He smiled.").language == "en")
    }

    @Test func displayWidthCountsEastAsianWide() {
        #expect(TextMetrics.displayWidth("テスト") == 6)
        #expect(TextMetrics.displayWidth("abc") == 3)
        #expect(TextMetrics.displayWidth("e\u{301}") == 1)
        // Full-width forms are wide, half-width katakana narrow.
        #expect(TextMetrics.displayWidth("ＡＢ") == 4)
        #expect(TextMetrics.displayWidth("ｱｲ") == 2)
        #expect(TextMetrics.graphemes("👨‍👩‍👧好") == 2)
    }

    @Test func chineseScriptConversion() throws {
        #expect(try ChineseScript.traditional.convert("师姐说：灵气很浓。") == "師姐說：靈氣很濃。")
        #expect(try ChineseScript.simplified.convert("師姐說：靈氣很濃。\n第二行") == "师姐说：灵气很浓。\n第二行")
    }
}
