import Foundation
import Testing
@testable import ChuhaiKit
import ChuhaiTestSupport

@Suite struct HTMLChapterReaderTests {
    func read(_ html: String, file: String = "t.html") throws -> ChapterDocument {
        try ChapterReader.read(data: Data(html.utf8), file: file)
    }

    @Test func parseHTMLRepairsTagSoupAndDecodesEntities() throws {
        let doc = try XML.parseHTML("<P>a &amp; b&nbsp;&#x4E2D;<b>x<i>y</b>z</i>\n<p>next", file: "s.html")
        #expect(doc.root.name == "html")
        #expect(doc.root.namespace == nil)
        let ps = doc.root.descendants(named: "p")
        #expect(ps.count == 2)
        #expect(ps[0].textContent.hasPrefix("a & b\u{00A0}中xy"))
        #expect(ps[1].line == 2)
        #expect(ps[1].textContent == "next")
    }

    @Test func parseHTMLNeverFetchesOrExpandsExternalEntities() throws {
        let html = "<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><p>a&x;b</p>"
        let doc = try XML.parseHTML(html, file: "x.html")
        #expect(!doc.root.textContent.contains("root:"))
    }

    @Test func parseHTMLOfNothingIsAnEmptyDocument() throws {
        let doc = try XML.parseHTML("", file: "e.html")
        #expect(doc.root.textContent.isEmpty)
    }

