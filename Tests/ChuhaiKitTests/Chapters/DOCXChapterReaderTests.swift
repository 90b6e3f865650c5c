import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct DOCXChapterReaderTests {
    static let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    /// A minimal DOCX holding `body` (the children of `w:body`).
    func docx(_ body: String, styles: String? = nil) throws -> Data {
        var parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("word/document.xml", "<?xml version=\"1.0\"?><w:document \(Self.w)><w:body>\(body)</w:body></w:document>"),
        ]
        if let styles { parts.append(("word/styles.xml", "<?xml version=\"1.0\"?><w:styles \(Self.w)>\(styles)</w:styles>")) }
        return try ZipFixture.zip(parts)
    }

    @Test func novelFixture() throws {
        let url = try ZipFixture.write(folder: Fixtures.url("fixtures/chapters/docx/novel"), as: "novel.docx")
        let doc = try ChapterReader.read(url: url)
        #expect(doc.format == .docx)
        #expect(doc.title == "青云问道")
        #expect(doc.author == "无名")
        #expect(doc.language == "zh-CN")
        #expect(ChapterDump.dump(doc.chapters) == """
            ch0001 -
              p1 作者的话：感谢阅读。
            ch0002 "第一章 山门试炼"
              p1 青云山高九千丈，{italic:终年{bold:云雾}}{bold:缭绕}。
              p2 不是斜体{br}第二行插入的{link=https://example.com/qingyun:链接}
              p3 h2 山脚
              p4 表格里的字
            ch0003 "第二章 灵根"
              p1 {underline:测灵石}亮了。

            """)
        // Locations point into the document part.
        #expect(doc.chapters[1].source == SourceLocation(file: url.path + "!word/document.xml", line: 5))
    }

    @Test func spansOfSplitRunsMergeAndNest() throws {
        // Word splits runs at every edit: i(ab) i+b(cd) b(ef) must come back as nested spans.
        let body = """
            <w:p><w:r><w:rPr><w:i/></w:rPr><w:t>ab</w:t></w:r><w:r><w:rPr><w:i/><w:b/></w:rPr><w:t>cd</w:t></w:r>\
            <w:r><w:rPr><w:b/></w:rPr><w:t>ef</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>gh</w:t></w:r></w:p>
            """
        let doc = try ChapterReader.read(data: docx(body), file: "s.docx")
        let p = doc.chapters[0].paragraphs[0]
        #expect(p.text == "abcdefgh")
        #expect(p.spans == [
            InlineSpan(start: 0, end: 4, style: .italic),
            InlineSpan(start: 2, end: 4, style: .bold),
            InlineSpan(start: 4, end: 8, style: .bold),
        ])
    }

    @Test func chineseHeadingStyleNamesAndOutlineLevels() throws {
        let styles = """
            <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="x"><w:name w:val="Chapter"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            """
        let body = """
            <w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>第一章</w:t></w:r></w:p><w:p><w:r><w:t>一</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="x"/></w:pPr><w:r><w:t>第二章</w:t></w:r></w:p><w:p><w:r><w:t>二</w:t></w:r></w:p>
            <w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>第三章</w:t></w:r></w:p><w:p><w:r><w:t>三</w:t></w:r></w:p>
            """
        let doc = try ChapterReader.read(data: docx(body, styles: styles), file: "h.docx")
        #expect(doc.chapters.map(\.title) == ["第一章", "第二章", "第三章"])
        #expect(doc.chapters.map { $0.paragraphs.map(\.text) } == [["一"], ["二"], ["三"]])
    }

    @Test func withoutHeadingStylesTextHeadingsSplit() throws {
        let body = ["第一章 山门", "　　他来了。", "第二章 灵根", "　　石头亮了。"]
            .map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined()
        let doc = try ChapterReader.read(data: docx(body), file: "t.docx")
        #expect(doc.chapters.map(\.title) == ["第一章 山门", "第二章 灵根"])
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["他来了。"])
    }

    @Test func offValuesAndDeletionsAreRespected() throws {
        let body = """
            <w:p><w:r><w:rPr><w:b w:val="false"/><w:i w:val="0"/></w:rPr><w:t>plain</w:t></w:r>\
            <w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:tab/><w:t>x</w:t></w:r></w:p>
            """
        let doc = try ChapterReader.read(data: docx(body), file: "o.docx")
        #expect(doc.chapters[0].paragraphs[0].text == "plain x")
        #expect(doc.chapters[0].paragraphs[0].spans.isEmpty)
    }
}
