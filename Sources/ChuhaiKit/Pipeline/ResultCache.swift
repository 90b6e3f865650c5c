import Foundation

/// Content-hash cache of processed documents (`.chuhai-cache/`).
///
/// A document's key hashes everything its result depends on: the run key
/// (tool and ICU versions, project settings, glossary hashes), the work's
/// settings, and the bytes of its source and translation files. A rerun after
/// changing one chapter redoes that chapter only; entries are written
/// atomically, and a damaged entry is simply a miss.
struct ResultCache: Sendable {
    let folder: URL
    let runKey: String

    func key(for job: DocumentJob, config: ProjectConfig) -> String {
        var material = Data(runKey.utf8)
        let w = job.work
        let workKey = [w.id, w.kind.rawValue, w.title, w.titles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                       w.author ?? "", w.source.text, w.translations?.text ?? "", w.headingPattern ?? "", w.series ?? "", "\(w.season)",
                       w.platforms.joined(separator: ","), "\(job.number)"].joined(separator: "\u{1F}")
        material.append(Data(workKey.utf8))
        material.append(fileDigest(job.sourcePath))
        if let pattern = w.translations {
            for language in config.targets {
                material.append(Data(language.utf8))
                material.append(fileDigest(config.url(pattern.path(number: job.number, language: language)).path))
            }
        }
        return Checksum.sha256(material)
    }

    private func fileDigest(_ path: String) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { return Data("missing".utf8) }
        return Data(Checksum.sha256(data).utf8)
    }

    private func url(_ key: String) -> URL {
        folder.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key + ".json")
    }

    func load(_ key: String) -> DocumentResult? {
        guard let data = FileManager.default.contents(atPath: url(key).path) else { return nil }
        return try? JSONDecoder().decode(DocumentResult.self, from: data)
    }

    func store(_ key: String, _ result: DocumentResult) {
        guard let data = try? JSONEncoder().encode(result) else { return }
        // A cache that cannot be written only costs time on the next run.
        try? AtomicFile.write(data, to: url(key))
    }
}
