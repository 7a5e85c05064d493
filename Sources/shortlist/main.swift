import Foundation
import ShortlistCLI

exit(ShortlistMain.run(CommandLine.arguments, exiting: true))
