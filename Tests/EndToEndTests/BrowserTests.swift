import Foundation
import Testing

/// The HTML report in a real browser: headless Chromium builds the DOM and takes a screenshot.
@Suite struct BrowserTests {
  static var chromium: String? {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  func chrome(_ args: [String], home: String) throws -> String {
    guard let chromium = Self.chromium else { return "" }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: chromium)
    p.arguments =
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(home)/chrome"]
      + args
    let out = home + "/chrome-\(UUID().uuidString).out"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return try String(contentsOfFile: out, encoding: .utf8)
  }

  @Test(.enabled(if: BrowserTests.chromium != nil, "no Chromium binary (apt-get install chromium)"))
  func demoReportRendersInChromium() throws {
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "24"]).status == 0)
    try b.run(["candidate", "add", "<script>alert(1)</script>", "--tier", "2"])
    let report = b.home + "/report.html"
    #expect(try b.run(["compare", "--format", "html", "--out", report]).status == 0)
    #expect(PrivateFileMode.of(report) == 0o600)
    let json = try #require(try b.json(["compare", "--format", "json"]) as? [String: Any])
    let candidates = try #require(json["candidates"] as? [[String: Any]])
    // The live ranking: rejected and withdrawn people are listed apart, under "Not going forward".
    let scored = candidates.filter {
      $0["score"] is Double && !["rejected", "withdrawn"].contains($0["status"] as? String ?? "")
    }
    let questions = try #require(json["questions"] as? [Any])

    let dom = try chrome(["--dump-dom", "file://" + report], home: b.home)
    #expect(dom.contains("<svg"))
    #expect(dom.components(separatedBy: "class=\"bar tier").count - 1 == scored.count, "one bar per scored candidate")
    #expect(dom.components(separatedBy: "class=\"cell").count - 1 == scored.count * questions.count)
    #expect(!dom.contains("<script"), "no script element, and the hostile name stays text")
    #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

    let png = b.home + "/report.png"
    _ = try chrome(["--screenshot=\(png)", "--window-size=1200,1600", "file://" + report], home: b.home)
    let data = try Data(contentsOf: URL(fileURLWithPath: png))
    #expect(data.count > 20_000, "a screenshot with content, not a blank page")
    #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
  }

  /// The demo's outcomes follow the skill its interviews measure: a positive correlation, drawn as one dot per ended
  /// engagement and one rho bar per question with enough data.
  @Test(.enabled(if: BrowserTests.chromium != nil, "no Chromium binary (apt-get install chromium)"))
  func outcomesSectionRendersInChromium() throws {
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "1000", "--seed", "1"]).status == 0)
    let json = try #require(try b.json(["outcomes", "--role", "all", "--format", "json"]) as? [String: Any])
    let overall = try #require(json["overall"] as? [String: Any])
    #expect((overall["rho"] as? Double ?? -1) > 0.2, "the demo's interviews predict its outcomes")
    let ended = try #require(json["engagements"] as? Int)
    let questions = try #require(json["questions"] as? [[String: Any]])
    let report = b.home + "/outcomes.html"
    #expect(try b.run(["compare", "--role", "all", "--format", "html", "--out", report]).status == 0)
    let dom = try chrome(["--dump-dom", "file://" + report], home: b.home)
    #expect(dom.contains("Outcomes: did the interviews predict the work?"))
    #expect(dom.components(separatedBy: "class=\"dot tier").count - 1 == ended)
    #expect(dom.components(separatedBy: "class=\"rho\"").count - 1 == questions.filter { $0["rho"] is Double }.count)
  }

  /// No label of any chart is clipped: in Chromium, every SVG text's bounding box lies inside its SVG's (a script
  /// added to a copy of the report measures them and writes what it finds into the page, which --dump-dom reads).
  @Test(.enabled(if: BrowserTests.chromium != nil, "no Chromium binary (apt-get install chromium)"))
  func noChartLabelIsClipped() throws {
    let b = try Binary()
    #expect(try b.run(["demo", "--candidates", "300", "--seed", "1"]).status == 0)
    let long = "Maximiliana Alexandrina Wolfeschlegelsteinhausen-Bergerdorff"
    let script = """
      candidate add "\(long)" --tier 4 --rate 60
      interview start Maximiliana --bank rag-prototype
      /score 4
      /finish
      """
    #expect(try b.run([], stdin: script + "\n").status == 0)
    let report = b.home + "/labels.html"
    #expect(try b.run(["compare", "--role", "all", "--format", "html", "--out", report]).status == 0)
    var html = try String(contentsOfFile: report, encoding: .utf8)
    #expect(html.contains(long))
    let measure = """
      <script>
      const found = [];
      let count = 0;
      for (const t of document.querySelectorAll('svg text')) {
        const s = t.closest('svg').getBoundingClientRect();
        const r = t.getBoundingClientRect();
        count++;
        if (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5) {
          found.push(t.textContent + ' [' + Math.round(r.left - s.left) + '..' + Math.round(r.right - s.left) +
            ' of ' + Math.round(s.width) + ']');
        }
      }
      document.body.setAttribute('data-labels', String(count));
      document.body.setAttribute('data-clipped', JSON.stringify(found));
      </script>
      """
    html = html.replacingOccurrences(of: "</body>", with: measure + "</body>")
    let measured = b.home + "/labels-measured.html"
    try html.write(toFile: measured, atomically: false, encoding: .utf8)
    let dom = try chrome(["--window-size=1600,1200", "--dump-dom", "file://" + measured], home: b.home)
    let labels = dom.firstMatch(of: /data-labels="([0-9]+)"/).map { Int($0.1) ?? 0 } ?? 0
    #expect(labels > 20, "the charts were measured")
    let clipped = dom.firstMatch(of: /data-clipped="([^"]*)"/).map { String($0.1) } ?? "?"
    #expect(clipped == "[]", "clipped labels: \(clipped)")
  }
}