    @Test func hostileNestingIsRefusedNotACrash() throws {
        let deep = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n" + String(repeating: "<div>", count: 50_000) + "x"
            + String(repeating: "</div>", count: 50_000) + "</body></html>"
        #expect {
            try ChapterReader.read(data: Data(deep.utf8), file: "deep.xhtml")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.message.contains("elements nest more than 256 deep") && e.location?.file == "deep.xhtml" && e.location?.line == 2
        }
        #expect {
            try ChapterReader.read(data: Data(deep.utf8), file: "deep.html")
        } throws: { error in
            (error as! ChuhaiError).message == "elements nest more than \(XML.maxDepth) deep"
        }
    }

    @Test func deepButAllowedNestingReadsOnAConcurrencyThread() async throws {
        let deep = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>" + String(repeating: "<div><b>", count: 120) + "x"
            + String(repeating: "</b></div>", count: 120) + "</body></html>"
        for file in ["d.xhtml", "d.html"] {
            let doc = try await Task.detached { try ChapterReader.read(data: Data(deep.utf8), file: file) }.value
            #expect(doc.chapters.map { $0.paragraphs.map(\.text) } == [["x"]])
            #expect(doc.chapters[0].paragraphs[0].spans.map(\.style) == [.bold])
        }
    }

    @Test func chapterFixture() throws {
        let url = Fixtures.url("fixtures/chapters/chapter.html")
        let doc = try ChapterReader.read(url: url)
        #expect(doc.format == .html)
        #expect(doc.title == "青云问道 第一章")
        #expect(doc.language == "zh-Hans")
        #expect(ChapterDump.dump(doc.chapters, sources: true) == """
            ch0001 "第一章 山门试炼" @11
              p1 青云山高九千丈，{italic:终年}云雾缭绕。 @12
              p2 林青檀站在{bold:人群的最后面}\u{00A0}&完…{br}第二行 @13
              p3 {ruby=lín:林}青檀 {italic:said} {bold:loudly} and {underline:clearly}. @16
              p4 Unclosed paragraph @18
              p5 第一段 @19
              p6 第二段{br}同段 @19
              p7 h2 第二节 @20
              p8 {bold:粗体}{link=https://example.com:链接} @21

            """)
        #expect(doc.chapters[0].paragraphs[0].source?.file == url.path)
    }

    @Test func scriptsStylesAndNavigationAreNotText() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/chapter.html"))
        let all = doc.chapters.flatMap(\.paragraphs).map(\.text).joined()
        #expect(!all.contains("not text"))
        #expect(!all.contains("text-indent"))
        #expect(!all.contains("上一章"))
    }

    @Test func xhtmlIsParsedAsXML() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/chapter.xhtml"))
        #expect(doc.format == .xhtml)
        #expect(doc.diagnostics.isEmpty)
        #expect(ChapterDump.dump(doc.chapters) == """
            ch0001 "第二章 灵根"
              p1 测灵石{italic:亮了}。
              p2 众人哗然。

            """)
    }

    @Test func malformedXHTMLFallsBackToTheHTMLParserWithAWarning() throws {
        let xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n<p>一<p>二</body></html>"
        let doc = try ChapterReader.read(data: Data(xhtml.utf8), file: "c.xhtml")
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["一", "二"])
        #expect(doc.diagnostics.count == 1)
        #expect(doc.diagnostics[0].severity == .warning)
        #expect(doc.diagnostics[0].location.file == "c.xhtml")
        #expect(doc.diagnostics[0].location.line == 2)
        #expect(doc.diagnostics[0].message.contains("forgiving HTML parser"))
    }

    @Test func declaredCharsetIsHonoured() throws {
        let doc = try ChapterReader.read(url: Fixtures.url("fixtures/chapters/gbk-page.html"))
        #expect(doc.encoding == .gb18030)
        #expect(doc.chapters[0].title == "第三章")
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["丹田里有一团灵气。", "他笑了。"])
    }

    @Test func whitespaceCollapsesButNotBetweenCJKLines() throws {
        let doc = try read("<p>  hello\n   world  </p><p>山\n门</p><p>한국\n어</p>")
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["hello world", "山门", "한국 어"])
    }

    @Test func spaceBeforeInlineElementStaysOutsideIt() throws {
        let doc = try read("<p>a <em> b</em> c</p>")
        let p = doc.chapters[0].paragraphs[0]
        #expect(p.text == "a b c")
        #expect(ChapterDump.marked(p) == "a {italic:b} c")
    }

    @Test func preservesPreformattedText() throws {
        let doc = try read("<pre>  line 1\n    line 2</pre>")
        #expect(ChapterDump.marked(doc.chapters[0].paragraphs[0]) == "  line 1{br}    line 2")
    }

    @Test func headingsSplitChaptersAndDeeperOnesStay() throws {
        let doc = try read("<h1>书名</h1><p>简介</p><h2>第一章</h2><p>一</p><h2>第二章</h2><p>二</p>", file: "b.html")
        // h1 is the shallowest level: it alone splits; the h2 headings stay inside as headings.
        #expect(doc.chapters.count == 1)
        #expect(doc.chapters[0].paragraphs.map(\.headingLevel) == [nil, 2, nil, 2, nil])
        let byH2 = try ChapterReader.read(data: Data("<h1>书名</h1><p>简介</p><h2>第一章</h2><p>一</p><h2>第二章</h2><p>二</p>".utf8),
                                          file: "b.html", options: .init(splitLevel: 2))
        #expect(byH2.chapters.map(\.title) == [nil, "第一章", "第二章"])
        #expect(byH2.chapters[0].paragraphs.map(\.text) == ["书名", "简介"])
    }

    @Test func lineBreakInAHeadingIsASpaceInTheTitle() throws {
        let doc = try read("<h1>第一章<br/>山门试炼</h1><p>正文</p>")
        #expect(doc.chapters[0].title == "第一章 山门试炼")
    }

    @Test func pageWithoutHeadingsIsTitledByItsTitleElement() throws {
        let doc = try read("<html><head><title>番外</title></head><body><p>正文</p></body></html>")
        #expect(doc.chapters.map(\.title) == ["番外"])
    }
}

@Suite struct DeclaredEncodingTests {
    @Test func gbkXHTMLIsDecodedOnceByItsDeclaration() throws {
        let xhtml = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>第一章</h1><p>灵气</p></body></html>"
        let data = Data(try #require(ICU.encode(Array(xhtml.utf16), charset: "GB18030", lossy: false)))
        let doc = try ChapterReader.read(data: data, file: "gbk.xhtml")
        #expect(doc.encoding == .gb18030)
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.chapters[0].title == "第一章")
        #expect(doc.chapters[0].paragraphs.map(\.text) == ["灵气"])
    }

    @Test func declarationsAreRead() {
        #expect(HTMLChapterReader.declaredEncoding(Data("<?xml version='1.0' encoding='big5'?><html/>".utf8)) == .big5)
        #expect(HTMLChapterReader.declaredEncoding(Data("<meta charset=\"GB2312\">".utf8)) == .gb18030)
        #expect(HTMLChapterReader.declaredEncoding(Data("<html><p>charset</p>".utf8)) == nil)
        #expect(HTMLChapterReader.declaringUTF8("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>") == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>")
    }
}
