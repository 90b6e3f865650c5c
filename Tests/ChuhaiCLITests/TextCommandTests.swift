import Foundation
import Testing
import ChuhaiTestSupport

@Suite struct TextCommandTests {
    @Test func segmentReadsStandardInputAsText() throws {
        let r = try CLI.run(["segment", "-"], stdin: Data("他站在山顶。“你来了？”\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "他站在山顶。\n“你来了？”\n")
    }

    @Test func segmentJSONLCarriesUTF8OffsetsAndParagraphs() throws {
        let input = "第一章\n他笑了。她也笑了。\n"
        let r = try CLI.run(["segment", "--format", "jsonl", "--lang", "zh", "-"], stdin: Data(input.utf8))
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 3)
        #expect(lines[1]["text"] as? String == "他笑了。")
        #expect(lines[1]["start"] as? Int == "第一章\n".utf8.count)
        #expect(lines[1]["end"] as? Int == "第一章\n他笑了。".utf8.count)
        #expect(lines[2]["paragraph"] as? Int == 2)
    }

    @Test func segmentDecodesGB18030Files() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("gbk.txt")
        // "他笑了。好！" in GB18030.
        try Data([0xCB, 0xFB, 0xD0, 0xA6, 0xC1, 0xCB, 0xA1, 0xA3, 0xBA, 0xC3, 0xA3, 0xA1]).write(to: file)
        let r = try CLI.run(["segment", file.path])
        #expect(r.status == 0)
        #expect(r.stdout == "他笑了。\n好！\n")
    }

    @Test func missingFileExitsTwoNamingIt() throws {
        let r = try CLI.run(["segment", "no/such/file.txt"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no/such/file.txt"))
    }

    @Test func aFolderIsNotAFile() throws {
        let r = try CLI.run(["segment", "fixtures"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("fixtures: error: is a folder, not a file"))
    }

    @Test func invalidBytesExitTwoWithOffset() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.txt")
        try Data("好\n".utf8 + [0xFF, 0xFE, 0x41]).write(to: file)
        let r = try CLI.run(["segment", "--encoding", "utf-8", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("byte 4"))
        #expect(r.stderr.contains("--encoding"))
    }

    @Test func unknownEncodingIsAUsageError() throws {
        let r = try CLI.run(["segment", "--encoding", "klingon", "-"], stdin: Data())
        #expect(r.status == 2)
        #expect(r.stderr.contains("klingon"))
    }

    @Test func romanizeAndConvert() throws {
        let r = try CLI.run(["text", "romanize", "林青檀", "慕容雪", "解长风"])
        #expect(r.stdout == "Lin Qingtan\nMurong Xue\nXie Changfeng\n")
        let c = try CLI.run(["text", "convert", "-", "--to", "zh-Hant"], stdin: Data("灵气".utf8))
        #expect(c.stdout == "靈氣")
        let bad = try CLI.run(["text", "convert", "-", "--to", "zh-XX"], stdin: Data())
        #expect(bad.status == 2)
    }

    @Test func detectReportsEncodingAndLanguage() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("big5.txt")
        // "師兄說：「靈氣很濃。」" in Big5.
        try Data([0xAE, 0x76, 0xA5, 0x53, 0xBB, 0xA1, 0xA1, 0x47, 0xA1, 0x75, 0xC6, 0x46, 0xAE, 0xF0, 0xAB, 0xDC, 0xBF, 0x40, 0xA1, 0x43, 0xA1, 0x76]).write(to: file)
        let r = try CLI.run(["text", "detect", "--format", "json", file.path])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        #expect(json.first?["encoding"] as? String == "Big5")
        #expect(json.first?["language"] as? String == "zh-Hant")
    }
}
