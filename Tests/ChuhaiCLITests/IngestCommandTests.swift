import Foundation
import Testing
import ChuhaiTestSupport

@Suite struct IngestCommandTests {
    @Test func listsChaptersOfADemoFile() throws {
        let r = try CLI.run(["ingest", "fixtures/demo/novel/zh-Hans/001.txt"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("fixtures/demo/novel/zh-Hans/001.txt: text (UTF-8), 1 chapter, "))
        #expect(lines[1].hasPrefix("ch0001 第一章 山门试炼 — "))
        #expect(lines[1].hasSuffix("(line 1)"))
        #expect(r.stderr.isEmpty)
    }

    @Test func paragraphsShowMarkupAndIdsRunOnAcrossFiles() throws {
        let r = try CLI.run(["ingest", "--paragraphs", "fixtures/chapters/gb18030.txt", "fixtures/chapters/novel.md"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("fixtures/chapters/gb18030.txt: text (GB18030), 2 chapters, 3 paragraphs\n"))
        #expect(r.stdout.contains("ch0001 第一章 山门试炼 — 2 paragraphs, 24 characters (line 1)\n  p1 青云山高九千丈，终年云雾缭绕。\n"))
        #expect(r.stdout.contains("ch0003 第一章 山门试炼 — 7 paragraphs"))
        #expect(r.stdout.contains("  p2 他想：**“这就是青云宗？”**真高。↵第二行。\n"))
        #expect(r.stdout.contains("  p4 h2 山脚\n"))
    }

    @Test func jsonCarriesChaptersSpansAndLocations() throws {
        let r = try CLI.run(["ingest", "--format", "json", "fixtures/chapters/chapter.xhtml"])
        #expect(r.status == 0)
        let root = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let docs = try #require(root["documents"] as? [[String: Any]])
        #expect(docs.count == 1)
        #expect(docs[0]["format"] as? String == "xhtml")
        let chapters = try #require(docs[0]["chapters"] as? [[String: Any]])
        #expect(chapters[0]["id"] as? String == "ch0001")
        #expect(chapters[0]["title"] as? String == "第二章 灵根")
        let p1 = try #require((chapters[0]["paragraphs"] as? [[String: Any]])?.first)
        #expect(p1["text"] as? String == "测灵石亮了。")
        let span = try #require((p1["spans"] as? [[String: Any]])?.first)
        #expect(span["style"] as? String == "italic")
        #expect(span["start"] as? Int == "测灵石".utf8.count)
        #expect((p1["source"] as? [String: Any])?["line"] as? Int == 7)
        #expect((root["failed"] as? [String])?.isEmpty == true)
    }

    @Test func headingPatternSplitsAtUserHeadings() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("vol.txt")
        try Data("卷一 雪夜\n　　雪下了。\n卷二 春山\n　　花开了。\n".utf8).write(to: file)
        let plain = try CLI.run(["ingest", file.path])
        #expect(plain.stdout.contains("1 chapter,"))
        let first = try CLI.run(["ingest", "--first-line-title", file.path])
        #expect(first.stdout.contains("ch0001 卷一 雪夜 — 3 paragraphs"))
        let r = try CLI.run(["ingest", "--heading-pattern", "^卷[一二三]\\s.*$", file.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("ch0001 卷一 雪夜 — 1 paragraph"))
        #expect(r.stdout.contains("ch0002 卷二 春山 — 1 paragraph"))
    }

    @Test func badFilesAreReportedAndTheRestStillRead() throws {
        let r = try CLI.run(["ingest", "fixtures/bad/chapters/not-a-zip.docx", "fixtures/chapters/no-headings.txt",
                             "fixtures/bad/chapters/scan.pdf"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("fixtures/chapters/no-headings.txt: text (UTF-8), 1 chapter, 2 paragraphs"))
        #expect(r.stderr.contains("fixtures/bad/chapters/not-a-zip.docx: error[ingest]: not a DOCX: the file is not a zip archive"))
        #expect(r.stderr.contains("fixtures/bad/chapters/scan.pdf: error[ingest]: unsupported format .pdf"))
    }

    @Test func failFastStopsAtTheFirstBadFile() throws {
        let r = try CLI.run(["ingest", "--fail-fast", "fixtures/bad/chapters/scan.pdf", "fixtures/chapters/no-headings.txt"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("fixtures/bad/chapters/scan.pdf: error: unsupported format .pdf"))
    }

    @Test func usageErrorsExitTwo() throws {
        let pattern = try CLI.run(["ingest", "--heading-pattern", "第(", "fixtures/chapters/novel.txt"])
        #expect(pattern.status == 2)
        #expect(pattern.stderr.contains("invalid heading pattern '第('"))
        let level = try CLI.run(["ingest", "--split-level", "9", "fixtures/chapters/novel.md"])
        #expect(level.status == 2)
        #expect(level.stderr.contains("--split-level must be 1 to 6"))
        let encoding = try CLI.run(["ingest", "--encoding", "klingon", "fixtures/chapters/novel.txt"])
        #expect(encoding.status == 2)
    }

    @Test func warningsGoToStandardErrorAndExitZero() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("c.xhtml")
        try Data("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n<p>一<p>二</body></html>".utf8).write(to: file)
        let r = try CLI.run(["ingest", file.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("c.xhtml:2:"))
        #expect(r.stderr.contains("warning[ingest.xhtml]"))
    }

    @Test func helpHasExamples() throws {
        let r = try CLI.run(["ingest", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("chuhai ingest --paragraphs"))
    }
}
