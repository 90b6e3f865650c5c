/// chuhai's version, written into manifests and `--version`.
public let version = "0.1.0"

/// The ICU library chuhai runs on (reported by `chuhai --version` and manifests).
public var icuVersion: String { ICU.version }
