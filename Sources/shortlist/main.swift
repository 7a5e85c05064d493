import Foundation
import ShortlistCLI

// A parent may start us with signals blocked (a test runner, a service manager): Ctrl-C, a closed terminal (SIGHUP)
// and SIGTERM must reach the process, or a long command could neither be stopped nor die with its terminal.
var unblocked = sigset_t()
sigemptyset(&unblocked)
sigprocmask(SIG_SETMASK, &unblocked, nil)
exit(ShortlistMain.run(CommandLine.arguments, exiting: true))
