import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct ChapterNumberingTests {
    @Test(arguments: [
        ("第一章 山门", "章", 1), ("第十章", "章", 10), ("第十二章", "章", 12), ("第二十章", "章", 20), ("第一百零三章", "章", 103),
        ("第一百二十三章剑意", "章", 123), ("第两千零一章", "章", 2001), ("第一万二千章", "章", 12000), ("第二〇二三章", "章", 2023),
        ("第12章", "章", 12), ("第１２章", "章", 12), ("第 3 章 夜", "章", 3), ("第十回 入门", "回", 10), ("第3节", "节", 3),
        ("【第五章】", "章", 5), ("第贰拾章", "章", 20), ("Chapter 12", "chapter", 12), ("CHAPTER XII", "chapter", 12),
        ("Chapter XIV: Snow", "chapter", 14), ("Chapter Twenty-One - Sword", "chapter", 21), ("chapter forty", "chapter", 40),
    ])
    func parsesNumbers(_ title: String, _ unit: String, _ number: Int) throws {
        let parsed = try #require(ChapterNumbering.parse(title))
        #expect(parsed.unit == unit)
        #expect(parsed.number == number)
    }

    @Test(arguments: ["序章", "楔子", "番外一", "第几章", "Prologue", "Chapter"])
    func unnumberedHeadings(_ title: String) {
        #expect(ChapterNumbering.parse(title) == nil)
    }

    func chapters(_ titles: [String]) -> [Chapter] {
        titles.enumerated().map { i, t in
            Chapter(id: Chapter.id(for: i + 1), number: i + 1, title: t, paragraphs: [], source: SourceLocation(file: "n.txt", line: i + 1))
        }
    }

    @Test func gapsRepeatsAndReversalsAreWarnedAtTheChapter() {
        let d = ChapterNumbering.diagnostics(chapters([
            "序章", "第一章", "第二章", "第四章", "第四章 重复", "第七章", "第三章", "第一卷", "第一章 新卷", "第二章", "番外",
        ]))
        #expect(d.map(\.message) == [
            "'第四章' follows '第二章': number 3 is missing",
            "'第四章 重复' repeats the number of '第四章'",
            "'第七章' follows '第四章 重复': number 5–6 is missing",
            "'第三章' comes after '第七章': numbers go backwards",
        ])
        #expect(d.map(\.location.line) == [4, 5, 6, 7])
        #expect(d.allSatisfy { $0.severity == .warning && $0.rule == "ingest.numbering" })
    }

    @Test func readWorkReportsAMissingChapterAcrossFiles() throws {
        let files = [1, 2, 4].map { Fixtures.url("fixtures/demo/novel/zh-Hans/00\($0).txt").path }
        let ingest = try ChapterReader.readWork(files: files, workID: "qingyun", language: "zh-Hans")
        #expect(ingest.diagnostics.map(\.rule) == ["ingest.numbering"])
        #expect(ingest.diagnostics.first?.location.file == files[2])
        #expect(ingest.diagnostics.first?.message.contains("number 3 is missing") == true)
        #expect(!ingest.hasErrors)
    }
}
