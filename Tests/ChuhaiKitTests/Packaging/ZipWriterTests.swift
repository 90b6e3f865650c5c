import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing
import ZIPFoundation

@Suite struct ZipWriterTests {
    private func sample(time: BuildTime) throws -> Data {
        var zip = ZipWriter(time: time)
        try zip.add("mimetype", Data("application/epub+zip".utf8), compression: .stored)
        try zip.add("OEBPS/text/ch0001.xhtml", Data(String(repeating: "<p>青云山上，云雾缭绕。</p>\n", count: 200).utf8))
        try zip.add("empty.txt", Data())
        return zip.finish()
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let t = BuildTime(secondsSince1970: 1_700_000_000)
        #expect(try sample(time: t) == sample(time: t))
        #expect(try sample(time: t) != sample(time: BuildTime(secondsSince1970: 1_700_000_002)))
    }

    @Test func mimetypeIsFirstAndStoredAtOffset30() throws {
        let data = try sample(time: .fixedEpoch)
        // Local header of the first entry: name at 30, data right after (EPUB OCF: no extra field).
        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(data[8] == 0 && data[9] == 0)  // method stored
        #expect(data[28] == 0 && data[29] == 0)  // extra length
        #expect(String(decoding: data[30..<38], as: UTF8.self) == "mimetype")
        #expect(String(decoding: data[38..<58], as: UTF8.self) == "application/epub+zip")
    }

    @Test func anotherImplementationReadsItBack() throws {
        let data = try sample(time: BuildTime(secondsSince1970: 1_700_000_000))
        let archive = try Archive(data: data, accessMode: .read)
        let names = archive.map(\.path)
        #expect(names == ["mimetype", "OEBPS/text/ch0001.xhtml", "empty.txt"])
        var text = Data()
        _ = try archive.extract(archive["OEBPS/text/ch0001.xhtml"]!, consumer: { text.append($0) })
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("<p>青云山上"))
        #expect(text.count == 200 * "<p>青云山上，云雾缭绕。</p>\n".utf8.count)
        #expect(archive["OEBPS/text/ch0001.xhtml"]!.isCompressed)
    }

    @Test func dosTimestampIsUTCFromSourceDateEpoch() throws {
        // 2023-11-14T22:13:20Z → DOS date (43<<9 | 11<<5 | 14), time (22<<11 | 13<<5 | 10).
        let data = try sample(time: BuildTime(secondsSince1970: 1_700_000_000))
        let time = UInt16(data[10]) | UInt16(data[11]) << 8
        let date = UInt16(data[12]) | UInt16(data[13]) << 8
        #expect(time == UInt16(22 << 11 | 13 << 5 | 10))
        #expect(date == UInt16(43 << 9 | 11 << 5 | 14))
    }

    @Test func buildTimeComesFromEnvironment() throws {
        #expect(try BuildTime.fromEnvironment([:]) == .fixedEpoch)
        #expect(try BuildTime.fromEnvironment(["SOURCE_DATE_EPOCH": "1700000000"]).iso8601 == "2023-11-14T22:13:20Z")
        #expect(BuildTime.fixedEpoch.iso8601 == "1980-01-01T00:00:00Z")
        #expect(BuildTime(secondsSince1970: 951_782_400).iso8601 == "2000-02-29T00:00:00Z")
        #expect(throws: ChuhaiError.self) { try BuildTime.fromEnvironment(["SOURCE_DATE_EPOCH": "yesterday"]) }
        #expect(throws: ChuhaiError.self) { try BuildTime.fromEnvironment(["SOURCE_DATE_EPOCH": "-5"]) }
    }

    @Test(arguments: ["", "/etc/passwd", "a/../b", "a//b", "./a", "a\\b"])
    func unsafePathsAreRefused(_ path: String) {
        var zip = ZipWriter(time: .fixedEpoch)
        #expect(throws: ChuhaiError.self) { try zip.add(path, Data("x".utf8)) }
    }

    @Test func duplicatePathIsRefused() throws {
        var zip = ZipWriter(time: .fixedEpoch)
        try zip.add("a.txt", Data("1".utf8))
        #expect(throws: ChuhaiError.self) { try zip.add("a.txt", Data("2".utf8)) }
    }

    @Test func folderArchiveIsSortedAndStable() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["b.txt", "a/z.txt", "a/b.txt", "B.txt"] {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(name.utf8).write(to: url)
        }
        let one = try ZipWriter.archive(folder: dir, prefix: "pkg/", time: .fixedEpoch)
        let two = try ZipWriter.archive(folder: dir, prefix: "pkg/", time: .fixedEpoch)
        #expect(one == two)
        let archive = try Archive(data: one, accessMode: .read)
        #expect(archive.map(\.path) == ["pkg/B.txt", "pkg/a/b.txt", "pkg/a/z.txt", "pkg/b.txt"])
    }
}
