import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct TextChapterReaderTests {
    @Test func singleFileNovelSplitsAtEveryHeadingForm() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/novel.txt"))
        #expect(doc.format == .text)
        #expect(doc.encoding == .utf8)
        #expect(doc.chapters.map(\.title) == [
            nil, "序章 风起", "第一章 山门试炼", "第2章　灵根", "第 3 章 第三回合", "第一百二十三章剑意", "第十回 入门", "第3节 夜课",
            "楔子", "番外一：师姐", "尾声", "后记",
        ])
        #expect(doc.chapters.map(\.id) == (1...12).map { Chapter.id(for: $0) })
        #expect(doc.chapters.map(\.number) == Array(1...12))
        #expect(doc.title == "青云问道")
        #expect(doc.author == "无名")
        // Front matter (title page) kept as an untitled first chapter.
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["书名：青云问道", "作者：无名"])
        // Indentation and blank lines dropped; prose starting like a heading stays prose.
        let ch1 = doc.chapters[2]
        #expect(ch1.paragraphs.map(\.text) == ["青云山高九千丈，终年云雾缭绕。", "林青檀站在人群的最后面。", "“你也来试炼？”少女问道。"])
        #expect(ch1.paragraphs.map(\.id) == ["p1", "p2", "p3"])
        #expect(doc.chapters[4].paragraphs.map(\.text) == ["第三回合，他又输了。", "第一章的内容，他早已背熟。"])
        #expect(doc.chapters[7].paragraphs.map(\.text) == ["第一节课上，先生讲了丹田。"])
    }

    @Test func locationsNameFileLineAndColumnAfterIndentation() throws {
        let url = Fixtures.url("fixtures/chapters/novel.txt")
        let doc = try ChapterReader.read(url: url)
        let ch1 = doc.chapters[2]
        #expect(ch1.source == SourceLocation(file: url.path, line: 7, column: 1))
        #expect(ch1.paragraphs[0].source == SourceLocation(file: url.path, line: 8, column: 3))
        #expect(ch1.paragraphs[2].source?.line == 11)
    }

    @Test func frontMatterCanBeDroppedWithANote() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/novel.txt"), options: .init(frontMatter: .drop))
        #expect(doc.chapters.first?.title == "序章 风起")
        #expect(doc.chapters.first?.id == "ch0001")
        #expect(doc.diagnostics.map(\.rule) == ["ingest.front-matter"])
        #expect(doc.diagnostics.first?.location.line == 1)
    }

    @Test func perChapterDemoFileIsOneChapterTitledByItsFirstLine() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/demo/novel/zh-Hans/001.txt"))
        #expect(doc.chapters.count == 1)
        #expect(doc.chapters[0].title == "第一章 山门试炼")
        #expect(doc.chapters[0].paragraphs.count > 5)
        #expect(doc.chapters[0].paragraphs.allSatisfy { !$0.text.hasPrefix("　") && !$0.text.isEmpty })
    }

    @Test func everyDemoChapterInEveryLanguageIsOneChapterTitledByItsFirstLine() throws {
        let root = Fixtures.url("fixtures/demo/novel")
        var checked = 0
        for lang in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let folder = root.appendingPathComponent(lang)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".txt") {
                let url = folder.appendingPathComponent(name)
                let firstLine = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").first.map(String.init)
                let doc = try ChapterReader.read(url: url)
                #expect(doc.chapters.count == 1, "\(lang)/\(name)")
                #expect(doc.chapters.first?.title == firstLine, "\(lang)/\(name)")
                checked += 1
            }
        }
        #expect(checked >= 12)
    }

    @Test func firstLineIsTitleTakesAnyFirstLineAndNeverSplits() throws {
        let text = "\n　　山门试炼\n　　他来了。\n第二章 灵根\n"
        let doc = try ChapterReader.read(data: Data(text.utf8), file: "001.txt", options: .init(firstLineIsTitle: true))
        #expect(doc.chapters.count == 1)
        #expect(doc.chapters[0].title == "山门试炼")
        #expect(doc.chapters[0].source.line == 2)
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["他来了。", "第二章 灵根"])
    }

    @Test func titleAndAuthorComeOnlyFromLabelledFrontMatter() throws {
        let labelled = "书名：《青云问道》\n作者: 无名\n简介：修仙。\n第一章 山门\n　　正文。\n"
        let doc = try ChapterReader.read(data: Data(labelled.utf8), file: "a.txt")
        #expect(doc.title == "青云问道")
        #expect(doc.author == "无名")
        // In a file with no headings the lines are the story, not a title page.
        let story = try ChapterReader.read(data: Data("作者：无名\n他走了。\n".utf8), file: "b.txt")
        #expect(story.author == nil)
    }

    @Test func fileWithoutHeadingsIsOneUntitledChapter() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/no-headings.txt"))
        #expect(doc.chapters.count == 1)
        #expect(doc.chapters[0].title == nil)
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["他推开门。", "门外是雪。"])
        #expect(doc.chapters[0].paragraphs[1].source?.line == 3)
    }

    @Test(arguments: [("gb18030.txt", TextEncoding.gb18030, "第一章 山门试炼", "青云山高九千丈，终年云雾缭绕。"),
                      ("big5.txt", TextEncoding.big5, "第一章 山門試煉", "青雲山高九千丈，終年雲霧繚繞。")])
    func legacyEncodingsAreDetected(file: String, encoding: TextEncoding, title: String, first: String) throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/" + file))
        #expect(doc.encoding == encoding)
        #expect(doc.chapters.count == 2)
        #expect(doc.chapters[0].title == title)
        #expect(doc.chapters[0].paragraphs.first?.text == first)
        #expect(doc.chapters.allSatisfy { c in c.paragraphs.allSatisfy { !$0.text.contains("\u{FFFD}") } })
    }

    @Test func gb18030WithCRLFKeepsLineNumbers() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/gb18030.txt"))
        #expect(doc.chapters[0].paragraphs.map { $0.source?.line } == [3, 4])
        #expect(doc.chapters[1].source.line == 5)
    }

    @Test func englishHeadings() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/english.txt"))
        #expect(doc.chapters.map(\.title) == ["Prologue", "Chapter 1: The Gate", "CHAPTER XII", "Chapter Twenty-One - Sword Intent", "Epilogue"])
        #expect(doc.chapters[1].paragraphs.map(\.text) == ["Lin Qingtan stood at the back.", "Chapter 12 was the one he feared, he thought."])
    }

    @Test func userHeadingPatternSplitsToo() throws {
        let text = "卷一 雪夜\n　　雪下了。\n卷二 春山\n　　花开了。\n"
        let doc = try ChapterReader.read(data: Data(text.utf8), file: "vol.txt", options: .init(headingPatterns: ["^卷[一二三]\\s.*$"]))
        #expect(doc.chapters.map(\.title) == ["卷一 雪夜", "卷二 春山"])
        let plain = try ChapterReader.read(data: Data(text.utf8), file: "vol.txt")
        #expect(plain.chapters.count == 1)
    }

    @Test func headingWithoutBodyStaysItsOwnChapter() throws {
        let text = "第一卷 风起\n第一章 山门\n　　他来了。\n第二章 灵根\n"
        let doc = try ChapterReader.read(data: Data(text.utf8), file: "v.txt")
        #expect(doc.chapters.map(\.title) == ["第一卷 风起", "第一章 山门", "第二章 灵根"])
        #expect(doc.chapters.map(\.paragraphs.count) == [0, 1, 0])
    }

    @Test func firstNumberContinuesACount() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/gb18030.txt"), firstNumber: 7)
        #expect(doc.chapters.map(\.id) == ["ch0007", "ch0008"])
        #expect(doc.chapters.map(\.number) == [7, 8])
    }

    @Test func utf8WithOneBadByteIsNotReadAsMojibake() {
        let data = Data("第一章 山门\n　　他好。\n".utf8) + Data([0xFF]) + Data("他好。\n".utf8)
        #expect {
            try ChapterReader.read(data: data, file: "c.txt")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.location == SourceLocation(file: "c.txt", line: 3, byteOffset: 33) && e.message.contains("invalid UTF-8")
        }
        // With the encoding given, the user's choice stands.
        #expect((try? ChapterReader.read(data: data, file: "c.txt", options: .init(encoding: .windows1252))) != nil)
    }
}
