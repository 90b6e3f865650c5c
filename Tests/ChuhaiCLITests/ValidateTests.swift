import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct ValidateTests {
    @Test func cleanFileExitsZero() throws {
        let r = try CLI.run(["validate", "fixtures/subtitles/canonical.srt", "--profile", "generic"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func errorsExitOneWithCompilerStyleLines() throws {
        let r = try CLI.run(["validate", "fixtures/subtitles/bad/timing.en.srt", "--profile", "netflix", "--fps", "24"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("fixtures/subtitles/bad/timing.en.srt:6:1: error[overlap]: cue 2 starts at 00:00:01.500 before cue 1 ends at 00:00:02.000\n"))
        #expect(r.stdout.hasSuffix("1 file(s): 4 error(s), 4 warning(s)\n"))
    }

    @Test func warningsPassUnlessStrict() throws {
        let args = ["validate", "fixtures/subtitles/bad/repairs.srt", "--profile", "generic", "--lang", "en"]
        let dir = try Fixtures.temporaryDirectory()
        // Only warnings: copy the file without the order error.
        let text = try String(contentsOf: Fixtures.url("fixtures/subtitles/bad/repairs.srt"), encoding: .utf8)
            .replacingOccurrences(of: "00:00:07,000 --> 00:00:06,000", with: "00:00:07,000 --> 00:00:07,500")
        let path = dir.appendingPathComponent("w.srt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CLI.run(Array(args.prefix(1)) + [path] + Array(args.dropFirst(2))).status == 0)
        #expect(try CLI.run(Array(args.prefix(1)) + [path] + Array(args.dropFirst(2)) + ["--strict"]).status == 1)
    }

    @Test func unreadableOrUsageExitsTwo() throws {
        let missing = try CLI.run(["validate", "fixtures/subtitles/none.srt"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("fixtures/subtitles/none.srt: error: no such file"))
        #expect(try CLI.run(["validate", "fixtures/subtitles/canonical.srt", "--format", "xml"]).status == 2)
        #expect(try CLI.run(["validate", "fixtures/subtitles/canonical.srt", "--profile", "nope"]).status == 2)
        #expect(try CLI.run(["validate", "fixtures/subtitles/canonical.srt", "--fix"]).status == 2)
    }

    @Test func brokenContentIsFindingsNotUnreadable() throws {
        let r = try CLI.run(["validate", "fixtures/subtitles/bad/malformed.ttml", "fixtures/subtitles/bad/invalid-utf8.vtt"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("malformed.ttml:6:12: error[parse]: malformed XML"))
        #expect(r.stdout.contains("invalid-utf8.vtt:3: error[encoding]: invalid UTF-8 byte sequence at byte 32 (line 3)"))
    }

    @Test(arguments: ["json", "junit", "sarif", "github"])
    func machineFormats(format: String) throws {
        let r = try CLI.run(["validate", "fixtures/subtitles/bad/timing.en.srt", "--profile", "netflix", "--fps", "24", "--format", format])
        #expect(r.status == 1)
        switch format {
        case "json":
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            #expect(json["files"] as? [String] == ["fixtures/subtitles/bad/timing.en.srt"])
            let first = (json["diagnostics"] as! [[String: Any]])[0]
            #expect(first["rule"] as? String == "overlap" && first["cue"] as? Int == 2 && first["line"] as? Int == 6)
        case "junit": #expect(r.stdout.contains("<testcase classname=\"chuhai validate\" name=\"fixtures/subtitles/bad/timing.en.srt\""))
        case "sarif": #expect(r.stdout.contains("\"version\" : \"2.1.0\""))
        default: #expect(r.stdout.hasPrefix("::error file=fixtures/subtitles/bad/timing.en.srt,line=6,col=1,title=chuhai [overlap]::"))
        }
    }

    @Test func fixWritesOutputAndNeverTouchesInput() throws {
        let dir = try Fixtures.temporaryDirectory()
        let input = dir.appendingPathComponent("in.srt")
        let original = "3\n00:00:05,000 --> 00:00:06,000\nlater\n\n1\n00:00:01,000 --> 00:00:03,500\nfirst\n\n2\n00:00:03,000 --> 00:00:03.2\nshort\n"
        try original.write(to: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.srt")
        let r = try CLI.run(["validate", input.path, "--profile", "netflix", "--lang", "en", "--fps", "25", "--fix", "-o", out.path])
        #expect(try String(contentsOf: input, encoding: .utf8) == original)
        #expect(r.stdout.contains("note[order]: fixed: cues sorted by start time"))
        #expect(r.stdout.contains("note[overlap]: fixed: cue 1 now ends at 00:00:02.920"))
        #expect(r.stdout.contains("note[duration-min]: fixed: cue 2 extended to 00:00:03.834"))
        #expect(r.status == 0, "\(r.stdout)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "1\n00:00:01,000 --> 00:00:02,920\nfirst\n\n2\n00:00:03,000 --> 00:00:03,834\nshort\n\n3\n00:00:05,000 --> 00:00:06,000\nlater\n\n")
        // In place: atomic rewrite of the input; a second run finds nothing to fix.
        #expect(try CLI.run(["validate", input.path, "--profile", "netflix", "--lang", "en", "--fps", "25", "--fix", "--in-place"]).status == 0)
        #expect(try Data(contentsOf: input) == Data(contentsOf: out))
        let again = try CLI.run(["validate", input.path, "--profile", "netflix", "--lang", "en", "--fps", "25"])
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again.stdout)")
    }

    @Test func languageFromFileNameAndFolders() throws {
        let r = try CLI.run(["validate", "fixtures/subtitles/bad", "--profile", "netflix", "--format", "json"])
        #expect(r.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect((json["files"] as! [String]).count == 7)
        // rtl.ar.srt is Arabic by its name: the bidi rule ran.
        #expect((json["diagnostics"] as! [[String: Any]]).contains { $0["rule"] as? String == "bidi" })
    }
}
