import Testing
@testable import ChuhaiKit

@Suite struct HeadingMatcherTests {
    static let matcher = try! HeadingMatcher()

    @Test(arguments: [
        "第一章", "第一章 山门试炼", "第1章", "第１章 全角数字", "第 12 章 灵根", "第一百二十三章", "第一百二十三章剑意",
        "第两千零一章 终局", "第十回", "第十回 入门", "第3节", "第3节 夜课", "第二卷 风起", "第五集：重逢", "第一部", "第三话 她",
        "【第一章】山门", "序章", "序章 风起", "序", "楔子", "引子", "前言", "番外", "番外一：师姐", "番外篇 后日谈", "尾声",
        "后记", "後記", "终章", "完本感言", "Chapter 12", "chapter 1: The Gate", "CHAPTER XII", "Chapter Twenty-One - Sword Intent",
        "Ch. 3", "Chapter 4 The Long Night", "Prologue", "Epilogue: Snow", "AFTERWORD",
        "Capítulo 1: La prueba de la puerta de la montaña", "Chapitre 3", "Kapitel IV – Der Berg", "Глава 5. Снег", "Bab 6",
        "Chương 7: Núi", "Prólogo", "บทที่ 8", "제9장 산문",
    ])
    func headings(_ line: String) {
        #expect(Self.matcher.isHeading(line), "\(line) should be a heading")
    }

    @Test(arguments: [
        "第三回合，他又输了。", "第一章的内容，他早已背熟。", "第一节课上，先生讲了丹田。", "第一次见到师父", "第二天", "第三章了",
        "序列号", "尾声渐起的钟鸣", "后记得", "Chapter 12 was the one he feared.", "chapters are long", "Prologues bore me.",
        "他读到了第一章。", "", "Capítulo 2 fue el peor.", "Bab ini panjang", String(repeating: "第一章", count: 27),
    ])
    func notHeadings(_ line: String) {
        #expect(!Self.matcher.isHeading(line), "\(line) should not be a heading")
    }

    @Test func userPatternsAddToOrReplaceTheBuiltInForms() throws {
        let both = try HeadingMatcher(patterns: ["^卷[一二三四五六七八九十]+.*$"])
        #expect(both.isHeading("卷三 雪夜"))
        #expect(both.isHeading("第一章"))
        let only = try HeadingMatcher(patterns: ["^\\d{3}$"], builtIn: false)
        #expect(only.isHeading("007"))
        #expect(!only.isHeading("第一章"))
        #expect(!only.isHeading("0071"))
    }

    @Test func invalidPatternNamesItAndSaysWhatToGive() {
        #expect {
            try HeadingMatcher(patterns: ["第(章"])
        } throws: { error in
            let e = error as! ChuhaiError
            return e.message == "invalid heading pattern '第(章'" && e.hint?.contains("ICU regular expression") == true
        }
    }
}
