// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "chuhai",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ChuhaiKit", targets: ["ChuhaiKit"]),
        .executable(name: "chuhai", targets: ["chuhai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System ICU behind a header of plain C types (see README: ICU header clash).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "ChuhaiKit",
            dependencies: [
                "CICU", "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "chuhai",
            dependencies: ["ChuhaiKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "ChuhaiTestSupport", dependencies: ["ChuhaiKit"], path: "Tests/ChuhaiTestSupport"),
        .testTarget(
            name: "ChuhaiKitTests",
            dependencies: ["ChuhaiKit", "ChuhaiTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "ChuhaiCLITests", dependencies: ["ChuhaiTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
