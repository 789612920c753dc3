// Command quell is a keyboard-driven console for moderators of live rooms on
// Tencent Cloud TRTC, Tencent Cloud Chat and ZEGOCLOUD.
package main

import (
	"os"

	"github.com/quell-console/quell/cli"
)

func main() { os.Exit(cli.Execute(cli.UIConsole)) }
