// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "Shortlist",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "shortlist", targets: ["shortlist"])
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
    .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
    .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    // Already in the graph through postgres-nio: SCRAM verifiers for new members (PBKDF2 in _CryptoExtras).
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
  ],
  targets: [
    .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
    .target(
      name: "ShortlistCore",
      dependencies: [.product(name: "Yams", package: "Yams")]
    ),
    // Files and threads: the one way to write a file, private files and folders, work on the second core.
    .target(
      name: "ShortlistSupport",
      dependencies: [.product(name: "SystemPackage", package: "swift-system")]
    ),
    .target(
      name: "ShortlistStore",
      dependencies: [
        "ShortlistCore", "ShortlistSupport", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    .target(
      name: "ShortlistReports",
      dependencies: ["ShortlistCore", "ShortlistSupport"]
    ),
    // Team mode: the team's PostgreSQL server (schema, row-level security, members). Core stays pure, Store SQLite.
    .target(
      name: "ShortlistTeam",
      dependencies: [
        "ShortlistCore", "ShortlistStore", .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "ShortlistCLI",
      dependencies: [
        "ShortlistCore", "ShortlistSupport", "ShortlistStore", "ShortlistReports", "ShortlistTeam", "CReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "CSV", package: "CSV.swift"),
      ]
    ),
    .executableTarget(
      name: "shortlist", dependencies: ["ShortlistCLI"],
      // A release binary carries the Swift runtime and Foundation inside (measured: every command starts 3-12 ms
      // sooner than with them loaded and relocated as shared libraries; `--version` 8.7 -> 4.4 ms); debug builds link
      // fast, as before. SwiftPM's --static-swift-stdlib would also compile every module against the static SDK,
      // whose autolink entries name Foundation's own static dependencies; linking alone, they are named here (in a
      // group, so their order does not matter). Its own symbols are not exported (`--no-export-dynamic`): nothing loads
      // them, and 41,000 exported names made the runtime's start-up `dladdr` scan and every symbol lookup slower.
      // The C++ library, the unwinder, readline and terminfo go inside too (`Linker/` holds linker scripts that name
      // their static archives; `-static-libgcc`): loading libstdc++.so.6 cost every start 4,300 symbol lookups of
      // its own and 385 more for the C++ type-info of ICU's classes, readline and terminfo 1,800 (`--version` 3.7 ->
      // 2.3 ms with the environment read later; perf, hyperfine). SQLite stays shared: it parses untrusted files, and
      // the system's security updates must reach it without a rebuild (linked in, it measured 0.2 ms less).
      // The binary stays position-independent on purpose. Its start-up is mostly the loader applying 130,000 relative
      // relocations (Swift metadata and witness tables hold absolute pointers) and the copy-on-write faults of the
      // 410 pages they are in (perf: two thirds of its page faults). Linked at a fixed address (`-no-pie`), `--version`
      // measured 1.7 against 2.6 ms; but the tool parses files it cannot trust (sheets, banks, other people's
      // databases) with C code inside it (libyaml, ICU, CoreFoundation, BoringSSL), which would then sit at the same
      // address in every run. Packing the relocations (`-z pack-relative-relocs`) measured 0-0.1 ms less (the page
      // faults stay) and needs glibc 2.36 where the binary runs.
      linkerSettings: [
        .unsafeFlags(
          [
            "-static-stdlib", "-use-ld=lld", "-Xlinker", "--start-group", "-lFoundation", "-lFoundationEssentials",
            "-lFoundationInternationalization", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims",
            "-l_FoundationCollections", "-lswiftSynchronization", "-Xlinker", "--end-group", "-lstdc++",
            "-Xlinker", "--no-export-dynamic", "-L\(Context.packageDirectory)/Linker", "-Xclang-linker",
            "-static-libgcc",
          ], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    .testTarget(name: "ShortlistCoreTests", dependencies: ["ShortlistCore"]),
    .testTarget(name: "ShortlistSupportTests", dependencies: ["ShortlistSupport"]),
    .testTarget(name: "ShortlistTeamTests", dependencies: ["ShortlistTeam", "ShortlistStore", "ShortlistCore"]),
    .testTarget(name: "ShortlistStoreTests", dependencies: ["ShortlistStore", "ShortlistCore", "ShortlistSupport"]),
    .testTarget(
      name: "ShortlistReportsTests",
      dependencies: ["ShortlistReports", "ShortlistCore", .product(name: "CSV", package: "CSV.swift")]
    ),
    .testTarget(
      name: "ShortlistCLITests",
      dependencies: ["ShortlistCLI", "ShortlistStore", "ShortlistCore", .product(name: "CSV", package: "CSV.swift")]
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "shortlist", "ShortlistTeam", .product(name: "CSV", package: "CSV.swift"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
