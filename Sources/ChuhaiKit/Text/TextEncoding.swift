import Foundation

/// The encodings chuhai reads. Authors' Chinese files are often GB18030 (GBK),
/// Taiwanese and Hong Kong ones Big5, Japanese subtitle files Shift_JIS.
public enum TextEncoding: String, CaseIterable, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
    case big5 = "Big5"
    case shiftJIS = "Shift_JIS"
    case eucKR = "EUC-KR"
    case windows1252 = "windows-1252"

    /// The ICU converter name.
    var icuName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .gb18030: "GB18030"
        // Big5-HKSCS is a superset ICU knows as "big5-hkscs"; plain Big5 files decode the same.
        case .big5: "Big5-HKSCS"
        case .shiftJIS: "ibm-943_P15A-2003"  // Shift_JIS with the Windows (cp932) extensions users have
        case .eucKR: "windows-949"  // UHC, a superset of EUC-KR that Korean Windows writes
        case .windows1252: "windows-1252"
        }
    }

    /// Parses a user-supplied name, accepting the common aliases (`gbk`, `cp936`, `sjis`, `latin1`…).
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8", "utf-8-sig": self = .utf8
        case "utf-16le", "utf16le", "utf-16", "utf16": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "euc-cn", "936": self = .gb18030
        case "big5", "big5-hkscs", "cp950", "950": self = .big5
        case "shift-jis", "sjis", "cp932", "ms932", "windows-31j", "932": self = .shiftJIS
        case "euc-kr", "cp949", "uhc", "ks-c-5601-1987", "949": self = .eucKR
        case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "1252": self = .windows1252
        default: return nil
        }
    }
}

/// A decoded text file, with how it was decoded.
public struct DecodedText: Sendable {
    /// NFC text with `\n` line endings and no BOM.
    public var text: String
    public var encoding: TextEncoding
    /// 0–100: how sure detection was (100 for a BOM, an explicit choice or valid UTF-8 with non-ASCII).
    public var confidence: Int
    public var hadBOM: Bool
    /// What the file used for line endings before normalization (`\r\n`, `\r`, `\n`).
    public var lineEnding: String
    /// Positions where lossy decoding replaced bytes (empty unless lossy was asked for).
    public var replacements: [Int]
}
