import ChuhaiTestSupport
import Foundation
import Testing

private let ffmpeg: String? = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite struct ConvertTests {
    @Test func srtToTTMLToStdoutIsDeterministic() throws {
        let a = try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "--to", "ttml", "--lang", "zh-Hans"])
        let b = try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "--to", "ttml", "--lang", "zh-Hans"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("<p xml:id=\"c2\" begin=\"00:00:03.000\" end=\"00:00:04.200\" region=\"top\">"))
        #expect(a.stdout.contains("xml:lang=\"zh-Hans\""))
    }

    @Test func outDirOffsetAndFps() throws {
        let dir = try Fixtures.temporaryDirectory()
        let r = try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "fixtures/subtitles/canonical.vtt", "--to", "vtt",
                             "--out-dir", dir.path, "--offset=-1.5s"])
        #expect(r.status == 0, "\(r.stderr)")
        let vtt = try String(contentsOf: dir.appendingPathComponent("canonical.vtt"), encoding: .utf8)
        // canonical.vtt was written second and wins; its first cue (1.000–2.500) now starts at 0.
        #expect(vtt.contains("00:00:00.000 --> 00:00:01.000"))
        let t = try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "--to", "ttml", "--fps", "50", "-o", dir.appendingPathComponent("x.ttml").path])
        #expect(t.status == 0)
        let ttml = try String(contentsOf: dir.appendingPathComponent("x.ttml"), encoding: .utf8)
        #expect(ttml.contains("ttp:frameRate=\"50\""))
        #expect(ttml.contains("xml:lang=\"zh-Hans\""))  // guessed from the text
        #expect(ttml.contains("begin=\"00:00:03:00\" end=\"00:00:04:10\""))
    }

    @Test func usageAndUnreadableExitTwo() throws {
        #expect(try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "--to", "ass"]).status == 2)
        #expect(try CLI.run(["convert", "no/such.srt", "--to", "vtt"]).status == 2)
        #expect(try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "--to", "vtt", "--offset", "soon"]).status == 2)
    }

    @Test func brokenCuesFailUnlessKeepGoing() throws {
        let dir = try Fixtures.temporaryDirectory()
        let input = dir.appendingPathComponent("b.srt")
        try Data("1\n00:00:01,000 --> 00:99:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n".utf8).write(to: input)
        let out = dir.appendingPathComponent("b.vtt").path
        let r = try CLI.run(["convert", input.path, "--to", "vtt", "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("b.srt:2:18: error[parse]"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try CLI.run(["convert", input.path, "--to", "vtt", "-o", out, "--keep-going"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// A real consumer reads our output: ffmpeg's SRT and WebVTT demuxers must parse every cue.
    /// (ffmpeg 5.1 stops at a WebVTT STYLE block, which our writer emits only for non-default colours.)
    @Test(.enabled(if: ffmpeg != nil, "ffmpeg not installed (make deps installs it)"), arguments: ["srt", "vtt"])
    func ffmpegReadsOurOutput(format: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("out.\(format)").path
        #expect(try CLI.run(["convert", "fixtures/subtitles/canonical.srt", "--to", format, "-o", out]).status == 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ffmpeg!)
        p.arguments = ["-nostdin", "-v", "error", "-i", out, "-f", "srt", "-"]
        let pipe = Pipe(), err = Pipe()
        p.standardOutput = pipe
        p.standardError = err
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(errText)")
        #expect(errText.isEmpty, "\(errText)")
        let srt = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(srt.contains("1\n00:00:01,000 --> 00:00:02,500\n林动站在山顶。\n<i>风很大</i>\n"))
        #expect(srt.contains("2\n00:00:03,000 --> 00:00:04,200\n"))
        #expect(srt.contains("他说：“走吧。”"))
    }
}
