import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct MarkdownChapterReaderTests {
    /// One Markdown paragraph, rendered with `ChapterDump.marked`.
    func inline(_ markdown: String) throws -> String {
        let doc = try ChapterReader.read(data: Data(markdown.utf8), file: "t.md")
        return try ChapterDump.marked(#require(doc.chapters.first?.paragraphs.first))
    }

    @Test func novelFixture() throws {
        let url = Fixtures.url("fixtures/chapters/novel.md")
        let doc = try ChapterReader.read(url: url)
        #expect(doc.format == .markdown)
        #expect(doc.title == "青云问道")
        #expect(doc.author == "无名")
        #expect(ChapterDump.dump(doc.chapters, sources: true) == """
            ch0001 "第一章 山门试炼" @6
              p1 青云山高九千丈，{italic:终年}云雾缭绕。林青檀站在人群的{bold:最后面}。 @8:3
              p2 他想：{bold:“这就是青云宗？”}真高。{br}第二行。 @11:1
              p3 师父说：{italic:不可} 回头。 @14:1
              p4 h2 山脚 @16:1
              p5 第一件事 @18:1
              p6 第二件事 @19:1
              p7 Use {code:灵气} wisely, see {link=https://example.com/g?a=1:the glossary}. @23:1
            ch0002 "第二章 灵根" @25
              p1 {bold:{italic:Both}} and *not emphasis* and snake_case_name. @27:1
              p2 h2 Setext title @29:1

            """)
        #expect(doc.chapters[0].source.file == url.path)
    }

    @Test(arguments: [
        ("*a*", "{italic:a}"),
        ("_a_", "{italic:a}"),
        ("**a**", "{bold:a}"),
        ("__a__", "{bold:a}"),
        ("***a***", "{bold:{italic:a}}"),  // same range: spans of equal extent sort by style name
        ("**a *b* c**", "{bold:a {italic:b} c}"),
        ("*a **b** c*", "{italic:a {bold:b} c}"),
        ("***a** b*", "{italic:{bold:a} b}"),
        ("a * b * c", "a * b * c"),
        ("*foo**bar**baz*", "{italic:foo{bold:bar}baz}"),
        ("**foo*bar*baz**", "{bold:foo{italic:bar}baz}"),
        ("*foo**bar*", "{italic:foo**bar}"),
        ("foo***bar***baz", "foo{bold:{italic:bar}}baz"),
        ("a * foo bar*", "a * foo bar*"),
        ("_foo_bar", "_foo_bar"),
        ("a* a* a* *b*", "a* a* a* {italic:b}"),
        ("snake_case_word", "snake_case_word"),
        ("2*3*4", "2{italic:3}4"),
        ("**unclosed", "**unclosed"),
        ("\\*lit\\*", "*lit*"),
        ("`a *b*`", "{code:a *b*}"),
        ("`` a`b ``", "{code:a`b}"),
        ("[x](<u v>)", "{link=u v:x}"),
        ("[x](u \"title\")", "{link=u:x}"),
        ("这是**重要**的", "这是{bold:重要}的"),
        ("**“重要”**的事", "{bold:“重要”}的事"),
        ("line one  \nline two", "line one{br}line two"),
        ("line one\\\nline two", "line one{br}line two"),
        ("soft\nbreak", "soft break"),
        ("中文\n换行", "中文换行"),
        ("　　缩进的段落　", "缩进的段落"),
        ("a &amp; b &#x6751;&#26449; &hellip; &bogus; & x", "a & b 村村 … &bogus; & x"),
    ])
    func inlineMarkup(_ markdown: String, _ expected: String) throws {
        #expect(try inline(markdown) == expected)
    }

    @Test func spansAreUTF8ByteRanges() throws {
        let doc = try ChapterReader.read(data: Data("他说：*你好*。".utf8), file: "t.md")
        let p = try #require(doc.chapters.first?.paragraphs.first)
        #expect(p.text == "他说：你好。")
        #expect(p.spans == [InlineSpan(start: "他说：".utf8.count, end: "他说：你好".utf8.count, style: .italic)])
    }

    @Test func headingsSplitAtTheShallowestLevel() throws {
        let md = "## 第一章\n\n正文一\n\n### 小节\n\n正文二\n\n## 第二章\n\n正文三\n"
        let doc = try ChapterReader.read(data: Data(md.utf8), file: "t.md")
        #expect(doc.chapters.map(\.title) == ["第一章", "第二章"])
        #expect(doc.chapters[0].paragraphs.map(\.headingLevel) == [nil, 3, nil])
        let byLevel3 = try ChapterReader.read(data: Data(md.utf8), file: "t.md", options: .init(splitLevel: 3))
        #expect(byLevel3.chapters.map(\.title) == [nil, "小节"])
    }

    @Test func withoutHeadingsTextHeadingFormsSplit() throws {
        let md = "第一章 山门\n\n正文一\n\n第二章 灵根\n\n正文二\n"
        let doc = try ChapterReader.read(data: Data(md.utf8), file: "t.md")
        #expect(doc.chapters.map(\.title) == ["第一章 山门", "第二章 灵根"])
        #expect(doc.chapters.map { $0.paragraphs.map(\.text) } == [["正文一"], ["正文二"]])
    }

    @Test func fencedCodeIsKeptVerbatim() throws {
        let md = "# T\n\n```\n*not* emphasis\n  indented\n```\n"
        let doc = try ChapterReader.read(data: Data(md.utf8), file: "t.md")
        #expect(ChapterDump.marked(doc.chapters[0].paragraphs[0]) == "{code:*not* emphasis{br}  indented}")
    }
}
