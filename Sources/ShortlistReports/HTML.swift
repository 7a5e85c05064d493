/// A small typed HTML tree: every text and attribute value is escaped when rendered, so user text can never become
/// markup. Reports build trees of these instead of concatenating strings.
public indirect enum HTML: Sendable {
  case element(String, [(String, String)], [HTML])
  case text(String)
  /// Trusted, static markup written in this module (the style sheet); never user text.
  case trusted(String)

  public static func el(_ name: String, _ attrs: [(String, String)] = [], _ children: [HTML] = []) -> HTML {
    .element(name, attrs, children)
  }

  public static func el(_ name: String, _ attrs: [(String, String)] = [], text: String) -> HTML {
    .element(name, attrs, [.text(text)])
  }

  static let voidElements: Set<String> = ["meta", "br", "hr", "img", "link", "rect", "line", "circle", "path"]

  public func render() -> String {
    var out = ""
    render(into: &out)
    return out
  }

  func render(into out: inout String) {
    switch self {
    case .text(let s): HTML.escape(s, into: &out)
    case .trusted(let s): out += s
    case .element(let name, let attrs, let children):
      // Appended piece by piece: no string is made per attribute.
      out += "<"
      out += name
      for (k, v) in attrs {
        out += " "
        out += k
        out += "=\""
        HTML.escape(v, into: &out)
        out += "\""
      }
      if children.isEmpty && HTML.voidElements.contains(name) {
        out += name == "rect" || name == "line" || name == "circle" || name == "path" ? "/>" : ">"
        return
      }
      out += ">"
      for c in children { c.render(into: &out) }
      out += "</"
      out += name
      out += ">"
    }
  }

  /// Escapes &, <, >, " and ' so text is safe in element content and in quoted attribute values; control characters
  /// (C0 but tab and line feed, DEL, and C1, which a terminal the page is printed on could obey) become U+FFFD.
  public static func escape(_ s: String) -> String {
    var out = ""
    escape(s, into: &out)
    return out
  }

  /// The same, appended to `out`.
  static func escape(_ s: String, into out: inout String) {
    // Fast path: nothing to escape or replace (most names, numbers and class names). 0xC2 leads U+0080-U+00BF,
    // where the C1 controls are: such text takes the careful path.
    if s.utf8.allSatisfy({ b in
      b >= 0x20 && b != 0x7F && b != 0xC2 && b != UInt8(ascii: "&") && b != UInt8(ascii: "<")
        && b != UInt8(ascii: ">") && b != UInt8(ascii: "\"") && b != UInt8(ascii: "'") || b == 0x0A || b == 0x09
    }) {
      out += s
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F...0x9F).contains(scalar.value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
  }
}

/// How wide a label drawn in the report's SVG font (12px system-ui) can be, over-estimated on purpose: a chart
/// sizes its label column and its width from it, so no label is clipped by the edge of its SVG (a measured font
/// is narrower; capitals and wide letters are counted wide).
public enum SVGText {
  public static func width(_ text: String, size: Double = 12) -> Double {
    var em = 0.0
    for ch in text {
      switch ch {
      case " ", ".", ",", ":", ";", "'", "!", "|", "i", "l", "j", "I", "(", ")", "[", "]", "·": em += 0.36
      case "m", "w", "M", "W", "@", "%", "—": em += 0.95
      case "A"..."Z": em += 0.74
      default: em += ch.isASCII ? 0.6 : 1.0
      }
    }
    return em * size
  }

  /// The widest of `texts`.
  public static func widest(_ texts: [String], size: Double = 12) -> Double {
    texts.map { width($0, size: size) }.max() ?? 0
  }
}
