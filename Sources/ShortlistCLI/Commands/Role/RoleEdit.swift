import ArgumentParser
import ShortlistCore
import ShortlistReports

struct RoleEdit: Runnable {
  static let configuration = CommandConfiguration(
    commandName: "edit", abstract: "Change a role's fields: role edit ROLE --FIELD VALUE.")

  @Argument(help: "Role title, unique prefix or #ID.") var role: String
  @Option(parsing: .unconditional, help: "A new title.") var title: String?
  @Option(parsing: .unconditional, help: "The business goal (empty to clear).") var goal: String?
  @Option(parsing: .unconditional, help: "The success metric.") var metric: String?
  @Option(parsing: .unconditional, help: "The tech stack.") var stack: String?
  @Option(parsing: .unconditional, help: "The first milestone.") var milestone: String?
  @Option(parsing: .unconditional, help: "fixed, tm or retainer (`none` to clear).") var model: Clearable<ModelValue>?
  @Option(parsing: .unconditional, help: "MIN-MAX USD per hour (`none` to clear).") var budget: Clearable<BudgetValue>?
  @Option(name: .customLong("bank"), parsing: .unconditionalSingleValue, help: "Replace the banks with these (repeat).")
  var banks: [String] = []
  @Option(parsing: .unconditional, help: "Key contacts (empty to clear).") var contacts: String?
  @Option(parsing: .unconditional, help: "The code repository's URL (empty to clear).") var repo: String?
  @Option(parsing: .unconditional, help: "The project board's URL (empty to clear).") var board: String?

  func run(in ctx: Context) throws {
    var r = try ctx.role(role)
    let noChange =
      title == nil && goal == nil && metric == nil && stack == nil && milestone == nil && model == nil
      && budget == nil && banks.isEmpty && contacts == nil && repo == nil && board == nil
    if noChange {
      throw CLIError(
        "nothing to change; give one or more of --title, --goal, --metric, --stack, --milestone, --model, --budget, --bank, --contacts, --repo, --board",
        usage: true)
    }
    if let title { r.title = try RoleFields.title(title) }
    if let goal { r.goal = RoleFields.text(goal) }
    if let metric { r.metric = RoleFields.text(metric) }
    if let stack { r.stack = RoleFields.text(stack) }
    if let milestone { r.milestone = RoleFields.text(milestone) }
    if let model { r.model = try model.value("--model") }
    if let budget { (r.budgetMin, r.budgetMax) = try budget.value("--budget").map { ($0.0, $0.1) } ?? (nil, nil) }
    if !banks.isEmpty { r.banks = try RoleFields.banks(banks, ctx: ctx) }
    if let contacts { r.contacts = RoleFields.text(contacts) }
    if let repo { r.repo = try RoleFields.text(repo).flatMap { try RoleFields.link($0, "--repo") } }
    if let board { r.board = try RoleFields.text(board).flatMap { try RoleFields.link($0, "--board") } }
    try ctx.db.updateRole(r)
    ctx.changed()
    if model != nil,
      let advice = EngagementModel.fixedPriceAdvice(
        model: r.model, fitAnswers: try ctx.db.fit(roleId: r.id)?.answers.map(\.rawValue) ?? [])
    {
      ctx.console.warn(advice)
    }
    ctx.console.print("updated role #\(r.id) \(TextTable.oneLine(r.title))")
  }
}
