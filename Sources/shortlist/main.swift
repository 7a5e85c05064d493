import ShortlistCLI
import Foundation

exit(ShortlistMain.run(CommandLine.arguments, exiting: true))
