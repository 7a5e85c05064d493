import ArgumentParser
import ShortlistCore
import ShortlistReports

struct RoleAdd: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Add a role with its one-pager.",
    discussion: "Engagement models (--model), from the playbook:\n"
      + EngagementModel.allCases.map { "  " + $0.summary }.joined(separator: "\n")
      + "\nA fixed price on a role whose fit check says evolving, ai-core, from-scratch or long gets the playbook's "
      + "advice: time and materials with a weekly hour cap.")

  @Argument(help: "The role's title, quoted when it has spaces.") var title: String
  @Option(
    name: .customLong("bank"), parsing: .unconditionalSingleValue,
    help: "A question bank to interview with (repeat for several).")
  var banks: [String] = []
  @Option(parsing: .unconditional, help: "The business goal.") var goal: String?
  @Option(parsing: .unconditional, help: "The success metric.") var metric: String?
  @Option(parsing: .unconditional, help: "The tech stack.") var stack: String?
  @Option(parsing: .unconditional, help: "The first milestone.") var milestone: String?
  @Option(parsing: .unconditional, help: "Engagement model: fixed, tm or retainer.") var model: ModelValue?
  @Option(parsing: .unconditional, help: "Budget as MIN-MAX USD per hour.") var budget: BudgetValue?
  @Option(parsing: .unconditional, help: "Key contacts (who to ask for what), e.g. \"PM: Ana; design: Raj\".")
  var contacts: String?
  @Option(parsing: .unconditional, help: "The code repository's URL.") var repo: String?
  @Option(parsing: .unconditional, help: "The project board's URL.") var board: String?

  func run(in ctx: Context) throws {
    var role = NewRole(title: try RoleFields.title(title))
    role.goal = RoleFields.text(goal)
    role.metric = RoleFields.text(metric)
    role.stack = RoleFields.text(stack)
    role.milestone = RoleFields.text(milestone)
    role.contacts = RoleFields.text(contacts)
    role.repo = try repo.flatMap { try RoleFields.link($0, "--repo") }
    role.board = try board.flatMap { try RoleFields.link($0, "--board") }
    if let model { role.model = try model.value("--model") }
    if let budget { (role.budgetMin, role.budgetMax) = try budget.value("--budget") }
    role.banks = try RoleFields.banks(banks, ctx: ctx)
    let saved = try ctx.db.addRole(role)
    ctx.changed()
    ctx.console.print("added role #\(saved.id) \(TextTable.oneLine(saved.title))")
    // The new role is the one in use: a script's next candidates and interviews land on it.
    let before = try ctx.db.currentRoleId().flatMap { try ctx.db.role(id: $0) }
    try ctx.db.setCurrentRole(saved.id)
    ctx.console.print(
      "now using role \(TextTable.oneLine(saved.title))"
        + (before.map { " (was \(TextTable.oneLine($0.title)); `role use` to switch back)" } ?? ""))
  }
}
