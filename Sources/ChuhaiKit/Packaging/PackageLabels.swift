import Foundation

/// The few words a package itself prints (navigation heading, glossary title, untitled
/// chapters), in the package's language.
///
/// Chapter titles come from the translation; these are only the frame around them.
/// Unknown languages get English. The runner may pass its own (from the project file).
public struct PackageLabels: Sendable, Hashable, Codable {
    public var contents: String
    public var glossary: String
    public var cover: String
    public var start: String
    /// "Chapter {n}": `{n}` is replaced by the chapter number.
    public var chapterPattern: String

    public init(contents: String, glossary: String, cover: String, start: String, chapterPattern: String) {
        self.contents = contents
        self.glossary = glossary
        self.cover = cover
        self.start = start
        self.chapterPattern = chapterPattern
    }

    /// Built-in labels for the primary language subtag of `language`, English otherwise.
    public init(language: String) {
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? ""
        switch primary {
        case "es": self.init(contents: "Índice", glossary: "Glosario", cover: "Cubierta", start: "Comienzo", chapterPattern: "Capítulo {n}")
        case "pt": self.init(contents: "Sumário", glossary: "Glossário", cover: "Capa", start: "Início", chapterPattern: "Capítulo {n}")
        case "fr": self.init(contents: "Table des matières", glossary: "Glossaire", cover: "Couverture", start: "Début", chapterPattern: "Chapitre {n}")
        case "de": self.init(contents: "Inhalt", glossary: "Glossar", cover: "Umschlag", start: "Anfang", chapterPattern: "Kapitel {n}")
        case "ja": self.init(contents: "目次", glossary: "用語集", cover: "表紙", start: "本文", chapterPattern: "第{n}章")
        case "zh": self.init(contents: "目录", glossary: "术语表", cover: "封面", start: "正文", chapterPattern: "第{n}章")
        case "ko": self.init(contents: "목차", glossary: "용어집", cover: "표지", start: "본문", chapterPattern: "제{n}장")
        default: self.init(contents: "Contents", glossary: "Glossary", cover: "Cover", start: "Start", chapterPattern: "Chapter {n}")
        }
    }

    public func chapter(_ number: Int) -> String {
        chapterPattern.replacingOccurrences(of: "{n}", with: String(number))
    }
}
