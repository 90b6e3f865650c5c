import ChuhaiKit
import Foundation

// Writes the pipeline benchmark project: a 2,000-chapter novel (~3,000 characters a chapter)
// with en and es translations, and 100 subtitle episodes in zh-Hans/en/es. Paragraphs and cues
// are drawn (seeded) from the demo's aligned translations, so glossary terms really occur.
//
// usage: PipelineCorpus REPO_ROOT OUT_DIR [chapters] [episodes]

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: PipelineCorpus REPO_ROOT OUT_DIR [chapters] [episodes]\n".utf8))
    exit(2)
}
let repo = URL(fileURLWithPath: args[1])
let out = URL(fileURLWithPath: args[2])
let chapters = args.count > 3 ? Int(args[3])! : 2000
let episodes = args.count > 4 ? Int(args[4])! : 100
let demo = repo.appendingPathComponent("fixtures/demo")
let fm = FileManager.default

func lines(_ path: String) -> [String] {
    let text = try! String(contentsOf: demo.appendingPathComponent(path), encoding: .utf8)
    return text.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
}

// Aligned (zh, en, es) paragraphs from the demo chapters that have all three (heading lines dropped).
var triples: [(String, String, String)] = []
for n in 1...3 {
    let name = String(format: "%03d.txt", n)
    let zh = lines("novel/zh-Hans/\(name)").dropFirst(), en = lines("novel/en/\(name)").dropFirst(), es = lines("novel/es/\(name)").dropFirst()
    for (a, (b, c)) in zip(zh, zip(en, es)) { triples.append((a, b, c)) }
}

func write(_ text: String, _ relative: String) {
    let url = out.appendingPathComponent(relative)
    try! fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: url)
}

var rng = SplitMix64(seed: 2026)
let zhNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
for n in 1...chapters {
    var zh = "第\(n)章 试炼\(zhNumerals[n % 10])\n\n", en = "Chapter \(n): Trial \(n % 10)\n\n", es = "Capítulo \(n): Prueba \(n % 10)\n\n"
    var characters = 0
    while characters < 3000 {
        let t = triples[rng.below(triples.count)]
        zh += "　　" + t.0 + "\n"
        en += t.1 + "\n"
        es += t.2 + "\n"
        characters += t.0.count
    }
    let name = String(format: "%04d.txt", n)
    write(zh, "novel/zh-Hans/\(name)")
    write(en, "novel/en/\(name)")
    write(es, "novel/es/\(name)")
}

// Cues: (zh, en, es) text triples from the demo episodes, retimed.
func cues(_ path: String) -> [String] {
    let text = try! String(contentsOf: demo.appendingPathComponent(path), encoding: .utf8)
    return text.components(separatedBy: "\n\n").compactMap { block in
        let ls = block.split(separator: "\n").map(String.init)
        return ls.count >= 3 ? ls.dropFirst(2).joined(separator: "\n") : nil
    }
}
var cueTriples: [(String, String, String)] = []
for e in 1...3 {
    let name = String(format: "ep%02d.srt", e)
    for (a, (b, c)) in zip(cues("drama/zh-Hans/\(name)"), zip(cues("drama/en/\(name)"), cues("drama/es/\(name)"))) { cueTriples.append((a, b, c)) }
}
func stamp(_ ms: Int) -> String { String(format: "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000) }
for e in 1...episodes {
    var files = ["", "", ""]
    var t = 1000
    for i in 1...40 {
        let c = cueTriples[rng.below(cueTriples.count)]
        let duration = 1800 + rng.below(2500)
        let timing = "\(i)\n\(stamp(t)) --> \(stamp(t + duration))\n"
        files[0] += timing + c.0 + "\n\n"
        files[1] += timing + c.1 + "\n\n"
        files[2] += timing + c.2 + "\n\n"
        t += duration + 120 + rng.below(600)
    }
    let name = String(format: "ep%03d.srt", e)
    write(files[0], "drama/zh-Hans/\(name)")
    write(files[1], "drama/en/\(name)")
    write(files[2], "drama/es/\(name)")
}

write("""
    name: bench
    source: zh-Hans
    targets: [en, es]
    output: dist
    glossaries:
      - \(repo.appendingPathComponent("glossaries/xianxia.yaml").path)
      - \(repo.appendingPathComponent("glossaries/urban-drama.yaml").path)
    works:
      - id: novel
        kind: novel
        title: 青云问道
        source: novel/zh-Hans/{n:04}.txt
        translations: novel/{lang}/{n:04}.txt
      - id: drama
        kind: drama
        title: 闪婚总裁
        series: Bench
        source: drama/zh-Hans/ep{n:03}.srt
        translations: drama/{lang}/ep{n:03}.srt
        platforms: [youtube, web, netflix]

    """, "chuhai.yaml")
print("wrote \(chapters) chapters and \(episodes) episodes to \(out.path)")
