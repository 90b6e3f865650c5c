import ChuhaiTestSupport
import Foundation
import Testing

@testable import ChuhaiKit

/// Broken files must give diagnostics or a `ChuhaiError`, never a crash: every reader and the
/// rules run over seeded random mutations of the canonical fixtures.
@Suite struct RobustnessTests {
    static let seeds: [UInt64] = Array(1...40)

    @Test(arguments: ["canonical.srt", "canonical.vtt", "canonical.ttml", "bad/blocks.vtt", "bad/repairs.srt"])
    func mutatedFilesNeverCrash(name: String) throws {
        let original = try Fixtures.data("fixtures/subtitles/\(name)")
        let settings = try DeliveryProfile.load("netflix").resolve(language: "ja")
        let alphabet: [UInt8] = Array("0123456789:,.-> \n<>/&;{}\\ibuWEBVTT".utf8) + [0xE3, 0x80, 0x81, 0xFF, 0x00]
        for seed in Self.seeds {
            var rng = SplitMix64(seed: seed)
            var bytes = [UInt8](original)
            for _ in 0..<rng.next(1...12) {
                guard !bytes.isEmpty else { break }
                let at = rng.next(0...(bytes.count - 1))
                switch rng.next(0...2) {
                case 0: bytes[at] = alphabet[rng.next(0...(alphabet.count - 1))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[rng.next(0...(alphabet.count - 1))], at: at)
                }
            }
            let data = Data(bytes)
            for format in [SubtitleFormat.srt, .vtt, .ttml, .ass] {
                let sink = DiagnosticSink()
                do {
                    let track = try Subtitles.read(data, file: "m", format: format, sink: sink)
                    SubtitleRules.check(track, settings: settings, frameRate: nil, sink: sink)
                    for target in [SubtitleFormat.srt, .vtt, .ttml] { _ = try Subtitles.write(track, as: target) }
                } catch let e as ChuhaiError {
                    #expect(e.location?.file == "m")
                }
                for d in sink.diagnostics { #expect(d.location.file == "m" && !d.message.isEmpty) }
            }
        }
    }

    @Test func writersRoundTripEveryReaderOutput() throws {
        // Whatever a reader produced, our own writers' output reads back to the same cues.
        let track = SubtitleSampler.track(cues: 300, language: "en")
        for format in [SubtitleFormat.srt, .vtt, .ttml] {
            let text = try Subtitles.write(track, as: format)
            let sink = DiagnosticSink()
            let back = try Subtitles.read(Data(text.utf8), file: "x.\(format.rawValue)", sink: sink)
            #expect(sink.diagnostics.isEmpty, "\(format): \(sink.diagnostics.prefix(3))")
            #expect(back.cues.map(\.start) == track.cues.map(\.start))
            #expect(back.cues.map(\.end) == track.cues.map(\.end))
            #expect(back.cues.map(\.lines) == track.cues.map(\.lines))
            #expect(back.cues.map(\.position) == track.cues.map(\.position))
            #expect(try Subtitles.write(back, as: format) == text || format != .srt)
        }
    }
}
