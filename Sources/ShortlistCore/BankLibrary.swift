import Foundation

/// The question banks available to this run: every `*.yaml` / `*.yml` in the lookup folders, an earlier folder's
/// bank winning over a later one with the same id.
public struct BankLibrary: Sendable {
  public struct Entry: Sendable {
    public var bank: QuestionBank
    public var file: String
  }

  public private(set) var entries: [Entry] = []
  /// Files that failed validation, with their problems; they are not offered but `bank check` reports them.
  public private(set) var invalid: [BankValidationError] = []
  public let folders: [String]

  public init(folders: [String]) {
    self.folders = folders
    var seen = Set<String>()
    for folder in folders {
      for file in Self.bankFiles(in: folder) {
        do {
          let bank = try BankParser.parse(file: URL(fileURLWithPath: file), displayPath: file)
          if seen.insert(bank.id).inserted { entries.append(Entry(bank: bank, file: file)) }
        } catch let error as BankValidationError {
          invalid.append(error)
        } catch {
          continue
        }
      }
    }
    entries.sort { $0.bank.id < $1.bank.id }
  }

  public var banks: [QuestionBank] { entries.map(\.bank) }

  public func bank(_ id: String) -> QuestionBank? {
    let key = id.lowercased()
    if let exact = entries.first(where: { $0.bank.id == key }) { return exact.bank }
    let prefixed = entries.filter { $0.bank.id.hasPrefix(key) }
    return prefixed.count == 1 ? prefixed[0].bank : nil
  }

  public func entry(_ id: String) -> Entry? {
    let key = id.lowercased()
    return entries.first { $0.bank.id == key }
      ?? {
        let p = entries.filter { $0.bank.id.hasPrefix(key) }
        return p.count == 1 ? p[0] : nil
      }()
  }

  /// `*.yaml` and `*.yml` files directly in a folder, sorted by name; README and hidden files skipped.
  public static func bankFiles(in folder: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
    return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
      .sorted()
      .map { (folder as NSString).appendingPathComponent($0) }
  }

  /// The lookup order of PRODUCT.md: `--banks DIR`, `$SHORTLIST_BANKS`, `$XDG_CONFIG_HOME/shortlist/banks`
  /// (else `~/.config/shortlist/banks`), then the package's `QuestionBanks/` folder.
  public static func lookupFolders(explicit: String?, environment: [String: String], packageFolder: String?)
    -> [String]
  {
    var folders: [String] = []
    if let explicit, !explicit.isEmpty { folders.append(explicit) }
    if let env = environment["SHORTLIST_BANKS"], !env.isEmpty { folders.append(env) }
    if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
      folders.append(xdg + "/shortlist/banks")
    } else if let home = environment["HOME"], !home.isEmpty {
      folders.append(home + "/.config/shortlist/banks")
    }
    if let packageFolder { folders.append(packageFolder) }
    return folders
  }
}
